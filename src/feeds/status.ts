import type { FeedStore } from './feed-store';
import type { FeedEntry } from './feeds-file';

/** A listed feed with how its polls went, for `/feeds list`, `/sources` and `npm run feeds -- list`. */
export interface FeedStatus extends FeedEntry {
  lastSuccess: string | null;
  lastError: string | null;
}

export async function readFeedStatuses(store: FeedStore): Promise<FeedStatus[]> {
  const { feeds } = await store.readFeeds();
  const state = await store.readState({ items: false });
  return feeds.map((feed) => ({
    ...feed,
    lastSuccess: state.feeds[feed.url]?.lastSuccess ?? null,
    lastError: state.feeds[feed.url]?.lastError ?? null,
  }));
}

/** `never polled` / `last polled 2026-11-30 15:02 UTC`, plus the last error when the latest attempt failed. */
export function describeFeedStatus(
  status: FeedStatus,
  show: { time: (iso: string) => string; text: (text: string) => string } = {
    time: (iso) => `${iso.slice(0, 16).replace('T', ' ')} UTC`,
    text: (text) => text,
  },
): string {
  const polled = status.lastSuccess ? `last polled ${show.time(status.lastSuccess)}` : 'never polled';
  return status.lastError ? `${polled}; error: ${show.text(status.lastError)}` : polled;
}

import { parseFeed } from '@rowanmanning/feed-parser';

/** One feed item, whatever the format (RSS 2.0, Atom, RDF/RSS 1.0) it came in. */
export interface FeedItem {
  /** Stable key across polls: the item's guid/id, else its link. */
  key: string;
  title: string | null;
  url: string | null;
  /** ISO timestamp, from any of the date forms feeds use; null when none parses. */
  published: string | null;
  updated: string | null;
  author: string | null;
  /** The item's HTML: full content when the feed carries it, else its summary. */
  html: string | null;
}

export interface ParsedFeed {
  title: string | null;
  items: FeedItem[];
}

export class FeedParseError extends Error {
  override name = 'FeedParseError';
}

/** Parses a feed document; throws FeedParseError when nothing feed-like can be read from it. */
export function parseFeedDocument(xml: string, baseUrl: string): ParsedFeed {
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    throw new FeedParseError(`not a readable RSS or Atom feed: ${(error as Error).message}`);
  }
  const items: FeedItem[] = [];
  for (const item of feed.items) {
    const url = absoluteUrl(item.url, baseUrl);
    const key = item.id?.trim() || url;
    if (!key) continue;
    items.push({
      key,
      title: item.title?.trim() || null,
      url,
      published: item.published?.toISOString() ?? item.updated?.toISOString() ?? null,
      updated: item.updated?.toISOString() ?? null,
      author: item.authors.map((a) => a.name?.trim()).find((name) => !!name) ?? null,
      html: item.content ?? item.description ?? null,
    });
  }
  return { title: feed.title?.trim() || null, items };
}

function absoluteUrl(value: string | null, base: string): string | null {
  if (!value) return null;
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return null;
  }
}

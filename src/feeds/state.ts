import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../log';
import { writeJsonAtomically } from './feeds-file';

/**
 * What the poller remembers between polls, in FEEDS_STATE_FILE (outside the articles folder, which
 * holds only articles): conditional-GET validators, when each feed last succeeded and why it last
 * failed, which items it has handled, and whether saved articles still wait for a reindex.
 */

const SEEN_LIMIT = 5000;

const feedStateSchema = z.object({
  etag: z.string().nullable().default(null),
  lastModified: z.string().nullable().default(null),
  lastAttempt: z.string().nullable().default(null),
  lastSuccess: z.string().nullable().default(null),
  lastError: z.string().nullable().default(null),
  /** Item key → fingerprint of the item as last handled; a changed fingerprint is handled again. */
  seen: z.record(z.string(), z.string()).default({}),
});

const stateSchema = z.object({
  feeds: z.record(z.string(), feedStateSchema).default({}),
  /** Set before articles are written, cleared after the reindex that includes them: a killed poll is finished by the next. */
  pendingReindex: z.boolean().default(false),
});

export type FeedState = z.infer<typeof feedStateSchema>;
export type PollState = z.infer<typeof stateSchema>;

export function emptyFeedState(): FeedState {
  return feedStateSchema.parse({});
}

/** The state file; missing means a first poll, unreadable means starting over (only validators and history are lost). */
export async function readPollState(file: string, log: Logger): Promise<PollState> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      log.warn(`feeds: cannot read ${file}; starting afresh`, { error });
    return stateSchema.parse({});
  }
  try {
    return stateSchema.parse(JSON.parse(source));
  } catch (error) {
    log.warn(`feeds: ${file} is damaged; starting afresh (every feed is fetched in full once)`, { error });
    return stateSchema.parse({});
  }
}

export async function writePollState(file: string, state: PollState): Promise<void> {
  for (const feed of Object.values(state.feeds)) {
    const keys = Object.keys(feed.seen);
    // Oldest first in insertion order: forget the oldest once a feed has handled very many items.
    if (keys.length > SEEN_LIMIT) for (const key of keys.slice(0, keys.length - SEEN_LIMIT)) delete feed.seen[key];
  }
  await writeJsonAtomically(file, state);
}

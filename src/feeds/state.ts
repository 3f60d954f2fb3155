import { appendFile, readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../log';
import { writeJsonAtomically } from './feeds-file';

/**
 * What the poller remembers between polls, in FEEDS_STATE_FILE (outside the articles folder, which
 * holds only articles): conditional-GET validators, when each feed last succeeded and why it last
 * failed, which items it has handled, whether items wait for the next poll, and whether saved
 * articles still wait for a reindex.
 *
 * Each handled item is also appended at once to a journal beside the file (`<file>.journal`, one
 * JSON line per item), which a whole write of the state then folds in: a poll killed half-way
 * fetches none of the items it stored again, without the whole state being rewritten per item.
 */

const feedStateSchema = z.object({
  etag: z.string().nullable().default(null),
  lastModified: z.string().nullable().default(null),
  lastAttempt: z.string().nullable().default(null),
  lastSuccess: z.string().nullable().default(null),
  lastError: z.string().nullable().default(null),
  /** Item key → fingerprint of the item as last handled; a changed fingerprint is handled again. Items gone from the feed are forgotten. */
  seen: z.record(z.string(), z.string()).default({}),
  /** The last poll left new items (past FEEDS_MAX_ITEMS_PER_POLL, or it was killed): the feed is due again at the next check. */
  itemsLeft: z.boolean().default(false),
});

const stateSchema = z.object({
  feeds: z.record(z.string(), feedStateSchema).default({}),
  /** Set before articles are written, cleared after the reindex that includes them: a killed poll is finished by the next. */
  pendingReindex: z.boolean().default(false),
});

const journalLineSchema = z.object({ feed: z.string(), key: z.string(), print: z.string() });

export type FeedState = z.infer<typeof feedStateSchema>;
export type PollState = z.infer<typeof stateSchema>;

export function emptyFeedState(): FeedState {
  return feedStateSchema.parse({});
}

const journalOf = (file: string) => `${file}.journal`;

/** The state file with its journal folded in; missing means a first poll, unreadable means starting over (only validators and history are lost). */
export async function readPollState(file: string, log: Logger): Promise<PollState> {
  const state = await readStateFile(file, log);
  let journal: string;
  try {
    journal = await readFile(journalOf(file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      log.warn(`feeds: cannot read ${journalOf(file)}; items it lists may be fetched again`, { error });
    return state;
  }
  for (const line of journal.split('\n')) {
    if (line.trim() === '') continue;
    const entry = journalLineSchema.safeParse(safeJson(line));
    // Only the last line of a journal can be torn (a kill mid-append): that item is fetched again.
    if (!entry.success) {
      log.debug('feeds: ignoring a torn journal line', { file: journalOf(file) });
      continue;
    }
    (state.feeds[entry.data.feed] ??= emptyFeedState()).seen[entry.data.key] = entry.data.print;
  }
  return state;
}

async function readStateFile(file: string, log: Logger): Promise<PollState> {
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

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

/**
 * Writes the whole state. With `foldJournal`, the journal is then removed: the caller's state
 * holds every item it lists (the poll's own state, whose items were journalled from it).
 */
export async function writePollState(
  file: string,
  state: PollState,
  options: { foldJournal?: boolean } = {},
): Promise<void> {
  await writeJsonAtomically(file, state);
  if (options.foldJournal) await rm(journalOf(file), { force: true });
}

/** Records one handled item in the journal at once. */
export async function appendSeen(file: string, feed: string, key: string, print: string): Promise<void> {
  await appendFile(journalOf(file), `${JSON.stringify({ feed, key, print })}\n`);
}

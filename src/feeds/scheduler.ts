import type { Config } from '../config';
import type { Engine } from '../engine';
import type { Logger } from '../log';
import type { Fetcher } from './fetch';
import { fileFeedStore, type FeedStore } from './feed-store';
import { FeedsFileError, intervalMs } from './feeds-file';

export interface FeedScheduler {
  /** Stops the timer and a running poll between two items, and waits for the round to end. */
  stop(): Promise<void>;
}

/**
 * Polls the feeds that are due while the bot serves: every FEEDS_CHECK_SECONDS it reads the feeds
 * file (so /feeds add and remove apply without a restart) and polls each feed whose interval has
 * passed since its last attempt, or whose last poll left items, then reindexes. A tick that finds a
 * /reindex running indexes at the next.
 */
export function startFeedScheduler(input: {
  engine: Engine;
  config: Config;
  log: Logger;
  /** The shared store's feeds; the files by default. */
  feeds?: FeedStore;
  fetcher?: Fetcher;
}): FeedScheduler {
  const { config, log } = input;
  const kept = input.feeds ?? fileFeedStore(config, log);
  let fetcher = input.fetcher;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let lastFileProblem: string | null = null;
  const stopping = new AbortController();

  const tick = async () => {
    try {
      const { feeds } = await kept.readFeeds();
      lastFileProblem = null;
      const state = await kept.readState();
      const now = Date.now();
      const due = feeds.filter((feed) => {
        const feedState = state.feeds[feed.url];
        const last = feedState?.lastAttempt;
        return !last || feedState.itemsLeft || now - Date.parse(last) >= intervalMs(feed);
      });
      if (due.length === 0 && !state.pendingReindex) return;
      // Fetching and reading pages (linkedom, Readability, the feed parser: some 15 MB) load on the
      // first round with work to do; a bot without feeds never loads them.
      const [{ runFeedRound }, { createFetcher }] = await Promise.all([import('./round'), import('./fetch')]);
      fetcher ??= createFetcher(config.feeds);
      await runFeedRound({
        engine: input.engine,
        config,
        log,
        fetcher,
        feeds: kept,
        only: new Set(due.map((feed) => feed.url)),
        signal: stopping.signal,
      });
    } catch (error) {
      if (error instanceof FeedsFileError) {
        // Said once per problem, not every minute.
        if (error.message !== lastFileProblem) log.error(`feeds: ${error.message}`);
        lastFileProblem = error.message;
      } else {
        log.error('feeds: poll failed', { error });
      }
    }
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      current = tick().finally(() => {
        if (!stopped) schedule(config.feeds.checkSeconds * 1000);
      });
    }, delayMs);
  };
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      stopping.abort();
      await current;
    },
  };
}

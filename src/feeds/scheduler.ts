import type { Config } from '../config';
import type { Engine } from '../engine';
import { ReindexBusyError } from '../errors';
import type { Logger } from '../log';
import type { Fetcher } from './fetch';
import { FeedsFileError, intervalMs, readFeedsFile } from './feeds-file';
import { readPollState } from './state';

export interface FeedScheduler {
  /** Stops the timer and waits for a running round to finish. */
  stop(): Promise<void>;
}

/**
 * Polls the feeds that are due while the bot serves: every FEEDS_CHECK_SECONDS it reads the feeds
 * file (so /feeds add and remove apply without a restart) and polls each feed whose interval has
 * passed since its last attempt, then reindexes. A tick that finds a /reindex running waits for the next.
 */
export function startFeedScheduler(input: {
  engine: Engine;
  config: Config;
  log: Logger;
  fetcher?: Fetcher;
}): FeedScheduler {
  const { config, log } = input;
  let fetcher = input.fetcher;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let lastFileProblem: string | null = null;

  const tick = async () => {
    try {
      const { feeds } = await readFeedsFile(config.feeds.file);
      lastFileProblem = null;
      const state = await readPollState(config.feeds.stateFile, log);
      const now = Date.now();
      const due = feeds.filter((feed) => {
        const last = state.feeds[feed.url]?.lastAttempt;
        return !last || now - Date.parse(last) >= intervalMs(feed);
      });
      if (due.length === 0 && !state.pendingReindex) return;
      // Fetching and reading pages (linkedom, Readability, the feed parser: some 15 MB) load on the
      // first round with work to do; a bot without feeds never loads them.
      const [{ runFeedRound }, { createFetcher }] = await Promise.all([import('./round'), import('./fetch')]);
      fetcher ??= createFetcher(config.feeds);
      await runFeedRound({ engine: input.engine, config, log, fetcher, only: new Set(due.map((feed) => feed.url)) });
    } catch (error) {
      if (error instanceof ReindexBusyError) {
        log.info('feeds: a reindex is running; polling at the next check');
      } else if (error instanceof FeedsFileError) {
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
      await current;
    },
  };
}

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config';
import type { Engine, EngineOptions } from '../engine';
import { startFeedScheduler, type FeedScheduler } from '../feeds/scheduler';
import type { Logger } from '../log';
import { feedMirror, importFeedFilesOnce } from './feed-mirror';
import { sharedFeedStore } from './feeds';
import { FEED_LEASE, keepLease, type KeptLease, type LeaseTiming } from './lease';
import type { Store } from './store';

/**
 * Who polls the feeds. A process on the embedded store polls them itself, from its files. Replicas
 * sharing PostgreSQL each try for the feed lease; the one holding it runs the scheduler on the
 * shared feeds (its writes fenced by the lease) and stops it the moment it loses the lease, and
 * another takes over within the lease's lifetime and finishes the poll from the journal of handled
 * items. The same lease is the one the index builder holds: one replica does both.
 */
export interface FeedDuty {
  /** The lease, for the index builder to ask whether this replica holds it; null on the embedded store. */
  lease: KeptLease | null;
  stop(): Promise<void>;
}

export async function startFeedDuty(input: {
  engine: Engine;
  config: Config;
  store: Store;
  log: Logger;
  leaseTiming?: Partial<LeaseTiming>;
}): Promise<FeedDuty> {
  const { engine, config, store, log } = input;
  if (store.kind !== 'postgres') {
    const scheduler = startFeedScheduler({ engine, config, log });
    return { lease: null, stop: () => scheduler.stop() };
  }
  // A store that went down since it opened must not stop the bot starting: each build tries again.
  await importFeedFilesOnce(store.sql, config, log).catch((error: unknown) =>
    log.error('feeds: could not move the feed files into the shared store; the next build tries again', { error }),
  );
  let scheduler: FeedScheduler | undefined;
  const feeds = sharedFeedStore({
    sql: store.sql,
    mirror: feedMirror(store.sql, config.articlesDir, log),
    lease: () => lease.current(),
  });
  const lease: KeptLease = keepLease({
    sql: store.sql,
    name: FEED_LEASE,
    // Unique per process: a restarted replica is a new holder, and waits out its predecessor's lease.
    holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    log,
    timing: input.leaseTiming,
    onAcquired: () => {
      log.info('feeds: this replica holds the feed lease and polls the feeds');
      scheduler = startFeedScheduler({ engine, config, log, feeds });
    },
    onLost: () => {
      const stopping = scheduler;
      scheduler = undefined;
      void stopping?.stop();
    },
  });
  return {
    lease,
    async stop() {
      await scheduler?.stop();
      await lease.stop();
    },
  };
}

/**
 * The engine's `beforeReindex` for a bot whose store is still opening: on a shared store, the
 * first call moves the files into it once, and every call writes the shared articles that changed
 * into the articles folder for the build.
 */
export function feedArticlesBeforeReindex(
  storeOpening: Promise<Store>,
  config: Config,
  log: Logger,
): NonNullable<EngineOptions['beforeReindex']> {
  let imported: Promise<void> | undefined;
  return async () => {
    // The embedded store: the files are the articles, and the first build need not wait for it to open.
    if (!config.store.databaseUrl) return undefined;
    const store = await storeOpening.catch(() => null);
    // No store: start-up fails on it anyway.
    if (store === null || store.kind !== 'postgres') return undefined;
    imported ??= importFeedFilesOnce(store.sql, config, log).catch((error: unknown) => {
      imported = undefined;
      throw error;
    });
    await imported;
    return feedMirror(store.sql, config.articlesDir, log).sync();
  };
}

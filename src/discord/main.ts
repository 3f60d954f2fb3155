import type { Client } from 'discord.js';
import { openEngine, type Engine } from '../engine';
import { loadBotConfigOrExit, processLogger } from '../startup';
import { openStore, type Store } from '../db/store';
import { feedArticlesBeforeReindex, startFeedDuty, type FeedDuty } from '../db/feed-duty';
import { startBot } from './bot';
import { startHttpInteractions, type HttpInteractions } from './http-interactions';
import type { BotMetrics } from '../observe/metrics';
import type { ObserveServer } from '../observe/http';
import { HEALTH_DEFAULTS, botHealth, type Health } from '../observe/health';
import { openIndexSharing, type IndexSharing } from '../index/published';

/** `npm start`: load the engine (and its model) first, then log in, so the first question is fast. */
const SHUTDOWN_LIMIT_MS = 10_000;

const config = loadBotConfigOrExit();
const log = processLogger(config);

let engine: Engine | undefined;
let store: Store | undefined;
let client: Client | undefined;
let httpInteractions: HttpInteractions | undefined;
let feeds: FeedDuty | undefined;
let observe: ObserveServer | undefined;
let sharing: IndexSharing | undefined;
let stopping = false;

/**
 * For /healthz: failing until the index is loaded and interactions can arrive (the gateway ready, or
 * the HTTP listener open), and again once shutting down; degraded while the store is down.
 */
const health = (): Health =>
  botHealth({
    client,
    httpListening: config.interactions.mode === 'http' ? httpInteractions !== undefined : undefined,
    index: engine ? { version: engine.version() } : undefined,
    store,
    stopping,
  });
let storeProbe: NodeJS.Timeout | undefined;

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('Shutting down', { signal });
  // A hung close must not keep the process alive forever.
  setTimeout(() => {
    log.error('Shutdown took too long; exiting anyway');
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS).unref();
  clearInterval(storeProbe);
  try {
    await client?.destroy();
    await httpInteractions?.close();
    await observe?.close();
    await feeds?.stop();
    await sharing?.close();
    await engine?.close();
    await store?.close();
    process.exit(0);
  } catch (error) {
    log.error('Shutdown failed', { error });
    process.exit(1);
  }
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

try {
  // Listening first, so a probe sees 503 (not a refused connection) while the index loads.
  let metrics: BotMetrics | undefined;
  if (config.metrics.port !== undefined) {
    // Imported only when wanted: prom-client takes 60-70 ms to load, a start without metrics pays nothing.
    const [{ createBotMetrics }, { startObserveServer }] = await Promise.all([
      import('../observe/metrics'),
      import('../observe/http'),
    ]);
    metrics = createBotMetrics({ indexSize: () => engine?.size() ?? null });
    observe = await startObserveServer(
      { port: config.metrics.port, host: config.metrics.host },
      { health, metrics },
      log,
    );
    log.info('Health and metrics listening', { healthz: `${observe.url}/healthz`, metrics: `${observe.url}/metrics` });
  }
  // With DATABASE_URL, replicas share index versions: this one fetches what the others built and publishes what it builds.
  sharing = await openIndexSharing(config, log);
  // Both take seconds on a first run (index build, embedded database set-up); neither needs the other.
  const storeOpening = openStore(config.store, log);
  const [openedEngine, openedStore] = await Promise.allSettled([
    openEngine(config, {
      log,
      observer: metrics?.engine,
      warmLatest: true,
      // Replicas: the shared feed articles are written into the articles folder before each build.
      beforeReindex: feedArticlesBeforeReindex(storeOpening, config, log),
      published: sharing,
    }),
    storeOpening,
  ]);
  // Kept for shutdown and for the catch below, which closes whichever did open.
  engine = openedEngine.status === 'fulfilled' ? openedEngine.value : undefined;
  store = openedStore.status === 'fulfilled' ? openedStore.value : undefined;
  if (openedEngine.status === 'rejected') throw openedEngine.reason;
  if (openedStore.status === 'rejected') throw openedStore.reason;
  const ready = { engine: openedEngine.value, store: openedStore.value };
  log.info('Engine ready', {
    sources: ready.engine.sources().length,
    embeddingModel: ready.engine.embeddingModel,
    version: ready.engine.version(),
  });
  log.info('Store ready', { kind: ready.store.kind });
  sharing?.follow(ready.engine);
  // Members' calls keep the store's state current; this probe covers quiet times. A failure is already in the state.
  storeProbe = setInterval(() => {
    ready.store.ping().catch((error: unknown) => log.debug('Store probe failed', { error }));
  }, HEALTH_DEFAULTS.storeProbeMs).unref();
  const onInteraction = metrics?.interaction;
  if (!stopping) {
    const { interactions } = config;
    // One or the other: Discord sends an application's interactions to its endpoint URL when one is set, else the gateway.
    if (interactions.mode === 'http') {
      httpInteractions = await startHttpInteractions({ ...config, interactions }, ready.engine, ready.store, log, {
        onInteraction,
      });
    } else {
      client = await startBot(config, ready.engine, ready.store, log, { onInteraction });
    }
  }
  // Feeds are polled while the bot serves (by one replica at a time when the store is shared);
  // questions are answered from the live index meanwhile.
  if (!stopping) feeds = await startFeedDuty({ engine: ready.engine, config, store: ready.store, log });
} catch (error) {
  log.error('Start-up failed', { error, stack: error instanceof Error ? error.stack : undefined });
  await observe?.close();
  await sharing?.close();
  await engine?.close();
  await store?.close();
  process.exit(1);
}

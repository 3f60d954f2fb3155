import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedMirror, importFeedFilesOnce } from '../src/db/feed-mirror';
import { sharedFeedStore } from '../src/db/feeds';
import { LeaseLostError, acquireLease, type LeaseGrant } from '../src/db/lease';
import { openStore, type Store } from '../src/db/store';
import { openEngine, type Engine } from '../src/engine';
import { createFetcher } from '../src/feeds/fetch';
import { writeFeedsFile } from '../src/feeds/feeds-file';
import { runFeedRound } from '../src/feeds/round';
import { readFeedStatuses } from '../src/feeds/status';
import type { Config } from '../src/config';
import { silentLogger } from '../src/log';
import { articlePage, feed, rss, startFeedServer, text, type FeedServer, type ItemSpec } from './support/feed-server';
import { sampleWorkspace, testConfig } from './support/sample-index';

/**
 * The feeds, their state and their articles in the shared store, as replicas keep them (here on
 * the embedded database, which runs the same SQL): a single process's files move in once, replicas
 * polling one feed store each item once, each writes the shared articles into its own articles
 * folder for its build, and a replica that lost the feed lease writes nothing.
 */

interface Replica {
  config: Config;
  engine: Engine;
  cleanup: () => Promise<void>;
}

let server: FeedServer;
let store: Store;
const items: ItemSpec[] = [];
const replicas: Replica[] = [];

function publish(slug: string, title: string): void {
  const link = `${server.origin}/story/${slug}`;
  server.route(
    `/story/${slug}`,
    text(articlePage({ title, paragraphs: [`${title}, the studio said on Monday.`, 'Filler words. '.repeat(60)] })),
  );
  items.push({ title, link });
}

async function replica(name: string): Promise<Replica> {
  const workspace = await sampleWorkspace(`feeds-shared-${name}-`);
  const config = testConfig(workspace, {
    FEEDS_FILE: path.join(workspace.dir, 'feeds.json'),
    FEEDS_STATE_FILE: path.join(workspace.dir, 'feeds-state.json'),
    FEEDS_ALLOW_PRIVATE: 'true',
    FEEDS_HOST_DELAY_MS: '0',
    FEEDS_TIMEOUT_MS: '5000',
  });
  const mirror = feedMirror(store.sql, config.articlesDir, silentLogger);
  const engine = await openEngine(config, { log: silentLogger, beforeReindex: () => mirror.sync() });
  const made = { config, engine, cleanup: workspace.cleanup };
  replicas.push(made);
  return made;
}

const sharedPoll = (r: Replica, lease?: () => LeaseGrant | null) =>
  runFeedRound({
    engine: r.engine,
    config: r.config,
    log: silentLogger,
    fetcher: createFetcher(r.config.feeds),
    feeds: sharedFeedStore({
      sql: store.sql,
      mirror: feedMirror(store.sql, r.config.articlesDir, silentLogger),
      lease,
    }),
  });

const storedUrls = async () =>
  (await store.sql.query<{ url: string }>("select body->>'url' as url from feed_articles order by 1")).map(
    (r) => r.url,
  );

const feedFiles = async (r: Replica) =>
  (await readdir(path.join(r.config.articlesDir, 'feeds'), { recursive: true })).filter(
    (f) => f.endsWith('.json') && !path.basename(f).startsWith('.'),
  );

beforeAll(async () => {
  server = await startFeedServer();
  server.route(
    '/wire.xml',
    feed(() => rss('Shared Wire', items)),
  );
  store = await openStore({ embeddedDir: null }, silentLogger);
});

afterAll(async () => {
  for (const r of replicas) {
    await r.engine.close();
    await r.cleanup();
  }
  await store?.close();
  await server?.close();
});

describe('feeds in the shared store', () => {
  it("moves a single process's feeds, state and articles in once, then polls on from them", async () => {
    publish('first', 'Harbor Lights returns in the spring');
    publish('second', 'Glass Orchard casts its lead');
    const first = await replica('a');
    // As a single process: the files.
    await writeFeedsFile(first.config.feeds.file, { feeds: [{ url: `${server.origin}/wire.xml` }] });
    const alone = await runFeedRound({
      engine: first.engine,
      config: first.config,
      log: silentLogger,
      fetcher: createFetcher(first.config.feeds),
    });
    expect(alone.results[0]?.new).toBe(2);
    await importFeedFilesOnce(store.sql, first.config, silentLogger);
    await importFeedFilesOnce(store.sql, first.config, silentLogger);
    expect(await storedUrls()).toHaveLength(2);
    // The same feed from the store: nothing new, nothing fetched twice (the ETag came along).
    const storyRequests = () => server.requests.filter((r) => r.path.startsWith('/story/')).length;
    const before = storyRequests();
    const again = await sharedPoll(first);
    expect(again.results[0]?.status).toBe('not-modified');
    expect(storyRequests()).toBe(before);
  });

  it('stores each item once whichever replica polls, and every replica writes them out for its build', async () => {
    const [first] = replicas as [Replica];
    const second = await replica('b');
    publish('third', 'Harbor Lights adds a lighthouse keeper');
    const byFirst = await sharedPoll(first);
    expect(byFirst.results[0]).toMatchObject({ new: 1 });
    expect(byFirst.reindex).not.toBeNull();
    // The second replica's index lacks them: its mirror is behind, so its next poll builds.
    const bySecond = await sharedPoll(second);
    expect(bySecond.results[0]?.status).toBe('not-modified');
    expect(bySecond.reindex).not.toBeNull();
    expect(await storedUrls()).toHaveLength(3);
    expect(await feedFiles(second)).toHaveLength(3);
    expect(second.engine.sources()).toContainEqual(expect.objectContaining({ outlet: 'Shared Wire', articles: 3 }));
    // Nothing left for either: a third poll builds nothing.
    expect((await sharedPoll(second)).reindex).toBeNull();
    // /sources and /feeds list on any replica see the last poll.
    const statuses = await readFeedStatuses(
      sharedFeedStore({ sql: store.sql, mirror: feedMirror(store.sql, first.config.articlesDir, silentLogger) }),
    );
    expect(statuses.map((x) => x.url)).toEqual([`${server.origin}/wire.xml`]);
    expect(statuses[0]?.lastSuccess).not.toBeNull();
    expect(statuses[0]?.lastError).toBeNull();
  });

  it('refuses the writes of a replica that no longer holds the feed lease', async () => {
    const [first] = replicas as [Replica];
    const stale = await acquireLease(store.sql, 'feeds-test', 'replica-a', 60_000);
    await store.sql.query("update leases set expires_at = now() - interval '1 second' where name = 'feeds-test'");
    await acquireLease(store.sql, 'feeds-test', 'replica-b', 60_000);
    publish('fourth', 'Glass Orchard moves to Thursdays');
    await expect(sharedPoll(first, () => stale)).rejects.toThrow(LeaseLostError);
    expect(await storedUrls()).toHaveLength(3);
  });
});

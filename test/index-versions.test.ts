import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../src/engine';
import type { LogFields, Logger } from '../src/log';
import { openIndexSharing, type IndexSharing } from '../src/index/published';
import { INDEX_VERSION_DEFAULTS } from '../src/db/index-versions';
import { until } from './support/bounds';
import { postgresMissing, startPostgres, type TestPostgres } from './support/postgres';
import { sampleWorkspace, testConfig } from './support/sample-index';

/**
 * Index versions shared through a real PostgreSQL 15: two engines with folders of their own (as
 * on two machines), one builds and publishes, the other fetches and swaps it in.
 */

/** A made-up article and a question only it answers. */
const NEW_ARTICLE = `Lanternfield Harbor adds a director for season two

Mirela Ostrand will direct the second season of Lanternfield Harbor, the coastal mystery series, its studio said on Tuesday. Filming starts in the spring.`;
const QUESTION = 'Who will direct the second season of Lanternfield Harbor?';

interface Line {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: LogFields;
}

function recordingLogger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: Line['level']) => (message: string, fields?: LogFields) =>
    void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

interface Replica {
  engine: Engine;
  sharing: IndexSharing;
  log: ReturnType<typeof recordingLogger>;
  articlesDir: string;
  indexDir: string;
  cleanup(): Promise<void>;
}

async function openReplica(databaseUrl: string): Promise<Replica> {
  const workspace = await sampleWorkspace('index-versions-');
  const config = testConfig(workspace, { DATABASE_URL: databaseUrl });
  const log = recordingLogger();
  const sharing = (await openIndexSharing(config, log))!;
  const engine = await openEngine(config, { log, published: sharing, preloadAnswers: false });
  return {
    engine,
    sharing,
    log,
    articlesDir: workspace.articlesDir,
    indexDir: workspace.indexDir,
    async cleanup() {
      await sharing.close();
      await engine.close();
      await workspace.cleanup();
    },
  };
}

/** A replica's log lines above debug, for a failure message. */
const linesOf = (replica: Replica) =>
  JSON.stringify(
    replica.log.lines.filter((l) => l.level !== 'debug'),
    (_key, value: unknown) => (value instanceof Error ? value.message : value),
  );

const missing = postgresMissing();

if (missing === null) {
  let server: TestPostgres;
  let admin: pg.Client;
  let builder: Replica;
  let follower: Replica;

  beforeAll(async () => {
    server = await startPostgres();
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
  });
  afterAll(async () => {
    await follower?.cleanup();
    await builder?.cleanup();
    await admin?.end();
    await server?.stop();
  });

  describe('index versions shared over PostgreSQL 15', () => {
    it('publishes the first build, and a replica with an empty folder fetches it instead of building', async () => {
      builder = await openReplica(server.url);
      expect(builder.log.lines.some((l) => l.message === 'Published the index version')).toBe(true);
      follower = await openReplica(server.url);
      expect(follower.engine.version(), linesOf(follower)).toBe(builder.engine.version());
      expect(follower.log.lines.some((l) => l.message === 'Fetched a published index version')).toBe(true);
      // Fetched, not built: no "Published" line, since it built nothing.
      expect(follower.log.lines.some((l) => l.message === 'Published the index version')).toBe(false);
      expect(follower.engine.size()).toEqual(builder.engine.size());
    });

    it('swaps a newly published version in on a following replica, which then answers from it', async () => {
      follower.sharing.follow(follower.engine);
      const before = await follower.engine.ask(QUESTION);
      expect(before.citations.some((c) => c.title.includes('Lanternfield'))).toBe(false);

      await writeFile(path.join(builder.articlesDir, 'lanternfield.txt'), NEW_ARTICLE);
      await builder.engine.reindex();
      const published = builder.engine.version();
      await until('the follower to serve the new version', () => follower.engine.version() === published || null, {
        detail: () => linesOf(follower),
      });
      const after = await follower.engine.ask(QUESTION);
      expect(after.answer).toMatch(/Mirela Ostrand/);
      expect(after.citations[0]?.title).toMatch(/Lanternfield Harbor/);
    });

    it('keeps the live version serving when a fetched version does not match its checksums', async () => {
      // A third replica that does not follow yet, so the next version can be damaged before it looks.
      const third = await openReplica(server.url);
      try {
        const serving = third.engine.version();
        await rm(path.join(builder.articlesDir, 'lanternfield.txt'));
        await builder.engine.reindex();
        await admin.query(
          `update index_version_parts set bytes = overlay(bytes placing '\\x00'::bytea from 1 for 1)
           where seq = (select max(seq) from index_versions) and file = 'texts.bin' and part = 0`,
        );
        third.sharing.follow(third.engine);
        await until('the replica to refuse the damaged version', () =>
          third.log.lines.find((l) => l.message.startsWith('Could not fetch a published')),
        );
        expect(third.engine.version()).toBe(serving);
        expect((await third.engine.ask(QUESTION)).answer).toMatch(/Mirela Ostrand/);
        // Nothing half-fetched is left behind.
        expect((await readdir(third.indexDir)).filter((name) => name.startsWith('.building-'))).toEqual([]);
      } finally {
        await third.cleanup();
      }
    });

    it('keeps only the last few versions in the database', async () => {
      for (let i = 0; i < INDEX_VERSION_DEFAULTS.keepVersions + 1; i++) {
        await writeFile(path.join(builder.articlesDir, `extra-${i}.txt`), `${NEW_ARTICLE}\n\nUpdate ${i}.`);
        await builder.engine.reindex();
      }
      const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from index_versions');
      expect(rows[0]?.n).toBe(INDEX_VERSION_DEFAULTS.keepVersions);
      const orphans = await admin.query<{ n: number }>(
        'select count(*)::int as n from index_version_parts where seq not in (select seq from index_versions)',
      );
      expect(orphans.rows[0]?.n).toBe(0);
      await until('the follower to catch up', () => follower.engine.version() === builder.engine.version() || null);
    });
  });
} else {
  describe('index versions shared over PostgreSQL', () => {
    it(`did NOT run: ${missing}`, () => {
      console.warn(`\n*** the shared index version test did NOT run: ${missing} ***\n`);
      expect(process.env.CI, 'CI must run the PostgreSQL tests').not.toBe('true');
    });
  });
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log';
import { MIGRATIONS, NewerSchemaError, migrate } from '../src/db/migrations';
import { openEmbedded, openPostgres } from '../src/db/sql';
import { openStore, type NewAnswer, type Store } from '../src/db/store';
import { postgresMissing, startPostgres, type TestPostgres } from './support/postgres';

const log = createLogger({ level: 'error', write: () => undefined });

/** A place a store lives; `open` may be called again to simulate a bot restart. */
interface Backend {
  open(): Promise<Store>;
  /** Raw SQL access to the same database, for checks the store API does not offer. */
  raw(): Promise<{ query: (text: string) => Promise<unknown[]>; close: () => Promise<void> }>;
  cleanup(): Promise<void>;
}

const answer = (id: string, extra: Partial<NewAnswer> = {}): NewAnswer => ({
  id,
  question: 'Who is Janet McTeer playing?',
  answer: 'A mystery role [1].',
  mode: 'extractive',
  abstained: false,
  citations: [
    {
      n: 1,
      file: 'a.txt',
      outlet: 'Gospel Herald',
      title: 'T',
      url: 'https://example.com/a',
      published: '2017-04-12',
      quote: 'q',
    },
  ],
  indexVersion: 'v1',
  guildId: 'g1',
  channelId: 'c1',
  threadId: null,
  askedBy: 'asker',
  ...extra,
});

function storeContract(name: string, makeBackend: () => Promise<Backend>): void {
  describe(`store on ${name}`, () => {
    let backend: Backend;
    let store: Store;
    beforeAll(async () => {
      backend = await makeBackend();
      store = await backend.open();
    });
    afterAll(async () => {
      await store?.close();
      await backend?.cleanup();
    });

    it('creates its schema at start-up and applies no migration twice', async () => {
      await store.close();
      store = await backend.open();
      await store.close();
      const raw = await backend.raw();
      try {
        expect(await raw.query('select version from schema_migrations order by version')).toEqual(
          MIGRATIONS.map((m) => ({ version: m.version })),
        );
      } finally {
        await raw.close();
        store = await backend.open();
      }
    });

    it('keeps one vote per user per answer, changeable, with the 👎 comment, and after a restart', async () => {
      await store.saveAnswer(answer('answer-vote-0001'));
      const where = { guildId: 'g1', channelId: 'c1' };
      await store.vote({ answerId: 'answer-vote-0001', userId: 'u1', vote: 1, comment: null, ...where });
      await store.vote({ answerId: 'answer-vote-0001', userId: 'u1', vote: -1, comment: 'Wrong show', ...where });
      await store.vote({ answerId: 'answer-vote-0001', userId: 'u2', vote: 1, comment: null, ...where });
      expect(await store.votesOn('answer-vote-0001')).toEqual({ up: 1, down: 1 });

      await store.close();
      store = await backend.open();
      expect(await store.votesOn('answer-vote-0001')).toEqual({ up: 1, down: 1 });
      const [latest] = await store.latestDownVotes(5);
      expect(latest).toMatchObject({
        answerId: 'answer-vote-0001',
        question: 'Who is Janet McTeer playing?',
        comment: 'Wrong show',
        guildId: 'g1',
      });
      const stored = await store.getAnswer('answer-vote-0001');
      expect(stored?.citations[0]?.outlet).toBe('Gospel Herald');
      expect(stored?.indexVersion).toBe('v1');
    });

    it('reports the worst-rated answers and the most-asked declined questions', async () => {
      await store.saveAnswer(answer('answer-bad-00001', { question: 'Bad one?' }));
      for (const user of ['a', 'b', 'c']) {
        await store.vote({
          answerId: 'answer-bad-00001',
          userId: user,
          vote: -1,
          comment: user === 'a' ? 'Outdated' : null,
          guildId: 'g1',
          channelId: 'c1',
        });
      }
      for (const [i, q] of ['Who plays Kilgrave?', 'who plays  kilgrave', 'When is Daredevil back?'].entries()) {
        await store.saveAnswer(answer(`answer-decl-000${i}`, { question: q, abstained: true, citations: [] }));
      }
      const report = await store.feedbackReport(10);
      expect(report.worst[0]).toMatchObject({ id: 'answer-bad-00001', up: 0, down: 3, comments: ['Outdated'] });
      expect(report.declined[0]).toMatchObject({ times: 2 });
      expect(report.declined[0]?.question.toLowerCase()).toContain('kilgrave');
      expect(report.down).toBeGreaterThanOrEqual(4);
    });

    it('keeps settings per guild; null resets one to the default', async () => {
      await store.updateGuildSettings('g1', { cooldownSeconds: 30, publicChannels: ['c1', 'c2'] }, 'admin');
      await store.updateGuildSettings('g1', { llmAnswers: false }, 'admin');
      expect(await store.guildSettings('g1')).toEqual({
        publicChannels: ['c1', 'c2'],
        privateByDefault: null,
        cooldownSeconds: 30,
        llmAnswers: false,
      });
      expect(await store.guildSettings('g2')).toEqual({
        publicChannels: null,
        privateByDefault: null,
        cooldownSeconds: null,
        llmAnswers: null,
      });
      await store.updateGuildSettings('g1', { cooldownSeconds: null }, 'admin');
      expect((await store.guildSettings('g1')).cooldownSeconds).toBeNull();
    });

    it("gives a thread's history oldest first, from the answer it started on, within the time kept", async () => {
      await store.saveAnswer(answer('answer-root-0001', { question: 'Jessica Jones season 2?' }));
      await store.saveThread({
        threadId: 't1',
        guildId: 'g1',
        parentChannelId: 'c1',
        rootAnswerId: 'answer-root-0001',
      });
      await store.saveAnswer(answer('answer-next-0001', { question: 'When does it come out?', threadId: 't1' }));
      expect(await store.threadOn('answer-root-0001')).toBe('t1');
      expect(await store.botThread('t1')).toEqual({ parentChannelId: 'c1', rootAnswerId: 'answer-root-0001' });
      expect(await store.botThread('c1')).toBeNull();
      const history = await store.threadHistory('t1', new Date(Date.now() - 60_000));
      expect(history.map((h) => h.question)).toEqual(['Jessica Jones season 2?', 'When does it come out?']);
      expect(await store.threadHistory('t1', new Date(Date.now() + 60_000))).toEqual([]);
    });
  });
}

storeContract('the embedded database (PGlite)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'store-embedded-'));
  const embeddedDir = path.join(dir, 'db');
  return {
    open: () => openStore({ databaseUrl: undefined, embeddedDir }, log),
    // PGlite holds its folder alone: raw access opens it only while no store has it open.
    async raw() {
      const sql = await openEmbedded(embeddedDir);
      return { query: (text) => sql.query(text), close: () => sql.close() };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('store migrations', () => {
  it('refuses a database migrated by a newer bot, naming both versions', async () => {
    const sql = await openEmbedded(null);
    try {
      await migrate(sql);
      await sql.query("insert into schema_migrations (version, name) values (99, 'from the future')");
      await expect(migrate(sql)).rejects.toThrow(NewerSchemaError);
      await expect(migrate(sql)).rejects.toThrow(/version 99, newer than this bot knows \(1\)/);
    } finally {
      await sql.close();
    }
  });
});

const missing = postgresMissing();
if (missing === null) {
  let server: TestPostgres;
  let databases = 0;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  storeContract('PostgreSQL 15', async () => {
    databases += 1;
    const name = `store_test_${databases}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = server.url.replace(/\/postgres$/, `/${name}`);
    return {
      open: () => openStore({ databaseUrl: url, embeddedDir: '/nonexistent' }, log),
      async raw() {
        const sql = await openPostgres(url, () => undefined);
        return { query: (text) => sql.query(text), close: () => sql.close() };
      },
      // The server and its databases go when the server stops.
      cleanup: () => Promise.resolve(),
    };
  });
} else {
  // Never a silent pass: CI must run these against PostgreSQL; elsewhere the gap is stated.
  describe('store on PostgreSQL 15', () => {
    it(`did NOT run: ${missing}`, () => {
      console.warn(`\n*** store on PostgreSQL 15 did NOT run: ${missing} ***\n`);
      expect(process.env.CI, 'CI must test the store on PostgreSQL').not.toBe('true');
    });
  });
}

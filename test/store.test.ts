import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log';
import { MIGRATIONS, NewerSchemaError, migrate } from '../src/db/migrations';
import { openEmbedded, openPostgres } from '../src/db/sql';
import { openStore, type NewAnswer, type Store } from '../src/db/store';
import { STORE_TIMEOUT_DEFAULTS } from '../src/db/timeouts';
import { sharedCooldowns } from '../src/discord/cooldown';
import { postgresMissing, startPostgres, type TestPostgres } from './support/postgres';
import { runTsx } from './support/run-cli';

const log = createLogger({ level: 'error', write: () => undefined });
/** Raw access in these tests never times out a statement it then needs. */
const ignoreLate = (error: unknown) => log.debug('late', { error });

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
  public: true,
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

    it('keeps follows per server, one per show and channel, paused with a reason and resumed by adding again', async () => {
      const first = await store.addFollow({
        guildId: 'g1',
        show: 'Harbor Lights',
        channelId: 'c1',
        createdBy: 'admin',
      });
      await store.addFollow({ guildId: 'g2', show: 'Harbor Lights', channelId: 'c9', createdBy: 'admin' });
      const again = await store.addFollow({
        guildId: 'g1',
        show: 'harbor  lights',
        channelId: 'c1',
        createdBy: 'admin',
      });
      expect(again.id).toBe(first.id);
      await store.pauseFollow(first.id, 'Missing Permissions');
      expect((await store.follows('g1')).map((f) => f.problem)).toEqual(['Missing Permissions']);
      expect((await store.activeFollows()).map((f) => f.guildId)).toEqual(['g2']);
      await store.addFollow({ guildId: 'g1', show: 'Harbor Lights', channelId: 'c1', createdBy: 'admin' });
      expect((await store.follows('g1'))[0]?.problem).toBeNull();

      await store.saveFollowPost({
        followId: first.id,
        messageId: 'm1',
        articleIds: ['a1'],
        outlets: ['Coast Screen'],
      });
      await store.updateFollowPost({
        followId: first.id,
        messageId: 'm1',
        articleIds: ['a1', 'a2'],
        outlets: ['Coast Screen', 'Daily Reel'],
      });
      const [post] = await store.followPostsSince(first.id, new Date(Date.now() - 60_000));
      expect(post).toMatchObject({
        messageId: 'm1',
        articleIds: ['a1', 'a2'],
        outlets: ['Coast Screen', 'Daily Reel'],
      });
      expect(await store.followPostsSince(first.id, new Date(Date.now() + 60_000))).toEqual([]);

      expect(await store.removeFollows('g1', 'HARBOR LIGHTS')).toBe(1);
      expect(await store.follows('g1')).toEqual([]);
      expect(await store.follows('g2')).toHaveLength(1);
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
      const t1 = { guildId: 'g1', threadId: 't1' };
      expect(await store.threadOn('answer-root-0001')).toBe('t1');
      expect(await store.botThread(t1)).toEqual({ parentChannelId: 'c1', rootAnswerId: 'answer-root-0001' });
      expect(await store.botThread({ guildId: 'g1', threadId: 'c1' })).toBeNull();
      const history = await store.threadHistory(t1, new Date(Date.now() - 60_000));
      expect(history.map((h) => h.question)).toEqual(['Jessica Jones season 2?', 'When does it come out?']);
      expect(await store.threadHistory(t1, new Date(Date.now() + 60_000))).toEqual([]);
    });

    it("reads a server's settings and the bot's thread together, as /ask does before it answers", async () => {
      await store.updateGuildSettings('g3', { cooldownSeconds: 45, publicChannels: ['c9'] }, 'admin');
      await store.saveAnswer(answer('answer-root-0003', { question: 'Who runs the ferry in Harbor Lights?' }));
      await store.saveThread({
        threadId: 't3',
        guildId: 'g3',
        parentChannelId: 'c9',
        rootAnswerId: 'answer-root-0003',
      });
      const settings = { publicChannels: ['c9'], privateByDefault: null, cooldownSeconds: 45, llmAnswers: null };
      const unset = { publicChannels: null, privateByDefault: null, cooldownSeconds: null, llmAnswers: null };
      expect(await store.askPlace({ guildId: 'g3', channelId: 't3' })).toEqual({
        settings,
        thread: { parentChannelId: 'c9', rootAnswerId: 'answer-root-0003' },
      });
      expect(await store.askPlace({ guildId: 'g3', channelId: 'c9' })).toEqual({ settings, thread: null });
      // The same thread id from another server or a DM is not the bot's thread, and has no settings.
      expect(await store.askPlace({ guildId: 'g4', channelId: 't3' })).toEqual({ settings: unset, thread: null });
      expect(await store.askPlace({ guildId: null, channelId: 't3' })).toEqual({ settings: unset, thread: null });
    });

    it("keeps private answers and other servers out of a thread's history", async () => {
      await store.saveAnswer(answer('answer-root-0002', { question: 'Who plays the lighthouse keeper?' }));
      await store.saveThread({
        threadId: 't2',
        guildId: 'g1',
        parentChannelId: 'c1',
        rootAnswerId: 'answer-root-0002',
      });
      await store.saveAnswer(
        answer('answer-priv-0002', { question: 'Is my secret show renewed?', threadId: 't2', public: false }),
      );
      await store.saveAnswer(answer('answer-publ-0002', { question: 'When does it air?', threadId: 't2' }));
      const since = new Date(Date.now() - 60_000);
      const history = await store.threadHistory({ guildId: 'g1', threadId: 't2' }, since);
      expect(history.map((h) => h.question)).toEqual(['Who plays the lighthouse keeper?', 'When does it air?']);
      // The same thread id named from another server (or a DM) is not that thread.
      expect(await store.threadHistory({ guildId: 'g2', threadId: 't2' }, since)).toEqual([]);
      expect(await store.threadHistory({ guildId: null, threadId: 't2' }, since)).toEqual([]);
      expect(await store.botThread({ guildId: 'g2', threadId: 't2' })).toBeNull();
      expect((await store.getAnswer('answer-priv-0002'))?.public).toBe(false);
    });

    it("keeps a member's cooldown window: refused with the seconds left inside it, free once swept or for others", async () => {
      expect(await store.takeCooldown('g1:member', 60)).toBe(0);
      const left = await store.takeCooldown('g1:member', 60);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(60);
      expect(await store.takeCooldown('g2:member', 60)).toBe(0);
      // A window of 0 s has always ended; the sweep of windows ended 0 s ago removes every row.
      await store.sweepCooldowns(0);
      expect(await store.takeCooldown('g1:member', 60)).toBe(0);
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
      const sql = await openEmbedded(embeddedDir, STORE_TIMEOUT_DEFAULTS, ignoreLate);
      return { query: (text) => sql.query(text), close: () => sql.close() };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('store migrations', () => {
  it('refuses a database migrated by a newer bot, naming both versions', async () => {
    const sql = await openEmbedded(null, STORE_TIMEOUT_DEFAULTS, ignoreLate);
    try {
      await migrate(sql);
      await sql.query("insert into schema_migrations (version, name) values (99, 'from the future')");
      await expect(migrate(sql)).rejects.toThrow(NewerSchemaError);
      const known = Math.max(...MIGRATIONS.map((m) => m.version));
      await expect(migrate(sql)).rejects.toThrow(`version 99, newer than this bot knows (${known})`);
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
        const sql = await openPostgres(url, STORE_TIMEOUT_DEFAULTS, () => undefined, ignoreLate);
        return { query: (text) => sql.query(text), close: () => sql.close() };
      },
      // The server and its databases go when the server stops.
      cleanup: () => Promise.resolve(),
    };
  });
  describe('cooldowns shared over PostgreSQL 15', () => {
    let url: string;
    let store: Store;
    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('create database cooldowns_shared');
      await admin.end();
      url = server.url.replace(/\/postgres$/, '/cooldowns_shared');
      store = await openStore({ databaseUrl: url, embeddedDir: '/nonexistent' }, log);
    });
    afterAll(async () => store?.close());

    /** Another bot process taking the cooldown through the same database. */
    async function takeInAnotherProcess(key: string, seconds: number): Promise<number> {
      const run = await runTsx('test/support/take-cooldown.ts', [key, String(seconds)], { env: { DATABASE_URL: url } });
      expect(run.code, run.stderr).toBe(0);
      return Number(run.stdout.trim());
    }

    it('refuses a member in one process the cooldown they started in another, and the other way round', async () => {
      const cooldowns = sharedCooldowns(store, 60, (error) => {
        throw error;
      });
      expect(await takeInAnotherProcess('g1:member-a', 60)).toBe(0);
      const left = await cooldowns.take('g1:member-a');
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(60);

      expect(await cooldowns.take('g1:member-b')).toBe(0);
      expect(await takeInAnotherProcess('g1:member-b', 60)).toBeGreaterThan(0);
    }, 60_000);

    it('starts one window when many take the same key at once', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => store.takeCooldown('g1:racer', 60)));
      expect(results.filter((r) => r === 0)).toHaveLength(1);
    });
  });
  describe('prepared statements on PostgreSQL 15', () => {
    it('still reads answers after another process adds a column to their table', async () => {
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('create database prepared_stale');
      const url = server.url.replace(/\/postgres$/, '/prepared_stale');
      const store = await openStore({ databaseUrl: url, embeddedDir: '/nonexistent' }, log);
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      try {
        await store.saveAnswer(answer('stale-1'));
        // Read at once on several connections, so each prepares the statement before the change.
        const reads = () => Promise.all(Array.from({ length: 8 }, () => store.getAnswer('stale-1')));
        expect((await reads()).map((a) => a?.answer)).toEqual(Array(8).fill('A mystery role [1].'));
        // What a newer bot's migration does while this one runs: its prepared `select *` would now fail.
        await other.query('alter table answers add column added_later text');
        expect((await reads()).map((a) => a?.answer)).toEqual(Array(8).fill('A mystery role [1].'));
        expect(store.status().state).toBe('up');
      } finally {
        await other.end();
        await store.close();
        await admin.end();
      }
    });
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

import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeWithin, tsxArgs } from './support/child-process';
import {
  FAKE_ADMIN_GUILD_ID,
  FAKE_OWNER_ID,
  embedsOf,
  jsonText,
  startFakeDiscord,
  testKeyPair,
  type FakeDiscord,
  type JsonObject,
  type SentInteraction,
} from './support/fake-discord';
import { haproxyMissing, startHaproxy, type TestHaproxy } from './support/haproxy';
import { postgresMissing, startPostgres, type TestPostgres } from './support/postgres';
import { until } from './support/bounds';

/**
 * Three bot processes in HTTP interactions mode over one PostgreSQL 15, behind a real HAProxy,
 * driven by signed interactions from the fake Discord: what issue 24's replicas look like on loopback.
 */

const TIMEOUT = 240_000;
const REPLICAS = 3;
const TOKEN = 'fake-replica-token-0123456789';
const QUESTION = 'Who is Janet McTeer playing?';
/** A made-up article that only the replica running /reindex has in its articles folder, and a question only it answers. */
const NEW_ARTICLE = `Lanternfield Harbor adds a director for season two

Mirela Ostrand will direct the second season of Lanternfield Harbor, the coastal mystery series, its studio said on Tuesday. Filming starts in the spring.`;
const NEW_QUESTION = 'Who will direct the second season of Lanternfield Harbor?';

interface Replica {
  child: ChildProcess;
  /** Its interactions endpoint and its /healthz, host:port each (not through the balancer). */
  address: string;
  healthz: string;
  articlesDir: string;
  output: () => string;
  /** Interaction ids this replica logged as handled. */
  handled: () => string[];
}

let workDir: string;
let fake: FakeDiscord;
let postgres: TestPostgres;
let balancer: TestHaproxy;
const replicas: Replica[] = [];
const keys = testKeyPair();

/**
 * Starts main.ts in HTTP mode on the shared database, with folders of its own (as on a machine of
 * its own: nothing on disk is shared); resolves once its listener and /healthz are open.
 */
async function startReplica(n: number, databaseUrl: string): Promise<Replica> {
  const articlesDir = path.join(workDir, `articles-${n}`);
  await cp(path.resolve('data/articles'), articlesDir, { recursive: true });
  // Through tsx's loader, not its CLI: the CLI runs the bot in a grandchild that a SIGKILL of the CLI leaves running.
  const child = spawn(process.execPath, tsxArgs('src/discord/main.ts'), {
    cwd: workDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: workDir,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      ARTICLES_DIR: articlesDir,
      DATABASE_DIR: path.join(workDir, `store-${n}`),
      ADMIN_GUILD_ID: FAKE_ADMIN_GUILD_ID,
      METRICS_PORT: '0',
      INDEX_DIR: path.join(workDir, `index-${n}`),
      ALLOW_REMOTE_MODELS: 'false',
      ASK_COOLDOWN_SECONDS: '60',
      DATABASE_URL: databaseUrl,
      INTERACTIONS: 'http',
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      INTERACTIONS_PORT: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const address = /"url":"http:\/\/(127\.0\.0\.1:\d+)\/interactions"/.exec(output)?.[1];
      const healthz = /"healthz":"http:\/\/(127\.0\.0\.1:\d+)\/healthz"/.exec(output)?.[1];
      if (address && healthz) {
        resolve({
          child,
          address,
          healthz,
          articlesDir,
          output: () => output,
          handled: () => [...output.matchAll(/"interactionId":"(\d+)"/g)].map((m) => m[1] ?? ''),
        });
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`replica ${n} exited (${String(code)}): ${output}`)));
  });
}

/** The replicas' warnings and errors, for a failure message. */
function replicaLogs(): string {
  return replicas
    .map(
      (r, n) =>
        `replica ${n}:\n${r
          .output()
          .split('\n')
          .filter((l) => /"level":"(warn|error)"/.test(l))
          .join('\n')}`,
    )
    .join('\n');
}

/** A replica's /healthz body. */
async function healthOf(replica: Replica): Promise<JsonObject> {
  return (await (await fetch(`http://${replica.healthz}/healthz`)).json()) as JsonObject;
}

const missing = postgresMissing() ?? haproxyMissing();

if (missing === null) {
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'replicas-'));
    fake = await startFakeDiscord();
    postgres = await startPostgres();
    // One at a time: the first creates the schema, and three index builds at once would only compete.
    for (let n = 0; n < REPLICAS; n++) replicas.push(await startReplica(n, postgres.url));
    balancer = await startHaproxy(replicas.map((r) => r.address));
    fake.deliverOverHttp(`${balancer.url}/interactions`, keys.privateKey);
  }, TIMEOUT);

  afterAll(async () => {
    for (const { child } of replicas) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        if ((await exitCodeWithin(child, 10_000)) === 'timeout') child.kill('SIGKILL');
      }
    }
    await balancer?.stop();
    await postgres?.stop();
    await fake?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, TIMEOUT);

  const ask = (userId: string): SentInteraction =>
    fake.sendCommand('ask', [{ name: 'question', type: 3, value: QUESTION }], { userId });

  describe(`${REPLICAS} HTTP replicas behind HAProxy over one PostgreSQL`, { timeout: TIMEOUT }, () => {
    it('answers every /ask through the load balancer, each replica taking its share', async () => {
      // One after another: a cold replica's first answer holds its event loop for a while on this shared
      // machine, and how many arrive at once is the load test's business, not this one's.
      const sent: SentInteraction[] = [];
      for (let i = 0; i < REPLICAS * 4; i++) {
        const s = ask(`70000000000000${String(i).padStart(4, '0')}`);
        expect(await s.httpReply, replicaLogs()).toMatchObject({ status: 200, body: { type: 5 } });
        sent.push(s);
      }
      for (const s of sent) {
        const edit = await fake.nextRequest(
          (r) =>
            r.method === 'PATCH' && r.path.includes(s.token) && embedsOf(r).some((e) => e.footer?.text !== 'writing…'),
          60_000,
        );
        expect(embedsOf(edit)[0]?.fields?.[0]?.name).toMatch(/^\[1\] /);
      }
      const ids = new Set(sent.map((s) => s.id));
      for (const replica of replicas) expect(replica.handled().filter((id) => ids.has(id)).length).toBeGreaterThan(0);
    });

    it('keeps one cooldown per member whichever replica each question lands on', async () => {
      const member = '700000000000009999';
      const first = await ask(member).httpReply;
      expect(first).toMatchObject({ status: 200, body: { type: 5 } });
      // Round robin sends the next ones to the other replicas: every one refuses.
      for (let i = 1; i < REPLICAS; i++) {
        const again = await ask(member).httpReply;
        expect(again).toMatchObject({ status: 200, body: { type: 4, data: { flags: 64 } } });
        expect(jsonText(((again?.body as JsonObject).data as JsonObject).content)).toMatch(/wait \d+ more second/);
      }
    });

    it('started the later replicas from the version the first one built and published', () => {
      expect(replicas[0]?.output()).toMatch(/"msg":"Published the index version"/);
      for (const replica of replicas.slice(1)) {
        expect(replica.output()).toMatch(/"msg":"Fetched a published index version"/);
        expect(replica.output()).not.toMatch(/Building the index/);
      }
    });

    it('serves a version one replica built on every other replica, hot-swapped', async () => {
      const [other0, builder, other2] = replicas;
      if (!other0 || !builder || !other2) throw new Error('three replicas expected');
      await writeFile(path.join(builder.articlesDir, 'lanternfield.txt'), NEW_ARTICLE);
      // The operator's /reindex, sent to that replica itself rather than through the balancer.
      fake.deliverOverHttp(`http://${builder.address}/interactions`, keys.privateKey);
      const reindex = fake.sendCommand('reindex', [], { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID });
      await fake.nextRequest(
        (r) =>
          r.method === 'PATCH' &&
          r.path.includes(reindex.token) &&
          embedsOf(r).some((e) => e.title === 'Reindex finished'),
      );
      const version = ((await healthOf(builder)).index as JsonObject).version;
      for (const replica of [other0, other2]) {
        await until(
          'another replica to serve the published version',
          async () => ((await healthOf(replica)).index as JsonObject).version === version || null,
          { intervalMs: 200, detail: replicaLogs },
        );
      }
      // Each replica logs how long after the publication (the database's clock) it served the version.
      const lags = [other0, other2].map((r) => /"secondsSincePublished":([\d.]+)/.exec(r.output())?.[1]);
      console.log(`published index version served by the other replicas ${lags.join(' s and ')} s after publication`);
      for (const [n, replica] of [other0, other2].entries()) {
        fake.deliverOverHttp(`http://${replica.address}/interactions`, keys.privateKey);
        const asked = fake.sendCommand('ask', [{ name: 'question', type: 3, value: NEW_QUESTION }], {
          // A member each: the cooldown is shared by every replica.
          userId: `72000000000000000${n}`,
        });
        const edit = await fake.nextRequest(
          (r) =>
            r.method === 'PATCH' &&
            r.path.includes(asked.token) &&
            embedsOf(r).some((e) => e.footer?.text !== 'writing…'),
        );
        expect(embedsOf(edit)[0]?.description).toMatch(/Mirela Ostrand/);
        expect(embedsOf(edit)[0]?.fields?.[0]?.value).toMatch(/Lanternfield Harbor/);
      }
      fake.deliverOverHttp(`${balancer.url}/interactions`, keys.privateKey);
    });

    it('still answers with one replica killed', async () => {
      const victim = replicas[0];
      victim?.child.kill('SIGKILL');
      if (victim) await exitCodeWithin(victim.child, 10_000);
      const sent = Array.from({ length: REPLICAS * 2 }, (_, i) => ask(`71000000000000${String(i).padStart(4, '0')}`));
      for (const s of sent) expect(await s.httpReply).toMatchObject({ status: 200, body: { type: 5 } });
    });
  });
} else {
  // Never a silent pass: CI installs both; elsewhere the gap is stated.
  describe('HTTP replicas behind HAProxy', () => {
    it(`did NOT run: ${missing}`, () => {
      console.warn(`\n*** the replica test did NOT run: ${missing} ***\n`);
      expect(process.env.CI, 'CI must run the replica test').not.toBe('true');
    });
  });
}

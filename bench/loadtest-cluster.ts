import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  FAKE_ADMIN_GUILD_ID,
  embedsOf,
  startFakeDiscord,
  testKeyPair,
  type FakeDiscord,
  type RecordedRequest,
} from '../test/support/fake-discord';
import { haproxyMissing, startHaproxy, type TestHaproxy } from '../test/support/haproxy';
import { postgresMissing, startPostgres, type TestPostgres } from '../test/support/postgres';
import { modelEnv, type Workspace } from './loadtest-setup';
import type { CpuParts } from './loadtest-cpu';

/**
 * What the load test drives: the fake Discord (in this process), and one bot (gateway or HTTP) or
 * n HTTP replicas over one PostgreSQL 15 behind HAProxy, each bot in its own process writing its
 * log straight to a file (relaying it through this process would cost this process CPU per answer).
 */

const repoRoot = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ClusterOptions {
  workspace: Workspace;
  /** Folder for the bots' logs (bot-N.log). */
  logDir: string;
  /** Discord POSTs interactions to the bots over HTTP instead of the gateway. */
  http: boolean;
  /** n HTTP replicas over PostgreSQL behind HAProxy; null for one bot on the embedded store. */
  replicas: number | null;
  /** Folder for V8 CPU profiles of the bots (node --cpu-prof), or null. */
  cpuProf: string | null;
  say: (line: string) => void;
}

export interface Cluster {
  fake: FakeDiscord;
  bots: ChildProcess[];
  /** Bots killed on purpose: their exit is not an error. */
  killed: Set<ChildProcess>;
  /** Rejects when a bot not killed on purpose exits. */
  exited: Promise<never>;
  /** 'gateway', 'HTTP' or 'HTTP, n replicas behind HAProxy'. */
  how: string;
  /** The processes whose CPU time is counted. */
  cpuParts(): CpuParts;
  logFile(n: number): string;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const { workspace, replicas, say } = options;
  const http = options.http || replicas !== null;
  const count = replicas ?? 1;
  const bots: ChildProcess[] = [];
  const killed = new Set<ChildProcess>();
  let postgres: TestPostgres | null = null;
  let balancer: TestHaproxy | null = null;
  let postgresRoot: number[] = [];
  const fake = await startFakeDiscord();
  const logFile = (n: number) => path.join(options.logDir, `bot-${n}.log`);
  // Interrupted, this process takes its bots with it.
  const interrupted = () => {
    for (const bot of bots) bot.kill('SIGTERM');
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const stop = async () => {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    for (const bot of bots) {
      if (bot.exitCode === null && bot.signalCode === null) {
        const gone = new Promise((resolve) => bot.once('exit', resolve));
        bot.kill('SIGTERM');
        await gone;
      }
    }
    await balancer?.stop();
    await postgres?.stop();
    await fake.close();
  };
  try {
    const keys = testKeyPair();
    if (replicas !== null) {
      const missing = postgresMissing() ?? haproxyMissing();
      if (missing) throw new Error(missing);
      postgres = await startPostgres();
      postgresRoot = (await postgres.pids()).slice(0, 1);
    }
    let fail: (error: Error) => void = () => undefined;
    const exited = new Promise<never>((_resolve, reject) => (fail = reject));
    // Each wait below races it; a bot exiting after the run is not an error.
    exited.catch(() => undefined);
    const launch = (n: number) => {
      const bot = startBot(workspace, fake, logFile(n), {
        publicKeyHex: http ? keys.publicKeyHex : null,
        databaseUrl: postgres?.url ?? null,
        cpuProf: options.cpuProf,
      });
      bots.push(bot);
      bot.once('exit', (code, signal) => {
        if (!killed.has(bot)) fail(new Error(`bot ${n} exited (${signal ?? code}); see ${logFile(n)}`));
      });
      return bot;
    };
    if (http) {
      // The first alone, then the others together: the first creates the schema, and replicas migrating a new
      // database at once waited on each other past the store's query timeout on a busy machine (2026-12-06).
      const first = await Promise.race([interactionsUrl(logFile(0), launch(0)), exited]);
      const rest = Array.from({ length: count - 1 }, (_, i) => interactionsUrl(logFile(i + 1), launch(i + 1)));
      const addresses = [first, ...(await Promise.race([Promise.all(rest), exited]))].map((url) => new URL(url).host);
      const url = replicas !== null ? `${(balancer = await startHaproxy(addresses)).url}` : `http://${addresses[0]}`;
      fake.deliverOverHttp(`${url}/interactions`, keys.privateKey);
    } else {
      launch(0);
      await Promise.race([fake.waitForConnection(300_000), exited]);
    }
    const how =
      replicas !== null ? `HTTP, ${count} replica${count === 1 ? '' : 's'} behind HAProxy` : http ? 'HTTP' : 'gateway';
    say(`bots ${bots.map((b) => b.pid).join(', ')} ready (${how})`);
    return {
      fake,
      bots,
      killed,
      exited,
      how,
      cpuParts: () => ({
        bots: bots.map((b) => b.pid!),
        ...(postgres ? { postgres: postgresRoot } : {}),
        ...(balancer ? { haproxy: [balancer.pid] } : {}),
      }),
      logFile,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The interactions URL a bot logs once its HTTP listener is open, read from its log file. */
async function interactionsUrl(logFile: string, bot: ChildProcess): Promise<string> {
  for (;;) {
    const url = /"url":"(http:[^"]+\/interactions)"/.exec(await readFile(logFile, 'utf8'))?.[1];
    if (url) return url;
    if (bot.exitCode !== null || bot.signalCode !== null) throw new Error(`the bot exited; see ${logFile}`);
    await sleep(100);
  }
}

function startBot(
  workspace: Workspace,
  fake: FakeDiscord,
  logFile: string,
  shared: { publicKeyHex: string | null; databaseUrl: string | null; cpuProf: string | null },
): ChildProcess {
  const { publicKeyHex, databaseUrl, cpuProf } = shared;
  const log = openSync(logFile, 'w');
  const profile = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/discord/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...modelEnv(workspace.articlesDir, workspace.indexDir, workspace),
      DISCORD_TOKEN: 'fake-discord-token-loadtest',
      DISCORD_API_URL: fake.apiUrl,
      ADMIN_GUILD_ID: FAKE_ADMIN_GUILD_ID,
      DATABASE_DIR: path.join(path.dirname(workspace.indexDir), 'store'),
      DATABASE_URL: databaseUrl ?? '',
      FEEDS_FILE: path.join(path.dirname(workspace.indexDir), 'feeds.json'),
      FEEDS_STATE_FILE: path.join(path.dirname(workspace.indexDir), 'feeds-state.json'),
      // Every /ask does the retrieval: distinct questions would miss the cache anyway.
      ANSWER_CACHE_SECONDS: '0',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      // JSON lines in both modes: the HTTP listener's URL is read from the log.
      LOG_FORMAT: 'json',
      ...(publicKeyHex ? { INTERACTIONS: 'http', DISCORD_PUBLIC_KEY: publicKeyHex, INTERACTIONS_PORT: '0' } : {}),
    },
    // Straight to the file: the bot's log never passes through this process.
    stdio: ['ignore', log, log],
    // A session of its own, as a service of its own would have: Linux's autogroup scheduler then gives each
    // replica its own share of a busy machine, instead of one share for the load test and all its bots.
    detached: true,
  });
  closeSync(log);
  return child;
}

/** The bot's last word on a /reindex: its summary, its failure, or a busy message; null while it runs. */
export function reindexEnd(fake: FakeDiscord, token: string): RecordedRequest | null {
  const ended = (request: RecordedRequest) => {
    if (request.method !== 'PATCH' || !request.path.includes(token)) return false;
    const title = embedsOf(request)[0]?.title;
    return title === 'Reindex finished' || title === 'Reindex failed' || contentOf(request) !== null;
  };
  return fake.requests.find(ended) ?? null;
}

export function contentOf(request: RecordedRequest): string | null {
  const body = request.body;
  return body && !Array.isArray(body) && typeof body.content === 'string' && body.content !== '' ? body.content : null;
}

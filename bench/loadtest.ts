import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  FAKE_ADMIN_GUILD_ID,
  FAKE_OWNER_ID,
  embedsOf,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedRequest,
  testKeyPair,
  type SentInteraction,
} from '../test/support/fake-discord';
import { formatLoadResult, percentilesOf, type LoadResult } from './loadtest-report';
import { modelEnv, prepareWorkspace, type Workspace } from './loadtest-setup';
import { describeMachine } from './machine';
import { percentile } from './stats';
import { haproxyMissing, startHaproxy, type TestHaproxy } from '../test/support/haproxy';
import { postgresMissing, startPostgres, type TestPostgres } from '../test/support/postgres';

/**
 * `npm run loadtest`: the real bot (src/discord/main.ts, real discord.js client) in its own
 * process against the fake Discord of the test tree, sent /ask at a steady rate by distinct
 * users; optionally an operator /reindex of n new articles a few seconds in. The fake Discord and
 * the clock run in this process, so a bot whose event loop stalls cannot hide the stall.
 */

const repoRoot = path.resolve(import.meta.dirname, '..');
/** How long Discord waits for the first response to an interaction. */
const DEADLINE_MS = 3_000;
/** How long a /reindex still running when the load ends is waited for. */
const REINDEX_WAIT_MS = 600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LoadOptions {
  rate: number;
  duration: number;
  articles: string;
  limit?: number;
  reindexArticles: number;
  reindexFrom?: string;
  reindexAt: number;
  dimensions: number;
  workDir?: string;
  json?: string;
  grace: number;
  /** Discord POSTs the interactions to the bot's HTTP endpoint (INTERACTIONS=http) instead of the gateway. */
  http: boolean;
  /** HTTP replicas over one PostgreSQL behind HAProxy (implies `http`). */
  replicas?: number;
  /** Seconds into the load one replica is killed with SIGKILL. */
  killAt?: number;
  /** Folder the bots write V8 CPU profiles to (node --cpu-prof), one per bot, on exit. */
  cpuProf?: string;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a positive number');
  return number;
}

function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}

const program = new Command()
  .name('loadtest')
  .description('Send /ask to the real bot through a fake Discord at a steady rate and report its response times.')
  .option('--rate <n>', '/ask interactions per second', positiveNumber, 20)
  .option('--duration <s>', 'seconds of load', positiveNumber, 60)
  .option(
    '--articles <file-or-folder>',
    'what the bot indexes: a folder of articles, a JSONL corpus (.jsonl or .jsonl.gz) or a folder of .jsonl.gz files (../shared/corpus)',
    path.join(repoRoot, 'data/articles'),
  )
  .option('--limit <n>', 'only the first n articles of a JSONL --articles', positiveInt)
  .option('--reindex-articles <n>', 'run an operator /reindex adding n new articles during the load', positiveInt, 0)
  .option('--reindex-from <file>', 'JSONL corpus the reindexed articles come from (default: --articles, past --limit)')
  .option('--reindex-at <s>', 'seconds into the load the /reindex starts', positiveNumber, 5)
  .option('--dimensions <n>', 'width of the fixture embedding model (bge-small has 384)', positiveInt, 384)
  .option('--work-dir <dir>', 'keep the articles, model and built index here and reuse them in the next run')
  .option('--grace <s>', 'seconds to wait for answers after the last /ask', positiveNumber, 30)
  .option('--json <file>', 'also write the figures as JSON')
  .option('--http', 'HTTP interactions mode: signed POSTs to the bot instead of the gateway', false)
  .option(
    '--replicas <n>',
    'n bots in HTTP mode over one PostgreSQL 15 behind HAProxy (both from Debian, started here)',
    positiveInt,
  )
  .option('--kill-at <s>', 'with --replicas: SIGKILL one replica this many seconds into the load', positiveNumber)
  .option('--cpu-prof <dir>', 'each bot writes a V8 CPU profile (node --cpu-prof) to this folder when it stops')
  .showHelpAfterError()
  .action(run);

const say = (line: string) => process.stderr.write(`loadtest: ${line}\n`);

async function run(options: LoadOptions): Promise<void> {
  const workDir = options.workDir ? path.resolve(options.workDir) : await mkdtemp(path.join(os.tmpdir(), 'loadtest-'));
  const keep = options.workDir !== undefined;
  const replicaCount = options.replicas ?? 1;
  const http = options.http || options.replicas !== undefined;
  const bots: ChildProcess[] = [];
  const killed = new Set<ChildProcess>();
  let fake: FakeDiscord | null = null;
  let postgres: TestPostgres | null = null;
  let balancer: TestHaproxy | null = null;
  let killer: NodeJS.Timeout | undefined;
  try {
    const workspace = await prepareWorkspace({
      workDir,
      articles: options.articles,
      limit: options.limit ?? null,
      reindexArticles: options.reindexArticles,
      reindexFrom: options.reindexFrom ?? options.articles,
      dimensions: options.dimensions,
      say,
    });
    fake = await startFakeDiscord();
    const keys = testKeyPair();
    if (options.replicas !== undefined) {
      const missing = postgresMissing() ?? haproxyMissing();
      if (missing) throw new Error(missing);
      postgres = await startPostgres();
    }
    // Interrupted, this process takes its bots with it.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        for (const bot of bots) bot.kill('SIGTERM');
        process.exit(130);
      });
    }
    const exited = new Promise<never>((_resolve, reject) => {
      for (let n = 0; n < replicaCount; n++) {
        const bot = startBot(workspace, fake!, path.join(workDir, `bot-${n}.log`), {
          publicKeyHex: http ? keys.publicKeyHex : null,
          databaseUrl: postgres?.url ?? null,
          cpuProf: options.cpuProf ? path.resolve(options.cpuProf) : null,
        });
        bots.push(bot);
        bot.once('exit', (code, signal) => {
          if (killed.has(bot)) return;
          reject(new Error(`bot ${n} exited (${signal ?? code}); see ${path.join(workDir, `bot-${n}.log`)}`));
        });
      }
    });
    // Each wait below races it; a bot exiting after the run is not an error.
    exited.catch(() => undefined);
    // Listening to every bot's output from the start: a URL logged before we listen would be missed.
    const urls = http ? bots.map(interactionsUrl) : [];
    const addresses: string[] = [];
    for (const url of urls) addresses.push(new URL(await Promise.race([url, exited])).host);
    if (options.replicas !== undefined) {
      balancer = await startHaproxy(addresses);
      fake.deliverOverHttp(`${balancer.url}/interactions`, keys.privateKey);
    } else if (http) {
      fake.deliverOverHttp(`http://${addresses[0]}/interactions`, keys.privateKey);
    } else {
      await Promise.race([fake.waitForConnection(300_000), exited]);
    }
    const how =
      options.replicas !== undefined ? `HTTP, ${replicaCount} replicas behind HAProxy` : http ? 'HTTP' : 'gateway';
    say(
      `bots ${bots.map((b) => b.pid).join(', ')} ready (${how}); ${options.rate} /ask per second for ${options.duration} s`,
    );
    // The last bot's memory is sampled; the first is the one killed.
    const sampled = bots.at(-1)!;
    const victim = bots[0];
    if (options.killAt !== undefined && victim && bots.length > 1) {
      killer = setTimeout(() => {
        killed.add(victim);
        victim.kill('SIGKILL');
        say(`killed replica 0 (pid ${victim.pid}) ${options.killAt} s into the load`);
      }, options.killAt * 1000);
    }
    const result = await Promise.race([drive(workspace, fake, sampled.pid!, options), exited]);
    const report = {
      ...result,
      interactions: how,
      ...(options.killAt !== undefined && bots.length > 1 ? { killedAtSeconds: options.killAt } : {}),
    };
    process.stdout.write(formatLoadResult(report));
    if (options.json) await writeFile(options.json, `${JSON.stringify(report, null, 1)}\n`);
  } finally {
    clearTimeout(killer);
    for (const bot of bots) {
      if (bot.exitCode === null && bot.signalCode === null) {
        const gone = new Promise((resolve) => bot.once('exit', resolve));
        bot.kill('SIGTERM');
        await gone;
      }
    }
    await balancer?.stop();
    await postgres?.stop();
    await fake?.close();
    if (!keep) await rm(workDir, { recursive: true, force: true });
  }
}

/** The interactions URL the bot logs once its HTTP listener is open. */
function interactionsUrl(bot: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let output = '';
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"url":"(http:[^"]+\/interactions)"/.exec(output)?.[1];
      if (!url) return;
      // Only until found: scanning everything a bot logs under load would load this process, not the bot.
      bot.stdout?.off('data', look);
      bot.stderr?.off('data', look);
      output = '';
      resolve(url);
    };
    bot.stdout?.on('data', look);
    bot.stderr?.on('data', look);
  });
}

function startBot(
  workspace: Workspace,
  fake: FakeDiscord,
  logFile: string,
  shared: { publicKeyHex: string | null; databaseUrl: string | null; cpuProf: string | null },
): ChildProcess {
  const { publicKeyHex, databaseUrl, cpuProf } = shared;
  const log = createWriteStream(logFile);
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
      ...(publicKeyHex
        ? { INTERACTIONS: 'http', DISCORD_PUBLIC_KEY: publicKeyHex, INTERACTIONS_PORT: '0', LOG_FORMAT: 'json' }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

interface Sent extends SentInteraction {
  at: number;
  /** Whether a /reindex was running when it was sent. */
  duringReindex: boolean;
}

async function drive(
  workspace: Workspace,
  fake: FakeDiscord,
  botPid: number,
  options: LoadOptions,
): Promise<LoadResult> {
  const loadStart = os.loadavg();
  const rss = { start: rssMb(botPid), peak: rssMb(botPid), childPeak: null as number | null };
  const sampler = setInterval(() => {
    rss.peak = Math.max(rss.peak, rssMb(botPid));
    for (const child of childPids(botPid)) rss.childPeak = Math.max(rss.childPeak ?? 0, rssMb(child));
  }, 200);

  const total = Math.round(options.rate * options.duration);
  const sent: Sent[] = [];
  const reindex = { sent: null as (SentInteraction & { at: number }) | null, end: null as RecordedRequest | null };
  const started = Date.now();
  let userId = 500_000_000_000_000_000n;
  try {
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / options.rate;
      if (reindex.sent === null && workspace.reindexFile && due >= started + options.reindexAt * 1000) {
        reindex.sent = await startReindex(workspace, fake);
      }
      if (reindex.sent && !reindex.end) reindex.end = reindexEnd(fake, reindex.sent.token);
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      userId += 1n;
      const question = questionFor(workspace.titles, i);
      const interaction = fake.sendCommand('ask', [{ name: 'question', type: 3, value: question }], {
        userId: userId.toString(),
      });
      sent.push({ ...interaction, at: Date.now(), duringReindex: reindex.sent !== null && reindex.end === null });
    }
    // Answers still on their way; then the reindex's end, to report how long it took.
    const graceEnd = Date.now() + options.grace * 1000;
    while (Date.now() < graceEnd && answersOf(fake, sent).size < sent.length) await sleep(100);
    // A /reindex the bot never acknowledged never ends either.
    const acknowledged = reindex.sent !== null && fake.callbacks(reindex.sent.id).length > 0;
    if (acknowledged && !reindex.end) say('waiting for the /reindex to finish ...');
    const reindexEndBy = Date.now() + REINDEX_WAIT_MS;
    while (acknowledged && reindex.sent && !reindex.end && Date.now() < reindexEndBy) {
      await sleep(250);
      reindex.end = reindexEnd(fake, reindex.sent.token);
    }
  } finally {
    clearInterval(sampler);
  }
  return summarize(workspace, fake, sent, reindex, { ...rss, end: rssMb(botPid) }, loadStart, options);
}

/**
 * Questions that go through retrieval and composition, made from the article titles. Not "what is the
 * latest on …", which the bot answers like /latest (a headline list) without composing an answer.
 */
const QUESTION_FORMS = [
  (title: string) => `Who is behind ${title}?`,
  (title: string) => `When does ${title} happen?`,
  (title: string) => `Where is ${title} set?`,
  (title: string) => `What does the story ${title} report?`,
];

function questionFor(titles: string[], i: number): string {
  const title = (titles[i % Math.max(1, titles.length)] ?? 'the news').slice(0, 200);
  return QUESTION_FORMS[Math.floor(i / Math.max(1, titles.length)) % QUESTION_FORMS.length]!(title);
}

async function startReindex(workspace: Workspace, fake: FakeDiscord): Promise<SentInteraction & { at: number }> {
  await copyFile(workspace.reindexFile!, path.join(workspace.articlesDir, 'reindex.jsonl'));
  say(`sending /reindex of ${workspace.reindexArticles} new articles`);
  return {
    ...fake.sendCommand('reindex', [], { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID }),
    at: Date.now(),
  };
}

/** The bot's last word on the /reindex: its summary, its failure, or a busy message; null while it runs. */
function reindexEnd(fake: FakeDiscord, token: string): RecordedRequest | null {
  const ended = (request: RecordedRequest) => {
    if (request.method !== 'PATCH' || !request.path.includes(token)) return false;
    const title = embedsOf(request)[0]?.title;
    return title === 'Reindex finished' || title === 'Reindex failed' || contentOf(request) !== null;
  };
  return fake.requests.find(ended) ?? null;
}

function contentOf(request: RecordedRequest): string | null {
  const body = request.body;
  return body && !Array.isArray(body) && typeof body.content === 'string' && body.content !== '' ? body.content : null;
}

/** Interaction token → the request that carried its final message. */
function answersOf(fake: FakeDiscord, sent: Sent[]): Map<string, RecordedRequest> {
  const tokens = new Set(sent.map((s) => s.token));
  const answers = new Map<string, RecordedRequest>();
  for (const request of fake.requests) {
    const token = /\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(request.path)?.[1];
    if (request.method === 'PATCH' && token && tokens.has(token)) answers.set(token, request);
  }
  return answers;
}

function firstResponses(fake: FakeDiscord, sent: Sent[]): Map<string, RecordedRequest> {
  const ids = new Set(sent.map((s) => s.id));
  const first = new Map<string, RecordedRequest>();
  for (const request of fake.requests) {
    const id = /^\/interactions\/(\d+)\//.exec(request.path)?.[1];
    if (id && ids.has(id) && !first.has(id)) first.set(id, request);
  }
  return first;
}

function summarize(
  workspace: Workspace,
  fake: FakeDiscord,
  sent: Sent[],
  reindex: { sent: (SentInteraction & { at: number }) | null; end: RecordedRequest | null },
  rss: { start: number; peak: number; end: number; childPeak: number | null },
  loadStart: number[],
  options: LoadOptions,
): LoadResult {
  const first = firstResponses(fake, sent);
  const answers = answersOf(fake, sent);
  const firstMs = (s: Sent) => {
    const request = first.get(s.id);
    return request ? request.at - s.at : null;
  };
  const firstSamples = sent.map(firstMs).filter((v): v is number => v !== null);
  const answerSamples = sent.flatMap((s) => {
    const request = answers.get(s.token);
    return request ? [request.at - s.at] : [];
  });
  const during = sent
    .filter((s) => s.duringReindex)
    .map(firstMs)
    .filter((v): v is number => v !== null);
  return {
    date: new Date().toISOString(),
    machine: describeMachine(),
    commit: process.env['BENCH_COMMIT'] ?? currentCommit(),
    rate: options.rate,
    durationSeconds: options.duration,
    articles: workspace.articles,
    sent: sent.length,
    answered: answers.size,
    firstResponseMs: percentilesOf(firstSamples),
    answerMs: percentilesOf(answerSamples),
    pastDeadline: sent.filter((s) => (firstMs(s) ?? Infinity) > DEADLINE_MS).length,
    answeredTwice: sent.filter((s) => fake.callbacks(s.id).length > 1).length,
    reindex: reindex.sent && {
      articles: workspace.reindexArticles,
      seconds: reindex.end ? (reindex.end.at - reindex.sent.at) / 1000 : null,
      outcome: reindex.end ? (embedsOf(reindex.end)[0]?.title ?? contentOf(reindex.end) ?? 'answered') : 'not finished',
      asksDuring: sent.filter((s) => s.duringReindex).length,
      firstResponseP99During: during.length > 0 ? percentile(during, 99) : null,
      childPeakRssMb: rss.childPeak,
    },
    botRssMb: { start: rss.start, peak: rss.peak, end: rss.end },
    loadAverage: { start: loadStart, end: os.loadavg() },
  };
}

/** A process's resident set size in MB, from /proc (Linux); 0 once it is gone. */
function rssMb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH')
      return 0;
    throw error;
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH')
      return [];
    throw error;
  }
}

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch (error) {
    say(`no git commit to name: ${(error as Error).message}`);
    return 'unknown';
  }
}

try {
  await program.parseAsync();
} catch (error) {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { embedsOf, startFakeDiscord, type FakeDiscord } from '../test/support/fake-discord';
import { describeMachine } from './machine';

/**
 * `npx tsx bench/bot-rss.ts [--tsx]`: the bot as `npm start` runs it (dist/src/discord/main.js;
 * with --tsx, src/discord/main.ts through tsx) over a copy of the sample articles, with its
 * embedded database, against the fake Discord of the test tree. Prints its resident memory
 * (VmRSS, and the peak VmHWM, from /proc) once it is connected and once it has answered one /ask.
 * Run `npm run build` first for the compiled bot.
 *
 * `npm start`'s node flags come from this (2 vCPU AMD EPYC, Node 20, load 24-30, 2026-12-06; RSS
 * after one answer over a built index): --enable-source-maps 255 MB; --liftoff-only (PGlite's
 * WebAssembly compiled once, by the baseline compiler: its optimised code was ~25-60 MB) 215 MB;
 * with --max-semi-space-size=2 (a young generation of 2 MB pages, not 16) 196-205 MB.
 */

const repoRoot = path.resolve(import.meta.dirname, '..');
const QUESTION = 'Who is Janet McTeer playing?';
const throughTsx = process.argv.includes('--tsx');
/** Node's flags for the compiled bot: `npm start`'s, or BOT_NODE_FLAGS to compare others. */
const nodeFlags = (process.env['BOT_NODE_FLAGS'] ?? startFlags()).split(' ').filter(Boolean);

/** The flags `npm start` gives node, read from package.json. */
function startFlags(): string {
  const scripts = (
    JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }
  ).scripts;
  return scripts.start.replace(/^node /, '').replace(/scripts\/compiled\.mjs.*$/, '');
}

/** A field of /proc/<pid>/status in MB: VmRSS (resident now) or VmHWM (resident at most). */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`no ${field} for process ${pid}`);
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

function startBot(workDir: string, fake: FakeDiscord): ChildProcess {
  const entry = throughTsx
    ? [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(repoRoot, 'src/discord/main.ts')]
    : [...nodeFlags, path.join(repoRoot, 'dist/src/discord/main.js')];
  return spawn(process.execPath, entry, {
    // The temporary folder, so a developer's own .env is not read.
    cwd: workDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: workDir,
      DISCORD_TOKEN: 'fake-discord-token-bot-rss',
      DISCORD_API_URL: fake.apiUrl,
      ARTICLES_DIR: path.join(workDir, 'articles'),
      INDEX_DIR: path.join(workDir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      ASK_COOLDOWN_SECONDS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const workDir = await mkdtemp(path.join(os.tmpdir(), 'bot-rss-'));
await cp(path.join(repoRoot, 'data/articles'), path.join(workDir, 'articles'), { recursive: true });
let fake: FakeDiscord | undefined;
let bot: ChildProcess | undefined;
try {
  // A first start builds the index; the second starts as a bot usually does, over a built one.
  for (const run of ['first start (builds the index)', 'start over a built index']) {
    await fake?.close();
    fake = await startFakeDiscord();
    bot = startBot(workDir, fake);
    const pid = bot.pid!;
    const started = performance.now();
    await fake.waitForConnection(300_000);
    const connectedMs = performance.now() - started;
    const connected = statusMb(pid, 'VmRSS');
    const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: QUESTION }]);
    await fake.nextRequest(
      (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).length > 0,
      60_000,
    );
    const answered = statusMb(pid, 'VmRSS');
    const peak = statusMb(pid, 'VmHWM');
    process.stdout.write(
      `${run}: connected in ${(connectedMs / 1000).toFixed(1)} s, RSS ${connected} MB; after one answer ${answered} MB (peak ${peak} MB)\n`,
    );
    const exited = new Promise((resolve) => bot!.once('exit', resolve));
    bot.kill('SIGTERM');
    await exited;
  }
  const machine = describeMachine();
  process.stdout.write(
    `${throughTsx ? 'tsx' : 'compiled'}; ${machine.cpus} x ${machine.cpuModel}, Node ${machine.node}, load ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
} finally {
  if (bot && bot.exitCode === null && bot.signalCode === null) bot.kill('SIGKILL');
  await fake?.close();
  await rm(workDir, { recursive: true, force: true });
}

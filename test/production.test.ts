import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../src/observe/health';
import { PROCESS_TEST_TIMEOUT_MS, until as untilSignal } from './support/bounds';
import { exitCodeWithin } from './support/child-process';
import { embedsOf, startFakeDiscord, type FakeDiscord } from './support/fake-discord';

/**
 * `npm run build` then the compiled bot (what `npm start` runs) as a real process against the fake
 * Discord, with METRICS_PORT=0: its JSON log lines on stderr, /healthz through start-up, serving and
 * a lost gateway, and /metrics moving as a question is answered.
 */
const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
const TOKEN = 'fake-production-token-0123456789';

let workDir: string;
let fake: FakeDiscord;
let child: ChildProcess;
let stderr = '';
let baseUrl: string;

/** The bot's log lines so far, each one JSON object (Node's own warnings, `(node:…)`, are not the bot's). */
function logEntries(): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('(node:'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Waits for `probe` to return something, showing the bot's log if it never does. */
function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  return untilSignal(what, probe, { detail: () => stderr });
}

async function healthz(): Promise<{
  status: number;
  body: Health;
}> {
  const response = await fetch(`${baseUrl}/healthz`);
  return { status: response.status, body: (await response.json()) as never };
}

async function metricValue(series: string): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const build = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    build.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    build.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    build.once('exit', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  const build = await run('npm', ['run', 'build']);
  expect(build.code, build.output).toBe(0);
  workDir = await mkdtemp(path.join(tmpdir(), 'production-'));
  await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
  fake = await startFakeDiscord({ holdReady: true });
}, TIMEOUT);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exitCodeWithin(child);
  }
  await fake?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the compiled bot', { timeout: TIMEOUT }, () => {
  it('is what npm start runs, and starts from dist/ with its commands compiled beside it', async () => {
    const scripts = (JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toContain('dist/src/discord/main.js');
    // Run from the temporary folder, so a developer's own .env in the checkout is never read.
    child = spawn(process.execPath, ['--enable-source-maps', path.resolve('dist/src/discord/main.js')], {
      cwd: workDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: workDir,
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: fake.apiUrl,
        ARTICLES_DIR: path.join(workDir, 'articles'),
        INDEX_DIR: path.join(workDir, 'index'),
        ALLOW_REMOTE_MODELS: 'false',
        ASK_COOLDOWN_SECONDS: '0',
        METRICS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const listening = await until('the metrics listener', () =>
      logEntries().find((e) => e.msg === 'Health and metrics listening'),
    );
    baseUrl = String(listening.healthz).replace(/\/healthz$/, '');
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers /healthz 503 until the gateway is ready, then 200 with the index version', async () => {
    // The index loads, but Discord holds READY back: not healthy yet.
    const starting = await until('the index to load', async () => {
      const probe = await healthz();
      return probe.body.index.loaded ? probe : undefined;
    });
    expect(starting.status).toBe(503);
    expect(starting.body.gateway).toBe('disconnected');

    fake.releaseReady();
    const ready = await until('a healthy bot', async () => {
      const probe = await healthz();
      return probe.status === 200 ? probe : undefined;
    });
    // The version the index loaded with, which no reindex has changed since.
    expect(starting.body.index.version).toMatch(/^v-/);
    expect(ready.body).toMatchObject({
      status: 'pass',
      gateway: 'connected',
      index: { loaded: true, version: starting.body.index.version },
      store: { kind: 'embedded', state: 'up', error: null },
    });
  });

  it('answers /ask, logs it as one JSON line, and its counters move in /metrics', async () => {
    const answered = 'show_news_interactions_total{kind="command",command="ask",outcome="answered"}';
    expect(await metricValue(answered)).toBeUndefined();
    expect(await metricValue('show_news_index_articles')).toBeGreaterThan(0);
    expect(await metricValue('show_news_index_chunks')).toBeGreaterThan(0);
    // The first build at start-up was a reindex.
    expect(await metricValue('show_news_reindex_duration_seconds_count')).toBe(1);
    expect(await metricValue('show_news_last_reindex_articles')).toBe(await metricValue('show_news_index_articles'));
    expect(await metricValue('process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(await metricValue('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);

    const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'Who is Janet McTeer playing?' }]);
    const edit = await fake.nextRequest(
      (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).length > 0,
    );
    expect(embedsOf(edit)[0]?.fields?.[0]?.name).toMatch(/^\[1\] /);

    expect(await until('the counter', async () => metricValue(answered))).toBe(1);
    expect(await metricValue('show_news_answer_duration_seconds_count{command="ask",mode="extractive"}')).toBe(1);
    const line = logEntries().find((e) => e.msg === 'interaction' && e.interactionId === sent.id);
    expect(line).toMatchObject({ level: 'info', command: 'ask', mode: 'extractive', outcome: 'answered' });
  });

  it('answers /healthz 503 once the gateway connection is lost, and exits 0 on SIGTERM without logging its token', async () => {
    await fake.close();
    const lost = await until('an unhealthy bot', async () => {
      const probe = await healthz();
      return probe.status === 503 ? probe : undefined;
    });
    expect(lost.body).toMatchObject({ gateway: 'disconnected', index: { loaded: true } });

    child.kill('SIGTERM');
    expect(await exitCodeWithin(child), stderr).toBe(0);
    expect(stderr).not.toContain(TOKEN);
  });
});

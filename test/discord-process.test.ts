import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_TEST_TIMEOUT_MS } from './support/bounds';
import { exitCodeWithin, tsxArgs } from './support/child-process';
import { embedsOf, startFakeDiscord, testKeyPair, type FakeDiscord } from './support/fake-discord';

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
const TOKEN = 'fake-process-token-0123456789';

let workDir: string;
let fake: FakeDiscord;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'discord-process-'));
  await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
  fake = await startFakeDiscord();
});

afterAll(async () => {
  await fake?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Runs main.ts from the temp folder, so a developer's own .env in the checkout is never read. */
function startBotProcess(env: Record<string, string>) {
  return spawn(process.execPath, tsxArgs('src/discord/main.ts'), {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? '', HOME: workDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('npm start', { timeout: TIMEOUT }, () => {
  it('starts the bot as a process, answers /ask with citations, and exits 0 on SIGTERM', async () => {
    const child = startBotProcess({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      ARTICLES_DIR: path.join(workDir, 'articles'),
      INDEX_DIR: path.join(workDir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      ASK_COOLDOWN_SECONDS: '0',
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await fake.waitForConnection();
      const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'Who is Janet McTeer playing?' }]);
      const edit = await fake.nextRequest(
        (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).length > 0,
      );
      const sources = embedsOf(edit)
        .flatMap((e) => e.fields ?? [])
        .map((f) => f.name);
      expect(sources[0]).toMatch(/^\[1\] /);

      child.kill('SIGTERM');
      const code = await exitCodeWithin(child);
      expect(code, stderr).toBe(0);
      expect(stderr).not.toContain(TOKEN);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exitCodeWithin(child);
      }
    }
  });

  it('serves HTTP interactions with INTERACTIONS=http, without a gateway connection', async () => {
    const keys = testKeyPair();
    const child = startBotProcess({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      ARTICLES_DIR: path.join(workDir, 'articles'),
      INDEX_DIR: path.join(workDir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      ASK_COOLDOWN_SECONDS: '0',
      INTERACTIONS: 'http',
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      INTERACTIONS_PORT: '0',
      LOG_FORMAT: 'json',
    });
    let output = '';
    const listening = new Promise<string>((resolve) => {
      const look = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /"url":"(http:\/\/127\.0\.0\.1:\d+\/interactions)"/.exec(output)?.[1];
        if (url) resolve(url);
      };
      child.stderr?.on('data', look);
      child.stdout?.on('data', look);
    });
    const gatewayBefore = fake.requests.filter((r) => r.path === '/gateway/bot').length;
    try {
      const url = await Promise.race([
        listening,
        exitCodeWithin(child, 40_000).then((code) => {
          throw new Error(`no listener (exit ${String(code)}): ${output}`);
        }),
      ]);
      fake.deliverOverHttp(url, keys.privateKey);
      const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'Who is Janet McTeer playing?' }]);
      expect(await sent.httpReply).toMatchObject({ status: 200, body: { type: 5 } });
      const edit = await fake.nextRequest(
        (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).length > 0,
        15_000,
      );
      expect(embedsOf(edit).flatMap((e) => e.fields ?? [])[0]?.name).toMatch(/^\[1\] /);
      expect(fake.requests.filter((r) => r.path === '/gateway/bot')).toHaveLength(gatewayBefore);

      child.kill('SIGTERM');
      const code = await exitCodeWithin(child, 10_000);
      expect(code, output).toBe(0);
      expect(output).not.toContain(TOKEN);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exitCodeWithin(child, 5_000);
      }
    }
  });

  it('refuses INTERACTIONS=http without DISCORD_PUBLIC_KEY, saying so', async () => {
    const child = startBotProcess({ DISCORD_TOKEN: TOKEN, INTERACTIONS: 'http' });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await exitCodeWithin(child, 15_000);
    if (code === 'timeout') child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(stderr).toContain('INTERACTIONS=http needs DISCORD_PUBLIC_KEY');
  });

  it('refuses to start without DISCORD_TOKEN, saying so', async () => {
    const child = startBotProcess({
      ARTICLES_DIR: path.join(workDir, 'articles'),
      INDEX_DIR: path.join(workDir, 'index'),
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await exitCodeWithin(child);
    if (code === 'timeout') child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(stderr).toContain('DISCORD_TOKEN is not set');
  });
});

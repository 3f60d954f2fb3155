import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireDiscordToken } from '../src/config';
import { startBot } from '../src/discord/bot';
import { openStore, type Store } from '../src/store/store';
import { openEngine, type Engine } from '../src/engine';
import { silentLogger } from '../src/log';
import { embedsOf, jsonText, messageData, startFakeDiscord, type FakeDiscord } from './support/fake-discord';

const TIMEOUT = 30_000;
let workDir: string;
let fake: FakeDiscord;
let engine: Engine;
let client: Client;
let store: Store;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'discord-cooldown-'));
  await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
  fake = await startFakeDiscord();
  const config = requireDiscordToken(
    loadConfig({
      ARTICLES_DIR: path.join(workDir, 'articles'),
      INDEX_DIR: path.join(workDir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      DISCORD_TOKEN: 'fake-discord-token-abcdef',
      DISCORD_API_URL: fake.apiUrl,
      ASK_COOLDOWN_SECONDS: '30',
    }),
  );
  engine = await openEngine(config, { log: silentLogger });
  store = await openStore({ embeddedDir: null }, silentLogger);
  client = await startBot(config, engine, store, silentLogger);
}, TIMEOUT);

afterAll(async () => {
  await client?.destroy();
  await store?.close();
  await fake?.close();
  await engine?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, TIMEOUT);

const ask = (userId: string) =>
  fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'Who is Janet McTeer playing?' }], { userId });

describe('/ask cooldown', { timeout: TIMEOUT }, () => {
  it('asks the same user to wait, privately, and leaves other users alone', async () => {
    const first = ask('300000000000000001');
    await fake.nextRequest((r) => r.method === 'PATCH' && r.path.includes(first.token) && embedsOf(r).length > 0);

    const again = ask('300000000000000001');
    const refusal = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${again.id}/`));
    expect(refusal.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const seconds = Number(/wait (\d+) more second/.exec(jsonText(messageData(refusal)?.content))?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(30);

    const other = ask('300000000000000002');
    const deferred = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${other.id}/`));
    expect(deferred.body).toMatchObject({ type: 5 });
  });
});

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireDiscordToken } from '../src/config';
import { startBot } from '../src/discord/bot';
import { openEngine, type Engine } from '../src/engine';
import { silentLogger } from '../src/log';
import { openStore, type Store } from '../src/store/store';
import {
  ADMIN_PERMISSIONS,
  FAKE_ADMIN_GUILD_ID,
  embedsOf,
  jsonText,
  messageData,
  startFakeDiscord,
  type FakeDiscord,
} from './support/fake-discord';

const TEAM = ['100000000000000201', '100000000000000202'];
let workDir: string;
let fake: FakeDiscord;
let engine: Engine;
let store: Store;
let client: Client;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'discord-operator-'));
  await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
  // The application belongs to a team: every member is an operator, nobody else is.
  fake = await startFakeDiscord({ teamMemberIds: TEAM });
  const config = requireDiscordToken(
    loadConfig({
      ARTICLES_DIR: path.join(workDir, 'articles'),
      INDEX_DIR: path.join(workDir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      DISCORD_TOKEN: 'fake-discord-token-abcdef',
      DISCORD_API_URL: fake.apiUrl,
      ADMIN_GUILD_ID: FAKE_ADMIN_GUILD_ID,
    }),
  );
  engine = await openEngine(config, { log: silentLogger });
  store = await openStore({ embeddedDir: null }, silentLogger);
  client = await startBot(config, engine, store, silentLogger);
}, 60_000);

afterAll(async () => {
  await client?.destroy();
  await store?.close();
  await fake?.close();
  await engine?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('operators from the application team', () => {
  it('lets every team member run /feedback and refuses an admin who is not on the team', async () => {
    for (const userId of TEAM) {
      const sent = fake.sendCommand('feedback', [], { userId, guildId: FAKE_ADMIN_GUILD_ID });
      const shown = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
      expect(embedsOf(shown)[0]?.title).toBe('Latest 👎');
    }
    const outsider = fake.sendCommand('feedback', [], {
      userId: '100000000000000203',
      permissions: ADMIN_PERMISSIONS,
      guildId: FAKE_ADMIN_GUILD_ID,
    });
    const refused = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${outsider.id}/`));
    expect(jsonText(messageData(refused)?.content)).toContain("only the bot's operator");
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireDiscordToken } from '../src/config';
import { startBot } from '../src/discord/bot';
import { openEngine, type Engine } from '../src/engine';
import { silentLogger } from '../src/log';
import { openStore, type Store } from '../src/db/store';
import { embedsOf, startFakeDiscord, type FakeDiscord } from './support/fake-discord';
import { PROCESS_TEST_TIMEOUT_MS } from './support/bounds';

// Two made-up reports of one premiere date; the second is dated after the moment anyone asks.
const past = 'https://coastscreen.example/harbor-lights-season-3-premiere';
const future = 'https://dailyreel.example/harbor-lights-season-3-moved';
const articles = {
  'premiere.md': `---\ntitle: Harbor Lights season 3 premiere set\noutlet: Coast Screen\nurl: ${past}\npublished: 2020-01-10\n---\nThe third season of Harbor Lights premieres on March 4, the streamer said.\n`,
  'moved.md': `---\ntitle: Harbor Lights season 3 premiere moved\noutlet: Daily Reel\nurl: ${future}\npublished: 2999-01-01\n---\nThe third season of Harbor Lights premieres on May 9 instead, the streamer said.\n`,
};
const QUESTION = 'When does Harbor Lights season 3 premiere?';

let dir: string;
let fake: FakeDiscord;
let engine: Engine;
let client: Client;
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'discord-as-of-'));
  await mkdir(path.join(dir, 'articles'));
  for (const [name, text] of Object.entries(articles)) await writeFile(path.join(dir, 'articles', name), text);
  fake = await startFakeDiscord();
  const config = requireDiscordToken(
    loadConfig({
      ARTICLES_DIR: path.join(dir, 'articles'),
      INDEX_DIR: path.join(dir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      EMBEDDING_MODEL: 'not-installed/model',
      DISCORD_TOKEN: 'fake-discord-token-abcdef',
      DISCORD_API_URL: fake.apiUrl,
      ASK_COOLDOWN_SECONDS: '0',
    }),
  );
  engine = await openEngine(config, { log: silentLogger });
  store = await openStore({ embeddedDir: null }, silentLogger);
  client = await startBot(config, engine, store, silentLogger);
}, PROCESS_TEST_TIMEOUT_MS);

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
  await store?.close();
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('/ask answers as of the moment it was asked', () => {
  it(
    'does not cite an article dated after the interaction',
    async () => {
      // Without a date the later report is found (the answer may cite either date's report).
      const undated = await engine.retrieve(QUESTION);
      expect(undated.groups.flatMap((g) => g.passages.map((p) => p.article.url))).toContain(future);

      const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: QUESTION }]);
      const edit = await fake.nextRequest(
        (r) => r.method === 'PATCH' && r.path.endsWith(`/${sent.token}/messages/@original`) && embedsOf(r).length > 0,
      );
      const embeds = embedsOf(edit);
      const shown = embeds
        .map((e) => [e.description ?? '', ...(e.fields ?? []).map((f) => f.value)].join('\n'))
        .join('\n');
      expect(shown).toContain(past);
      expect(shown).toContain('March 4');
      expect(shown).not.toContain(future);
      expect(shown).not.toContain('May 9');
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});

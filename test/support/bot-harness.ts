import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'discord.js';
import { loadConfig, requireDiscordToken } from '../../src/config';
import { startBot } from '../../src/discord/bot';
import { openEngine, type Engine } from '../../src/engine';
import { createLogger, silentLogger, type Logger } from '../../src/log';
import type { InteractionEvent } from '../../src/observe/interaction';
import { configuredSecrets } from '../../src/startup';
import { openStore, type Store } from '../../src/db/store';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './fake-discord';

/** The real bot, engine and (in-memory) store over a copy of the sample articles, talking to a fake Discord. */
export interface BotHarness {
  workDir: string;
  articlesDir: string;
  fake: FakeDiscord;
  engine: Engine;
  store: Store;
  client: Client;
  close(): Promise<void>;
}

export async function startBotHarness(options: {
  /** Prefix of the temporary folder. */
  name: string;
  /** Configuration beyond the harness's own (folders, token, fake Discord's address). */
  env?: Record<string, string>;
  discord?: FakeDiscordOptions;
  /** Adds articles to the copied sample folder before the index is built. */
  addArticles?: (articlesDir: string) => Promise<void>;
  /** Collects the bot's log lines (debug and up, secrets redacted as in production); silent when absent. */
  logLines?: string[];
  /** Opens the store (default: PGlite in memory), e.g. on a test PostgreSQL with small timeouts. */
  openStore?: (log: Logger) => Promise<Store>;
  /** Told of every handled interaction, as the metrics are in production. */
  onInteraction?: (event: InteractionEvent) => void;
}): Promise<BotHarness> {
  const workDir = await mkdtemp(path.join(tmpdir(), options.name));
  const articlesDir = path.join(workDir, 'articles');
  await cp(path.resolve('data/articles'), articlesDir, { recursive: true });
  await options.addArticles?.(articlesDir);
  const fake = await startFakeDiscord(options.discord);
  const config = requireDiscordToken(
    loadConfig({
      ARTICLES_DIR: articlesDir,
      INDEX_DIR: path.join(workDir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      DISCORD_TOKEN: 'fake-discord-token-abcdef',
      DISCORD_API_URL: fake.apiUrl,
      ...options.env,
    }),
  );
  const { logLines } = options;
  const log = logLines
    ? createLogger({ level: 'debug', secrets: configuredSecrets(config), write: (line) => logLines.push(line) })
    : silentLogger;
  const engine = await openEngine(config, { log });
  const store = await (options.openStore ?? ((l: Logger) => openStore({ embeddedDir: null }, l)))(log);
  const client = await startBot(config, engine, store, log, { onInteraction: options.onInteraction });
  return {
    workDir,
    articlesDir,
    fake,
    engine,
    store,
    client,
    async close() {
      await client.destroy();
      await store.close();
      await fake.close();
      await engine.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

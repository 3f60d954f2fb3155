import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { STORE_TIMEOUT_DEFAULTS, type SqlTimeouts } from './db/timeouts';
import { describeIssues } from './errors';
import type { LogFormat, LogLevel } from './log';

/**
 * The one place that reads the environment. Everything else receives a `Config`,
 * so tests can build one from a plain object and nothing reads `process.env` later.
 */

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const positiveInt = (fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().positive().default(fallback));
const nonNegativeInt = (fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().nonnegative().default(fallback));

const envSchema = z.object({
  ARTICLES_DIR: z.preprocess(blankToUndefined, z.string().default('data/articles')),
  INDEX_DIR: z.preprocess(blankToUndefined, z.string().default('data/index')),
  EMBEDDING_MODEL: z.preprocess(blankToUndefined, z.string().default('Xenova/bge-small-en-v1.5')),
  MODELS_DIR: optionalString,
  ALLOW_REMOTE_MODELS: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
  ),
  MAX_ARTICLE_BYTES: positiveInt(5 * 1024 * 1024),

  DISCORD_TOKEN: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_URL: optionalString,
  ASK_COOLDOWN_SECONDS: nonNegativeInt(10),
  // Each follow costs a /latest look-up per reindex and may post per story: a server gets a few.
  FOLLOWS_PER_SERVER: nonNegativeInt(10),
  // How interactions arrive (issue 24): the gateway connection, or Discord POSTing them to our HTTP endpoint.
  INTERACTIONS: z.preprocess(blankToUndefined, z.enum(['gateway', 'http']).default('gateway')),
  DISCORD_PUBLIC_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "the application's public key: 64 hex digits from the Developer Portal")
      .optional(),
  ),
  INTERACTIONS_PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65_535).default(8080)),
  INTERACTIONS_HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  // Gateway shards this process opens (issue 24); unset: as many as Discord recommends (GET /gateway/bot).
  SHARD_COUNT: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  OPENAI_MODEL: z.preprocess(blankToUndefined, z.string().default('gpt-4o-mini')),
  LLM_TIMEOUT_MS: positiveInt(20_000),
  LLM_MAX_RETRIES: nonNegativeInt(2),
  ANSWER_CACHE_SECONDS: nonNegativeInt(600),

  // Discord answers people can act on (issue 10): the operator, the store, per-server defaults, threads.
  ADMIN_GUILD_ID: optionalString,
  OWNER_IDS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\s*\d{15,21}(\s*,\s*\d{15,21})*\s*$/, 'a comma-separated list of Discord user ids')
      .optional(),
  ),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATABASE_DIR: z.preprocess(blankToUndefined, z.string().default('data/store')),
  STORE_CONNECT_TIMEOUT_MS: positiveInt(STORE_TIMEOUT_DEFAULTS.connectMs),
  STORE_QUERY_TIMEOUT_MS: positiveInt(STORE_TIMEOUT_DEFAULTS.queryMs),
  ASK_PRIVATE_BY_DEFAULT: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  ),
  THREAD_CONTEXT_HOURS: positiveInt(24),

  // RSS/Atom feeds (issue 12): polled while the bot serves, saved as articles, indexed incrementally.
  FEEDS_FILE: z.preprocess(blankToUndefined, z.string().default('data/feeds.json')),
  FEEDS_STATE_FILE: z.preprocess(blankToUndefined, z.string().default('data/feeds-state.json')),
  FEEDS_ALLOW_PRIVATE: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  ),
  FEEDS_USER_AGENT: z.preprocess(
    blankToUndefined,
    z.string().default('show-news-bot/0.1 (TV-news Discord bot; set FEEDS_USER_AGENT to add your repository URL)'),
  ),
  FEEDS_HOST_DELAY_MS: nonNegativeInt(1000),
  FEEDS_TIMEOUT_MS: positiveInt(15_000),
  FEEDS_MAX_BYTES: positiveInt(5 * 1024 * 1024),
  FEEDS_CHECK_SECONDS: positiveInt(60),
  // At the 1 s host delay, 100 pages take about 100 s: a poll's articles are indexed within about
  // two minutes of its start, and a 20,000-item feed is taken in 200 polls rather than one of 6 hours.
  FEEDS_MAX_ITEMS_PER_POLL: positiveInt(100),

  // Production logs, health and metrics (issue 11): pino's level and line format, the HTTP listener.
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
  LOG_FORMAT: z.preprocess(blankToUndefined, z.enum(['auto', 'json', 'pretty']).default('auto')),
  METRICS_PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65_535).optional()),
  METRICS_HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
});

export interface Config {
  articlesDir: string;
  indexDir: string;
  embeddingModel: string;
  /** Folder of local model files (`<model id>/tokenizer.json`, `<model id>/onnx/model.onnx`). */
  modelsDir: string | undefined;
  allowRemoteModels: boolean;
  maxArticleBytes: number;
  discord: {
    token: string | undefined;
    guildId: string | undefined;
    apiUrl: string | undefined;
    askCooldownSeconds: number;
    /** Shows a server may follow with /follow (0: following is off). */
    followsPerServer: number;
    /** Gateway shards, all opened by this process; `auto`: Discord's recommendation (required from 2,500 guilds). */
    shardCount: number | 'auto';
  };
  /** `gateway`: one connection receives interactions; `http`: Discord POSTs them to this process's listener. */
  interactions: InteractionsConfig;
  llm: {
    apiKey: string | undefined;
    baseUrl: string | undefined;
    model: string;
    timeoutMs: number;
    maxRetries: number;
    /** Configured only when a key or a base URL is given; otherwise answers stay extractive. */
    enabled: boolean;
  };
  answerCacheSeconds: number;
  /** Who owns the index: only they run /reindex and /feedback, registered only in their guild. */
  operator: {
    adminGuildId: string | undefined;
    /** Besides these, the application's owner (or team) read from Discord at start-up. */
    ownerIds: string[];
  };
  store: {
    /** PostgreSQL server to share between bot processes; the embedded database when absent. Secret: never log it. */
    databaseUrl: string | undefined;
    /** Folder of the embedded database. */
    embeddedDir: string;
    /** Past these, a store call fails and the bot goes on without it (answers still go out). */
    timeouts: SqlTimeouts;
  };
  /** Defaults for servers that have not changed them with /settings. */
  askPrivateByDefault: boolean;
  /** A thread's earlier questions count as context for this long. */
  threadContextHours: number;

  feeds: FeedsConfig;

  log: {
    level: LogLevel;
    /** `auto`: readable lines when stderr is a terminal, JSON lines otherwise. */
    format: 'auto' | LogFormat;
  };
  /** The /healthz and /metrics listener; off when `port` is undefined (0 picks a free port). */
  metrics: { port: number | undefined; host: string };
}

export type InteractionsConfig =
  | { mode: 'gateway' }
  | {
      mode: 'http';
      /** Hex Ed25519 key every request's signature is checked against. */
      publicKey: string;
      /** 0 picks a free port (logged at start). */
      port: number;
      host: string;
    };

/** Where feeds are listed and how they are fetched (see docs/operations.md, "Feeds (RSS and Atom)"). */
export interface FeedsConfig {
  /** The feeds file (`data/feeds.json`): which feeds to poll. */
  file: string;
  /** Conditional-GET validators, last poll and error per feed; outside the articles folder. */
  stateFile: string;
  /** Whether loopback, private and link-local addresses may be fetched (tests only). */
  allowPrivate: boolean;
  userAgent: string;
  /** Pause between two requests to the same host (port included). */
  hostDelayMs: number;
  /** Limit for one whole request: connect, headers and body. */
  timeoutMs: number;
  /** Largest feed or page body read (after decompression). */
  maxBytes: number;
  /** How often the bot looks for feeds that are due. */
  checkSeconds: number;
  /** New or changed items handled per feed and poll; the rest are taken at the next check. */
  maxItemsPerPoll: number;
}

export class ConfigError extends Error {}

/** A config that has the Discord bot token: what the bot and command registration run on. */
export type BotConfig = Config & { discord: Config['discord'] & { token: string } };

/** The one check that DISCORD_TOKEN is set; a ConfigError saying where to put it when it is not. */
export function requireDiscordToken(config: Config): BotConfig {
  const { token } = config.discord;
  if (!token) throw new ConfigError('DISCORD_TOKEN is not set. Put the bot token in .env (see .env.example).');
  return { ...config, discord: { ...config.discord, token } };
}

/** Validates the environment once; throws a ConfigError naming every bad variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  baseDir: string = process.cwd(),
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration: ${describeIssues(parsed.error).join('; ')}`);
  }
  const e = parsed.data;
  if (e.INTERACTIONS === 'http' && e.DISCORD_PUBLIC_KEY === undefined) {
    throw new ConfigError(
      "INTERACTIONS=http needs DISCORD_PUBLIC_KEY, the application's public key (Developer Portal, General Information).",
    );
  }
  const resolve = (p: string) => path.resolve(baseDir, p);
  return {
    articlesDir: resolve(e.ARTICLES_DIR),
    indexDir: resolve(e.INDEX_DIR),
    embeddingModel: e.EMBEDDING_MODEL,
    modelsDir: e.MODELS_DIR === undefined ? undefined : resolve(e.MODELS_DIR),
    allowRemoteModels: e.ALLOW_REMOTE_MODELS,
    maxArticleBytes: e.MAX_ARTICLE_BYTES,
    discord: {
      token: e.DISCORD_TOKEN,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
      askCooldownSeconds: e.ASK_COOLDOWN_SECONDS,
      followsPerServer: e.FOLLOWS_PER_SERVER,
      shardCount: e.SHARD_COUNT ?? 'auto',
    },
    interactions:
      e.INTERACTIONS === 'http' && e.DISCORD_PUBLIC_KEY !== undefined
        ? { mode: 'http', publicKey: e.DISCORD_PUBLIC_KEY, port: e.INTERACTIONS_PORT, host: e.INTERACTIONS_HOST }
        : { mode: 'gateway' },
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      timeoutMs: e.LLM_TIMEOUT_MS,
      maxRetries: e.LLM_MAX_RETRIES,
      enabled: e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined,
    },
    answerCacheSeconds: e.ANSWER_CACHE_SECONDS,
    operator: {
      adminGuildId: e.ADMIN_GUILD_ID,
      ownerIds: (e.OWNER_IDS ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    },
    store: {
      databaseUrl: e.DATABASE_URL,
      embeddedDir: resolve(e.DATABASE_DIR),
      timeouts: { connectMs: e.STORE_CONNECT_TIMEOUT_MS, queryMs: e.STORE_QUERY_TIMEOUT_MS },
    },
    askPrivateByDefault: e.ASK_PRIVATE_BY_DEFAULT,
    threadContextHours: e.THREAD_CONTEXT_HOURS,

    feeds: {
      file: resolve(e.FEEDS_FILE),
      stateFile: resolve(e.FEEDS_STATE_FILE),
      allowPrivate: e.FEEDS_ALLOW_PRIVATE,
      userAgent: e.FEEDS_USER_AGENT,
      hostDelayMs: e.FEEDS_HOST_DELAY_MS,
      timeoutMs: e.FEEDS_TIMEOUT_MS,
      maxBytes: e.FEEDS_MAX_BYTES,
      checkSeconds: e.FEEDS_CHECK_SECONDS,
      maxItemsPerPoll: e.FEEDS_MAX_ITEMS_PER_POLL,
    },

    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    metrics: { port: e.METRICS_PORT, host: e.METRICS_HOST },
  };
}

/** Reads `.env` into process.env when present (real environment variables win). */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

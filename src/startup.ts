import { ConfigError, loadConfig, loadDotEnv, requireDiscordToken, type BotConfig, type Config } from './config';
import { createLogger, type LogFormat, type LogLevel, type Logger } from './log';

/** For a process entry point: `.env` plus the environment, validated; a bad value ends the process with the reason. */
export function loadConfigOrExit(): Config {
  loadDotEnv();
  return configOrExit(loadConfig);
}

/** As `loadConfigOrExit`, for the Discord entry points: a missing DISCORD_TOKEN ends the process too. */
export function loadBotConfigOrExit(): BotConfig {
  const config = loadConfigOrExit();
  return configOrExit(() => requireDiscordToken(config));
}

function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/**
 * The process's logger at LOG_LEVEL (or `atLeast`, when that is stricter: a CLI printing JSON keeps
 * its stderr to warnings), which knows the configured secrets and so keeps them out of every line.
 * `auto` is the format LOG_FORMAT=auto gives; by default, the bot's (see `logFormat`).
 */
export function processLogger(config: Config, atLeast: LogLevel = 'debug', auto?: LogFormat): Logger {
  const level = SEVERITY[atLeast] > SEVERITY[config.log.level] ? atLeast : config.log.level;
  return createLogger({
    level,
    format: config.log.format === 'auto' && auto ? auto : logFormat(config.log.format, process.stderr.isTTY),
    secrets: configuredSecrets(config),
  });
}

/** The configured values no log line may show. */
export function configuredSecrets(config: Config): (string | undefined)[] {
  return [config.discord.token, config.llm.apiKey, config.store.databaseUrl];
}

/**
 * The bot's `auto`: readable lines for a person at a terminal, JSON lines for a log collector (a
 * service's stderr is a pipe). Commands are read by people whatever stderr is: see `cliLogger`.
 */
export function logFormat(format: Config['log']['format'], stderrIsTerminal: boolean): LogFormat {
  if (format !== 'auto') return format;
  return stderrIsTerminal ? 'pretty' : 'json';
}

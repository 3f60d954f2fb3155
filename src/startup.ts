import { ConfigError, loadConfig, loadDotEnv, requireDiscordToken, type BotConfig, type Config } from './config';
import { createLogger, type LogLevel, type Logger } from './log';

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

/** The process's logger, which knows the configured secrets and so keeps them out of every line. */
export function processLogger(config: Config, level: LogLevel = 'info'): Logger {
  return createLogger({ level, secrets: [config.discord.token, config.llm.apiKey, config.store.databaseUrl] });
}

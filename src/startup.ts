import { ConfigError, loadConfig, loadDotEnv, type Config } from './config';
import { createLogger, type LogLevel, type Logger } from './log';

/** For a process entry point: `.env` plus the environment, validated; a bad value ends the process with the reason. */
export function loadConfigOrExit(): Config {
  loadDotEnv();
  try {
    return loadConfig();
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
  return createLogger({ level, secrets: [config.discord.token, config.llm.apiKey] });
}

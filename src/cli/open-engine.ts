import { ConfigError, loadConfig, loadDotEnv, type Config } from '../config';
import { createLogger, type Logger } from '../log';
import { openEngine, type Engine } from '../engine';
import { downloadProgressBar } from '../index/download-progress';
import { reindexProgressBar } from './progress';

export interface CliSession {
  config: Config;
  log: Logger;
  engine: Engine;
}

/** Config, logger and engine for a command-line run, with progress bars on stderr for a first build. */
export async function openCliEngine(options: { quiet?: boolean } = {}): Promise<CliSession> {
  const config = cliConfig();
  const log = cliLogger(config, options.quiet);
  const download = downloadProgressBar();
  const build = reindexProgressBar();
  try {
    const engine = await openEngine(config, {
      log,
      onDownloadProgress: download.onDownloadProgress,
      onProgress: build.onProgress,
    });
    return { config, log, engine };
  } finally {
    download.stop();
    build.stop();
  }
}

export function cliConfig(): Config {
  loadDotEnv();
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message, 2);
    throw error;
  }
}

export function cliLogger(config: Config, quiet = false): Logger {
  return createLogger({
    level: quiet ? 'warn' : 'info',
    secrets: [config.discord.token, config.llm.apiKey],
  });
}

export function exitWith(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

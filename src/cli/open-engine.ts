import type { Config } from '../config';
import type { Logger } from '../log';
import { loadConfigOrExit, processLogger } from '../startup';
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
  const config = loadConfigOrExit();
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

export function cliLogger(config: Config, quiet = false): Logger {
  return processLogger(config, quiet ? 'warn' : 'debug');
}

export function exitWith(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

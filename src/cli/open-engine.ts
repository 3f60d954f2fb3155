import type { Config } from '../config';
import type { Logger } from '../log';
import { loadConfigOrExit } from '../startup';
import { cliLogger } from './logger';
import { openEngine, type Engine, type EngineOptions } from '../engine';
import { downloadProgressBar } from '../index/download-progress';
import { reindexProgressBar } from './progress';

export interface CliSession {
  config: Config;
  log: Logger;
  engine: Engine;
}

/**
 * Config, logger and engine for a command-line run, with progress bars on stderr for a first build.
 * `answers: false` for a command that asks no question (the answer modules then stay unloaded).
 */
export async function openCliEngine(
  options: { quiet?: boolean; answers?: boolean; beforeReindex?: EngineOptions['beforeReindex'] } = {},
): Promise<CliSession> {
  const config = loadConfigOrExit();
  const log = cliLogger(config, options.quiet);
  const download = downloadProgressBar();
  const build = reindexProgressBar();
  try {
    const engine = await openEngine(config, {
      log,
      onDownloadProgress: download.onDownloadProgress,
      onProgress: build.onProgress,
      preloadAnswers: options.answers !== false,
      beforeReindex: options.beforeReindex,
    });
    return { config, log, engine };
  } finally {
    download.stop();
    build.stop();
  }
}

export function exitWith(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

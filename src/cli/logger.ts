import type { Config } from '../config';
import type { Logger } from '../log';
import { processLogger } from '../startup';

/**
 * A command's logger: readable lines on stderr, a terminal's or a pipe's, unless LOG_FORMAT asks
 * for JSON; `quiet` (a command printing JSON) keeps stderr to warnings and errors.
 */
export function cliLogger(config: Config, quiet = false): Logger {
  return processLogger(config, quiet ? 'warn' : 'debug', 'pretty');
}

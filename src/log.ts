import { errorFields } from './errors';
import { boundedRemoteText, createRedactor } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * Line-per-event logging to stderr (stdout belongs to answers). Every configured secret, and
 * anything shaped like a key or token, is replaced before a line is written (see redact.ts), so a
 * token echoed in an error message never reaches a log.
 */
export function createLogger(
  options: { level?: LogLevel; secrets?: (string | undefined)[]; write?: (line: string) => void } = {},
): Logger {
  const threshold = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const redact = createRedactor(options.secrets ?? []);

  const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (order[level] < threshold) return;
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields, errorReplacer)}` : '';
    write(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${extra}`));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/** An error's message can carry a remote server's whole reply: it is cut before it is logged. */
const MAX_ERROR_MESSAGE = 1_000;

function errorReplacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const fields = errorFields(value);
  return { ...fields, message: boundedRemoteText(fields.message, MAX_ERROR_MESSAGE) };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });

import { pino, stdTimeFunctions, type DestinationStream } from 'pino';
import { createRequire } from 'node:module';
import type PinoPretty from 'pino-pretty';
import { errorFields } from './errors';
import { REDACTED, boundedRemoteText, createRedactor } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
/** `json`: one JSON object per line (production); `pretty`: coloured, readable lines for a terminal. */
export type LogFormat = 'json' | 'pretty';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * Fields that hold a secret by name, wherever a caller puts one (a config section, request
 * headers): pino replaces their values before the line is written. Values that leak into other
 * fields or into messages are caught by the redactor over the whole line (see redact.ts).
 */
export const SECRET_PATHS = [
  'token',
  'apiKey',
  'password',
  'authorization',
  'databaseUrl',
  'DISCORD_TOKEN',
  'OPENAI_API_KEY',
  'DATABASE_URL',
  '*.token',
  '*.apiKey',
  '*.password',
  '*.authorization',
  '*.Authorization',
  '*.databaseUrl',
  'config.discord.token',
  'config.llm.apiKey',
  'config.store.databaseUrl',
];

/**
 * Structured logging to stderr (stdout belongs to answers) with pino: JSON lines in production,
 * readable lines with `format: 'pretty'`. Every configured secret, and anything shaped like a key or
 * token, is replaced in the finished line (see redact.ts), so a token echoed in an error message
 * never reaches a log; known secret fields are replaced by path besides. Writes are synchronous so
 * a line logged just before `process.exit` is not lost.
 */
export function createLogger(
  options: {
    level?: LogLevel;
    format?: LogFormat;
    secrets?: (string | undefined)[];
    /** Receives each finished line (without its newline) instead of stderr; tests read the log with it. */
    write?: (line: string) => void;
  } = {},
): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string');
  // A secret with a quote or backslash appears escaped inside a JSON line: both spellings are replaced.
  const redact = createRedactor([...secrets, ...secrets.map((s) => JSON.stringify(s).slice(1, -1))]);
  const logger = pino(
    {
      level: options.level ?? 'info',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_PATHS, censor: REDACTED },
      hooks: { streamWrite: redact },
    },
    destinationFor(options),
  );
  const emit = (level: Exclude<LogLevel, 'silent'>) => (message: string, fields?: LogFields) => {
    if (logger.isLevelEnabled(level)) logger[level](loggable(fields), message);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

function destinationFor(options: { format?: LogFormat; write?: (line: string) => void }): DestinationStream {
  const { write } = options;
  if (write) return { write: (line: string) => write(line.replace(/\n$/, '')) };
  if (options.format === 'pretty') {
    // pino-pretty is loaded on the first line (25-50 ms), synchronously since pino writes
    // synchronously: a command that logs nothing never loads it.
    let pretty: DestinationStream | undefined;
    const open = (): DestinationStream =>
      (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty)({
        destination: 2,
        sync: true,
        colorize: process.stderr.isTTY,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
        singleLine: true,
        // Our `error` fields are bounded strings, not Error objects: printed as fields. pino-pretty's
        // default treats `err` and `error` as error objects and leaves them out of a single line.
        errorLikeObjectKeys: [],
      });
    return { write: (line: string) => (pretty ??= open()).write(line) };
  }
  return pino.destination({ dest: 2, sync: true });
}

/** An error's message can carry a remote server's whole reply: it is cut before it is logged. */
const MAX_ERROR_MESSAGE = 1_000;
/** Errors are found this deep in the fields (e.g. `{ details: [error] }`). */
const MAX_DEPTH = 4;

/** The fields with every Error as its name and bounded message: never its stack or properties (they can hold request headers). */
function loggable(fields: LogFields | undefined, depth = 0): LogFields {
  if (!fields) return {};
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) out[key] = loggableValue(value, depth);
  return out;
}

function loggableValue(value: unknown, depth: number): unknown {
  if (value instanceof Error) {
    const fields = errorFields(value);
    return { ...fields, message: boundedRemoteText(fields.message, MAX_ERROR_MESSAGE) };
  }
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => loggableValue(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return loggable(value as LogFields, depth + 1);
}

export const silentLogger: Logger = createLogger({ level: 'silent' });

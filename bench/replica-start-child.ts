import { loadConfig } from '../src/config';
import { openEngine } from '../src/engine';
import { openIndexSharing } from '../src/index/published';
import { silentLogger, type LogFields, type Logger } from '../src/log';

/**
 * One new replica's start, for bench/replica-start.ts: with DATABASE_URL it fetches the published
 * index version into an empty INDEX_DIR, without it it builds the index from ARTICLES_DIR; then it
 * answers one question. Prints the timings as one JSON line; the parent measures its CPU.
 */
const started = performance.now();
const config = loadConfig(process.env);
/** The fetch's own figures (bytes, seconds), from its log line. */
let fetchedLine: LogFields | undefined;
const log: Logger = {
  ...silentLogger,
  info: (message, fields) => {
    if (message === 'Fetched a published index version') fetchedLine = fields;
  },
};
const sharing = await openIndexSharing(config, log);
const engine = await openEngine(config, { log, published: sharing });
const opened = performance.now();
await engine.ask(process.argv[2] ?? 'Which series was renewed?');
const answered = performance.now();
process.stdout.write(
  `${JSON.stringify({
    openSeconds: (opened - started) / 1000,
    firstAnswerSeconds: (answered - started) / 1000,
    version: engine.version(),
    fetched: fetchedLine ?? null,
    ...engine.size(),
  })}\n`,
);
await sharing?.close();
await engine.close();

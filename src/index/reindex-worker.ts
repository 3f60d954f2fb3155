/**
 * The reindex process: forked by reindex-process.ts with an IPC channel, it reads one
 * ReindexRequest, builds and publishes the next index version (the atomic swap of `CURRENT`), and
 * reports progress, log lines and the outcome back. The serving process's event loop never runs
 * the build, and the build's memory is returned to the system when this process ends.
 */
import { describeError, errorFields } from '../errors';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LogFields, Logger } from '../log';
import { reindexFolder } from './reindex';
import type { ReindexMessage, ReindexRequest } from './reindex-protocol';
import type { ReindexProgress } from './types';
import { loadedIndexOf, snapshotOf } from './snapshot';
import { readIndexVersion } from './disk';

/** The outcome: resolves once the message is handed to the channel, so the process may then exit. */
function send(message: ReindexMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('reindex-worker runs only as a child process with an IPC channel'));
    process.send(message, undefined, undefined, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

/** Progress and log lines: dropped when the serving process is gone (this process is then exiting, see below). */
function post(message: ReindexMessage): void {
  if (process.connected) process.send?.(message);
}

/** Errors become their name and message: the channel carries data, and a stack could hold request headers. */
function plainFields(fields: LogFields | undefined): LogFields | undefined {
  if (fields === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? errorFields(value) : value]),
  );
}

/** Log lines go to the serving process's logger, which applies its level and redaction. */
const log: Logger = {
  debug: (message, fields) => post({ kind: 'log', level: 'debug', message, fields: plainFields(fields) }),
  info: (message, fields) => post({ kind: 'log', level: 'info', message, fields: plainFields(fields) }),
  warn: (message, fields) => post({ kind: 'log', level: 'warn', message, fields: plainFields(fields) }),
  error: (message, fields) => post({ kind: 'log', level: 'error', message, fields: plainFields(fields) }),
};

/**
 * On a machine with few cores a large build would take the CPU time the serving process needs to
 * acknowledge interactions within Discord's 3 seconds: from this many changed articles on, the
 * build lowers its priority (nice 10) so the scheduler runs the bot first; the build gets what the
 * bot leaves idle. Small builds (a feed poll's few articles) are over before it would matter, and
 * at a low priority on a busy machine they would wait many times their length.
 */
const LARGE_BUILD_ARTICLES = 200;
/** How often the watchdog looks at the parent: an orphaned build stops within this (a check costs microseconds). */
const WATCHDOG_EVERY_MS = 100;
const LARGE_BUILD_NICENESS = 10;

function yieldCpuIfLarge(progress: ReindexProgress): void {
  // A build's first report: chunking articles, or with a model, chunking and embedding them.
  const starting = (progress.phase === 'chunking' || progress.phase === 'embedding') && progress.done === 0;
  if (!starting || progress.total < LARGE_BUILD_ARTICLES) return;
  try {
    os.setPriority(Math.max(os.getPriority(), LARGE_BUILD_NICENESS));
  } catch (error) {
    log.warn('Could not lower the reindex process priority; the build competes with answering for CPU', { error });
  }
}

async function build(request: ReindexRequest): Promise<ReindexMessage> {
  // Loaded only when used: transformers.js and onnxruntime take a second to import.
  const embedder = request.model && (await (await import('./embedder')).loadEmbedder({ ...request.model, log }));
  // Built without the model the serving process answers with, the index would lose dense search.
  if (request.model && !embedder) throw new Error(`the embedding model ${request.model.modelId} could not be loaded`);
  const previous = request.basedOnDir === null ? null : snapshotOf(await readIndexVersion(request.basedOnDir));
  const { index, summary } = await reindexFolder({
    config: request.settings,
    embedder,
    previous,
    log,
    onProgress: (progress) => {
      yieldCpuIfLarge(progress);
      post({ kind: 'progress', progress });
    },
  });
  return { kind: 'done', summary, dir: loadedIndexOf(index).dir };
}

// The serving process gone (killed, crashed) means nobody will load the result: stop at once
// rather than publish a version behind its back. A half-written scratch folder is cleared by the next build.
process.on('disconnect', () => process.exit(2));
watchParent();

/**
 * 'disconnect' needs this thread's event loop, which a build keeps busy for seconds at a stretch
 * (loading the model, a slice of inserts): a child once ran on 6.5 s after the bot was killed. A
 * watchdog thread notices the parent's death by itself (this process is handed to another parent)
 * and ends the whole process from there.
 */
function watchParent(): void {
  const watchdog = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parent) process.kill(workerData.self, 'SIGKILL');
}, workerData.everyMs);
`;
  new Worker(watchdog, {
    eval: true,
    workerData: { parent: process.ppid, self: process.pid, everyMs: WATCHDOG_EVERY_MS },
    resourceLimits: { maxOldGenerationSizeMb: 8 },
  }).unref();
}

process.once('message', (request: ReindexRequest) => {
  void build(request)
    .catch((error: unknown): ReindexMessage => ({ kind: 'failed', message: describeError(error) }))
    .then(send)
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
});

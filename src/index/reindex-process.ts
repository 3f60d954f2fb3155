import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ReindexFailedError } from '../errors';
import type { Logger } from '../log';
import type { ReindexSettings } from './reindex';
import type { BuildModel, ReindexMessage, ReindexRequest } from './reindex-protocol';
import { loadedIndexOf, snapshotOf, type IndexSnapshot } from './snapshot';
import { readIndexVersion } from './disk';
import type { ReindexProgress, ReindexSummary } from './types';

export interface ChildReindexInput {
  settings: ReindexSettings;
  /** The model the serving process answers with; the child loads its own copy. Null: lexical only. */
  model: BuildModel | null;
  /** The version serving now; null builds everything. */
  previous: IndexSnapshot | null;
  log: Logger;
  onProgress?: (progress: ReindexProgress) => void;
}

/**
 * Reindexes in a child process (reindex-worker.ts) and loads the version it published. Chunking,
 * embedding, BM25 and HNSW inserts and writing the files all run there, so this process's event
 * loop keeps answering interactions; only reading the finished version back runs here. A child
 * process rather than a worker thread: the build's peak memory (the model's, the texts', the
 * copies of the indexes) never adds to the serving process, and is all returned when the child ends.
 * Rejects with ReindexFailedError when the build fails or the child dies: nothing was published then.
 */
export async function reindexInChildProcess(
  input: ChildReindexInput,
): Promise<{ index: IndexSnapshot; summary: ReindexSummary }> {
  const started = performance.now();
  const built = await runReindexProcess(
    {
      settings: input.settings,
      model: input.model,
      basedOnDir: input.previous && loadedIndexOf(input.previous).dir,
    },
    input.log,
    input.onProgress,
  );
  const index = snapshotOf(await readIndexVersion(built.dir));
  // The whole wait, as the operator saw it: starting the process and loading the model included.
  return { index, summary: { ...built.summary, seconds: (performance.now() - started) / 1000 } };
}

const here = fileURLToPath(import.meta.url);
/** reindex-worker.ts beside this file under tsx or vitest, reindex-worker.js once compiled. */
const workerFile = path.join(path.dirname(here), `reindex-worker${path.extname(here)}`);
/** TypeScript sources need tsx's loader in the child; compiled JavaScript needs nothing. */
const loaderArgs =
  path.extname(here) === '.ts' ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];

/**
 * Node flags of a process that builds an index (this child, `npm run reindex`). A build allocates
 * fast and keeps little of it, and V8's defaults let its heap run well ahead of what is live
 * (165 MB of heap, 87 MB of it live objects, at the end of a 4,757-article build). 4 MB
 * semi-spaces instead of 16 took about 30 MB off the build's peak RSS at the same CPU time (553
 * and 573 MB against 525 and 535 MB); growing the old generation by half instead of V8's larger
 * steps took another 35 (513-532 MB against 479-487 MB) for about 1 s more of its collector's
 * background CPU. 2026-12-01, 2 cores. package.json's `reindex` script repeats them.
 */
export const buildProcessFlags = ['--max-semi-space-size=4', '--heap-growing-percent=50'];

/** What a crash says last, for the error: the child's stderr is kept to this many characters. */
const STDERR_TAIL = 4_000;

function runReindexProcess(
  request: ReindexRequest,
  log: Logger,
  onProgress?: (progress: ReindexProgress) => void,
): Promise<{ summary: ReindexSummary; dir: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(workerFile, [], {
      execArgv: [...buildProcessFlags, ...loaderArgs],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let outcome: Extract<ReindexMessage, { kind: 'done' | 'failed' }> | null = null;
    let stderrTail = '';
    const passOn = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
      const text = data.toString('utf8');
      if (stream === 'stderr') stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
      for (const line of text.split('\n').filter((l) => l.trim() !== '')) log.warn(`reindex process: ${line}`);
    };
    child.stdout?.on('data', passOn('stdout'));
    child.stderr?.on('data', passOn('stderr'));
    child.on('message', (message: ReindexMessage) => {
      if (message.kind === 'progress') onProgress?.(message.progress);
      else if (message.kind === 'log') log[message.level](message.message, message.fields);
      else outcome = message;
    });
    child.once('error', (error) =>
      reject(new ReindexFailedError(`could not start the reindex process: ${error.message}`)),
    );
    // Settled on exit, not on the outcome message, so no build process outlives the reindex it ran.
    child.once('exit', (code, signal) => {
      if (outcome?.kind === 'done') return resolve({ summary: outcome.summary, dir: outcome.dir });
      if (outcome?.kind === 'failed') return reject(new ReindexFailedError(outcome.message));
      const last = stderrTail.trim().split('\n').at(-1) ?? '';
      const ended = signal ? `was killed (${signal})` : `ended with exit code ${code}`;
      reject(new ReindexFailedError(`the reindex process ${ended} before finishing${last ? `: ${last}` : ''}`));
    });
    child.send(request);
  });
}

import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { workerEntryCode } from '../worker-entry';
import type { ModelSource } from './model-source';
import type { TokenArrays } from './token-arrays';
import type { TokenizeRequest, TokenizeResponse } from './tokenizer-protocol';

/** Worker threads that each run the model's tokenizer; batches go to the least busy one. */
export interface TokenizerPool {
  /** The batch padded and truncated, as the tokenizer's tensors' arrays by input name. */
  tokenize(texts: string[]): Promise<Record<string, TokenArrays>>;
  /** Stops the workers now (they also stop on their own after a few idle seconds). */
  close(): Promise<void>;
}

export interface TokenizerPoolOptions {
  threads: number;
  model: ModelSource;
  log: Logger;
  /** How long workers stay up without work: a tokenizer per worker is memory the bot wants back. */
  idleMs?: number;
  /** Each worker's V8 old-space cap (default below); a worker that outgrows it stops. */
  workerOldSpaceMb?: number;
}

interface PoolWorker {
  worker: Worker;
  ready: Promise<void>;
  inFlight: number;
}

interface Pending {
  resolve: (tensors: Record<string, TokenArrays>) => void;
  reject: (error: Error) => void;
}

export function createTokenizerPool(options: TokenizerPoolOptions): TokenizerPool {
  let workers: PoolWorker[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  const failAll = (error: Error) => {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };

  const stop = async () => {
    const stopping = workers;
    workers = [];
    await Promise.all(stopping.map(({ worker }) => worker.terminate()));
  };

  const start = (): PoolWorker => {
    const worker = startWorker(options.model, options.workerOldSpaceMb ?? workerOldSpaceMb);
    let markReady: () => void = () => undefined;
    let markFailed: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    // A worker started beside the one a request picked may fail before anyone awaits it.
    ready.catch((error: unknown) => options.log.debug('A tokenizer worker failed to start', { error }));
    const entry: PoolWorker = { worker, ready, inFlight: 0 };
    worker.on('message', (message: TokenizeResponse) => {
      if ('ready' in message) return markReady();
      if ('failed' in message)
        return markFailed(new Error(`tokenizer worker could not load the tokenizer: ${message.failed}`));
      const request = pending.get(message.id);
      if (request === undefined) return;
      pending.delete(message.id);
      entry.inFlight -= 1;
      if (entry.inFlight === 0) worker.unref();
      if ('error' in message) return request.reject(new Error(message.error));
      request.resolve(message.tensors);
      scheduleIdleStop();
    });
    worker.on('error', (error) => {
      markFailed(error);
      failAll(error);
      workers = workers.filter((w) => w !== entry);
    });
    worker.on('exit', (code) => {
      workers = workers.filter((w) => w !== entry);
      if (entry.inFlight > 0) failAll(new Error(`tokenizer worker stopped (exit code ${code}) with work in flight`));
    });
    worker.unref();
    return entry;
  };

  const scheduleIdleStop = () => {
    clearTimeout(idleTimer);
    if (pending.size > 0) return;
    idleTimer = setTimeout(() => {
      if (pending.size === 0) void stop();
    }, options.idleMs ?? 5000);
    idleTimer.unref();
  };

  return {
    async tokenize(texts) {
      clearTimeout(idleTimer);
      while (workers.length < options.threads) workers.push(start());
      const target = workers.reduce((least, w) => (w.inFlight < least.inFlight ? w : least));
      target.inFlight += 1;
      target.worker.ref();
      try {
        await target.ready;
      } catch (error) {
        target.inFlight -= 1;
        throw error;
      }
      // Only now is the request pending: a worker that dies rejects pending requests, and one
      // rejected while its caller still awaited `ready` would be a rejection nobody handles.
      if (!workers.includes(target)) throw new Error('tokenizer worker stopped before it took the batch');
      const id = nextId++;
      const result = new Promise<Record<string, TokenArrays>>((resolve, reject) =>
        pending.set(id, { resolve, reject }),
      );
      target.worker.postMessage({ id, texts } satisfies TokenizeRequest);
      return result;
    },
    close: async () => {
      clearTimeout(idleTimer);
      await stop();
    },
  };
}

/**
 * A tokenizer's worker needs little live memory, but left to V8's defaults it let tokenising's
 * garbage pile up to about 160 MB before collecting; capped, it stays near 110 MB (2026-11-30,
 * fixture model). A worker that still runs out stops, and its batches are tokenised on the
 * main thread instead (see embedder.ts).
 */
const workerOldSpaceMb = 48;
/**
 * Tokenising's garbage dies young; V8's default young generation let it take about 15 MB more
 * of the build's peak RSS than this cap does, at the same CPU time (4,757-article build,
 * 563 → 548 MB, 2026-12-01).
 */
const workerYoungSpaceMb = 8;

/** Starts tokenizer-worker beside this module (see workerEntryCode). */
function startWorker(model: ModelSource, oldSpaceMb: number): Worker {
  return new Worker(workerEntryCode(import.meta.url, 'tokenizer-worker'), {
    eval: true,
    workerData: model,
    resourceLimits: { maxOldGenerationSizeMb: oldSpaceMb, maxYoungGenerationSizeMb: workerYoungSpaceMb },
  });
}

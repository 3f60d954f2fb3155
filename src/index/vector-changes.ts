import { Worker } from 'node:worker_threads';
import { workerEntryCode } from '../worker-entry';
import type { VectorIndex } from './types';
import { loadVectorIndex } from './vectors';

/**
 * The changes a build makes to the next version's HNSW index, in the order it makes them. A full
 * build makes them to an index on its own thread (`changesHere`). An incremental build makes them
 * to a copy of the live version's index on a thread of its own (`changesOnThread`): every new
 * chunk there takes the slot of a removed one, which hnswlib pays for by relinking the removed
 * point's neighbours, about 0.8 ms a point against 0.2 ms for a plain insert (2,000 points into
 * the 20,000-article bench index, 2026-12-07). That was 1.9 of the 3.3 s of CPU an incremental
 * reindex of 1% took on the build's thread, which meanwhile has the new chunks' BM25 entries and
 * the other files to make. The same operations in the same order make the same file.
 */
export interface VectorChanges {
  remove(labels: readonly number[]): void;
  add(labels: readonly number[], vectors: readonly Float32Array[]): void;
  /** Each pair `[label, from]`: `label` gets `from`'s stored vector (a chunk text seen before). */
  copy(pairs: readonly (readonly [number, number])[]): void;
  /** Writes the index to `file` once every change is made. */
  save(file: string): Promise<void>;
  /** The changed index, to answer from: read back from the `file` that `save` wrote when it was changed elsewhere. */
  index(file: string, liveLabels: () => Iterable<number>): Promise<VectorIndex>;
  /** Lets go of the thread, if any: after `index`, or when the build fails. */
  close(): Promise<void>;
}

/** Changes made to `index` on this thread, as they are asked for. */
export function changesHere(index: VectorIndex): VectorChanges {
  return {
    remove: (labels) => labels.forEach((label) => index.remove(label)),
    add: (labels, vectors) => labels.forEach((label, i) => index.add(label, vectors[i]!)),
    copy: (pairs) => pairs.forEach(([label, from]) => index.add(label, index.vector(from)!)),
    save: (file) => index.save(file),
    index: () => Promise.resolve(index),
    close: () => Promise.resolve(),
  };
}

/** What the vector thread is started with: the live version's file, its width and its live labels. */
export interface VectorThreadData {
  file: string;
  dimensions: number;
  live: Uint32Array;
}

export type VectorRequest =
  | { kind: 'remove'; labels: number[] }
  | { kind: 'add'; labels: number[]; vectors: Float32Array[] }
  | { kind: 'copy'; pairs: [number, number][] }
  | { kind: 'save'; file: string };

export type VectorReply = { kind: 'saved' } | { kind: 'failed'; message: string };

/**
 * A copy of the index in `file` (live points `live`), read and changed on a thread of its own
 * (vector-worker.ts); the changes are queued there in the order asked. A change that fails, or the
 * thread stopping, fails `save`, and so the build: nothing is published.
 */
export function changesOnThread(data: VectorThreadData): VectorChanges {
  const worker = new Worker(workerEntryCode(import.meta.url, 'vector-worker'), { eval: true, workerData: data });
  let failure: Error | null = null;
  let saving: { resolve: () => void; reject: (error: Error) => void } | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    saving?.reject(failure);
    saving = null;
  };
  worker.on('message', (reply: VectorReply) => {
    if (reply.kind === 'failed') return fail(new Error(`the vector index could not be changed: ${reply.message}`));
    saving?.resolve();
    saving = null;
  });
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the vector index thread stopped (exit code ${code})`)));
  // After a failure nothing more is sent: `save` reports it.
  const send = (request: VectorRequest) => {
    if (failure === null) worker.postMessage(request);
  };
  return {
    remove: (labels) => send({ kind: 'remove', labels: [...labels] }),
    add: (labels, vectors) => send({ kind: 'add', labels: [...labels], vectors: [...vectors] }),
    copy: (pairs) => send({ kind: 'copy', pairs: pairs.map(([label, from]) => [label, from]) }),
    save: (file) =>
      new Promise((resolve, reject) => {
        if (failure !== null) return reject(failure);
        saving = { resolve, reject };
        worker.postMessage({ kind: 'save', file } satisfies VectorRequest);
      }),
    index: async (file, liveLabels) => {
      // The thread's copy is done with: let it go before another is read, not beside it.
      await worker.terminate();
      return loadVectorIndex(file, data.dimensions, () => Promise.resolve(liveLabels()));
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

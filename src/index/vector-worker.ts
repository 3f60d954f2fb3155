import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../errors';
import type { VectorIndex } from './types';
import type { VectorReply, VectorRequest, VectorThreadData } from './vector-changes';
import { loadVectorIndex } from './vectors';

/**
 * Entry of the thread that changes a copy of the live HNSW index during an incremental build (see
 * `changesOnThread` in vector-changes.ts). Requests are applied one after another, in the order
 * they came; a save reports whether all of them, and the write, succeeded.
 */
const port = parentPort!;
const { file, dimensions, live } = workerData as VectorThreadData;
const loading = loadVectorIndex(file, dimensions, () => Promise.resolve(live));
let applied: Promise<void> = loading.then(() => undefined);

port.on('message', (request: VectorRequest) => {
  applied = applied.then(async () => apply(await loading, request));
  if (request.kind === 'save') {
    applied.then(
      () => port.postMessage({ kind: 'saved' } satisfies VectorReply),
      (error: unknown) => port.postMessage({ kind: 'failed', message: describeError(error) } satisfies VectorReply),
    );
  }
});

async function apply(vectors: VectorIndex, request: VectorRequest): Promise<void> {
  switch (request.kind) {
    case 'remove':
      for (const label of request.labels) vectors.remove(label);
      return;
    case 'add':
      request.labels.forEach((label, i) => vectors.add(label, request.vectors[i]!));
      return;
    case 'copy':
      for (const [label, from] of request.pairs) vectors.add(label, vectors.vector(from)!);
      return;
    case 'save':
      await vectors.save(request.file);
  }
}

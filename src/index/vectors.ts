import { open } from 'node:fs/promises';
import hnswlib from 'hnswlib-node';
import type { VectorHit, VectorIndex } from './types';

/**
 * Cosine-space HNSW index (hnswlib-node). Design choices:
 * - `remove` is idempotent: removing a label that is absent or already removed does nothing,
 *   so a store whose metadata got ahead of its vector file can still converge.
 * - Removed points leave tombstones; `allowReplaceDeleted` lets new labels reuse those slots,
 *   so incremental reindexes do not grow the file (or slow searches) forever.
 * - Capacity doubles as points are added; callers never size it.
 * - efConstruction 100, not hnswlib's 200: inserting was the largest part of the build's main
 *   thread, and on 51,370 news-chunk vectors (bench/hnsw-recall.ts, 2026-11-30) 100 built 1.9×
 *   faster; with the search ef floor of 128 below, recall@10 is 0.97 against 0.93 for 200 with the
 *   old floor of 64. Retrieval asks for 150 candidates, so it searches with ef 300 anyway.
 */

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

const defaultCapacity = 1024;
const efConstruction = 100;
const maxLabel = 2 ** 32 - 1; // hnswlib-node reads labels as uint32

export function createVectorIndex(dimensions: number, capacity = defaultCapacity): VectorIndex {
  checkDimensions(dimensions);
  const index = new HierarchicalNSW('cosine', dimensions);
  index.initIndex({ maxElements: Math.max(1, Math.ceil(capacity)), efConstruction, allowReplaceDeleted: true });
  return wrap(index, dimensions, new Set(), new Set());
}

/**
 * Reads an index written by `save`. Fails clearly if the file holds vectors of another width.
 * `liveLabels`, when known (a checksummed index version's chunk labels), says which points are
 * live: the file does not, and probing every label took 0.1 to 0.3 s of each cold start on the
 * full corpus's 202,530 (2026-11-30, 2 shared cores). The file is read meanwhile.
 */
export async function loadVectorIndex(
  file: string,
  dimensions: number,
  liveLabels?: () => Promise<Iterable<number>>,
): Promise<VectorIndex> {
  checkDimensions(dimensions);
  const stored = await storedDimensions(file);
  if (stored !== dimensions) {
    throw new Error(`Vector index ${file} holds ${stored}-dimensional vectors, but ${dimensions} were expected`);
  }
  const index = new HierarchicalNSW('cosine', dimensions);
  await index.readIndex(file, true);
  const { live, removed } = liveLabels ? labelsFrom(index, await liveLabels()) : partitionLabels(index);
  return wrap(index, dimensions, live, removed);
}

function wrap(index: Hnsw, dimensions: number, live: Set<number>, removed: Set<number>): VectorIndex {
  const ensureRoomForOne = () => {
    const max = index.getMaxElements();
    if (index.getCurrentCount() >= max) index.resizeIndex(max * 2);
  };

  return {
    dimensions,
    add(label, vector) {
      checkLabel(label);
      checkVector(vector, dimensions);
      const point = Array.from(vector);
      if (live.has(label)) {
        index.addPoint(point, label, false); // updates the point in place
        return;
      }
      ensureRoomForOne();
      if (removed.has(label) && tryUnmarkDelete(index, label)) {
        index.addPoint(point, label, false);
      } else {
        index.addPoint(point, label, removed.size > 0);
      }
      // When a tombstone was reused we cannot tell whose; a stale entry in `removed` only
      // means a later re-add of that label probes once and then inserts normally.
      removed.delete(label);
      live.add(label);
    },
    remove(label) {
      if (!live.has(label)) return;
      index.markDelete(label);
      live.delete(label);
      removed.add(label);
    },
    vector(label) {
      return live.has(label) ? Float32Array.from(index.getPoint(label)) : undefined;
    },
    search(vector, k, accept) {
      checkVector(vector, dimensions);
      const wanted = Math.min(Math.floor(k), live.size);
      if (wanted <= 0) return [];
      // Higher ef than k keeps recall high; the cost is negligible at this index size.
      index.setEf(Math.max(wanted * 2, 128));
      const { neighbors, distances } = index.searchKnn(Array.from(vector), wanted, accept);
      return neighbors.map((label, i): VectorHit => ({ label, score: 1 - (distances[i] ?? 1) }));
    },
    count: () => live.size,
    async save(file) {
      await index.writeIndex(file);
    },
  };
}

/**
 * Every label of `index` not in `liveLabels` is a removed point; a live label the index lacks is
 * damage. The index counts removed points too, so when its count is the live labels' there are
 * none, and its 202,530 labels need not be listed (listing them and sorting them into sets took
 * 0.2 to 0.3 s of a cold start on the full corpus, 2026-11-30).
 */
function labelsFrom(index: Hnsw, liveLabels: Iterable<number>): { live: Set<number>; removed: Set<number> } {
  const live = new Set(liveLabels);
  const removed = new Set<number>();
  if (index.getCurrentCount() === live.size) return { live, removed };
  let found = 0;
  for (const label of index.getIdsList()) {
    if (live.has(label)) found += 1;
    else removed.add(label);
  }
  if (found < live.size) {
    const stored = new Set(index.getIdsList());
    const missing = [...live].find((label) => !stored.has(label));
    throw new Error(`the vector index has no point for chunk ${missing}`);
  }
  return { live, removed };
}

/** hnswlib-node does not expose which labels are deleted; a markDelete probe tells them apart. */
function partitionLabels(index: Hnsw): { live: Set<number>; removed: Set<number> } {
  const live = new Set<number>();
  const removed = new Set<number>();
  for (const label of index.getIdsList()) {
    if (tryMarkDelete(index, label)) {
      index.unmarkDelete(label);
      live.add(label);
    } else {
      removed.add(label);
    }
  }
  return { live, removed };
}

function tryMarkDelete(index: Hnsw, label: number): boolean {
  try {
    index.markDelete(label);
    return true;
  } catch (error) {
    if (error instanceof Error && /already deleted/.test(error.message)) return false;
    throw error;
  }
}

/** False when the label's tombstone was since reused by another label. */
function tryUnmarkDelete(index: Hnsw, label: number): boolean {
  try {
    index.unmarkDelete(label);
    return true;
  } catch (error) {
    if (error instanceof Error && /Label not found/.test(error.message)) return false;
    throw error;
  }
}

/**
 * The hnswlib file starts with six size_t fields: offsetLevel0, maxElements, count,
 * sizeDataPerElement, labelOffset, offsetData. Vector bytes = labelOffset - offsetData.
 */
async function storedDimensions(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(48);
    const { bytesRead } = await handle.read(header, 0, 48, 0);
    if (bytesRead < 48) throw new Error(`Vector index ${file} is too short to be an hnswlib index`);
    const vectorBytes = Number(header.readBigUInt64LE(32) - header.readBigUInt64LE(40));
    return vectorBytes / Float32Array.BYTES_PER_ELEMENT;
  } finally {
    await handle.close();
  }
}

function checkDimensions(dimensions: number): void {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new RangeError(`Vector dimensions must be a positive integer, got ${dimensions}`);
  }
}

function checkLabel(label: number): void {
  if (!Number.isInteger(label) || label < 0 || label > maxLabel) {
    throw new RangeError(`Vector label must be an integer from 0 to ${maxLabel}, got ${label}`);
  }
}

function checkVector(vector: Float32Array, dimensions: number): void {
  if (vector.length !== dimensions) {
    throw new RangeError(`Expected a ${dimensions}-dimensional vector, got ${vector.length} dimensions`);
  }
}

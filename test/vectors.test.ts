import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVectorIndex, loadVectorIndex } from '../src/index/vectors';

const dims = 16;

/** Deterministic pseudo-random unit-ish vectors, so nearest neighbours are well separated. */
function vectorFor(seed: number): Float32Array {
  let state = (seed * 2654435761) >>> 0;
  const vector = new Float32Array(dims);
  for (let i = 0; i < dims; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    vector[i] = state / 2 ** 32 - 0.5;
  }
  return vector;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vectors-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('vector index', () => {
  it('finds a stored vector as its own nearest neighbour with cosine similarity about 1', () => {
    const index = createVectorIndex(dims);
    for (let label = 0; label < 50; label++) index.add(label, vectorFor(label));
    for (const label of [0, 17, 49]) {
      const [best, second] = index.search(vectorFor(label), 2);
      expect(best?.label).toBe(label);
      expect(best?.score).toBeCloseTo(1, 5);
      expect(second && best && second.score <= best.score).toBe(true);
    }
  });

  it('scores by direction, not length', () => {
    const index = createVectorIndex(dims);
    index.add(1, vectorFor(1));
    index.add(2, vectorFor(2));
    const scaled = vectorFor(2).map((x) => x * 10);
    expect(index.search(scaled, 1)[0]?.label).toBe(2);
  });

  it('grows past its initial capacity', () => {
    const index = createVectorIndex(dims, 4);
    for (let label = 0; label < 100; label++) index.add(label, vectorFor(label));
    expect(index.count()).toBe(100);
    expect(index.search(vectorFor(99), 1)[0]?.label).toBe(99);
    expect(index.search(vectorFor(3), 500)).toHaveLength(100);
  });

  it('returns at most min(k, count) hits, best first', () => {
    const index = createVectorIndex(dims);
    for (let label = 0; label < 5; label++) index.add(label, vectorFor(label));
    const hits = index.search(vectorFor(0), 10);
    expect(hits).toHaveLength(5);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('answers an empty index with no hits', () => {
    const index = createVectorIndex(dims);
    expect(index.count()).toBe(0);
    expect(index.search(vectorFor(1), 5)).toEqual([]);
  });

  it('excludes removed labels from search and count; removing twice is harmless', () => {
    const index = createVectorIndex(dims);
    for (let label = 0; label < 20; label++) index.add(label, vectorFor(label));
    index.remove(7);
    index.remove(7);
    index.remove(12345);
    expect(index.count()).toBe(19);
    const hits = index.search(vectorFor(7), 20);
    expect(hits.map((h) => h.label)).not.toContain(7);
    expect(hits).toHaveLength(19);
  });

  it('reuses removed slots for new labels and can re-add a removed label', () => {
    const index = createVectorIndex(dims, 8);
    for (let label = 0; label < 8; label++) index.add(label, vectorFor(label));
    index.remove(3);
    index.remove(5);
    index.add(100, vectorFor(100));
    index.add(5, vectorFor(5));
    expect(index.count()).toBe(8);
    expect(index.search(vectorFor(100), 1)[0]?.label).toBe(100);
    expect(index.search(vectorFor(5), 1)[0]?.label).toBe(5);
    expect(index.search(vectorFor(3), 8).map((h) => h.label)).not.toContain(3);
  });

  it('replaces the vector when a live label is added again', () => {
    const index = createVectorIndex(dims);
    index.add(1, vectorFor(1));
    index.add(2, vectorFor(2));
    index.add(1, vectorFor(3));
    expect(index.count()).toBe(2);
    expect(index.search(vectorFor(3), 1)[0]).toMatchObject({ label: 1 });
  });

  it('saves and loads with the same results, removals included', async () => {
    const index = createVectorIndex(dims, 4);
    for (let label = 0; label < 40; label++) index.add(label, vectorFor(label));
    index.remove(10);
    const file = path.join(dir, 'saved.hnsw');
    await index.save(file);

    const loaded = await loadVectorIndex(file, dims);
    expect(loaded.count()).toBe(39);
    for (const probe of [0, 10, 25]) {
      expect(loaded.search(vectorFor(probe), 5)).toEqual(index.search(vectorFor(probe), 5));
    }
    loaded.add(40, vectorFor(40));
    expect(loaded.count()).toBe(40);
    expect(loaded.search(vectorFor(40), 1)[0]?.label).toBe(40);
  });

  it('refuses to load an index of another width, naming both widths', async () => {
    const file = path.join(dir, 'wide.hnsw');
    const index = createVectorIndex(dims);
    index.add(1, vectorFor(1));
    await index.save(file);
    await expect(loadVectorIndex(file, 384)).rejects.toThrow(/16-dimensional.*384/);
  });

  it('rejects a file that is not an index', async () => {
    const file = path.join(dir, 'garbage.hnsw');
    await writeFile(file, 'not an index');
    await expect(loadVectorIndex(file, dims)).rejects.toThrow(/too short/);
  });

  it('rejects vectors of the wrong width with a clear message', () => {
    const index = createVectorIndex(dims);
    expect(() => index.add(1, new Float32Array(3))).toThrow(/16-dimensional vector, got 3/);
    expect(() => index.add(-1, vectorFor(1))).toThrow(/label/);
  });
});

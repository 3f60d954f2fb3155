import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadProgressBar } from '../src/index/download-progress';
import { loadEmbedder } from '../src/index/embedder';
import { poolingFor } from '../src/index/pooling';
import type { Embedder } from '../src/index/types';
import { createLogger, silentLogger } from '../src/log';
import { buildFixtureModel, vocabularyFrom, type FixtureModel } from './support/fixture-model';

// Small texts of our own, so the test does not depend on the sample articles being present.
const articles = [
  'The network renewed the drama for a third season after record streaming numbers.',
  'Production on the fantasy series resumes in Belfast this spring, the showrunner confirmed.',
  'The comedy was cancelled after two seasons despite a passionate fan campaign.',
  'A new trailer reveals the premiere date and the returning cast of the thriller.',
  'Critics praised the finale, calling the lead performance the best of the year.',
];
const unrelated = 'Quarterly bond yields and mortgage rates moved sideways on Tuesday.';

function maxDifference(a: Float32Array | undefined, b: Float32Array | undefined): number {
  if (a === undefined || b === undefined || a.length !== b.length) return Infinity;
  return a.reduce((worst, x, i) => Math.max(worst, Math.abs(x - (b[i] ?? NaN))), 0);
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

let dir: string;
let fixture: FixtureModel;
let embedder: Embedder;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'embedder-test-'));
  fixture = await buildFixtureModel({ dir, vocabulary: vocabularyFrom([...articles, unrelated]), dimensions: 24 });
  const loaded = await loadEmbedder({
    modelId: fixture.modelId,
    modelsDir: fixture.modelsDir,
    allowRemote: false,
    log: silentLogger,
    batchSize: 32,
  });
  if (loaded === null) throw new Error('fixture model did not load');
  embedder = loaded;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadEmbedder with the fixture model through the real transformers.js pipeline', () => {
  it('reports the model id and the width of its vectors', () => {
    expect(embedder.modelId).toBe('fixture/static-embed');
    expect(embedder.dimensions).toBe(24);
  });

  it('returns unit-length vectors of that width for documents and queries', async () => {
    const [doc] = await embedder.embedDocuments([articles[0] ?? '']);
    const query = await embedder.embedQuery('which show was renewed?');
    for (const vector of [doc, query]) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector?.length).toBe(24);
      expect(Math.sqrt(dot(vector ?? new Float32Array(), vector ?? new Float32Array()))).toBeCloseTo(1, 5);
    }
  });

  it('embeds in batches and reports progress after each one', async () => {
    const texts = Array.from({ length: 70 }, (_, i) => `${articles[i % articles.length]} item ${i}`);
    const progress: number[] = [];
    const vectors = await embedder.embedDocuments(texts, (done) => progress.push(done));
    expect(progress).toEqual([32, 64, 70]);
    expect(vectors).toHaveLength(70);
    // Batch position and padding must not change a text's vector.
    const [alone] = await embedder.embedDocuments([texts[40] ?? '']);
    expect(maxDifference(vectors[40], alone)).toBeLessThan(1e-6);
  });

  it('gives the same vectors whether worker threads or this thread tokenise', async () => {
    const texts = Array.from(
      { length: 150 },
      (_, i) => `${articles[i % articles.length]} ${'again '.repeat(i % 9)}${i}`,
    );
    const options = { modelId: fixture.modelId, modelsDir: fixture.modelsDir, allowRemote: false, log: silentLogger };
    const onWorkers = await loadEmbedder({ ...options, tokenizerThreads: 2 });
    const onThisThread = await loadEmbedder({ ...options, tokenizerThreads: 0 });
    if (onWorkers === null || onThisThread === null) throw new Error('fixture model did not load');
    const [a, b] = await Promise.all([onWorkers.embedDocuments(texts), onThisThread.embedDocuments(texts)]);
    expect(a).toHaveLength(150);
    for (let i = 0; i < texts.length; i++) expect(maxDifference(a[i], b[i])).toBeLessThan(1e-6);
  });

  it('is deterministic: the same text gives the same vector across calls', async () => {
    const first = await embedder.embedDocuments(articles);
    const second = await embedder.embedDocuments([...articles].reverse());
    expect(maxDifference(first[0], second[4])).toBe(0);
  });

  it('fixture property (bag-of-words averaging, not semantics): a text is closer to itself than to an unrelated one', async () => {
    const [a, again, other] = await embedder.embedDocuments([articles[2] ?? '', articles[2] ?? '', unrelated]);
    if (a === undefined || again === undefined || other === undefined) throw new Error('missing vectors');
    expect(dot(a, again)).toBeCloseTo(1, 5);
    expect(dot(a, other)).toBeLessThan(0.9);
  });

  it('fixture property (bag-of-words averaging, not semantics): a query sharing words with one text is nearest to it', async () => {
    const docs = await embedder.embedDocuments(articles);
    const query = await embedder.embedQuery('comedy cancelled after two seasons');
    const scores = docs.map((doc) => dot(doc, query));
    expect(scores.indexOf(Math.max(...scores))).toBe(2);
  });

  it('truncates an over-long text instead of failing', async () => {
    const long = Array.from({ length: 3000 }, (_, i) => articles[i % articles.length]).join(' ');
    const [vector] = await embedder.embedDocuments([long]);
    expect(vector?.length).toBe(24);
    expect(vector?.every(Number.isFinite)).toBe(true);
  });

  it('returns nothing for no texts without calling the model', async () => {
    const progress: number[] = [];
    expect(await embedder.embedDocuments([], (done) => progress.push(done))).toEqual([]);
    expect(progress).toEqual([]);
  });
});

describe('loadEmbedder when the model cannot be loaded', () => {
  it('returns null and logs exactly one warning naming the model', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    const result = await loadEmbedder({ modelId: 'nobody/missing-model', modelsDir: dir, allowRemote: false, log });
    expect(result).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /"level":"warn".*"msg":"Embedding model nobody\/missing-model could not be loaded \(.+\); retrieval is lexical only/,
    );
  });

  it('returns null for a model folder whose graph is broken', async () => {
    const broken = await buildFixtureModel({ dir, modelId: 'fixture/broken', vocabulary: ['word'] });
    await writeFile(path.join(broken.modelsDir, broken.modelId, 'onnx', 'model.onnx'), 'not an onnx graph');
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    expect(await loadEmbedder({ modelId: broken.modelId, modelsDir: dir, allowRemote: false, log })).toBeNull();
    expect(lines).toHaveLength(1);
  });
});

describe('pooling plan', () => {
  it('uses CLS pooling and a query instruction for bge models only', () => {
    expect(poolingFor('Xenova/bge-small-en-v1.5')).toEqual({
      pooling: 'cls',
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
    });
    expect(poolingFor('Xenova/all-MiniLM-L6-v2')).toEqual({ pooling: 'mean', queryPrefix: '' });
  });
});

describe('downloadProgressBar', () => {
  it('draws one bar per file with bytes as megabytes on the given stream', () => {
    let drawn = '';
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const bar = downloadProgressBar({ stream, drawWithoutTty: true });
    bar.onDownloadProgress({ file: 'onnx/model.onnx', loaded: 1_048_576, total: 4 * 1_048_576 });
    bar.onDownloadProgress({ file: 'tokenizer.json', loaded: 0, total: 0 });
    bar.onDownloadProgress({ file: 'onnx/model.onnx', loaded: 4 * 1_048_576, total: 4 * 1_048_576 });
    bar.stop();
    expect(drawn).toContain('onnx/model.onnx');
    expect(drawn).toContain('4.0/4.0 MB');
    expect(drawn).not.toContain('tokenizer.json');
  });
});

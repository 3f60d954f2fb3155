import { chunkArticle } from '../src/chunk';
import { makeArticle } from '../src/ingest/article';
import type { Article } from '../src/ingest/types';
import { createLexicalIndex } from '../src/index/lexical';
import { createVectorIndex } from '../src/index/vectors';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEmbedder } from '../src/index/embedder';
import { silentLogger } from '../src/log';
import { buildFixtureModel, vocabularyFrom } from '../test/support/fixture-model';
import { corpusFiles, readCorpus } from './corpus';

/**
 * Memory of each part of an index, one at a time, without the embedding model:
 * npx tsx --expose-gc bench/mem-probe.ts [articles] [dimensions] [embed]. Heap and RSS after each step;
 * with `embed`, the chunks also go through the embedding pipeline of a fixture model, in the build's slices.
 */
const limit = Number(process.argv[2] ?? 1000);
const dimensions = Number(process.argv[3] ?? 32);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mark = (step: string) => {
  gc();
  const usage = process.memoryUsage();
  process.stdout.write(
    `${step.padEnd(34)} heap ${(usage.heapUsed / 2 ** 20).toFixed(0).padStart(6)} MB  rss ${(usage.rss / 2 ** 20).toFixed(0).padStart(6)} MB  peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0).padStart(6)} MB\n`,
  );
};

mark('start');
const articles: Article[] = [];
for await (const fields of readCorpus(corpusFiles(process.env['CORPUS'] ?? '../shared/corpus'), limit))
  articles.push(makeArticle(fields));
mark(`${articles.length} articles`);
const documents = articles.flatMap((article) =>
  chunkArticle(article).map((chunk, i) => ({
    label: 0,
    title: article.title,
    text: article.text.slice(chunk.start, chunk.end),
    i,
  })),
);
documents.forEach((document, label) => (document.label = label));
mark(`${documents.length} chunks`);
const lexical = createLexicalIndex();
lexical.add(documents);
mark('BM25 index built');
const lexicalFile = path.join(await mkdtemp(path.join(tmpdir(), 'mem-probe-bm25-')), 'lexical.bin');
await lexical.save(lexicalFile);
mark(`BM25 saved (${((await stat(lexicalFile)).size / 2 ** 20).toFixed(0)} MB on disk)`);
await rm(path.dirname(lexicalFile), { recursive: true, force: true });
const vectors = createVectorIndex(dimensions, documents.length);
const vector = new Float32Array(dimensions).fill(1 / Math.sqrt(dimensions));
for (const document of documents) {
  vector[document.label % dimensions] = Math.random();
  vectors.add(document.label, vector);
}
mark(`HNSW with ${vectors.count()} vectors`);

if (process.argv[4] === 'embed') {
  const dir = await mkdtemp(path.join(tmpdir(), 'mem-probe-'));
  const model = await buildFixtureModel({
    dir,
    vocabulary: vocabularyFrom(
      articles.map((a) => a.text),
      30_000,
    ),
    dimensions,
  });
  const embedder = await loadEmbedder({
    modelId: model.modelId,
    modelsDir: model.modelsDir,
    allowRemote: false,
    log: silentLogger,
  });
  if (embedder === null) throw new Error('fixture model did not load');
  mark('model loaded');
  for (let offset = 0; offset < documents.length; offset += 256) {
    await embedder.embedDocuments(documents.slice(offset, offset + 256).map((d) => `${d.title}\n${d.text}`));
    if (offset % 5120 === 0) mark(`embedded ${offset + 256}`);
  }
  mark('all embedded');
  await rm(dir, { recursive: true, force: true });
}

import { readFile } from 'node:fs/promises';
import { makeArticle } from '../src/ingest/article';
import type { Article } from '../src/ingest/types';
import { buildIndex } from '../src/index/build';
import { loadEmbedder } from '../src/index/embedder';
import { readIndex } from '../src/index/disk';
import { articleText, toCorpus } from '../src/index/disk-text';
import { silentLogger } from '../src/log';
import type { Embedder } from '../src/index/types';
import { corpusFiles, readCorpus } from './corpus';

/**
 * Repro loop for the heap corruption seen after the bench's incremental 1% reindex (see
 * docs/experiments/ask-latency.md, 2026-12-07). Usage, on a copy of a bench index folder:
 *   MALLOC_CHECK_=3 LD_PRELOAD=libc_malloc_debug.so.0 npx tsx bench/reindex-abort-repro.ts \
 *     <work dir with index/ and model.json> <corpus dir> <rounds>
 * TOKENIZER_THREADS=0 tokenises on the main thread (no worker threads).
 * EMBEDDER=stub builds with made-up vectors of the model's width (HNSW runs, onnxruntime does not).
 * EMBED_ONLY=1 only embeds the changed articles' texts each round (onnxruntime runs, HNSW does not).
 */
const [dir, corpusDir, roundsArg] = process.argv.slice(2);
if (dir === undefined || corpusDir === undefined) throw new Error('usage: <work dir> <corpus dir> [rounds]');
const rounds = Number(roundsArg ?? 8);
const model = JSON.parse(await readFile(`${dir}/model.json`, 'utf8')) as {
  modelsDir: string;
  modelId: string;
  dimensions: number;
};
const threads = process.env['TOKENIZER_THREADS'];
const stubVector = (text: string, dimensions: number) => {
  const vector = new Float32Array(dimensions);
  for (let i = 0; i < text.length; i++) vector[(i * 7 + text.charCodeAt(i)) % dimensions]! += 1;
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
};
const embedder: Embedder | null =
  process.env['EMBEDDER'] === 'stub'
    ? {
        modelId: model.modelId,
        dimensions: model.dimensions,
        embedDocuments: (texts) => Promise.resolve(texts.map((text) => stubVector(text, model.dimensions))),
        embedQuery: (text) => Promise.resolve(stubVector(text, model.dimensions)),
      }
    : await loadEmbedder({
        ...model,
        allowRemote: false,
        log: silentLogger,
        ...(threads === undefined ? {} : { tokenizerThreads: Number(threads) }),
      });
if (!embedder) throw new Error('no model');
const articles: Article[] = [];
for await (const fields of readCorpus(corpusFiles(corpusDir), 20000)) articles.push(makeArticle(fields));
const corpus = toCorpus(articles);
let index = await readIndex(`${dir}/index`);
if (index === null) throw new Error(`no index in ${dir}/index`);
for (let round = 0; round < rounds; round++) {
  const changed = toCorpus(
    corpus.articles.map((article, i) => {
      const text = articleText(corpus, article);
      return i % 100 === round % 100
        ? makeArticle({ ...article, text: `${text}\n\nUpdate ${round}: this article was revised after publication.` })
        : { ...article, text };
    }),
  );
  const started = performance.now();
  if (process.env['EMBED_ONLY']) {
    const texts = changed.articles
      .filter((_, i) => i % 100 === round % 100)
      .flatMap((article) => {
        const text = articleText(changed, article);
        return Array.from({ length: Math.ceil(text.length / 1000) }, (_, k) => text.slice(k * 1000, (k + 1) * 1000));
      });
    const vectors = await embedder.embedDocuments(texts);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`round ${round}: embedded ${vectors.length} texts in ${seconds} s\n`);
    continue;
  }
  const result = await buildIndex({
    indexDir: `${dir}/index`,
    corpus: changed,
    embedder,
    previous: index,
    log: silentLogger,
  });
  index = result.index;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`round ${round}: ${result.changedArticles} changed in ${seconds} s\n`);
}
process.stdout.write('done\n');

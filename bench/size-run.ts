import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeArticle } from '../src/ingest/article';
import type { Article } from '../src/ingest/types';
import { buildIndex } from '../src/index/build';
import { loadEmbedder } from '../src/index/embedder';
import type { LoadedIndex } from '../src/index/disk';
import { articleText, toCorpus } from '../src/index/disk-text';
import type { Embedder, ReindexProgress } from '../src/index/types';
import { silentLogger } from '../src/log';
import { readCorpus } from './corpus';
import { rawEmbedder } from './raw-embed';
import { folderBytes, peakRssMb, percentile, timed } from './stats';
import type { SizeJob, SizeResult } from './types';

/**
 * One corpus size, in its own process so its peak RSS is its own. Run by bench/run.ts as
 * `node --import tsx bench/size-run.ts <job json>`; writes a SizeResult to `job.resultFile`.
 */

const job = JSON.parse(process.argv[2] ?? '') as SizeJob;

// Reading and cleaning: the gunzip and JSON parse are counted apart from makeArticle. As in a
// reindex, the articles go into a corpus (texts in one buffer) and their strings are dropped.
let cleanMs = 0;
const read = await timed(async () => {
  const articles: Article[] = [];
  for await (const fields of readCorpus(job.files, job.limit ?? Infinity)) {
    const before = performance.now();
    articles.push(makeArticle(fields));
    cleanMs += performance.now() - before;
  }
  return toCorpus(articles);
});
const corpus = read.value;
const articles = corpus.articles;

const embedderLoad = await timed(() =>
  loadEmbedder({ modelId: job.modelId, modelsDir: job.modelsDir, allowRemote: false, log: silentLogger }),
);
if (embedderLoad.value === null) throw new Error(`model ${job.modelId} did not load from ${job.modelsDir}`);
const embedder = embedderLoad.value;

// The build, with the embedder wrapped to time every call the build makes into it.
const embedCalls: { texts: number; ms: number }[] = [];
const timedEmbedder: Embedder = {
  ...embedder,
  async embedDocuments(texts, onProgress) {
    const before = performance.now();
    const vectors = await embedder.embedDocuments(texts, onProgress);
    embedCalls.push({ texts: texts.length, ms: performance.now() - before });
    return vectors;
  },
};
const phases: Partial<Record<ReindexProgress['phase'], number>> = {};
const phaseStarts: [ReindexProgress['phase'], number][] = [];
const onProgress = (progress: ReindexProgress) => {
  if (phaseStarts.at(-1)?.[0] !== progress.phase) phaseStarts.push([progress.phase, performance.now()]);
};
const indexDir = path.join(job.workDir, 'index');
const build = await timed(() =>
  buildIndex({ indexDir, corpus, embedder: timedEmbedder, previous: null, onProgress, log: silentLogger }),
);
phaseStarts.push(['saving', performance.now()]);
for (let i = 0; i + 1 < phaseStarts.length; i++) {
  const [phase, at] = phaseStarts[i]!;
  phases[phase] = (phases[phase] ?? 0) + (phaseStarts[i + 1]![1] - at);
}
// performance.now() counts from process start, so this includes loading Node, tsx and the modules.
const buildEndMs = performance.now();
const buildPeakRssMb = peakRssMb();
let index: LoadedIndex = build.value.index;
const indexBytes = await folderBytes(index.dir);
const embedTexts = embedCalls.reduce((sum, call) => sum + call.texts, 0);
const embedMs = embedCalls.reduce((sum, call) => sum + call.ms, 0);

const result: SizeResult = {
  stage: 'build',
  label: job.label,
  mode: job.mode,
  articles: articles.length,
  chunks: index.chunks.size,
  readMs: read.ms - cleanMs,
  cleanMs,
  modelLoadMs: embedderLoad.ms,
  buildMs: build.ms,
  buildPhasesMs: phases,
  ingestWallMs: buildEndMs,
  pipelineChunksPerSec: (embedTexts / embedMs) * 1000,
  indexBytes,
  buildPeakRssMb,
};

await save('build');

if (job.mode === 'full') {
  // Raw model speed on the first chunks the build embedded, against the build's time for those same chunks.
  const labels = [...index.chunks.keys()].sort((a, b) => a - b).slice(0, job.rawSampleChunks);
  const texts = labels.map((label) => {
    const chunk = index.chunks.get(label)!;
    const article = index.articles.get(chunk.articleId)!;
    return `${article.title}\n${articleText(index, article).slice(chunk.start, chunk.end)}`;
  });
  let pipelineSampleMs = 0;
  let covered = 0;
  for (const call of embedCalls) {
    if (covered >= texts.length) break;
    pipelineSampleMs += call.ms;
    covered += call.texts;
  }
  // The build fills BM25 on the same thread while the model runs, so its figure includes that work;
  // the pipeline alone on the same texts, in the build's slices, shows the plumbing's own cost.
  const alone = await timed(async () => {
    for (let offset = 0; offset < texts.length; offset += 256)
      await embedder.embedDocuments(texts.slice(offset, offset + 256));
  });
  const raw = await rawEmbedder(job.modelId);
  const rawRun = await timed(async () => {
    for (let offset = 0; offset < texts.length; offset += job.batchSize)
      await raw(texts.slice(offset, offset + job.batchSize));
  });
  result.rawSample = {
    chunks: texts.length,
    pipelineChunksPerSec: (covered / pipelineSampleMs) * 1000,
    pipelineAloneChunksPerSec: (texts.length / alone.ms) * 1000,
    rawChunksPerSec: (texts.length / rawRun.ms) * 1000,
  };

  await save('raw embedding');

  // Incremental reindex: 1% of the articles get a changed text, everything else is carried over.
  const step = 100;
  const changed = toCorpus(
    articles.map((article, i) => {
      const text = articleText(corpus, article);
      return i % step === 0
        ? makeArticle({
            ...article,
            text: `${text}\n\nUpdate: this article was revised after publication (bench run).`,
          })
        : { ...article, text };
    }),
  );
  const incremental = await timed(() =>
    buildIndex({ indexDir, corpus: changed, embedder: timedEmbedder, previous: index, log: silentLogger }),
  );
  index = incremental.value.index;
  result.incremental = { changedArticles: incremental.value.changedArticles, ms: incremental.ms };
  await save('incremental reindex');

  // Latency through engine.ask over the persisted index, BM25 and dense both on. Imported here, not
  // at the top: the answer pipeline's language modules are over 100 MB that an ingest never uses.
  const { openBenchEngine, timeAsks, titleQuestions } = await import('./ask-timing');
  const engine = await openBenchEngine(job.workDir, indexDir, embedder);
  const questions = titleQuestions(
    articles.map((article) => article.title),
    job.questions,
  );
  for (const question of questions.slice(0, 20)) await engine.ask(question);
  let abstained = 0;
  const { totals, retrieveMs, composeMs } = await timeAsks(engine, questions, (_question, answer) => {
    if (answer.abstained) abstained += 1;
  });
  await engine.close();
  result.latency = {
    questions: questions.length,
    abstained,
    p50: percentile(totals, 50),
    p95: percentile(totals, 95),
    p99: percentile(totals, 99),
    retrieveP95: percentile(retrieveMs, 95),
    composeP95: percentile(composeMs, 95),
  };
}

await save('done');

/** Writes what is measured so far, so a crash in a later stage (e.g. out of memory) still reports the earlier ones. */
async function save(stage: string): Promise<void> {
  result.stage = stage;
  result.peakRssMb = peakRssMb();
  await writeFile(job.resultFile, JSON.stringify(result, null, 1));
}

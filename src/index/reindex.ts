import type { Config } from '../config';
import type { Logger } from '../log';
import type { Embedder, ReindexProgress, ReindexSummary } from './types';
import { loadArticles } from '../ingest/load';
import { buildIndex } from './build';
import { toCorpus, type ArticleCorpus, type LoadedIndex } from './store';
import type { SkippedFile } from '../ingest/types';

export interface ReindexInput {
  config: Config;
  embedder: Embedder | null;
  previous: LoadedIndex | null;
  log: Logger;
  onProgress?: (progress: ReindexProgress) => void;
}

/** Reads the articles folder and publishes the next index version; the previous one serves until then. */
export async function reindexFolder(input: ReindexInput): Promise<{ index: LoadedIndex; summary: ReindexSummary }> {
  const started = performance.now();
  input.onProgress?.({ phase: 'reading', done: 0, total: 1 });
  const { corpus, skipped } = await readCorpus(input);
  input.onProgress?.({ phase: 'reading', done: 1, total: 1 });
  for (const file of skipped) input.log.warn(`Skipped ${file.file}: ${file.reason}`);

  const result = await buildIndex({
    indexDir: input.config.indexDir,
    corpus,
    embedder: input.embedder,
    previous: input.previous,
    onProgress: input.onProgress,
    log: input.log,
  });
  return {
    index: result.index,
    summary: {
      articles: result.index.articles.size,
      chunks: result.index.chunks.size,
      changedArticles: result.changedArticles,
      removedArticles: result.removedArticles,
      seconds: (performance.now() - started) / 1000,
      skipped,
      model: result.index.manifest.model?.id ?? null,
      version: result.index.manifest.version,
      rebuildReason: result.rebuildReason,
    },
  };
}

/** The articles folder as a corpus; the articles' strings become garbage when this returns. */
async function readCorpus(input: ReindexInput): Promise<{ corpus: ArticleCorpus; skipped: SkippedFile[] }> {
  const { articles, skipped } = await loadArticles(input.config.articlesDir, {
    maxBytes: input.config.maxArticleBytes,
    log: input.log,
  });
  return { corpus: toCorpus(articles), skipped };
}

import type { Config } from '../config';
import type { Logger } from '../log';
import type { Embedder, ReindexProgress, ReindexSummary } from './types';
import { loadArticles } from '../ingest/load';
import { buildIndex } from './build';
import { toCorpus, type ArticleCorpus } from './disk-text';
import { loadedIndexOf, snapshotOf, type IndexSnapshot } from './snapshot';
import type { Article, SkippedFile } from '../ingest/types';

/** What a reindex reads of the configuration: where the articles and the index are, and the size limit. */
export type ReindexSettings = Pick<Config, 'articlesDir' | 'indexDir' | 'maxArticleBytes'>;

export interface ReindexInput {
  config: ReindexSettings;
  embedder: Embedder | null;
  /** The live index: unchanged articles keep its chunks and vectors. Null builds everything. */
  previous: IndexSnapshot | null;
  log: Logger;
  onProgress?: (progress: ReindexProgress) => void;
}

/**
 * Builds a fresh index of `articles` below `indexDir` (the eval's temporary index of a corpus);
 * `openEngine` then opens it like any other.
 */
export async function buildIndexOf(input: {
  indexDir: string;
  articles: Article[];
  embedder: Embedder | null;
  log: Logger;
  onProgress?: (progress: ReindexProgress) => void;
}): Promise<{ articles: number }> {
  const corpus = toCorpus(input.articles);
  await buildIndex({ ...input, corpus, previous: null });
  return { articles: corpus.articles.length };
}

/** Reads the articles folder and publishes the next index version; the previous one serves until then. */
export async function reindexFolder(input: ReindexInput): Promise<{ index: IndexSnapshot; summary: ReindexSummary }> {
  const started = performance.now();
  input.onProgress?.({ phase: 'reading', done: 0, total: 1 });
  const { corpus, skipped, untitled } = await readCorpus(input);
  input.onProgress?.({ phase: 'reading', done: 1, total: 1 });
  for (const file of skipped) input.log.warn(`Skipped ${file.file}: ${file.reason}`);

  const result = await buildIndex({
    indexDir: input.config.indexDir,
    corpus,
    embedder: input.embedder,
    previous: input.previous && loadedIndexOf(input.previous),
    onProgress: input.onProgress,
    log: input.log,
  });
  const index = snapshotOf(result.index);
  return {
    index,
    summary: {
      articles: index.articleCount,
      chunks: index.chunkCount,
      changedArticles: result.changedArticles,
      removedArticles: result.removedArticles,
      seconds: (performance.now() - started) / 1000,
      skipped,
      untitled,
      model: index.model,
      version: index.version,
      rebuildReason: result.rebuildReason,
    },
  };
}

/** The articles folder as a corpus; the articles' strings become garbage when this returns. */
async function readCorpus(
  input: ReindexInput,
): Promise<{ corpus: ArticleCorpus; skipped: SkippedFile[]; untitled: number }> {
  const { articles, skipped, untitled } = await loadArticles(input.config.articlesDir, {
    maxBytes: input.config.maxArticleBytes,
    log: input.log,
  });
  return { corpus: toCorpus(articles), skipped, untitled };
}

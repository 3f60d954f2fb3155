import type { ArticleMeta } from '../ingest/types';
import type { Embedder, SourceSummary, TermStatistics, VectorHit } from './types';
import type { LexicalHit, LexicalIndex } from './lexical';

import { readIndex, readPreviousIndex, IndexUnreadableError, type LoadedIndex } from './disk';
import type { StoredArticle, StoredChunk } from './types';
import { articleText } from './disk-text';
import { modelMismatch } from './model-check';
import { summarizeSources } from './sources';

/** One chunk of an indexed article: its article's metadata and the chunk's text. */
export interface IndexedPassage {
  /** The chunk's label, as search hits name it. */
  label: number;
  article: ArticleMeta;
  /** The chunk's position in its article. */
  chunkIndex: number;
  /** Exactly `articleText.slice(start, end)`. */
  text: string;
  /** Offsets of `text` in the article's stored text. */
  start: number;
  end: number;
  /** Its sentences' offsets, as stored at build time (`StoredChunk.sentences`). */
  sentences: Uint32Array;
}

/**
 * The one read-only view of a loaded index that the layers above `src/index` use: search, term
 * statistics, passage text, version, model and sources. How the index is laid out in memory or on
 * disk stays behind it.
 */
export interface IndexSnapshot extends TermStatistics {
  /** Changes with every reindex that changes the index. */
  readonly version: string;
  /** The embedding model its vectors were made with; null for a lexical-only index. */
  readonly model: string | null;
  readonly articleCount: number;
  readonly chunkCount: number;
  /** Why this index cannot be used with `embedder` (built with another model), or null when it can. */
  modelMismatch(embedder: Embedder | null): string | null;
  /** Whether query vectors from `embedder` can be searched here: the index has vectors from the same model. */
  canSearchDense(embedder: Embedder | null): embedder is Embedder;
  /**
   * BM25 over chunk text and article title, best first; hits are chunk labels. With `accept`, only
   * the chunks it accepts are counted (e.g. articles published by a day).
   */
  searchLexical(query: string, limit: number, accept?: ChunkFilter): LexicalHit[];
  /**
   * BM25 of each of these articles read whole, in the order given: its chunks counted as one
   * document (so the title, which every chunk carries, counts once a chunk); 0 for an id not in
   * the index. Costs in proportion to the articles asked about, not to the index.
   */
  scoreArticles(query: string, articleIds: readonly string[]): number[];
  /** Nearest chunks to a query vector, closest first; empty for a lexical-only index. `accept` as for `searchLexical`. */
  searchDense(vector: Float32Array, limit: number, accept?: ChunkFilter): VectorHit[];
  /** The metadata of the chunk's article; undefined when no such chunk. */
  articleOf(label: number): ArticleMeta | undefined;
  /** The published day (`YYYY-MM-DD`) of the chunk's article: null when undated, undefined when no such chunk. */
  publishedOf(label: number): string | null | undefined;
  /** The passages for chunk labels, in the order given; labels not in the index are left out. */
  passages(labels: number[]): IndexedPassage[];
  /** An article's chunk labels in text order; empty for an id not in the index. */
  articleChunkLabels(articleId: string): readonly number[];
  /** Outlets with article counts and latest dates, most articles first. */
  sources(): SourceSummary[];
  /** Every article's metadata, in no particular order. */
  articles(): Iterable<ArticleMeta>;
}

/** Whether a search may count a chunk, by its label. */
export type ChunkFilter = (label: number) => boolean;

/** What reading the live index found: nothing yet, a damaged index (and why), or a usable one. */
export type IndexReadResult =
  { kind: 'missing' } | { kind: 'damaged'; reason: string } | { kind: 'loaded'; snapshot: IndexSnapshot };

const loadedIndexes = new WeakMap<IndexSnapshot, LoadedIndex>();

/** Reads the live index below `indexDir` as a snapshot; a damaged one is reported, never half-loaded. */
export async function readSnapshot(indexDir: string): Promise<IndexReadResult> {
  try {
    const loaded = await readIndex(indexDir);
    return loaded ? { kind: 'loaded', snapshot: snapshotOf(loaded) } : { kind: 'missing' };
  } catch (error) {
    if (error instanceof IndexUnreadableError) return { kind: 'damaged', reason: error.message };
    throw error;
  }
}

/**
 * Reads the version that was live before the current one (`PREVIOUS`), for when the current one
 * is damaged: 'missing' when there is none to fall back on.
 */
export async function readPreviousSnapshot(indexDir: string): Promise<IndexReadResult> {
  try {
    const loaded = await readPreviousIndex(indexDir);
    return loaded ? { kind: 'loaded', snapshot: snapshotOf(loaded) } : { kind: 'missing' };
  } catch (error) {
    if (error instanceof IndexUnreadableError) return { kind: 'damaged', reason: error.message };
    throw error;
  }
}

/** The read-only view of a loaded index. */
export function snapshotOf(index: LoadedIndex): IndexSnapshot {
  const { manifest, lexical, vectors } = index;
  // Made on the first article scoring, not at load: a snapshot that is never asked pays nothing.
  let chunksByArticle: ChunksByArticle | undefined;
  const articleChunks = () => (chunksByArticle ??= groupByArticle(index.chunks, lexical));
  const snapshot: IndexSnapshot = {
    version: manifest.version,
    model: manifest.model?.id ?? null,
    articleCount: index.articles.size,
    chunkCount: index.chunks.size,
    modelMismatch: (embedder) => modelMismatch(manifest.model, embedder),
    canSearchDense: (embedder): embedder is Embedder =>
      embedder !== null && vectors !== null && modelMismatch(manifest.model, embedder) === null,
    searchLexical: (query, limit, accept) => lexical.search(query, limit, accept),
    scoreArticles: (query, articleIds) => {
      const { labels, averageLength } = articleChunks();
      return lexical.scoreGroups(
        query,
        articleIds.map((id) => labels.get(id) ?? []),
        averageLength,
      );
    },
    searchDense: (vector, limit, accept) => vectors?.search(vector, limit, accept) ?? [],
    articleOf: (label) => {
      const chunk = index.chunks.get(label);
      const article = chunk && index.articles.get(chunk.articleId);
      return article && articleMetaOf(article);
    },
    publishedOf: (label) => {
      const chunk = index.chunks.get(label);
      return chunk && index.articles.get(chunk.articleId)?.published;
    },
    passages: (labels) => passagesOf(index, labels),
    articleChunkLabels: (articleId) => articleChunks().labels.get(articleId) ?? [],
    sources: () => summarizeSources(index.articles.values()),
    articles: () => index.articles.values(),
    documentFrequency: (term) => lexical.documentFrequency(term),
    documentCount: () => lexical.documentCount(),
  };
  loadedIndexes.set(snapshot, index);
  return snapshot;
}

/** The loaded index behind a snapshot: for `src/index` itself (an incremental build reads its parts). */
export function loadedIndexOf(snapshot: IndexSnapshot): LoadedIndex {
  const index = loadedIndexes.get(snapshot);
  if (!index) throw new Error('not a snapshot of a loaded index');
  return index;
}

interface ChunksByArticle {
  /** Each article's chunk labels, ascending. */
  labels: Map<string, number[]>;
  /** The mean of the articles' summed chunk lengths. */
  averageLength: number;
}

/** Which chunks make up each article, and the mean article length the lexical index sees. */
function groupByArticle(chunks: ReadonlyMap<number, StoredChunk>, lexical: LexicalIndex): ChunksByArticle {
  const labels = new Map<string, number[]>();
  let totalLength = 0;
  for (const [label, chunk] of chunks) {
    const list = labels.get(chunk.articleId);
    if (list) list.push(label);
    else labels.set(chunk.articleId, [label]);
    totalLength += lexical.documentLength(label);
  }
  for (const list of labels.values()) list.sort((a, b) => a - b);
  return { labels, averageLength: labels.size > 0 ? totalLength / labels.size : 0 };
}

function passagesOf(index: LoadedIndex, labels: number[]): IndexedPassage[] {
  const passages: IndexedPassage[] = [];
  // Several passages often come from one article: decode its text once.
  const texts = new Map<string, string>();
  for (const label of labels) {
    const chunk = index.chunks.get(label);
    const article = chunk && index.articles.get(chunk.articleId);
    if (!chunk || !article) continue;
    const text = texts.get(article.id) ?? articleText(index, article);
    texts.set(article.id, text);
    passages.push({
      label,
      article: articleMetaOf(article),
      chunkIndex: chunk.index,
      text: text.slice(chunk.start, chunk.end),
      start: chunk.start,
      end: chunk.end,
      sentences: chunk.sentences,
    });
  }
  return passages;
}

/** Only the metadata: a passage carries no offsets or hashes of the store. */
function articleMetaOf({ id, file, title, outlet, url, published, show }: StoredArticle): ArticleMeta {
  return { id, file, title, outlet, url, published, show };
}

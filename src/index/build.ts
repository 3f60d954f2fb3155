import type { Article } from '../ingest/types';
import type { Logger } from '../log';
import { chunkArticle, type ChunkOptions, defaultChunkOptions } from '../chunk';
import type { Embedder, ReindexProgress, VectorIndex } from './types';
import { createLexicalIndex, type LexicalDocument, type LexicalIndex } from './lexical';
import { createVectorIndex } from './vectors';
import { articleText, copyMutableParts, publishIndex, type LoadedIndex, type StoredArticle, type StoredChunk } from './store';

export interface BuildInput {
  indexDir: string;
  articles: Article[];
  embedder: Embedder | null;
  /** The live index: unchanged articles keep its chunks and vectors. Null forces a full build. */
  previous: LoadedIndex | null;
  chunkOptions?: ChunkOptions;
  onProgress?: (progress: ReindexProgress) => void;
  log: Logger;
}

export interface BuildResult {
  index: LoadedIndex;
  changedArticles: number;
  removedArticles: number;
  /** Why everything was built anew, when it was. */
  rebuildReason: string | null;
}

/**
 * Builds the next index version beside the live one. Only new or changed articles are chunked and
 * embedded; the vectors and BM25 entries of unchanged ones are carried over from `previous`.
 */
export async function buildIndex(input: BuildInput): Promise<BuildResult> {
  const { articles, embedder, log } = input;
  const progress = input.onProgress ?? (() => undefined);
  const rebuildReason = whyFullRebuild(input.previous, embedder);
  const previous = rebuildReason === null ? input.previous : null;

  const incoming = new Map(articles.map((article) => [article.id, article]));
  const unchanged = previous
    ? articles.filter((a) => previous.manifest.contentHashes[a.id] === a.contentHash && previous.articles.has(a.id))
    : [];
  const unchangedIds = new Set(unchanged.map((a) => a.id));
  const changed = articles.filter((a) => !unchangedIds.has(a.id));
  const removedArticles = previous ? [...previous.articles.keys()].filter((id) => !incoming.has(id)).length : 0;

  const { lexical, vectors } = previous
    ? await copyMutableParts(previous)
    : { lexical: createLexicalIndex(), vectors: embedder ? createVectorIndex(embedder.dimensions, 1024) : null };

  const chunks = new Map<number, StoredChunk>();
  let nextLabel = previous?.manifest.nextLabel ?? 0;
  if (previous) {
    const staleChunks: StoredChunk[] = [];
    for (const chunk of previous.chunks.values()) {
      if (unchangedIds.has(chunk.articleId)) chunks.set(chunk.label, chunk);
      else staleChunks.push(chunk);
    }
    const staleTexts = new Map<string, { title: string; text: string }>();
    const staleArticle = (id: string) => {
      let found = staleTexts.get(id);
      if (!found) {
        const stored = previous.articles.get(id)!;
        found = { title: stored.title, text: articleText(previous, stored) };
        staleTexts.set(id, found);
      }
      return found;
    };
    lexical.remove(staleChunks.map((chunk) => lexicalDocument(chunk, staleArticle(chunk.articleId))));
    for (const chunk of staleChunks) vectors?.remove(chunk.label);
  }

  progress({ phase: 'chunking', done: 0, total: changed.length });
  const newChunks: StoredChunk[] = [];
  for (const [i, article] of changed.entries()) {
    for (const chunk of chunkArticle(article, input.chunkOptions ?? defaultChunkOptions)) {
      newChunks.push({ label: nextLabel++, articleId: article.id, index: chunk.index, start: chunk.start, end: chunk.end });
    }
    if (i % 500 === 499) progress({ phase: 'chunking', done: i + 1, total: changed.length });
  }
  progress({ phase: 'chunking', done: changed.length, total: changed.length });

  if (embedder && vectors) {
    await embedAndIndex(embedder, vectors, lexical, newChunks, incoming, progress);
  } else {
    progress({ phase: 'indexing', done: 0, total: newChunks.length });
    addToLexical(lexical, newChunks, incoming);
    progress({ phase: 'indexing', done: newChunks.length, total: newChunks.length });
  }
  for (const chunk of newChunks) chunks.set(chunk.label, chunk);

  progress({ phase: 'saving', done: 0, total: 1 });
  const { stored, texts } = textStore(articles, unchangedIds, previous);
  const index = await publishIndex(input.indexDir, {
    articles: stored,
    texts,
    chunks,
    lexical,
    vectors,
    manifest: {
      model: embedder ? { id: embedder.modelId, dimensions: embedder.dimensions } : null,
      nextLabel,
      articleCount: incoming.size,
      chunkCount: chunks.size,
      contentHashes: Object.fromEntries(articles.map((a) => [a.id, a.contentHash])),
    },
  });
  progress({ phase: 'saving', done: 1, total: 1 });
  log.debug('index published', { version: index.manifest.version, changed: changed.length, removed: removedArticles });
  return { index, changedArticles: changed.length, removedArticles, rebuildReason };
}

/**
 * Article metadata with text offsets, and the texts as one UTF-8 buffer, written in place so the
 * corpus is never held as a list of pieces and a joined copy at once; unchanged texts are copied
 * as bytes from the previous version.
 */
function textStore(
  articles: Article[],
  unchangedIds: Set<string>,
  previous: LoadedIndex | null,
): { stored: Map<string, StoredArticle>; texts: Buffer } {
  const previousBytes = (article: Article) => {
    const before = unchangedIds.has(article.id) ? previous?.articles.get(article.id) : undefined;
    return before && previous ? previous.texts.subarray(before.textStart, before.textEnd) : null;
  };
  const sizes = articles.map((article) => previousBytes(article)?.length ?? Buffer.byteLength(article.text, 'utf8'));
  const texts = Buffer.allocUnsafe(sizes.reduce((sum, size) => sum + size, 0));
  const stored = new Map<string, StoredArticle>();
  let at = 0;
  articles.forEach((article, i) => {
    const bytes = previousBytes(article);
    if (bytes) bytes.copy(texts, at);
    else texts.write(article.text, at, 'utf8');
    const { text: _text, ...meta } = article;
    stored.set(article.id, { ...meta, textStart: at, textEnd: at + sizes[i]! });
    at += sizes[i]!;
  });
  return { stored, texts };
}

function whyFullRebuild(previous: LoadedIndex | null, embedder: Embedder | null): string | null {
  if (previous === null) return 'no previous index';
  const before = previous.manifest.model;
  const now = embedder ? { id: embedder.modelId, dimensions: embedder.dimensions } : null;
  if (before?.id !== now?.id || before?.dimensions !== now?.dimensions) {
    return `embedding model changed from ${before?.id ?? 'none (lexical only)'} to ${now?.id ?? 'none (lexical only)'}`;
  }
  return null;
}

const embedBatch = 256;

/**
 * Embeds in slices, so only one slice of texts and vectors is alive at a time, and adds each
 * slice to BM25 while the model runs: inference runs on onnxruntime's native threads, leaving
 * the JavaScript thread free for the lexical index.
 */
async function embedAndIndex(
  embedder: Embedder,
  vectors: VectorIndex,
  lexical: LexicalIndex,
  chunks: StoredChunk[],
  articles: Map<string, Article>,
  progress: (p: ReindexProgress) => void,
): Promise<void> {
  progress({ phase: 'embedding', done: 0, total: chunks.length });
  for (let offset = 0; offset < chunks.length; offset += embedBatch) {
    const slice = chunks.slice(offset, offset + embedBatch);
    const texts = slice.map((chunk) => embeddingText(chunk, articles.get(chunk.articleId)!));
    const embedding = embedder.embedDocuments(texts);
    addToLexical(lexical, slice, articles);
    const embedded = await embedding;
    embedded.forEach((vector, i) => vectors.add(slice[i]!.label, vector));
    progress({ phase: 'embedding', done: offset + slice.length, total: chunks.length });
  }
}

/** The title goes with each chunk's text: a passage alone often does not name the show it is about. */
function embeddingText(chunk: StoredChunk, article: Article): string {
  return `${article.title}\n${article.text.slice(chunk.start, chunk.end)}`;
}

function addToLexical(lexical: LexicalIndex, chunks: StoredChunk[], articles: Map<string, Article>): void {
  lexical.add(chunks.map((chunk) => lexicalDocument(chunk, articles.get(chunk.articleId)!)));
}

function lexicalDocument(chunk: StoredChunk, article: { title: string; text: string }): LexicalDocument {
  return { label: chunk.label, title: article.title, text: article.text.slice(chunk.start, chunk.end) };
}

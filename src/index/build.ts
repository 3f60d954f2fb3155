import { createHash } from 'node:crypto';
import type { Logger } from '../log';
import { chunkArticle, type ChunkOptions, defaultChunkOptions } from '../chunk';
import type { Embedder, ReindexProgress, VectorIndex } from './types';
import { createLexicalIndex, type LexicalDocument, type LexicalIndex } from './lexical';
import { createVectorIndex } from './vectors';
import { copyMutableParts, publishIndex, type LoadedIndex, type StoredArticle, type StoredChunk } from './store';
import { textReader, type ArticleCorpus } from './text-store';
import { modelMismatch, modelOf } from './model-check';

export interface BuildInput {
  indexDir: string;
  /** Every article the index should hold, texts in one buffer (see `toCorpus`). */
  corpus: ArticleCorpus;
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
  const { corpus, embedder, log } = input;
  const { articles } = corpus;
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
    : {
        lexical: createLexicalIndex(),
        // About ten chunks an article: sized once instead of doubled (and copied) a dozen times.
        vectors: embedder ? createVectorIndex(embedder.dimensions, Math.max(1024, articles.length * 12)) : null,
      };

  const chunks = new Map<number, StoredChunk>();
  let nextLabel = previous?.manifest.nextLabel ?? 0;
  if (previous) {
    const staleChunks: StoredChunk[] = [];
    for (const chunk of previous.chunks.values()) {
      if (unchangedIds.has(chunk.articleId)) chunks.set(chunk.label, chunk);
      else staleChunks.push(chunk);
    }
    const previousText = textReader(previous);
    lexical.remove(
      staleChunks.map((chunk) => {
        const article = previous.articles.get(chunk.articleId)!;
        return lexicalDocument(chunk, article, previousText(article));
      }),
    );
    for (const chunk of staleChunks) vectors?.remove(chunk.label);
  }

  progress({ phase: 'chunking', done: 0, total: changed.length });
  const newChunks: StoredChunk[] = [];
  const text = textReader(corpus);
  for (const [i, article] of changed.entries()) {
    for (const chunk of chunkArticle(
      { id: article.id, text: text(article) },
      input.chunkOptions ?? defaultChunkOptions,
    )) {
      newChunks.push({
        label: nextLabel++,
        articleId: article.id,
        index: chunk.index,
        start: chunk.start,
        end: chunk.end,
      });
    }
    if (i % 500 === 499) progress({ phase: 'chunking', done: i + 1, total: changed.length });
  }
  progress({ phase: 'chunking', done: changed.length, total: changed.length });

  if (embedder && vectors) {
    await embedAndIndex(embedder, vectors, lexical, newChunks, incoming, text, progress);
  } else {
    progress({ phase: 'indexing', done: 0, total: newChunks.length });
    addToLexical(lexical, newChunks, incoming, text);
    progress({ phase: 'indexing', done: newChunks.length, total: newChunks.length });
  }
  for (const chunk of newChunks) chunks.set(chunk.label, chunk);

  progress({ phase: 'saving', done: 0, total: 1 });
  const index = await publishIndex(
    input.indexDir,
    {
      articles: incoming,
      texts: corpus.texts,
      chunks,
      lexical,
      vectors,
      manifest: {
        model: modelOf(embedder),
        nextLabel,
        articleCount: incoming.size,
        chunkCount: chunks.size,
        contentHashes: Object.fromEntries(articles.map((a) => [a.id, a.contentHash])),
      },
    },
    previous?.manifest.version ?? null,
  );
  progress({ phase: 'saving', done: 1, total: 1 });
  log.debug('index published', { version: index.manifest.version, changed: changed.length, removed: removedArticles });
  return { index, changedArticles: changed.length, removedArticles, rebuildReason };
}

function whyFullRebuild(previous: LoadedIndex | null, embedder: Embedder | null): string | null {
  if (previous === null) return 'no previous index';
  return modelMismatch(previous.manifest.model, embedder);
}

const embedSlice = 512;

/** One slice of chunks on its way through the model: only texts not seen before are embedded. */
interface SliceInFlight {
  chunks: StoredChunk[];
  /** Labels of the texts sent to the model, in order. */
  embeddedLabels: number[];
  /** Chunks whose text (title included) an earlier chunk already has: [label, that chunk's label]. */
  copies: [number, number][];
  vectors: Promise<Float32Array[]>;
}

/**
 * Embeds in slices, so only a couple of slices of texts and vectors are alive at a time. The next
 * slice is already with the model (on the embedder's worker threads, or onnxruntime's native ones)
 * while this thread fills BM25 and inserts the previous slice into HNSW. A text that repeats (the
 * same passage under the same title, as syndicated news has) is embedded once and its vector reused.
 */
async function embedAndIndex(
  embedder: Embedder,
  vectors: VectorIndex,
  lexical: LexicalIndex,
  chunks: StoredChunk[],
  articles: Map<string, StoredArticle>,
  text: (article: StoredArticle) => string,
  progress: (p: ReindexProgress) => void,
): Promise<void> {
  progress({ phase: 'embedding', done: 0, total: chunks.length });
  const firstWithText = new Map<string, number>();
  const send = (offset: number): SliceInFlight => {
    const slice = chunks.slice(offset, offset + embedSlice);
    const texts: string[] = [];
    const embeddedLabels: number[] = [];
    const copies: [number, number][] = [];
    for (const chunk of slice) {
      const article = articles.get(chunk.articleId)!;
      const chunkText = embeddingText(chunk, article, text(article));
      const key = textKey(chunkText);
      const first = firstWithText.get(key);
      if (first !== undefined) {
        copies.push([chunk.label, first]);
        continue;
      }
      firstWithText.set(key, chunk.label);
      texts.push(chunkText);
      embeddedLabels.push(chunk.label);
    }
    return { chunks: slice, embeddedLabels, copies, vectors: embedder.embedDocuments(texts) };
  };

  let current: SliceInFlight | null = chunks.length > 0 ? send(0) : null;
  for (let offset = 0; current !== null; offset += embedSlice) {
    const next = offset + embedSlice < chunks.length ? send(offset + embedSlice) : null;
    addToLexical(lexical, current.chunks, articles, text);
    const embedded = await current.vectors;
    current.embeddedLabels.forEach((label, i) => vectors.add(label, embedded[i]!));
    for (const [label, first] of current.copies) vectors.add(label, vectors.vector(first)!);
    progress({ phase: 'embedding', done: offset + current.chunks.length, total: chunks.length });
    current = next;
  }
}

/** A 128-bit digest of a text: the map of texts seen holds these instead of the texts. */
function textKey(text: string): string {
  return createHash('md5').update(text).digest('base64');
}

/** The title goes with each chunk's text: a passage alone often does not name the show it is about. */
export function embeddingText(chunk: StoredChunk, article: StoredArticle, text: string): string {
  return `${article.title}\n${text.slice(chunk.start, chunk.end)}`;
}

function addToLexical(
  lexical: LexicalIndex,
  chunks: StoredChunk[],
  articles: Map<string, StoredArticle>,
  text: (article: StoredArticle) => string,
): void {
  lexical.add(
    chunks.map((chunk) => {
      const article = articles.get(chunk.articleId)!;
      return lexicalDocument(chunk, article, text(article));
    }),
  );
}

function lexicalDocument(chunk: StoredChunk, article: StoredArticle, text: string): LexicalDocument {
  return { label: chunk.label, title: article.title, text: text.slice(chunk.start, chunk.end) };
}

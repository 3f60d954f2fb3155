import { createHash } from 'node:crypto';
import type { Logger } from '../log';
import { chunkArticle, type ChunkOptions, defaultChunkOptions } from '../chunk';
import type { Embedder, ReindexProgress } from './types';
import { changesHere, type VectorChanges } from './vector-changes';
import { createLexicalIndex, type LexicalDocument, type LexicalIndex } from './lexical';
import { createVectorIndex } from './vectors';
import { copyMutableParts, publishIndex, type LoadedIndex } from './disk';
import type { StoredArticle, StoredChunk } from './types';
import { textReader, type ArticleCorpus } from './disk-text';
import { modelMismatch, modelOf } from './model-check';
import { boundsPool, sentenceBounds } from '../text/sentences';

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
  const { articles } = input.corpus;
  const embedder = input.embedder;
  const rebuildReason = whyFullRebuild(input.previous, embedder);
  const previous = rebuildReason === null ? input.previous : null;

  const incoming = new Set(articles.map((article) => article.id));
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
        vectors: embedder
          ? changesHere(createVectorIndex(embedder.dimensions, Math.max(1024, articles.length * 12)))
          : null,
      };
  try {
    return await buildOn({
      ...input,
      previous,
      lexical,
      vectors,
      changed,
      unchangedIds,
      removedArticles,
      rebuildReason,
    });
  } finally {
    await vectors?.close();
  }
}

/** The rest of `buildIndex`, on the parts it copied or made. */
async function buildOn(
  input: BuildInput & {
    lexical: LexicalIndex;
    vectors: VectorChanges | null;
    changed: StoredArticle[];
    unchangedIds: Set<string>;
    removedArticles: number;
    rebuildReason: string | null;
  },
): Promise<BuildResult> {
  const { corpus, embedder, log, previous, lexical, vectors, changed, unchangedIds, removedArticles, rebuildReason } =
    input;
  const { articles } = corpus;
  const progress = input.onProgress ?? (() => undefined);
  const incoming = new Map(articles.map((article) => [article.id, article]));
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
    vectors?.remove(staleChunks.map((chunk) => chunk.label));
  }

  const text = textReader(corpus);
  const chunker = articleChunker(changed, text, input.chunkOptions ?? defaultChunkOptions, nextLabel);
  let newChunks: StoredChunk[];
  if (embedder && vectors) {
    newChunks = await embedAndIndex(embedder, vectors, lexical, chunker, incoming, text, progress);
  } else {
    progress({ phase: 'chunking', done: 0, total: changed.length });
    newChunks = chunker.take(Infinity, (done) => {
      if (done % 500 === 0) progress({ phase: 'chunking', done, total: changed.length });
    });
    progress({ phase: 'chunking', done: changed.length, total: changed.length });
    progress({ phase: 'indexing', done: 0, total: newChunks.length });
    addToLexical(lexical, newChunks, incoming, text);
    progress({ phase: 'indexing', done: newChunks.length, total: newChunks.length });
  }
  nextLabel = chunker.nextLabel();
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

/** Cuts the changed articles into chunks on demand, labels in order, so chunking can keep pace with embedding. */
interface ArticleChunker {
  /** The chunks of the next whole articles, at least `minChunks` of them unless the articles run out. */
  take(minChunks: number, onArticle?: (articlesDone: number) => void): StoredChunk[];
  articlesDone(): number;
  articleCount: number;
  nextLabel(): number;
}

function articleChunker(
  articles: StoredArticle[],
  text: (article: StoredArticle) => string,
  options: ChunkOptions,
  firstLabel: number,
): ArticleChunker {
  let next = 0;
  let label = firstLabel;
  const allocate = boundsPool();
  return {
    take(minChunks, onArticle) {
      const taken: StoredChunk[] = [];
      while (next < articles.length && taken.length < minChunks) {
        const article = articles[next++]!;
        const body = text(article);
        for (const { index, start, end } of chunkArticle({ id: article.id, text: body }, options)) {
          // Split as answering would split the chunk alone (not the article: sbd reads context).
          const { buffer, byteOffset, length } = sentenceBounds(body.slice(start, end), start, allocate);
          taken.push(new BuiltChunk(label++, article.id, index, start, end, buffer, byteOffset, length));
        }
        onArticle?.(next);
      }
      return taken;
    },
    articlesDone: () => next,
    articleCount: articles.length,
    nextLabel: () => label,
  };
}

/**
 * A chunk this build made. Its sentence offsets stay in the build's shared blocks (`boundsPool`) and
 * the chunk keeps where they lie, not a view of them: a typed-array view is about 80 bytes of heap
 * beyond these three numbers (176 against 97 bytes a chunk, 200,000 chunks measured alone,
 * 2026-12-07), 16 MB for the full corpus's 202,530 chunks, all alive until the build saves them,
 * when the build's peak RSS was 993-1,015 MB against its 1,024 MB target. A class so that every
 * chunk shares one getter; the view is made when asked for (saving, answering from a fresh build).
 */
class BuiltChunk implements StoredChunk {
  constructor(
    readonly label: number,
    readonly articleId: string,
    readonly index: number,
    readonly start: number,
    readonly end: number,
    private readonly block: ArrayBufferLike,
    private readonly byteOffset: number,
    private readonly values: number,
  ) {}

  get sentences(): Uint32Array {
    return new Uint32Array(this.block, this.byteOffset, this.values);
  }
}

const embedSlice = 512;

/** One slice of chunks on its way through the model: only texts not seen before are embedded. */
interface SliceInFlight {
  chunks: StoredChunk[];
  /** Articles chunked once this slice was cut, for progress. */
  articlesDone: number;
  /** Labels of the texts sent to the model, in order. */
  embeddedLabels: number[];
  /** Chunks whose text (title included) an earlier chunk already has: [label, that chunk's label]. */
  copies: [number, number][];
  vectors: Promise<Float32Array[]>;
}

/**
 * Chunks and embeds in slices, so only a couple of slices of texts and vectors are alive at a
 * time. The next slice is already with the model (its tokenising on the embedder's worker thread)
 * while this thread fills BM25 and inserts the previous slice into HNSW. Chunking slice by slice,
 * not all articles first, has the tokenizer busy from the first slice: chunking everything first
 * left it idle for the 2.6 s that took on a 4,757-article build (2026-12-01). A text that repeats
 * (the same passage under the same title, as syndicated news has) is embedded once and its vector
 * reused. Progress counts articles. Returns every chunk made.
 */
async function embedAndIndex(
  embedder: Embedder,
  vectors: VectorChanges,
  lexical: LexicalIndex,
  chunker: ArticleChunker,
  articles: Map<string, StoredArticle>,
  text: (article: StoredArticle) => string,
  progress: (p: ReindexProgress) => void,
): Promise<StoredChunk[]> {
  const totalArticles = chunker.articleCount;
  progress({ phase: 'embedding', done: 0, total: totalArticles });
  const firstWithText = new Map<string, number>();
  const made: StoredChunk[] = [];
  const send = (): SliceInFlight | null => {
    const slice = chunker.take(embedSlice);
    if (slice.length === 0) return null;
    const texts: string[] = [];
    const embeddedLabels: number[] = [];
    const copies: [number, number][] = [];
    for (const chunk of slice) {
      made.push(chunk);
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
    const articlesDone = chunker.articlesDone();
    return { chunks: slice, articlesDone, embeddedLabels, copies, vectors: embedder.embedDocuments(texts) };
  };

  for (let current = send(); current !== null;) {
    const next = send();
    addToLexical(lexical, current.chunks, articles, text);
    vectors.add(current.embeddedLabels, await current.vectors);
    vectors.copy(current.copies);
    progress({ phase: 'embedding', done: current.articlesDone, total: totalArticles });
    current = next;
  }
  return made;
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

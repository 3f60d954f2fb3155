import type { ArticleMeta } from '../ingest/types';
import type { Checksums } from './checksums';
/** Turns text into vectors. Documents and queries differ for models with a query instruction (bge). */
export interface Embedder {
  modelId: string;
  dimensions: number;
  /** Embeds in batches; `onProgress(done)` after each batch. Vectors are L2-normalised. */
  embedDocuments(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}

export interface VectorHit {
  label: number;
  /** Cosine similarity, higher is closer. */
  score: number;
}

/** An approximate nearest-neighbour index over chunk vectors, keyed by integer labels. */
export interface VectorIndex {
  readonly dimensions: number;
  add(label: number, vector: Float32Array): void;
  remove(label: number): void;
  /** The stored vector of a live label (normalised, as the index compares it), or undefined. */
  vector(label: number): Float32Array | undefined;
  /** The `k` nearest; with `accept`, only points it accepts (fewer when fewer are accepted). */
  search(vector: Float32Array, k: number, accept?: (label: number) => boolean): VectorHit[];
  count(): number;
  save(file: string): Promise<void>;
}

/** Corpus statistics that say how telling a term is: a name that occurs in two chunks says more than "season". */
export interface TermStatistics {
  /** How many chunks hold the stemmed term. */
  documentFrequency(term: string): number;
  documentCount(): number;
}

/** What a reindex reports while it runs. */
export interface ReindexProgress {
  phase: 'reading' | 'chunking' | 'embedding' | 'indexing' | 'saving';
  done: number;
  total: number;
}

export interface ReindexSummary {
  articles: number;
  chunks: number;
  /** Articles whose content changed or are new, and so were chunked and embedded again. */
  changedArticles: number;
  removedArticles: number;
  seconds: number;
  skipped: { file: string; reason: string }[];
  /** Articles indexed with a title derived from their text or URL, having none of their own. */
  untitled: number;
  /** Embedding model used, or null when the index is lexical-only. */
  model: string | null;
  version: string;
  /** Why a full rebuild happened instead of an incremental one, if it did. */
  rebuildReason: string | null;
}

export interface SourceSummary {
  outlet: string;
  articles: number;
  /** Latest published date among its articles (ISO), or null when none has one. */
  latest: string | null;
  /** Earliest published date among its articles (ISO), or null when none has one. */
  earliest: string | null;
}

/** What an index version holds on disk (see disk.ts), shared by the files that read and write it. */
export interface StoredChunk {
  label: number;
  articleId: string;
  index: number;
  start: number;
  end: number;
  /**
   * Its sentences as article offsets, [start, end] after one another: `sentenceBounds` of its text
   * at build time, so answering reads them instead of splitting the chunk again.
   */
  sentences: Uint32Array;
}

export interface IndexManifest {
  formatVersion: number;
  version: string;
  createdAt: string;
  model: { id: string; dimensions: number } | null;
  nextLabel: number;
  articleCount: number;
  chunkCount: number;
  /** Article id → content hash: what an incremental reindex compares against. */
  contentHashes: Record<string, string>;
  /** sha256 of every other file in the version folder, checked at load. */
  checksums: Checksums;
}

/** An article's metadata and where its cleaned text lies in the index's text store (UTF-8 bytes). */
export interface StoredArticle extends ArticleMeta {
  contentHash: string;
  textStart: number;
  textEnd: number;
}

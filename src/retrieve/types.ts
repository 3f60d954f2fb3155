import type { ArticleMeta } from '../ingest/types';

/** One retrieved chunk, with its article's metadata and the chunk's text. */
export interface Passage {
  chunkId: string;
  article: ArticleMeta;
  /** The chunk's text: exactly `articleText.slice(start, end)`. */
  text: string;
  /** Offsets of `text` in the article's stored text. */
  start: number;
  end: number;
  /**
   * Its sentences' offsets as the index stored them (`sentencesAt` reads them); a passage made
   * without an index (tests, tools) has none and is split when read.
   */
  sentences?: Uint32Array;
  /** Fused retrieval score, higher is better. */
  score: number;
}

/** Passages that report the same thing, from one or more outlets; the first is the best ranked. */
export interface EvidenceGroup {
  passages: Passage[];
  score: number;
}

export interface Retrieval {
  question: string;
  /** Best first. */
  groups: EvidenceGroup[];
  /** 'lexical' when no embedding model could be loaded. */
  mode: 'hybrid' | 'lexical';
  /**
   * The best articles' other passages, in text order: read for short answers (a report often states
   * the fact asked for in a paragraph the question's words do not reach), never ranked or cited alone.
   */
  further?: Passage[];
}

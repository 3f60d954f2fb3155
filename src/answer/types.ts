import type { ArticleMeta } from '../ingest/types';

/** A numbered source of an answer: the cited article's metadata and the sentence quoted from it. */
export interface Citation extends Pick<ArticleMeta, 'file' | 'outlet' | 'title' | 'url' | 'published'> {
  n: number;
  /** The sentence that supports the claim: an exact substring of the article's stored text. */
  quote: string;
}

export type AnswerMode = 'extractive' | 'llm';

/**
 * Milliseconds per stage of one answer. Both modes report the same keys; a stage that did not run
 * is null.
 */
export interface Timings {
  /** Hybrid retrieval: BM25, query embedding, dense search, fusion and grouping. */
  retrieveMs: number;
  /** The extractive answer (always made: it is the LLM mode's fallback). */
  composeMs: number;
  /** The language model's call, streaming and verification included; null in extractive mode. */
  llmMs: number | null;
  /** The whole question, validation to answer. For a cached answer, that of the answer first made. */
  totalMs: number;
  /** The cache look-up, when the answer came from the cache; null otherwise. */
  cachedMs: number | null;
}

/** An answer as a composer makes it; the pipeline adds the timings. */
export interface ComposedAnswer {
  question: string;
  /** Answer text with [n] markers naming `citations`. */
  answer: string;
  abstained: boolean;
  /**
   * The answer itself in a few words (a name, a date, a number, a place), taken from a cited
   * sentence; null when the question asks for an explanation or no span answers it. The answer
   * text leads with it.
   */
  short: string | null;
  mode: AnswerMode;
  citations: Citation[];
  /** A short note for the reader, e.g. why an LLM answer fell back to the extractive one. */
  note?: string;
}

export interface Answer extends ComposedAnswer {
  timings: Timings;
  /** The question's words as searched ("janet mcteer playing"), present only when some were corrected. */
  searchedFor?: string;
}

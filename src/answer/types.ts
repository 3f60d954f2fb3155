import type { ArticleMeta } from '../ingest/types';

/** A numbered source of an answer: the cited article's metadata and the sentence quoted from it. */
export interface Citation extends Pick<ArticleMeta, 'file' | 'outlet' | 'title' | 'url' | 'published'> {
  n: number;
  /** The sentence that supports the claim: an exact substring of the article's stored text. */
  quote: string;
}

export type AnswerMode = 'extractive' | 'llm';

/** One outlet's report of a value outlets disagree on. */
export interface DisagreementReport extends Pick<ArticleMeta, 'file' | 'outlet' | 'title' | 'url' | 'published'> {
  /** The answer's citation that quotes the report; null when the answer text does not cite it (a model's answer). */
  n: number | null;
  /** The sentence that states the value: an exact substring of the article's stored text. */
  quote: string;
}

/** One of the values outlets give, with the outlets that give it, newest report first. */
export interface DisagreeingValue {
  value: string;
  /** The value the answer gives as its short answer. */
  picked: boolean;
  reports: DisagreementReport[];
}

/**
 * Outlets that give different values for what the question asks (two premiere dates, two episode
 * counts) about the same subject: each value with its reports, newest first.
 */
export interface Disagreement {
  /** What the values are: dates or counts. */
  kind: 'date' | 'count';
  /** What they are of: "premiere", "finale", "episodes"… (relations.ts). */
  about: string;
  values: DisagreeingValue[];
}

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
  /** Outlets that give different values for the short answer; absent when they agree. */
  disagreement?: Disagreement;
}

export interface Answer extends ComposedAnswer {
  timings: Timings;
  /** The question's words as searched ("janet mcteer playing"), present only when some were corrected. */
  searchedFor?: string;
}

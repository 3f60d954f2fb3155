export interface Citation {
  n: number;
  /** Article file below the articles folder. */
  file: string;
  outlet: string;
  title: string;
  url: string | null;
  published: string | null;
  /** The sentence that supports the claim: an exact substring of the article's stored text. */
  quote: string;
}

export type AnswerMode = 'extractive' | 'llm';

export interface Answer {
  question: string;
  /** Answer text with [n] markers naming `citations`. */
  answer: string;
  abstained: boolean;
  mode: AnswerMode;
  citations: Citation[];
  /** Milliseconds per stage, e.g. { retrieve, compose, total }. */
  timings: Record<string, number>;
  /** A short note for the reader, e.g. why an LLM answer fell back to the extractive one. */
  note?: string;
}

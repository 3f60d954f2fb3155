/**
 * The ingest stage's tuning values: how article cleaning tells page furniture (bylines, captions,
 * teasers, "read more" trailers) from the story. None was tuned on a question set: they were set
 * on the sample articles and the cleaning tests (test/ingest-*.test.ts), which hold an example of
 * each kind of line; change one and those tests say what moved.
 */
export interface IngestDefaults {
  /** A line of at most this many words with no sentence end reads as a headline or label. */
  headlineMaxWords: number;
  /** Caption lines repeated as alt text are this short or shorter. */
  shortLineMaxWords: number;
  /** Share of words (Jaccard) two short caption lines share to count as one caption repeated. */
  nearDuplicateSimilarity: number;
  /** A trailer marker ("Read more:") only ends the story once this many words of prose came before it. */
  minProseWords: number;
  /** Teaser headlines after the story that are dropped together; more than this is taken as story. */
  maxTeaserHeadlines: number;
  /** A dateline is at most this many characters, with at most `datelineMaxOtherWords` words besides the date. */
  datelineMaxChars: number;
  datelineMaxOtherWords: number;
  /** Longest derived title (for an article with none), in characters; longer is cut at a word. */
  derivedTitleMaxChars: number;
}

export const ingestDefaults: IngestDefaults = {
  headlineMaxWords: 16,
  shortLineMaxWords: 25,
  // One sample article's alt text and caption share 85% of their words (the case this catches).
  nearDuplicateSimilarity: 0.7,
  minProseWords: 8,
  maxTeaserHeadlines: 8,
  datelineMaxChars: 120,
  // Room for an author's name of up to four words beside the date.
  datelineMaxOtherWords: 4,
  derivedTitleMaxChars: 90,
};

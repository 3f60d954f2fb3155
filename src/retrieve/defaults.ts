/**
 * The retrieval stage's tuning values, in one place. Figures are from the news-quiz development
 * set (643 questions over news-2023, lexical; docs/experiments/news-quiz.md has the runs). Where a
 * value was never tuned, the comment says so: treat it as a default, not a measured optimum.
 */
export interface RetrievalDefaults {
  /** Chunks taken from each ranking (BM25, dense) before fusion. */
  candidates: number;
  /** Passages handed to the answer stage. */
  limit: number;
  /** Chunks one article gives before any article gives more, so a long article cannot crowd out other reports. */
  passagesPerArticle: number;
  /** How much question terms in an article's title raise it, as a share of the question's term weight. */
  titleWeight: number;
  /** How much an article's second matching chunk adds: more evidence it is about the question. */
  supportWeight: number;
  /** How much the article read whole (its BM25 as a share of the best candidate's) adds to its best chunk. */
  articleWeight: number;
  /** The best articles whose other passages come along for short answers (Retrieval.further). */
  furtherArticles: number;
  /** How much age counts against an article when the question has a date (see recency.ts). */
  recency: {
    /** Days over which the age discount decays (e-folding time). */
    timeConstantDays: number;
    /** The factor an article of unlimited age keeps; a question that says "recently" or "this week" uses `recentFloor`. */
    floor: number;
    recentFloor: number;
    /** The factor of an undated article (its age is unknown). */
    undated: number;
    recentUndated: number;
  };
}

export const retrievalDefaults: RetrievalDefaults = {
  // Not tuned: at 150 per ranking the gold article is among the candidates for Hits@10 0.896;
  // more candidates cost latency (whole-article BM25 runs over each candidate's article).
  candidates: 150,
  // Not tuned: the answer stage reads the best sentences of these passages (shortReading in extractive.ts).
  limit: 12,
  // Not tuned: two chunks per article leaves room for six articles in twelve passages.
  passagesPerArticle: 2,
  // 0.5 and 0.7 gave Hits@1 0.662 against 0.667 at 0.6.
  titleWeight: 0.6,
  // Not tuned separately; kept when whole-article scoring was added beside it.
  supportWeight: 0.15,
  // Hits@1/5/10 0.652/0.832/0.871 without whole-article scoring, 0.670/0.855/0.897 at 1.
  articleWeight: 1,
  // The best article's: a right short-answer candidate for 0.844 of show-qa-2023's answerable
  // questions against 0.800 without (see shortReading in extractive.ts); two articles not measured.
  furtherArticles: 1,
  recency: {
    // 5 or 20 days, or a floor of 0.6, gave Hits@1 0.666 against 0.667; with no date prior at all
    // Hits@1/5/10 were 0.600/0.809/0.874.
    timeConstantDays: 10,
    floor: 0.5,
    recentFloor: 0.35,
    // Not tuned: an undated article ranks like one about a month old.
    undated: 0.75,
    recentUndated: 0.6,
  },
};

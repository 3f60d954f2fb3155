import type { Citation, ComposedAnswer } from './types';
import type { Passage, Retrieval } from '../retrieve/types';
import type { TermStatistics } from '../index/types';
import type { QuestionAnalysis } from './question';
import { questionProfile, type QuestionProfile } from './profile';
import { hasQuotation, holdsAnswerKind, speakerOf } from './evidence';
import { sentencesAt, splitSentences, type Sentence } from '../text/sentences';
import { countWords, plainPassageTermSet, plainSentenceTermSet, plainTitleTermSet, termOf } from '../text/terms';
import { jaccard } from '../text/overlap';
import { escapeRegExp, wholeWords } from '../text/regexp';
import { citationFor } from './citation';
import { findShortAnswer, shortAnswerCandidates, type AnswerCandidate, type EvidenceSentence } from './short-answer';
import { declineText, notSureText } from './decline';
import { committedAnswerModel, type AnswerModel } from './answer-model';
import { comparedKind, disagreementDefaults, findDisagreement } from './disagreement';
import { citedDisagreement, disagreementText, retrievedArticles } from './disagreement-answer';
import type { Disagreement } from './types';
import type { Day } from '../day';

interface Candidate {
  passage: Passage;
  /** Exactly `article text.slice(start, end)`. */
  text: string;
  start: number;
  terms: ReadonlySet<string>;
  /** Share of the question's weight the sentence holds, its headline's terms counting in part. */
  coverage: number;
  /** For picking the sentences of an answer: coverage, kind of answer, shape, passage rank. */
  score: number;
  /** For finding a short answer: `score` by the sentence's own words, discounted by its article's rank. */
  shortScore: number;
  /** The sentence before it in the same passage, for finding who is being quoted. */
  previous: string | null;
  /** Its article's rank among the retrieved articles (0: the best). */
  articleRank: number;
}

/**
 * The tuning values of the extractive stage, each named once (what is read for short answers is
 * `shortReading`, below). Figures are the news-quiz development set's, from the commit or the
 * experiment note (docs/experiments/news-quiz.md) that measured them; "hand-set" where none did.
 */
export const extractiveDefaults = {
  /**
   * A question term the sentence lacks but its article's headline holds counts for this much: a
   * report names its subject in the headline and then writes "he", "the team", "the storm" (answer
   * string in text 0.482 → 0.484, gold cited 0.701 → 0.705; 0.5 no better, the sentence before as
   * context lowered EM).
   */
  headlineCredit: 0.3,
  /** A synonym is weaker evidence than the question's own word: "ability" for "powers". Hand-set. */
  synonymCredit: 0.8,
  /**
   * Below this share of the question's weight, the evidence does not answer the question: the bot
   * declines. 0.5 instead: EM +0.006, gold cited +0.02, but declined 0.086 → 0.028, most of the newly
   * answered wrong.
   */
  minPassageCoverage: 0.6,
  /** Sentences in an answer with no short answer. Hand-set. */
  maxSentences: 3,
  /** Outlets cited for one sentence. Five instead: gold cited +0.003 (not kept). */
  maxCitationsPerSentence: 3,
  /** A further sentence joins an answer with no short answer only with this share of the best one's coverage. Hand-set. */
  minExtraCoverage: 0.75,
  /**
   * Share of the stating sentence's coverage of the question a corroborating sentence must have:
   * gold cited 0.656 → 0.669 for citing corroborations at all; a quarter 0.672, three quarters 0.666.
   */
  minCorroboratingCoverage: 0.5,
  /** Each retrieved passage further down takes this much off its sentences' score (1 − rank × this). Hand-set. */
  passageRankDiscount: 0.01,
  /**
   * A sentence's votes for a short answer are divided by 1 + this × its article's rank: later
   * articles are less likely about the question. 1 instead: gold cited +0.008, EM −0.003.
   */
  articleRankDiscount: 0.5,
  /** Score kept by a sentence that holds nothing of the kind of answer asked for. Hand-set. */
  otherKindFactor: 0.5,
  /** Score kept by a question, or by a caption or headline (no full stop, few words): they rarely state a fact. Hand-set. */
  badShapeFactor: 0.5,
  /** Fewer words than this without a full stop read as a caption or a headline. Hand-set. */
  captionWords: 15,
  /** Two sentences whose terms overlap this much (Jaccard) state the same fact: one is enough. Hand-set. */
  sameFactOverlap: 0.35,
  /** A headline states its story's main fact: it counts this many times a sentence with the same terms. Hand-set. */
  titleCredit: 2,
};
export type ExtractiveOptions = typeof extractiveDefaults;
const {
  headlineCredit,
  synonymCredit,
  minPassageCoverage,
  maxSentences,
  maxCitationsPerSentence,
  minCorroboratingCoverage,
  titleCredit,
} = extractiveDefaults;

/**
 * Leads with the short answer (a span of the expected kind that the best sentences and headlines
 * agree on) and the sentence that states it, cited with every article that does; when no span
 * fits, answers with the one to three sentences that best cover the question's telling terms.
 * Abstains when no retrieved passage covers enough of the question: it never guesses.
 */
export function composeExtractiveAnswer(
  question: string,
  retrieval: Retrieval,
  stats: TermStatistics,
  model: AnswerModel = committedAnswerModel(),
  asOf: Day | null = null,
): ComposedAnswer {
  return composeFromProfile(questionProfile(question, stats, asOf), retrieval, model);
}

/** `composeExtractiveAnswer` for a question already read (pipeline.ts reads it once). */
export function composeFromProfile(
  profile: QuestionProfile,
  retrieval: Retrieval,
  model: AnswerModel = committedAnswerModel(),
): ComposedAnswer {
  const { question, analysis, evidenceWeights: weights } = profile;
  const candidates = candidateSentences(retrieval, analysis, weights);
  const best = candidates[0];
  const coverage = passageCoverage(question, retrieval, weights, analysis);
  if (!best || coverage < minPassageCoverage) return abstention(question);

  const citations: Citation[] = [];
  const citationNumber = (candidate: Candidate): number => {
    const existing = citations.find((c) => c.file === candidate.passage.article.file && c.quote === candidate.text);
    if (existing) return existing.n;
    const citation = citationFor(citations.length + 1, candidate.passage, candidate.text);
    citations.push(citation);
    return citation.n;
  };
  const cite = (candidate: Candidate, reporters: Candidate[]): string => {
    const markers = [candidate, ...reporters]
      .slice(0, maxCitationsPerSentence)
      .map((r) => `[${citationNumber(r)}]`)
      .join('');
    return `${candidate.text}${attribution(candidate)} ${markers}`;
  };

  const { read, titles, evidence } = shortEvidence(candidates, retrieval, analysis, weights);
  const found = findShortAnswer(profile, evidence, model, coverage);
  // Below the model's threshold the answer is a guess: no bold answer, but the passage that comes closest.
  if (found !== null && found.confidence < model.threshold) {
    return notSure(question, best, citationFor(1, best.passage, best.text));
  }
  const short = found;
  // A headline can name the answer, but only a sentence of the article can be quoted for it.
  const stating = (index: number): Candidate | undefined => {
    if (index < read.length) return read[index];
    const { articleId } = titles[index - read.length]!;
    const says = (c: Candidate) => short !== null && c.text.toLowerCase().includes(short.text.toLowerCase());
    return candidates.find((c) => c.passage.article.id === articleId && says(c)) ?? candidates.find(says);
  };
  const statements = short?.sentences.map(stating).filter((c): c is Candidate => c !== undefined) ?? [];
  if (short && statements.length > 0) {
    const [stated, ...others] = statements as [Candidate, ...Candidate[]];
    // Other articles whose sentences state the same answer: the outlets that corroborate it.
    const voted = others.filter(
      (c, i) =>
        c.passage.article.id !== stated.passage.article.id &&
        others.findIndex((o) => o.passage.article.id === c.passage.article.id) === i,
    );
    const reporters = [...voted, ...alsoStating(short.text, stated, voted, candidates)];
    const answer = `${short.text}: ${cite(stated, reporters)}`;
    // Outlets that give another value for the same thing: said after the answer, each side cited.
    const disagreement = outletsDiffering(profile, short.text, retrieval, candidates, { read, evidence }, (c) =>
      citationNumber(c),
    );
    return {
      question,
      short: short.text,
      answer: disagreement ? `${answer} ${disagreementText(disagreement)}` : answer,
      abstained: false,
      mode: 'extractive',
      citations,
      ...(disagreement ? { disagreement } : {}),
    };
  }

  const chosen: Candidate[] = [best];
  const covered = new Set([...best.terms].filter((t) => weights.has(t)));
  for (const candidate of candidates.slice(1)) {
    if (chosen.length >= maxSentences) break;
    // By coverage, not score: a second article's sentence may complete the first one's answer.
    if (candidate.coverage < best.coverage * extractiveDefaults.minExtraCoverage) continue;
    const addsTerms = [...candidate.terms].some((t) => weights.has(t) && !covered.has(t));
    const repeats = chosen.some((c) => sameFact(c, candidate));
    // Only a sentence that adds something the question asks about: padding makes answers worse.
    if (!repeats && addsTerms) {
      chosen.push(candidate);
      for (const t of candidate.terms) if (weights.has(t)) covered.add(t);
    }
  }
  // No short answer, so no other outlet is cited as saying the same: sentences that share words
  // may still say different things ("3 outlets say the same" under three different quotes).
  const sentences = chosen.map((candidate) => cite(candidate, []));
  return {
    question,
    short: null,
    answer: sentences.join(' '),
    abstained: false,
    mode: 'extractive',
    citations,
  };
}

/**
 * How far the retrieved passages speak to the question: the share of the question's weight the
 * best passage, with its article's title, holds. Below `minPassageCoverage` the bot declines. A
 * sentence alone is too strict for long questions whose terms a report spreads over several sentences.
 */
function passageCoverage(
  question: string,
  retrieval: Retrieval,
  weights: Map<string, number>,
  analysis: QuestionAnalysis,
): number {
  // "Did they renew or cancel it?": a report of either answers it, so the pair weighs as its heavier word.
  const pairs = alternatives(question).filter(([a, b]) => weights.has(a) && weights.has(b));
  const total =
    [...weights.values()].reduce((a, b) => a + b, 0) -
    pairs.reduce((sum, [a, b]) => sum + Math.min(weights.get(a)!, weights.get(b)!), 0);
  if (total <= 0) return 0;
  let best = 0;
  for (const passage of retrieval.groups.flatMap((g) => g.passages)) {
    // The passage with its headline: read as two texts, since no word spans the line between them.
    const texts = [plainTitleTermSet(passage.article.title), plainPassageTermSet(passage.text)];
    const holds = (term: string) => texts.some((terms) => terms.has(term));
    const credit = new Map<string, number>();
    for (const [term, weight] of weights) {
      if (holds(term)) credit.set(term, weight);
      else if ([...(analysis.synonyms.get(term) ?? [])].some(holds)) credit.set(term, weight * synonymCredit);
    }
    for (const [a, b] of pairs) {
      const either =
        Math.max(credit.get(a) ?? 0, credit.get(b) ?? 0) > 0 ? Math.max(weights.get(a)!, weights.get(b)!) : 0;
      credit.set(a, either);
      credit.delete(b);
    }
    const matched = [...credit.values()].reduce((sum, c) => sum + c, 0);
    best = Math.max(best, matched / total);
  }
  return best;
}

/** Stemmed word pairs joined by "or" in the question. */
function alternatives(question: string): [string, string][] {
  return [...question.matchAll(/([\p{L}]+) or ([\p{L}]+)/gu)].flatMap((match) => {
    const [a, b] = [termOf(match[1]!), termOf(match[2]!)];
    return a !== null && b !== null ? [[a, b] as [string, string]] : [];
  });
}

/**
 * The answer model's candidates for a question (the training harness reads them): none when the
 * passages do not speak to the question, as the bot would decline it. `articles` lists, per
 * evidence index, the article that states it; `evidence` is what was read (for diagnosis).
 */
export function answerCandidatesFor(
  profile: QuestionProfile,
  retrieval: Retrieval,
): { answerable: boolean; candidates: AnswerCandidate[]; articles: string[]; evidence: EvidenceSentence[] } {
  const { question, analysis, evidenceWeights: weights } = profile;
  const sentences = candidateSentences(retrieval, analysis, weights);
  const coverage = passageCoverage(question, retrieval, weights, analysis);
  if (sentences.length === 0 || coverage < minPassageCoverage)
    return { answerable: false, candidates: [], articles: [], evidence: [] };
  const { evidence } = shortEvidence(sentences, retrieval, analysis, weights);
  return {
    answerable: true,
    candidates: shortAnswerCandidates(profile, evidence, coverage),
    articles: evidence.map((e) => e.articleId),
    evidence,
  };
}

/**
 * Outlets that give the short answer's slot another value: read in the sentences read for the short
 * answer, their headlines and the next best sentences, every side cited through `cite`.
 */
function outletsDiffering(
  { question, relation, questionWeights }: QuestionProfile,
  picked: string,
  retrieval: Retrieval,
  candidates: Candidate[],
  { read, evidence }: { read: Candidate[]; evidence: EvidenceSentence[] },
  cite: (candidate: Candidate) => number,
): Disagreement | null {
  // Most questions ask for no slot whose values are compared: they pay for nothing below.
  if (comparedKind(relation) === null) return null;
  const more = [...candidates]
    .sort((a, b) => b.shortScore - a.shortScore)
    .slice(read.length, read.length + disagreementDefaults.moreSentences);
  const sentences = [...evidence, ...more.map((c) => ({ text: c.text, articleId: c.passage.article.id, score: 0 }))];
  const articles = retrievedArticles(retrieval);
  const detected = findDisagreement({
    question,
    relation,
    picked,
    evidence: sentences,
    questionWeights,
    articleOf: (id) => articles.get(id),
  });
  if (detected === null) return null;
  return citedDisagreement(detected, articles, (statement) => {
    const { evidence: index } = statement;
    const sentence =
      index < read.length ? read[index] : index >= evidence.length ? more[index - evidence.length] : undefined;
    // A headline cannot be quoted: a sentence of its article that states the same value can.
    const says = (c: Candidate) =>
      c.passage.article.id === statement.articleId && c.text.toLowerCase().includes(statement.text.toLowerCase());
    const quoted = sentence ?? candidates.find(says);
    return quoted === undefined ? null : { n: cite(quoted), quote: quoted.text };
  });
}

/** The sentences read for short answers, best first, and then the best articles' headlines. */
function shortEvidence(
  candidates: Candidate[],
  retrieval: Retrieval,
  analysis: QuestionAnalysis,
  weights: Map<string, number>,
): { read: Candidate[]; titles: EvidenceSentence[]; evidence: EvidenceSentence[] } {
  const byShortScore = (list: Candidate[]) => [...list].sort((a, b) => b.shortScore - a.shortScore);
  const ranked = byShortScore(candidates);
  const topArticles = new Set(
    [...new Set(retrieval.groups.flatMap((g) => g.passages).map((p) => p.article.id))].slice(
      0,
      shortReading.wholeArticles,
    ),
  );
  const further = bestFurtherSentences(retrieval, analysis, weights);
  const read = [
    ...ranked.slice(0, shortReading.sentences),
    ...ranked.slice(shortReading.sentences).filter((c) => topArticles.has(c.passage.article.id)),
    ...further,
  ];
  const titles = titleEvidence(retrieval, weights);
  const evidence = [
    ...read.map((c) => ({
      text: c.text,
      articleId: c.passage.article.id,
      outlet: c.passage.article.outlet,
      score: c.shortScore,
      articleRank: c.articleRank,
      published: c.passage.article.published,
    })),
    ...titles,
  ];
  return { read, titles, evidence };
}

/** No bold answer: the model is not sure of any span, so the reader gets the closest passage to judge. */
function notSure(question: string, best: Candidate, citation: Citation): ComposedAnswer {
  return {
    question,
    short: null,
    answer: `${notSureText(question)} The closest passage: ${best.text} [${citation.n}]`,
    abstained: true,
    mode: 'extractive',
    citations: [citation],
  };
}

function abstention(question: string): ComposedAnswer {
  return {
    question,
    short: null,
    answer: declineText(question),
    abstained: true,
    mode: 'extractive',
    citations: [],
  };
}

/**
 * What is read for short answers: the sentences whose candidate spans the answer model weighs.
 * Figures are cross-validated (grouped 5-fold) on show-qa-2023 / show-qa-2022, with the candidate
 * ceiling (a right candidate among them) beside EM; bench/candidate-diagnosis.ts, 2026-12-06.
 */
export const shortReading = {
  /** The best sentences by their own match of the question. */
  sentences: 8,
  /**
   * Every retrieved sentence of the best article as well: 134 of the 146 show-2023 answers stated
   * in the passages are in the best article, often in a sentence that matches few question words.
   * Ceiling 0.681 → 0.787 / 0.664 → 0.757 (EM 0.450 / 0.364 then, before the bestArticle feature).
   * Two articles: with all the changes of 2026-12-06, ceiling 0.894 / 0.843 against 0.887 / 0.836
   * and EM 0.525 / 0.436 against 0.525 / 0.414 (noise), for 5 ms more CPU at p95 over 19,131
   * articles (24.1 → 29.7 ms, bench note in docs/experiments/answer-model.md): one kept.
   */
  wholeArticles: 1,
  /**
   * The best further sentences of the best article's passages retrieval did not pick
   * (Retrieval.further), measured with two articles read whole: ceiling 0.800 → 0.844 / 0.771 →
   * 0.800, EM 0.481 → 0.500 / 0.393 → 0.414
   * (news quiz, held out: 0.295 → 0.277, within its spread). 16: 0.856 / 0.807, EM 0.506 / 0.414.
   */
  further: 8,
  /**
   * Five headlines, not three: a headline is one line that states its story's main fact, and the
   * fourth and fifth articles' add votes where the first three are older or broader reports (EM
   * 0.381 → 0.383, F1 0.420 → 0.425 on the news quiz).
   */
  titles: 5,
};

/** The headlines of the best retrieved articles: news titles state the story's main fact. */
function titleEvidence(retrieval: Retrieval, weights: Map<string, number>): EvidenceSentence[] {
  const total = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
  const seen = new Set<string>();
  const titles: EvidenceSentence[] = [];
  for (const passage of retrieval.groups.flatMap((g) => g.passages)) {
    const { article } = passage;
    if (seen.has(article.id) || titles.length >= shortReading.titles) continue;
    seen.add(article.id);
    const terms = plainTitleTermSet(article.title);
    let matched = 0;
    for (const [term, weight] of weights) if (terms.has(term)) matched += weight;
    titles.push({
      text: article.title,
      articleId: article.id,
      outlet: article.outlet,
      score: (titleCredit * matched) / total / (1 + titles.length),
      articleRank: titles.length,
      published: article.published,
      headline: true,
    });
  }
  return titles;
}

/**
 * The sentences of the retrieved passages, best first; with `further`, those of the best articles'
 * other passages (Retrieval.further) instead, ranked as if after the retrieved ones.
 */
function candidateSentences(
  retrieval: Retrieval,
  analysis: QuestionAnalysis,
  weights: Map<string, number>,
  further = false,
): Candidate[] {
  const reading = sentenceReading(retrieval, analysis, weights, further);
  const seen = new Set<string>();
  const candidates = reading.passages.flatMap((_, index) => reading.sentencesOf(index, seen));
  return candidates.sort((a, b) => b.score - a.score);
}

/** What scoring the sentences of a list of passages needs, and the scoring of one passage's. */
function sentenceReading(
  retrieval: Retrieval,
  analysis: QuestionAnalysis,
  weights: Map<string, number>,
  further: boolean,
): {
  passages: Passage[];
  /** The passage's sentences as candidates; with `seen`, only those no earlier passage had. */
  sentencesOf: (index: number, seen: Set<string> | null) => Candidate[];
  /** `shortScore` no sentence of the passage can exceed (every sentence's terms are among its passage's). */
  shortScoreBound: (index: number) => number;
} {
  const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
  const retrieved = retrieval.groups.flatMap((group) => group.passages);
  const articleRanks = new Map<string, number>();
  for (const passage of retrieved)
    if (!articleRanks.has(passage.article.id)) articleRanks.set(passage.article.id, articleRanks.size);
  const passages = further ? (retrieval.further ?? []) : retrieved;
  const firstRank = further ? retrieved.length : 0;
  const articleRankOf = (passage: Passage) => articleRanks.get(passage.article.id) ?? articleRanks.size;
  const rankDiscount = (index: number) => 1 - (firstRank + index) * extractiveDefaults.passageRankDiscount;
  const articleDiscount = (articleRank: number) => 1 + extractiveDefaults.articleRankDiscount * articleRank;
  const ownMatch = (terms: ReadonlySet<string>, headline: ReadonlySet<string>) => {
    let matched = 0;
    let fromHeadline = 0;
    for (const [term, weight] of weights) {
      if (terms.has(term)) matched += weight;
      else if (hasAny(terms, analysis.synonyms.get(term))) matched += weight * synonymCredit;
      else if (headline.has(term)) fromHeadline += weight * headlineCredit;
    }
    return { matched, fromHeadline };
  };
  const sentencesOf = (index: number, seen: Set<string> | null): Candidate[] => {
    const passage = passages[index]!;
    const articleRank = articleRankOf(passage);
    const sentences = passageSentences(passage);
    const headline = plainTitleTermSet(passage.article.title);
    const candidates: Candidate[] = [];
    sentences.forEach((sentence, i) => {
      if (seen !== null) {
        const key = `${passage.article.id}:${sentence.start}`;
        if (seen.has(key)) return;
        seen.add(key);
      }
      // Read out of the passage's words: the sentence is not split into words and stemmed again.
      const at = sentence.start - passage.start;
      const terms = plainSentenceTermSet(passage.text, at, at + sentence.text.length, sentence.text);
      const { matched, fromHeadline } = ownMatch(terms, headline);
      const own = totalWeight > 0 ? matched / totalWeight : 0;
      const coverage = totalWeight > 0 ? (matched + fromHeadline) / totalWeight : 0;
      // Squared coverage: a sentence holding most of the question's terms is worth far more than two
      // holding half each. Lower-ranked articles are less likely to be about the question at all.
      const discounts = kindFactor(sentence.text, analysis) * shapeFactor(sentence.text) * rankDiscount(index);
      const score = coverage * coverage * discounts;
      candidates.push({
        passage,
        text: sentence.text,
        start: sentence.start,
        terms,
        coverage,
        score,
        // The votes go by the sentence's own words: with the headline's too, a long article's sentences
        // about other things crowd the few read (answer string in text 0.484 → 0.476).
        shortScore: (own * own * discounts) / articleDiscount(articleRank),
        previous: sentences[i - 1]?.text ?? null,
        articleRank,
      });
    });
    return candidates;
  };
  const shortScoreBound = (index: number): number => {
    const passage = passages[index]!;
    // The kind and shape factors are at most 1; a passage far enough down scores its sentences ≤ 0.
    const discount = rankDiscount(index);
    if (totalWeight <= 0 || discount <= 0) return 0;
    const own = ownMatch(plainPassageTermSet(passage.text), new Set()).matched / totalWeight;
    return (own * own * discount) / articleDiscount(articleRankOf(passage));
  };
  return { passages, sentencesOf, shortScoreBound };
}

/**
 * The `shortReading.further` best sentences of Retrieval.further by shortScore, exactly as sorting
 * them all would pick them, reading only the passages that can hold one: a long article (100+
 * chunks) otherwise has every sentence split and stemmed for eight. A passage's own match of the
 * question bounds its sentences' (their words are among its words): passages are read best bound
 * first until no unread one can beat the eighth best, and the result is checked against every
 * unread bound, falling back to reading everything when it cannot be shown to be the same.
 */
function bestFurtherSentences(
  retrieval: Retrieval,
  analysis: QuestionAnalysis,
  weights: Map<string, number>,
): Candidate[] {
  const wanted = shortReading.further;
  const byShortScore = (list: Candidate[]) => [...list].sort((a, b) => b.shortScore - a.shortScore);
  const everything = () => byShortScore(candidateSentences(retrieval, analysis, weights, true)).slice(0, wanted);
  const reading = sentenceReading(retrieval, analysis, weights, true);
  const { passages } = reading;
  if (passages.length <= wanted) return everything();
  const bounds = passages.map((_, index) => reading.shortScoreBound(index));
  const order = passages.map((_, index) => index).sort((a, b) => bounds[b]! - bounds[a]!);
  const read = new Map<number, Candidate[]>();
  // By sentence start: the sentence two chunks share counts once, as it will below.
  const scores = new Map<number, number>();
  let eighthSoFar = 0;
  for (const index of order) {
    if (eighthSoFar > 0 && bounds[index]! < eighthSoFar) break;
    const sentences = reading.sentencesOf(index, null);
    read.set(index, sentences);
    for (const { start, shortScore } of sentences)
      scores.set(start, Math.min(scores.get(start) ?? shortScore, shortScore));
    eighthSoFar = [...scores.values()].sort((a, b) => b - a)[wanted - 1] ?? 0;
  }
  // In text order, a sentence kept only where it first appears (chunks overlap by a sentence), as
  // the full reading does: an unread passage's sentences count as seen where a read one overlaps it.
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  passages.forEach((passage, index) => {
    const sentences = read.get(index);
    if (sentences !== undefined) {
      for (const candidate of sentences) {
        const key = `${passage.article.id}:${candidate.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        candidates.push(candidate);
      }
    } else if (passages.some((later, at) => at > index && read.has(at) && later.start < passage.end)) {
      for (const sentence of passageSentences(passage)) seen.add(`${passage.article.id}:${sentence.start}`);
    }
  });
  // By score first, as candidateSentences returns them: ties of shortScore keep that order.
  const best = byShortScore(candidates.sort((a, b) => b.score - a.score)).slice(0, wanted);
  const eighth = best.length >= wanted ? best[wanted - 1]!.shortScore : 0;
  const unread = passages.every((_, index) => read.has(index) || bounds[index]! < eighth);
  return eighth > 0 && unread ? best : everything();
}

/** A passage's sentences: read from the offsets its index stored when it has them, else split. */
function passageSentences(passage: Passage): Sentence[] {
  return passage.sentences
    ? sentencesAt(passage.text, passage.start, passage.sentences)
    : splitSentences(passage.text, passage.start);
}

function hasAny(terms: ReadonlySet<string>, candidates: Set<string> | undefined): boolean {
  if (!candidates) return false;
  for (const candidate of candidates) if (terms.has(candidate)) return true;
  return false;
}

function kindFactor(sentence: string, analysis: QuestionAnalysis): number {
  return holdsAnswerKind(sentence, analysis.kind) ? 1 : extractiveDefaults.otherKindFactor;
}

/** Headlines, captions and questions read badly as answers and rarely state a fact. */
function shapeFactor(sentence: string): number {
  if (endsAsQuestion.test(sentence)) return extractiveDefaults.badShapeFactor;
  if (!endsAsStatement.test(sentence) && countWords(sentence) < extractiveDefaults.captionWords)
    return extractiveDefaults.badShapeFactor;
  return 1;
}
const endsAsQuestion = /\?["”’]?$/;
const endsAsStatement = /[.!"”’)]$/;

function sameFact(a: Candidate, b: Candidate): boolean {
  return jaccard(a.terms, b.terms) >= extractiveDefaults.sameFactOverlap;
}

/**
 * Sentences of further articles that state the short answer about what the question asks: the
 * outlets that corroborate it beyond the few sentences read for votes. A sentence that names the
 * answer but matches little of the question ("4 p.m.") is about something else and is not cited.
 */
function alsoStating(short: string, stated: Candidate, voted: Candidate[], candidates: Candidate[]): Candidate[] {
  const wanted = maxCitationsPerSentence - 1 - voted.length;
  if (wanted <= 0) return [];
  const names = wholeWords(short, 'iu');
  const lower = short.toLowerCase();
  const articles = new Set([stated, ...voted].map((c) => c.passage.article.id));
  const found: Candidate[] = [];
  for (const candidate of candidates) {
    if (found.length >= wanted) break;
    const { id } = candidate.passage.article;
    if (articles.has(id) || candidate.coverage < stated.coverage * minCorroboratingCoverage) continue;
    // The plain substring test first: most sentences fail it, and it is far cheaper than the pattern.
    if (!candidate.text.toLowerCase().includes(lower) || !names.test(candidate.text)) continue;
    found.push(candidate);
    articles.add(id);
  }
  return found;
}

/**
 * Names who is quoted when the sentence quotes someone it does not name: the speaker the sentence
 * before introduces. A speaker named only in later sentences may have said something else, so
 * nothing is said then ("(per X)" on words X did not say misleads).
 */
function attribution(candidate: Candidate): string {
  if (!hasQuotation(candidate.text) || speakerOf(candidate.text) !== null) return '';
  const before = candidate.previous ? speakerOf(candidate.previous) : null;
  return before ? ` (per ${fullName(before, candidate)})` : '';
}

/** "Loeb" as the passage first names him: "Jeph Loeb". */
function fullName(speaker: string, candidate: Candidate): string {
  if (/\s/.test(speaker)) return speaker;
  const named = new RegExp(`((?:[A-Z][\\p{L}'’.-]+ ){1,2})${escapeRegExp(speaker)}\\b`, 'u');
  const nearby = [candidate.previous ?? '', candidate.text].join(' ');
  const match = named.exec(nearby);
  return match ? `${match[1]}${speaker}` : speaker;
}

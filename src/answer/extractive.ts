import type { Citation, ComposedAnswer } from './types';
import type { Passage, Retrieval } from '../retrieve/types';
import type { TermStatistics } from '../index/types';
import { citationFor } from './citation';
import { abstentionText } from '../messages';
import { analyzeQuestion, type QuestionAnalysis } from './question';
import { hasQuotation, holdsAnswerKind, speakerOf } from './evidence';
import { splitSentences } from '../text/sentences';
import { contentTerms, countWords } from '../text/terms';
import { jaccard } from '../text/overlap';


interface Candidate {
  passage: Passage;
  /** Exactly `article text.slice(start, end)`. */
  text: string;
  start: number;
  terms: Set<string>;
  coverage: number;
  score: number;
  /** The sentence before it in the same passage, for finding who is being quoted. */
  previous: string | null;
}

/** A synonym is weaker evidence than the question's own word: "ability" for "powers". */
const synonymCredit = 0.8;
/** Below this share of the question's weight, the evidence does not answer the question. */
const minCoverage = 0.5;
const maxSentences = 3;
const maxCitationsPerSentence = 3;

/**
 * Answers with the one to three retrieved sentences that best cover the question's telling terms
 * and hold the kind of thing asked for, each followed by the articles that report it. Abstains
 * when no sentence covers enough of the question: it never guesses.
 */
export function composeExtractiveAnswer(question: string, retrieval: Retrieval, stats: TermStatistics): ComposedAnswer {
  const analysis = analyzeQuestion(question);
  const weights = termWeights(analysis, stats);
  const candidates = candidateSentences(retrieval, analysis, weights);
  const best = candidates[0];
  if (!best || best.coverage < minCoverage) return abstention(question);

  const chosen: Candidate[] = [best];
  const covered = new Set([...best.terms].filter((t) => weights.has(t)));
  for (const candidate of candidates.slice(1)) {
    if (chosen.length >= maxSentences) break;
    if (candidate.score < best.score * 0.75) break;
    const addsTerms = [...candidate.terms].some((t) => weights.has(t) && !covered.has(t));
    const repeats = chosen.some((c) => sameFact(c, candidate));
    if (!repeats && (addsTerms || candidate.score >= best.score * 0.9)) {
      chosen.push(candidate);
      for (const t of candidate.terms) if (weights.has(t)) covered.add(t);
    }
  }

  const citations: Citation[] = [];
  const citationNumber = (candidate: Candidate): number => {
    const existing = citations.find((c) => c.file === candidate.passage.article.file && c.quote === candidate.text);
    if (existing) return existing.n;
    const citation = citationFor(citations.length + 1, candidate.passage, candidate.text);
    citations.push(citation);
    return citation.n;
  };

  const sentences = chosen.map((candidate) => {
    const reporters = [candidate, ...corroborating(candidate, candidates, analysis, stats)].slice(0, maxCitationsPerSentence);
    const markers = reporters.map((r) => `[${citationNumber(r)}]`).join('');
    return `${candidate.text}${attribution(candidate)} ${markers}`;
  });

  return {
    question,
    answer: sentences.join(' '),
    abstained: false,
    mode: 'extractive',
    citations,
  };
}

function abstention(question: string): ComposedAnswer {
  const asked = question.replace(/[?.!\s]+$/u, '');
  const phrased = asked.charAt(0).toLowerCase() + asked.slice(1);
  return {
    question,
    answer: abstentionText(phrased),
    abstained: true,
    mode: 'extractive',
    citations: [],
  };
}

/** Inverse document frequency; a term no chunk holds weighs most, since its absence is telling. */
function termWeights(analysis: QuestionAnalysis, stats: TermStatistics): Map<string, number> {
  const total = stats.documentCount();
  return new Map(
    analysis.terms.map((term) => {
      const df = stats.documentFrequency(term);
      return [term, Math.log(1 + (total - df + 0.5) / (df + 0.5))];
    }),
  );
}

function candidateSentences(retrieval: Retrieval, analysis: QuestionAnalysis, weights: Map<string, number>): Candidate[] {
  const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  const passages = retrieval.groups.flatMap((group) => group.passages);
  passages.forEach((passage, rank) => {
    const sentences = splitSentences(passage.text, passage.start);
    sentences.forEach((sentence, i) => {
      const key = `${passage.article.id}:${sentence.start}`;
      if (seen.has(key)) return;
      seen.add(key);
      const terms = new Set(contentTerms(sentence.text));
      let matched = 0;
      for (const [term, weight] of weights) {
        if (terms.has(term)) matched += weight;
        else if (hasAny(terms, analysis.synonyms.get(term))) matched += weight * synonymCredit;
      }
      const coverage = totalWeight > 0 ? matched / totalWeight : 0;
      const score = coverage * kindFactor(sentence.text, analysis) * shapeFactor(sentence.text) * (1 - rank * 0.01);
      candidates.push({
        passage,
        text: sentence.text,
        start: sentence.start,
        terms,
        coverage,
        score,
        previous: sentences[i - 1]?.text ?? null,
      });
    });
  });
  return candidates.sort((a, b) => b.score - a.score);
}

function hasAny(terms: Set<string>, candidates: Set<string> | undefined): boolean {
  if (!candidates) return false;
  for (const candidate of candidates) if (terms.has(candidate)) return true;
  return false;
}

function kindFactor(sentence: string, analysis: QuestionAnalysis): number {
  return holdsAnswerKind(sentence, analysis.kind) ? 1 : 0.5;
}

/** Headlines, captions and questions read badly as answers and rarely state a fact. */
function shapeFactor(sentence: string): number {
  if (/\?["”’]?$/.test(sentence)) return 0.5;
  if (!/[.!"”’)]$/.test(sentence) && countWords(sentence) < 15) return 0.5;
  return 1;
}

function sameFact(a: Candidate, b: Candidate): boolean {
  return jaccard(a.terms, b.terms) >= 0.35;
}

/**
 * Sentences from other articles that report the same fact, so one statement can cite every outlet.
 * The same fact means the same new information: distinctive terms a sentence adds beyond the
 * question ("Broadway", "101st", "Street" for a "where" question), not the question's own words
 * nor words most chunks share ("season", the show's name).
 */
function corroborating(candidate: Candidate, candidates: Candidate[], analysis: QuestionAnalysis, stats: TermStatistics): Candidate[] {
  const commonAbove = Math.max(2, stats.documentCount() / 3);
  const questionTerms = new Set([...analysis.terms, ...[...analysis.synonyms.values()].flatMap((s) => [...s])]);
  const news = (c: Candidate) =>
    new Set([...c.terms].filter((t) => !questionTerms.has(t) && stats.documentFrequency(t) <= commonAbove));
  const told = news(candidate);
  const others: Candidate[] = [];
  const articles = new Set([candidate.passage.article.id]);
  for (const other of candidates) {
    if (articles.has(other.passage.article.id) || other.coverage === 0) continue;
    const otherTold = news(other);
    let shared = 0;
    for (const term of otherTold) if (told.has(term)) shared += 1;
    const share = shared / Math.max(1, Math.min(told.size, otherTold.size));
    if (shared >= 3 || (shared >= 2 && share >= 0.5)) {
      others.push(other);
      articles.add(other.passage.article.id);
    }
  }
  return others;
}

/** Names who is quoted when the sentence quotes someone the sentence before introduces. */
function attribution(candidate: Candidate): string {
  if (!hasQuotation(candidate.text) || speakerOf(candidate.text) !== null) return '';
  const speaker = candidate.previous ? speakerOf(candidate.previous) : null;
  return speaker ? ` (per ${speaker})` : '';
}

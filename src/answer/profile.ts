import { dayNumber, today, type Day } from '../day';
import type { TermStatistics } from '../index/types';
import { termWeight } from '../index/term-weight';
import { contentTerms, termOf } from '../text/terms';
import { answerShape, type AnswerShape } from './answer-type';
import { analyzeQuestion, type QuestionAnalysis } from './question';
import { questionRelation, type AskedRelation } from './relations';
import { asksAboutFuture, type AskedWhen } from './future-date';
import { questionQualifiers, type Qualifier } from './qualifiers';

/**
 * Everything answering reads from the question, read once per question: the day it is asked as of,
 * how telling each term is in this index (for retrieval and for the evidence), which kind of
 * sentence states the answer, which kind of short answer it is and its focus noun, and the TV-news
 * relation asked about. Retrieval and composition take it instead of reading the question again.
 */
export interface QuestionProfile {
  /** The question as searched for (after spelling correction). */
  question: string;
  /** Articles published after this day are not used; null: every article counts, unweighted by age. */
  asOf: Day | null;
  /** Every content term of the question as searched for, with how telling it is: what retrieval ranks articles by. */
  searchWeights: Map<string, number>;
  /** The kind of sentence that states the answer, and the terms and synonyms it should share (question.ts). */
  analysis: QuestionAnalysis;
  /** The kind of short answer and the noun it is asked by (answer-type.ts). */
  shape: AnswerShape;
  /** The focus noun's term; null when there is none or the answer is an explanation. */
  focusTerm: string | null;
  /** The relation asked about and the slot the answer fills (relations.ts); null for none. */
  relation: AskedRelation | null;
  /** The evidence terms (the analysis's, less the focus noun), with how telling each is. */
  evidenceWeights: Map<string, number>;
  /** Every term of the question, with how telling each is: what candidate short answers are weighed against. */
  questionWeights: Map<string, number>;
  /** Whether it asks about what is to come, and as of which day (today when none is given). */
  when: AskedWhen;
  /** The seasons, parts, editions and years it names ("season 12", "the 19th gala"; qualifiers.ts). */
  qualifiers: Qualifier[];
}

export function questionProfile(question: string, stats: TermStatistics, asOf: Day | null = null): QuestionProfile {
  const analysis = analyzeQuestion(question);
  const shape = answerShape(question);
  // "Which animal…?": the answer's sentence says "a badger", not "animal"; the noun names the answer's kind.
  const focusTerm = shape.focus === null || shape.expected === 'explanation' ? null : termOf(shape.focus);
  return {
    question,
    asOf,
    searchWeights: new Map(contentTerms(question).map((term) => [term, termWeight(stats, term)])),
    analysis,
    shape,
    focusTerm,
    relation: questionRelation(question),
    evidenceWeights: new Map(
      analysis.terms.filter((term) => term !== focusTerm).map((term) => [term, termWeight(stats, term)]),
    ),
    questionWeights: questionWeights(question, stats),
    when: { future: asksAboutFuture(question), asOf: dayNumber(asOf ?? today())! },
    qualifiers: questionQualifiers(question),
  };
}

/** Every term of the question, with how telling it is. */
function questionWeights(question: string, stats: TermStatistics): Map<string, number> {
  // "The U.S. embassy": the word "us", as the short answer's candidates read it, so "US" is the question's own.
  const initialisms = question.replace(/\b(\p{L})\.(?=\p{L}\b)/gu, '$1');
  return new Map(contentTerms(initialisms).map((term) => [term, termWeight(stats, term)]));
}

import { z } from 'zod';
import type { Answer } from '../answer/types';
import { urlIdentity } from '../ingest/article';
import { parseDay, type Day } from '../day';
import type { Retrieval } from '../retrieve/types';
import { QaFileError, parseJsonAs } from './score';
import { bestOver, containsAnswer, exactMatch, tokenF1 } from './squad';

/**
 * The news-quiz question form (one JSON object a line, as in the RealTime QA quizzes):
 * `{id, question, question_date, answers[], gold_urls[]}`; other fields are ignored. Each question
 * is asked as of its date and scored on its short answer, its answer text, its citations and the
 * rank of a gold article among the retrieved articles.
 */

const quizLine = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  question: z.string().trim().min(1, 'the question is empty'),
  question_date: z.string().transform((value, context) => {
    const day = parseDay(value);
    if (day === null) context.addIssue({ code: 'custom', message: 'expected a date YYYY-MM-DD' });
    return day ?? z.NEVER;
  }),
  answers: z.array(z.string().trim().min(1, 'an answer is empty')).min(1, 'answers needs at least one alternative'),
  gold_urls: z.array(z.string().trim().min(1)),
});

export interface QuizItem {
  id: string;
  question: string;
  /** The question is asked as of this day. */
  questionDate: Day;
  answers: string[];
  goldUrls: string[];
}

/** Parses news-quiz JSONL; QaFileError names the line and field that are wrong. */
export function parseQuizLines(text: string, label = 'question file'): QuizItem[] {
  const items: QuizItem[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${label} line ${i + 1}`;
    const { id, question, question_date, answers, gold_urls } = parseJsonAs(
      line,
      quizLine,
      where,
      'a news-quiz question',
    );
    if (seen.has(id)) throw new QaFileError(`${label} has the id "${id}" twice`);
    seen.add(id);
    items.push({ id, question, questionDate: question_date, answers, goldUrls: gold_urls });
  });
  if (items.length === 0) throw new QaFileError(`${label} has no questions`);
  return items;
}

/** A URL as the ingest's duplicate check sees it, so gold and indexed addresses compare alike. */
export function sameArticleKey(url: string): string {
  try {
    return urlIdentity(url);
  } catch {
    return url.trim();
  }
}

export interface QuizScore {
  id: string;
  question: string;
  questionDate: string;
  answers: string[];
  /** The engine's short answer; undefined when the answer has no such field. */
  short: string | null | undefined;
  answer: string;
  abstained: boolean;
  /** SQuAD exact match and F1 of the short answer (0 when there is none or the engine declined). */
  exactMatch: number;
  f1: number;
  /** A gold alternative appears in the answer text (whole words, normalised). */
  contains: boolean;
  /** A cited article is a gold article. */
  goldCited: boolean;
  /** 1-based rank of the first gold article among the distinct retrieved articles; null when none was retrieved. */
  goldRank: number | null;
  askMs: number;
}

/** Distinct articles in retrieval order: groups best first, and each group's passages in order. */
export function rankedArticleUrls(retrieval: Retrieval): (string | null)[] {
  const seen = new Set<string>();
  const ranked: (string | null)[] = [];
  for (const group of retrieval.groups) {
    for (const passage of group.passages) {
      if (seen.has(passage.article.id)) continue;
      seen.add(passage.article.id);
      ranked.push(passage.article.url);
    }
  }
  return ranked;
}

export function scoreQuizItem(
  item: QuizItem,
  answer: Pick<Answer, 'answer' | 'abstained' | 'citations' | 'short'>,
  retrieval: Retrieval,
  askMs: number,
): QuizScore {
  const gold = new Set(item.goldUrls.map(sameArticleKey));
  const isGold = (url: string | null) => url !== null && gold.has(sameArticleKey(url));
  const answered = !answer.abstained;
  const short = answered && typeof answer.short === 'string' ? answer.short : null;
  const rank = rankedArticleUrls(retrieval).findIndex(isGold);
  return {
    id: item.id,
    question: item.question,
    questionDate: item.questionDate,
    answers: item.answers,
    short: answer.short,
    answer: answer.answer,
    abstained: answer.abstained,
    exactMatch: short === null ? 0 : bestOver(exactMatch, short, item.answers),
    f1: short === null ? 0 : bestOver(tokenF1, short, item.answers),
    contains: answered && containsAnswer(answer.answer, item.answers),
    goldCited: answered && answer.citations.some((citation) => isGold(citation.url)),
    goldRank: rank === -1 ? null : rank + 1,
    askMs,
  };
}

export interface QuizTotals {
  questions: number;
  /** Means over all questions; null when no answer carried a short answer field at all. */
  exactMatch: number | null;
  f1: number | null;
  contains: number;
  goldCited: number;
  hitsAt1: number;
  hitsAt5: number;
  hitsAt10: number;
  declined: number;
  askMsP50: number;
  askMsP95: number;
}

export function totalQuizScores(scores: QuizScore[]): QuizTotals {
  const n = scores.length;
  const mean = (value: (s: QuizScore) => number) => (n === 0 ? 0 : scores.reduce((sum, s) => sum + value(s), 0) / n);
  const share = (ok: (s: QuizScore) => boolean) => mean((s) => (ok(s) ? 1 : 0));
  const hasShort = scores.some((s) => s.short !== undefined);
  const latencies = scores.map((s) => s.askMs).sort((a, b) => a - b);
  return {
    questions: n,
    exactMatch: hasShort ? mean((s) => s.exactMatch) : null,
    f1: hasShort ? mean((s) => s.f1) : null,
    contains: share((s) => s.contains),
    goldCited: share((s) => s.goldCited),
    hitsAt1: share((s) => s.goldRank !== null && s.goldRank <= 1),
    hitsAt5: share((s) => s.goldRank !== null && s.goldRank <= 5),
    hitsAt10: share((s) => s.goldRank !== null && s.goldRank <= 10),
    declined: share((s) => s.abstained),
    askMsP50: percentile(latencies, 0.5),
    askMsP95: percentile(latencies, 0.95),
  };
}

/** Nearest-rank percentile of ascending values; 0 for none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

import { z } from 'zod';
import type { Answer, Disagreement } from '../answer/types';
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
  // An empty list: the corpus does not answer the question, and declining it is right.
  answers: z.array(z.string().trim().min(1, 'an answer is empty')),
  gold_urls: z.array(z.string().trim().min(1)).default([]),
  // The kind of answer (show-news sets): for the report's table by kind only, never for answering.
  type: z.string().trim().min(1).optional(),
});

export interface QuizItem {
  id: string;
  question: string;
  /** The question is asked as of this day. */
  questionDate: Day;
  /** Empty when the corpus does not answer the question: declining it is right. */
  answers: string[];
  goldUrls: string[];
  /** The kind of answer the set files it under (person, date, …); only for the report's table by kind. */
  type?: string;
}

/** Parses news-quiz JSONL; QaFileError names the line and field that are wrong. */
export function parseQuizLines(text: string, label = 'question file'): QuizItem[] {
  const items: QuizItem[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${label} line ${i + 1}`;
    const { id, question, question_date, answers, gold_urls, type } = parseJsonAs(
      line,
      quizLine,
      where,
      'a news-quiz question',
    );
    if (seen.has(id)) throw new QaFileError(`${label} has the id "${id}" twice`);
    seen.add(id);
    items.push({
      id,
      question,
      questionDate: question_date,
      answers,
      goldUrls: gold_urls,
      ...(type === undefined ? {} : { type }),
    });
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
  /** The set's kind of answer, or "unanswerable" when `answers` is empty and the set names none. */
  type: string;
  /** The engine's short answer; undefined when the answer has no such field. */
  short: string | null | undefined;
  answer: string;
  abstained: boolean;
  /** SQuAD exact match and F1 of the short answer (0 when there is none or the engine declined). */
  exactMatch: number;
  f1: number;
  /** A gold alternative appears in the answer text (whole words, normalised). */
  contains: boolean;
  /**
   * A cited article is a gold article. An answer that is not sure and shows the closest passage
   * cites it too: the reader sees the article, so it counts, declined or not.
   */
  goldCited: boolean;
  /** 1-based rank of the first gold article among the distinct retrieved articles; null when none was retrieved. */
  goldRank: number | null;
  askMs: number;
  /** The values outlets disagree on, when the answer says they do. */
  disagreement?: Disagreement;
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
  answer: Pick<Answer, 'answer' | 'abstained' | 'citations' | 'short' | 'disagreement'>,
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
    type: item.type ?? (item.answers.length === 0 ? 'unanswerable' : 'unknown'),
    short: answer.short,
    answer: answer.answer,
    abstained: answer.abstained,
    exactMatch: short === null ? 0 : bestOver(exactMatch, short, item.answers),
    f1: short === null ? 0 : bestOver(tokenF1, short, item.answers),
    contains: answered && containsAnswer(answer.answer, item.answers),
    goldCited: answer.citations.some((citation) => isGold(citation.url)),
    goldRank: rank === -1 ? null : rank + 1,
    askMs,
    ...(answer.disagreement ? { disagreement: answer.disagreement } : {}),
  };
}

export interface QuizTotals {
  questions: number;
  /** Questions the corpus does not answer (`answers: []`), and how many of them the engine declined. */
  unanswerable: number;
  unanswerableDeclined: number;
  /** Share of the answerable questions the engine declined. */
  answerableDeclined: number;
  /**
   * Exact match among the short answers the engine showed to answerable questions; null when it
   * showed none. What a reader who trusts a bold answer gets.
   */
  rightWhenShown: number | null;
  /** How many answerable questions got a short answer. */
  shown: number;
  /** Means over the answerable questions; null when no answer carried a short answer field at all. */
  exactMatch: number | null;
  f1: number | null;
  contains: number;
  goldCited: number;
  hitsAt1: number;
  hitsAt5: number;
  hitsAt10: number;
  declined: number;
  /** Answers that say outlets disagree, over all questions (a count, not a share). */
  disagreements: number;
  askMsP50: number;
  askMsP95: number;
}

export function totalQuizScores(all: QuizScore[]): QuizTotals {
  const scores = all.filter((s) => s.answers.length > 0);
  const unanswerable = all.filter((s) => s.answers.length === 0);
  const shownScores = scores.filter((s) => !s.abstained && typeof s.short === 'string');
  const n = scores.length;
  const mean = (value: (s: QuizScore) => number) => (n === 0 ? 0 : scores.reduce((sum, s) => sum + value(s), 0) / n);
  const share = (ok: (s: QuizScore) => boolean) => mean((s) => (ok(s) ? 1 : 0));
  const hasShort = scores.some((s) => s.short !== undefined);
  const latencies = all.map((s) => s.askMs).sort((a, b) => a - b);
  return {
    questions: all.length,
    unanswerable: unanswerable.length,
    unanswerableDeclined: unanswerable.filter((s) => s.abstained).length,
    answerableDeclined: share((s) => s.abstained),
    rightWhenShown:
      shownScores.length === 0 ? null : shownScores.reduce((sum, s) => sum + s.exactMatch, 0) / shownScores.length,
    shown: shownScores.length,
    exactMatch: hasShort ? mean((s) => s.exactMatch) : null,
    f1: hasShort ? mean((s) => s.f1) : null,
    contains: share((s) => s.contains),
    goldCited: share((s) => s.goldCited),
    hitsAt1: share((s) => s.goldRank !== null && s.goldRank <= 1),
    hitsAt5: share((s) => s.goldRank !== null && s.goldRank <= 5),
    hitsAt10: share((s) => s.goldRank !== null && s.goldRank <= 10),
    declined: share((s) => s.abstained),
    disagreements: all.filter((s) => s.disagreement !== undefined).length,
    askMsP50: percentile(latencies, 0.5),
    askMsP95: percentile(latencies, 0.95),
  };
}

export interface KindRow {
  type: string;
  asked: number;
  /** Answerable kinds: exact short answers; the unanswerable kind: declines. */
  right: number;
  shown: number;
  declined: number;
}

/** One row per kind of answer, most asked first: how many were asked, answered exactly, shown, declined. */
export function totalsByType(scores: QuizScore[]): KindRow[] {
  const rows = new Map<string, KindRow>();
  for (const s of scores) {
    const row = rows.get(s.type) ?? { type: s.type, asked: 0, right: 0, shown: 0, declined: 0 };
    const shown = !s.abstained && typeof s.short === 'string';
    row.asked += 1;
    row.right += s.answers.length === 0 ? (s.abstained ? 1 : 0) : s.exactMatch;
    row.shown += shown ? 1 : 0;
    row.declined += s.abstained ? 1 : 0;
    rows.set(s.type, row);
  }
  return [...rows.values()].sort((a, b) => b.asked - a.asked || a.type.localeCompare(b.type));
}

/** Nearest-rank percentile of ascending values; 0 for none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

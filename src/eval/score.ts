import path from 'node:path';
import { z } from 'zod';
import type { Answer } from '../answer/types';
import { describeError, describeIssues } from '../errors';

/**
 * Scoring of answers against a question file (the format of test/fixtures/eval/sample-qa.json).
 * Pure functions: the CLI and the sample test feed them real engine answers.
 */

const terms = z
  .array(z.string().trim().min(1, 'an expected term is empty'))
  .min(1, 'an expect alternative has no terms');

const answerItem = z.object({
  id: z.string().min(1),
  question: z.string().trim().min(1, 'the question is empty'),
  expect: z.array(terms).min(1, 'expect needs at least one alternative'),
  sources: z.array(z.string().trim().min(1)).min(1, 'sources needs at least one file stem'),
  abstain: z.literal(false).optional(),
});

const abstainItem = z.object({
  id: z.string().min(1),
  question: z.string().trim().min(1, 'the question is empty'),
  abstain: z.literal(true),
});

const qaFile = z.object({
  about: z.string().optional(),
  items: z.array(z.union([abstainItem, answerItem])).min(1, 'the file has no items'),
});

export type AnswerItem = z.infer<typeof answerItem>;
export type AbstainItem = z.infer<typeof abstainItem>;
export type QaItem = AnswerItem | AbstainItem;

export class QaFileError extends Error {
  override name = 'QaFileError';
}

/** Parses and validates a question file's text; QaFileError names what is wrong and where. */
export function parseQaFile(text: string, label = 'question file'): QaItem[] {
  const { items } = parseJsonAs(text, qaFile, label, 'a question file');
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new QaFileError(`${label} has the id "${item.id}" twice`);
    seen.add(item.id);
  }
  return items;
}

/** `text` as JSON of `schema`'s shape; QaFileError says "<where> is not valid JSON" or "<where> is not <what>: …". */
export function parseJsonAs<T>(text: string, schema: z.ZodType<T>, where: string, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new QaFileError(`${where} is not valid JSON: ${describeError(error)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new QaFileError(`${where} is not ${what}: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data;
}

export interface ItemScore {
  id: string;
  question: string;
  answerOk: boolean;
  sourceOk: boolean;
  abstainOk: boolean;
  abstained: boolean;
  answer: string;
  /** Stems of the cited files, in citation order. */
  cited: string[];
}

/** The answer text as compared: lower case, one space between words, straight quotes. */
export function normaliseForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ');
}

/** True when every term of at least one alternative occurs in the text (case-insensitive). */
export function matchesExpectation(text: string, alternatives: string[][]): boolean {
  const haystack = normaliseForMatch(text);
  return alternatives.some((alternative) =>
    alternative.every((term) => haystack.includes(normaliseForMatch(term).trim())),
  );
}

/** A file's name without folders and without its last extension: `a/000_x.txt` → `000_x`. */
export function fileStem(file: string): string {
  const base = path.posix.basename(file.replaceAll('\\', '/'));
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Scores one answer. An item the articles cannot answer counts as right on all three scores
 * exactly when the engine declined; an answerable item that was declined is wrong on all three.
 */
export function scoreItem(item: QaItem, answer: Pick<Answer, 'answer' | 'abstained' | 'citations'>): ItemScore {
  const cited = answer.citations.map((citation) => fileStem(citation.file));
  const base = { id: item.id, question: item.question, abstained: answer.abstained, answer: answer.answer, cited };
  if (item.abstain === true) {
    return { ...base, answerOk: answer.abstained, sourceOk: answer.abstained, abstainOk: answer.abstained };
  }
  const answered = !answer.abstained;
  const wanted = new Set(item.sources.map(fileStem));
  return {
    ...base,
    answerOk: answered && matchesExpectation(answer.answer, item.expect),
    sourceOk: answered && cited.some((stem) => wanted.has(stem)),
    abstainOk: answered,
  };
}

export interface Totals {
  items: number;
  /** Fractions 0..1 of items scored correct. */
  answer: number;
  source: number;
  abstain: number;
  /** Items right on all three scores. */
  allOk: number;
}

export function totalScores(scores: ItemScore[]): Totals {
  const share = (ok: (s: ItemScore) => boolean) => (scores.length === 0 ? 0 : scores.filter(ok).length / scores.length);
  return {
    items: scores.length,
    answer: share((s) => s.answerOk),
    source: share((s) => s.sourceOk),
    abstain: share((s) => s.abstainOk),
    allOk: scores.filter((s) => s.answerOk && s.sourceOk && s.abstainOk).length,
  };
}

export interface Minimums {
  answer: number;
  source: number;
  abstain: number;
}

/** One line per total below its minimum; empty when all are met. */
export function shortfalls(totals: Totals, minimums: Minimums): string[] {
  const keys = ['answer', 'source', 'abstain'] as const;
  return keys
    .filter((key) => totals[key] < minimums[key])
    .map((key) => `${key} score ${percent(totals[key])} is below the minimum ${percent(minimums[key])}`);
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Engine } from '../engine';
import { QuestionError } from '../errors';
import type { Retrieval } from '../retrieve/types';
import { scoreItem, type ItemScore, type QaItem } from './score';
import { scoreQuizItem, type QuizItem, type QuizScore } from './quiz';

/** Asks the engine every question in order and scores each answer. */
export async function evaluate(
  engine: Pick<Engine, 'ask'>,
  items: QaItem[],
  onProgress?: (done: number, total: number) => void,
): Promise<ItemScore[]> {
  const scores: ItemScore[] = [];
  for (const item of items) {
    scores.push(scoreItem(item, await engine.ask(item.question)));
    onProgress?.(scores.length, items.length);
    await nextTurn();
  }
  return scores;
}

/** Enough passages that the first ten distinct articles are nearly always among them. */
const rankingDepth = { candidates: 100, limit: 100 };

/**
 * Asks every news-quiz question as of its date, then retrieves again (deeper, as of the same date) to
 * find the gold article's rank. Only `ask` is timed. A question the engine refuses (QuestionError)
 * counts as declined, with the refusal as its answer text.
 */
export async function evaluateQuiz(
  engine: Pick<Engine, 'ask' | 'retrieve'>,
  items: QuizItem[],
  onProgress?: (done: number, total: number) => void,
): Promise<QuizScore[]> {
  const scores: QuizScore[] = [];
  for (const item of items) {
    const asOf = item.questionDate;
    const started = performance.now();
    try {
      const answer = await engine.ask(item.question, { asOf });
      const askMs = performance.now() - started;
      const retrieval = await engine.retrieve(item.question, { asOf, ...rankingDepth });
      scores.push(scoreQuizItem(item, answer, retrieval, askMs));
    } catch (error) {
      if (!(error instanceof QuestionError)) throw error;
      const refused = { short: null, answer: error.message, abstained: true, citations: [] };
      const nothing: Retrieval = { question: item.question, groups: [], mode: 'lexical' };
      scores.push(scoreQuizItem(item, refused, nothing, performance.now() - started));
    }
    onProgress?.(scores.length, items.length);
    // Lexical answers settle in microtasks only; a turn of the event loop lets the progress bar draw.
    await nextTurn();
  }
  return scores;
}

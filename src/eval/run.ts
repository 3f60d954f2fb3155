import type { Engine } from '../engine';
import { scoreItem, type ItemScore, type QaItem } from './score';

/** Asks the engine every question in order and scores each answer. */
export async function evaluate(engine: Pick<Engine, 'ask'>, items: QaItem[]): Promise<ItemScore[]> {
  const scores: ItemScore[] = [];
  for (const item of items) scores.push(scoreItem(item, await engine.ask(item.question)));
  return scores;
}

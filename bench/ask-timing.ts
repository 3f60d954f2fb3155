import path from 'node:path';
import { loadConfig } from '../src/config';
import { openEngine, type Engine } from '../src/engine';
import type { Answer } from '../src/answer/types';
import type { Embedder } from '../src/index/types';
import { silentLogger } from '../src/log';

/**
 * The bench's latency stage, shared by `npm run bench` (size-run.ts) and the profiling script
 * (ask-profile.ts) so both ask the same questions the same way.
 */

/** Questions made from titles spread over the whole set, in two phrasings. */
export function titleQuestions(titles: string[], count: number): string[] {
  return Array.from({ length: count }, (_, k) => {
    const title = titles[Math.floor((k * titles.length) / count) % titles.length]!.replace(/[?.!]+$/, '').slice(0, 300);
    return k % 2 === 0 ? `What happened with ${title}?` : `What do we know about ${title}?`;
  });
}

/** The engine over a bench index: no articles folder, no remote models, no log. */
export async function openBenchEngine(workDir: string, indexDir: string, embedder: Embedder): Promise<Engine> {
  const config = loadConfig(
    { ARTICLES_DIR: path.join(workDir, 'no-articles'), INDEX_DIR: indexDir, ALLOW_REMOTE_MODELS: 'false' },
    workDir,
  );
  return openEngine(config, { log: silentLogger, embedder });
}

export interface AskTimes {
  /** Wall time of each `engine.ask`, ms. */
  totals: number[];
  retrieveMs: number[];
  composeMs: number[];
}

/**
 * Asks every question in turn and times each; `onAnswer` sees each answer after its time is taken.
 * Warm-up is the caller's, so a caller can start its own meters (CPU, heap) between the two.
 */
export async function timeAsks(
  engine: Engine,
  questions: string[],
  onAnswer: (question: string, answer: Answer) => void = () => undefined,
): Promise<AskTimes> {
  const times: AskTimes = { totals: [], retrieveMs: [], composeMs: [] };
  for (const question of questions) {
    const before = performance.now();
    const answer = await engine.ask(question);
    times.totals.push(performance.now() - before);
    times.retrieveMs.push(answer.timings.retrieveMs);
    times.composeMs.push(answer.timings.composeMs);
    onAnswer(question, answer);
  }
  return times;
}

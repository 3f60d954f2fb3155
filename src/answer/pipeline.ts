import type { Embedder } from '../index/types';
import type { IndexSnapshot } from '../index/snapshot';
import type { Answer, ComposedAnswer, Timings } from './types';
import type { AnswerCache } from './cache';
import type { LlmAnswerer } from './llm';
import { validateQuestion } from './question';
import { composeExtractiveAnswer } from './extractive';
import { retrieve } from '../retrieve/retrieve';

/** What answering reads: the index as it is at the start of the question, and the answer makers. */
export interface AnswerPipeline {
  index: IndexSnapshot;
  /** Null when no embedding model could be loaded: retrieval is then lexical only. */
  embedder: Embedder | null;
  /** Null when no language model is configured: answers are extractive. */
  llm: LlmAnswerer | null;
  cache: AnswerCache;
}

export interface AskOptions {
  /** Called with the growing answer text while an LLM streams; never called in extractive mode. */
  onPartial?: (text: string) => void;
}

/**
 * One question, start to end: validate → cache → retrieve → compose the extractive answer →
 * optionally let the language model answer (the extractive one is its fallback) → cache.
 * Throws QuestionError for an empty, blank or over-long question.
 */
export async function answerQuestion(
  pipeline: AnswerPipeline,
  rawQuestion: string,
  options: AskOptions = {},
): Promise<Answer> {
  const { index, embedder, llm, cache } = pipeline;
  const question = validateQuestion(rawQuestion);
  const started = performance.now();
  const cached = cache.get(question, index.version);
  if (cached) return { ...cached, timings: { ...cached.timings, cachedMs: round(performance.now() - started) } };

  const retrieval = await retrieve(index, embedder, question);
  const retrieved = performance.now();
  const extractive = composeExtractiveAnswer(question, retrieval, index);
  const composed = performance.now();
  let answer: ComposedAnswer = extractive;
  let llmMs: number | null = null;
  if (llm) {
    answer = await llm.answer({ question, retrieval, fallback: extractive, onPartial: options.onPartial });
    llmMs = round(performance.now() - composed);
  }
  const timings: Timings = {
    retrieveMs: round(retrieved - started),
    composeMs: round(composed - retrieved),
    llmMs,
    totalMs: round(performance.now() - started),
    cachedMs: null,
  };
  const final: Answer = { ...answer, timings };
  // A note marks a passing failure (timeout, rate limit): ask the model again next time.
  if (final.note === undefined) cache.set(question, index.version, final);
  return final;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

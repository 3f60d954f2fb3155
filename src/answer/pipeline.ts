import type { Embedder } from '../index/types';
import type { IndexSnapshot } from '../index/snapshot';
import type { Answer, ComposedAnswer, Timings } from './types';
import type { AnswerCache } from './cache';
import type { LlmAnswerer } from './llm';
import { plainQuestion, validateQuestion } from './question';
import { composeExtractiveAnswer } from './extractive';
import { retrieve } from '../retrieve/retrieve';
import { withConversationSubject, type ConversationTurn } from './follow-up';
import type { Day } from '../day';
import type { Retrieval } from '../retrieve/types';
import { correctSpelling } from '../retrieve/spelling';

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
  /** false answers extractively even when a model is configured (a server's /settings choice). */
  llm?: boolean;
  /** The conversation so far (a follow-up thread), oldest first: its subject carries into the search, and a model sees it. */
  history?: ConversationTurn[];
  /** Answer as of this day: articles published after it are not used. None: every article counts, unweighted by age. */
  asOf?: Day;
}

export interface RetrieveOnlyOptions {
  asOf?: Day;
  /** Candidates taken from each ranking before fusion. */
  candidates?: number;
  /** Passages kept after fusion. */
  limit?: number;
}

/**
 * One question, start to end: validate → cache → retrieve → compose the extractive answer →
 * optionally let the language model answer (the extractive one is its fallback) → cache. In a
 * conversation, a question that names no subject searches with the latest one asked before.
 * Throws QuestionError for an empty, blank or over-long question.
 */
export async function answerQuestion(
  pipeline: AnswerPipeline,
  rawQuestion: string,
  options: AskOptions = {},
): Promise<Answer> {
  const { index, embedder, cache } = pipeline;
  const question = validateQuestion(rawQuestion);
  const asOf = options.asOf ?? null;
  const started = performance.now();
  const history = options.history ?? [];
  const searchFor = withConversationSubject(
    plainQuestion(question) || question,
    history.map((turn) => turn.question),
  );
  const llm = options.llm === false ? null : pipeline.llm;
  // Extractive answers depend on the search text only; a model's also on the conversation.
  const cacheKey = llm ? (history.length > 0 ? null : `llm\u0000${searchFor}`) : `extractive\u0000${searchFor}`;
  // Answers as of different days differ: the day is part of the key.
  const cached = cacheKey === null ? undefined : cache.get(cacheKey, index.version, asOf);
  if (cached)
    return { ...cached, question, timings: { ...cached.timings, cachedMs: round(performance.now() - started) } };

  // A word the index does not know is searched for as the likeliest word it does ("mcter" → "mcteer").
  const spelt = correctSpelling(searchFor, index);
  const retrieval = await retrieve(index, embedder, spelt.text, { asOf });
  const retrieved = performance.now();
  const extractive = { ...composeExtractiveAnswer(spelt.text, retrieval, index, undefined, asOf), question };
  const composed = performance.now();
  let answer: ComposedAnswer = extractive;
  let llmMs: number | null = null;
  if (llm) {
    answer = await llm.answer({ question, history, retrieval, fallback: extractive, onPartial: options.onPartial });
    llmMs = round(performance.now() - composed);
  }
  const timings: Timings = {
    retrieveMs: round(retrieved - started),
    composeMs: round(composed - retrieved),
    llmMs,
    totalMs: round(performance.now() - started),
    cachedMs: null,
  };
  const final: Answer = {
    ...answer,
    timings,
    ...(spelt.corrections.length > 0 ? { searchedFor: spelt.searchedFor } : {}),
  };
  // A note marks a passing failure (timeout, rate limit): ask the model again next time.
  if (final.note === undefined && cacheKey !== null) cache.set(cacheKey, index.version, final, asOf);
  return final;
}

/**
 * The retrieval step alone, validated like `answerQuestion` (the eval ranks articles with it).
 * Validation happens inside the async function, so a bad question rejects the promise.
 */
export async function retrieveForQuestion(
  pipeline: Pick<AnswerPipeline, 'index' | 'embedder'>,
  rawQuestion: string,
  { asOf, candidates, limit }: RetrieveOnlyOptions = {},
): Promise<Retrieval> {
  const question = correctSpelling(validateQuestion(rawQuestion), pipeline.index).text;
  return await retrieve(pipeline.index, pipeline.embedder, question, { asOf, candidates, limit });
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

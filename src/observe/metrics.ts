import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LlmCall } from '../answer/llm';
import type { EngineObserver } from '../engine';
import type { ReindexSummary } from '../index/types';
import type { InteractionEvent } from './interaction';

/** Every metric the bot exports starts with this (see docs/operations.md, "Health and metrics"). */
export const METRIC_PREFIX = 'show_news_';

export interface BotMetrics {
  readonly registry: Registry;
  interaction: (event: InteractionEvent) => void;
  readonly engine: Required<EngineObserver>;
}

/**
 * The bot's Prometheus metrics in a registry of their own (so two bots in one test process do not
 * share counters), with prom-client's process metrics besides: resident memory, CPU, heap, and the
 * event-loop lag that shows whether interactions can be acknowledged in time.
 */
export function createBotMetrics(source: { indexSize: () => { articles: number; chunks: number } | null }): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const interactions = new Counter({
    name: `${METRIC_PREFIX}interactions_total`,
    help: 'Handled interactions (commands, buttons, forms) by command and outcome.',
    labelNames: ['kind', 'command', 'outcome'] as const,
    registers,
  });
  const answerSeconds = new Histogram({
    name: `${METRIC_PREFIX}answer_duration_seconds`,
    help: 'Time from receiving an interaction that asked the engine to its last reply, by command and answer mode.',
    labelNames: ['command', 'mode'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
    registers,
  });
  const declines = new Counter({
    name: `${METRIC_PREFIX}declines_total`,
    help: 'Questions not answered, by reason: no_evidence, invalid_question, cooldown.',
    labelNames: ['reason'] as const,
    registers,
  });
  const llmCalls = new Counter({
    name: `${METRIC_PREFIX}llm_calls_total`,
    help: 'Calls to the language model by outcome: answered, abstained, fallback (the extractive answer was used).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const llmTokens = new Counter({
    name: `${METRIC_PREFIX}llm_tokens_total`,
    help: 'Tokens the language model server reported, by kind: prompt, completion.',
    labelNames: ['kind'] as const,
    registers,
  });
  const llmFallbacks = new Counter({
    name: `${METRIC_PREFIX}llm_fallbacks_total`,
    help: 'LLM answers replaced by the extractive one, by reason (timeout, auth, rate-limited, unverified...).',
    labelNames: ['reason'] as const,
    registers,
  });
  const reindexSeconds = new Histogram({
    name: `${METRIC_PREFIX}reindex_duration_seconds`,
    help: 'Wall time of each finished reindex (the first build, /reindex, feed polls).',
    buckets: [0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1200],
    registers,
  });
  const reindexedArticles = new Counter({
    name: `${METRIC_PREFIX}reindexed_articles_total`,
    help: 'Articles chunked and embedded by reindexes (new or changed ones).',
    registers,
  });
  const lastReindexArticles = new Gauge({
    name: `${METRIC_PREFIX}last_reindex_articles`,
    help: 'Articles in the index the last reindex produced.',
    registers,
  });
  const indexGauge = (what: 'articles' | 'chunks') =>
    new Gauge({
      name: `${METRIC_PREFIX}index_${what}`,
      help: `${what === 'articles' ? 'Articles' : 'Chunks'} in the index answering questions now.`,
      registers,
      collect() {
        const size = source.indexSize();
        if (size) this.set(size[what]);
      },
    });
  indexGauge('articles');
  indexGauge('chunks');

  return {
    registry,
    interaction: (event) => {
      interactions.inc({ kind: event.kind, command: event.command, outcome: event.outcome });
      if (event.declineReason) declines.inc({ reason: event.declineReason });
      if (event.mode) answerSeconds.observe({ command: event.command, mode: event.mode }, event.latencyMs / 1000);
    },
    engine: {
      llmCall(call: LlmCall) {
        llmCalls.inc({ outcome: call.outcome });
        if (call.outcome === 'fallback') llmFallbacks.inc({ reason: call.reason ?? 'unknown' });
        if (call.promptTokens !== null) llmTokens.inc({ kind: 'prompt' }, call.promptTokens);
        if (call.completionTokens !== null) llmTokens.inc({ kind: 'completion' }, call.completionTokens);
      },
      reindexed(summary: ReindexSummary) {
        reindexSeconds.observe(summary.seconds);
        reindexedArticles.inc(summary.changedArticles);
        lastReindexArticles.set(summary.articles);
      },
    },
  };
}

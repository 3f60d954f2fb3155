import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { openEngine, type Engine } from '../src/engine';
import { silentLogger } from '../src/log';
import { createBotMetrics, type BotMetrics } from '../src/observe/metrics';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai';
import { PROCESS_TEST_TIMEOUT_MS } from './support/bounds';

/** The engine's observer wired to the metrics: real model calls to a fake OpenAI server, a real reindex. */
const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
const QUESTION = 'Who is Janet McTeer playing?';

let workDir: string;
let openai: FakeOpenAI;
let engine: Engine;
let metrics: BotMetrics;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'metrics-'));
  await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
  openai = await startFakeOpenAI();
  metrics = createBotMetrics({ indexSize: () => engine?.size() ?? null });
  engine = await openEngine(
    loadConfig({
      ARTICLES_DIR: path.join(workDir, 'articles'),
      INDEX_DIR: path.join(workDir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      ANSWER_CACHE_SECONDS: '0',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: openai.baseURL,
      LLM_MAX_RETRIES: '0',
    }),
    { log: silentLogger, observer: metrics.engine },
  );
}, TIMEOUT);

afterAll(async () => {
  await engine?.close();
  await openai?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function value(series: string): Promise<number | undefined> {
  const text = await metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', { timeout: TIMEOUT }, () => {
  it('count model calls, the tokens the server reported, and fallbacks by reason', async () => {
    const extractive = await engine.ask(QUESTION, { llm: false });
    const quote = (extractive.citations[0]?.quote ?? '').replace(/[.!?]+$/, '');
    openai.script(
      { kind: 'text', text: `${quote} [1].`, usage: { prompt_tokens: 900, completion_tokens: 40 } },
      { kind: 'status', status: 429, message: 'slow down' },
    );

    expect((await engine.ask(QUESTION, { llm: true })).mode).toBe('llm');
    expect((await engine.ask(QUESTION, { llm: true })).mode).toBe('extractive');

    expect(await value('show_news_llm_calls_total{outcome="answered"}')).toBe(1);
    expect(await value('show_news_llm_calls_total{outcome="fallback"}')).toBe(1);
    expect(await value('show_news_llm_fallbacks_total{reason="rate-limited"}')).toBe(1);
    expect(await value('show_news_llm_tokens_total{kind="prompt"}')).toBe(900);
    expect(await value('show_news_llm_tokens_total{kind="completion"}')).toBe(40);
  });

  it('time every reindex and follow the size of the index that answers', async () => {
    // The first build when the engine opened.
    expect(await value('show_news_reindex_duration_seconds_count')).toBe(1);
    const before = await value('show_news_index_articles');
    await writeFile(
      path.join(workDir, 'articles', 'new-story.md'),
      '---\ntitle: A New Story\noutlet: Test Outlet\npublished: 2024-05-01\n---\n\nThe Crown ends with its sixth season, the network said on Monday.\n',
    );
    await engine.reindex();
    expect(await value('show_news_reindex_duration_seconds_count')).toBe(2);
    expect(await value('show_news_index_articles')).toBe((before ?? 0) + 1);
    expect(await value('show_news_last_reindex_articles')).toBe((before ?? 0) + 1);
    expect(await value('show_news_index_chunks')).toBe(engine.size().chunks);
  });
});

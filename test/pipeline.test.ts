import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../src/engine';
import { silentLogger } from '../src/log';
import { sampleWorkspace, testConfig } from './support/sample-index';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai';

const QUESTION = 'Who is Janet McTeer playing?';
const timingKeys = ['cachedMs', 'composeMs', 'llmMs', 'retrieveMs', 'totalMs'];

let ws: Awaited<ReturnType<typeof sampleWorkspace>>;
let fake: FakeOpenAI;

beforeAll(async () => {
  ws = await sampleWorkspace('news-bot-pipeline-');
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  await ws.cleanup();
});

async function withEngine(env: Record<string, string>, use: (engine: Engine) => Promise<void>): Promise<void> {
  const engine = await openEngine(testConfig(ws, env), { log: silentLogger, embedder: null });
  try {
    await use(engine);
  } finally {
    await engine.close();
  }
}

describe('answer timings', () => {
  it('report the same stages in extractive and LLM mode, with the LLM stage only when it ran', async () => {
    await withEngine({}, async (engine) => {
      const answer = await engine.ask(QUESTION);
      expect(answer.mode).toBe('extractive');
      expect(Object.keys(answer.timings).sort()).toEqual(timingKeys);
      expect(answer.timings.llmMs).toBeNull();
      expect(answer.timings.cachedMs).toBeNull();
      expect(answer.timings.totalMs).toBeGreaterThanOrEqual(answer.timings.retrieveMs + answer.timings.composeMs);
    });

    fake.setDefault({ kind: 'text', text: 'Janet McTeer plays an undisclosed character [1].', delayMs: 5 });
    await withEngine({ OPENAI_BASE_URL: fake.baseURL, ANSWER_CACHE_SECONDS: '60' }, async (engine) => {
      const answer = await engine.ask(QUESTION);
      expect(answer.mode).toBe('llm');
      expect(Object.keys(answer.timings).sort()).toEqual(timingKeys);
      expect(answer.timings.retrieveMs).toBeGreaterThan(0);
      expect(answer.timings.llmMs).toBeGreaterThan(0);
      expect(answer.timings.totalMs).toBeGreaterThanOrEqual(answer.timings.llmMs!);

      const again = await engine.ask(QUESTION);
      expect(fake.requests).toHaveLength(1);
      expect(Object.keys(again.timings).sort()).toEqual(timingKeys);
      expect(again.timings.cachedMs).toBeGreaterThanOrEqual(0);
      expect(again.timings.llmMs).toBe(answer.timings.llmMs);
    });
  });
});

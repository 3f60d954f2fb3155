import { describe, expect, it } from 'vitest';
import { createAnswerCache } from '../src/answer/cache';
import type { Answer } from '../src/answer/types';
import { zeroTimings } from './support/timings';

function answer(text: string): Answer {
  return {
    question: 'q',
    short: null,
    answer: text,
    abstained: false,
    mode: 'llm',
    citations: [],
    timings: { ...zeroTimings, llmMs: 5 },
  };
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('answer cache', () => {
  it('returns the stored answer for the same question, however it is typed', () => {
    const cache = createAnswerCache({ ttlSeconds: 60 });
    cache.set('When does Severance return?', 'v1', answer('In March [1].'));
    expect(cache.get('  when does   SEVERANCE return ', 'v1')?.answer).toBe('In March [1].');
    expect(cache.get('When does Severance return?!.', 'v1')).toEqual(answer('In March [1].'));
    expect(cache.get('When does Severance end?', 'v1')).toBeUndefined();
  });

  it('misses when the index version changed', () => {
    const cache = createAnswerCache({ ttlSeconds: 60 });
    cache.set('q?', 'v1', answer('a'));
    expect(cache.get('q?', 'v2')).toBeUndefined();
  });

  it('expires entries after the TTL', () => {
    const time = clock();
    const cache = createAnswerCache({ ttlSeconds: 10, now: time.now });
    cache.set('q', 'v1', answer('a'));
    time.advance(9_999);
    expect(cache.get('q', 'v1')).toBeDefined();
    time.advance(1);
    expect(cache.get('q', 'v1')).toBeUndefined();
  });

  it('clear() empties it', () => {
    const cache = createAnswerCache({ ttlSeconds: 60 });
    cache.set('q1', 'v1', answer('a'));
    cache.set('q2', 'v1', answer('b'));
    cache.clear();
    expect(cache.get('q1', 'v1')).toBeUndefined();
    expect(cache.get('q2', 'v1')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = createAnswerCache({ ttlSeconds: 60, maxEntries: 2 });
    cache.set('q1', 'v1', answer('a'));
    cache.set('q2', 'v1', answer('b'));
    cache.get('q1', 'v1');
    cache.set('q3', 'v1', answer('c'));
    expect(cache.get('q1', 'v1')).toBeDefined();
    expect(cache.get('q2', 'v1')).toBeUndefined();
    expect(cache.get('q3', 'v1')).toBeDefined();
  });

  it('keeps its copy safe from callers that edit an answer', () => {
    const cache = createAnswerCache({ ttlSeconds: 60 });
    const stored = answer('a');
    cache.set('q', 'v1', stored);
    stored.answer = 'changed';
    const hit = cache.get('q', 'v1');
    if (hit) hit.timings.totalMs = 99;
    expect(cache.get('q', 'v1')).toEqual(answer('a'));
  });

  it('stores nothing when the TTL is 0', () => {
    const cache = createAnswerCache({ ttlSeconds: 0 });
    cache.set('q', 'v1', answer('a'));
    expect(cache.get('q', 'v1')).toBeUndefined();
  });
});

import type { Answer } from './types';

export interface AnswerCache {
  /** `asOf` is the answer's as-of day (`YYYY-MM-DD`), null for none: answers as of different days differ. */
  get(question: string, indexVersion: string, asOf?: string | null): Answer | undefined;
  set(question: string, indexVersion: string, answer: Answer, asOf?: string | null): void;
  clear(): void;
}

export interface AnswerCacheOptions {
  /** 0 turns the cache off. */
  ttlSeconds: number;
  /** Least recently used entries go first once this many are stored. Default 500. */
  maxEntries?: number;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

/** "  What's NEW  with Severance?? " and "what's new with severance" are one question. */
export function normaliseQuestion(question: string): string {
  return question
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.]+$/, '');
}

/**
 * Answers by (normalised question, index version, as-of day): a reindex that changes the index changes the
 * version, so stale answers are never served even before `clear()` runs.
 */
export function createAnswerCache(options: AnswerCacheOptions): AnswerCache {
  const ttlMs = options.ttlSeconds * 1000;
  const maxEntries = Math.max(1, options.maxEntries ?? 500);
  const now = options.now ?? Date.now;
  // A Map keeps insertion order, so re-inserting on a hit makes its first key the least recently used.
  const entries = new Map<string, { answer: Answer; expiresAt: number }>();
  const keyOf = (question: string, indexVersion: string, asOf: string | null = null) =>
    `${indexVersion}\u0000${asOf ?? ''}\u0000${normaliseQuestion(question)}`;

  return {
    get(question, indexVersion, asOf) {
      if (ttlMs <= 0) return undefined;
      const key = keyOf(question, indexVersion, asOf);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now() >= entry.expiresAt) {
        entries.delete(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      // A copy, so a caller that edits its answer (e.g. adds timings) cannot change the cached one.
      return structuredClone(entry.answer);
    },
    set(question, indexVersion, answer, asOf) {
      if (ttlMs <= 0) return;
      const key = keyOf(question, indexVersion, asOf);
      entries.delete(key);
      entries.set(key, { answer: structuredClone(answer), expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    clear() {
      entries.clear();
    },
  };
}

import type { Timings } from '../../src/answer/types';

/** Timings for hand-made answers in tests that do not look at them. */
export const zeroTimings: Timings = { retrieveMs: 0, composeMs: 0, llmMs: null, totalMs: 0, cachedMs: null };

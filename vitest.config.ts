import { defineConfig } from 'vitest/config';
import { PROCESS_TEST_TIMEOUT_MS, SIGNAL_BOUND_MS } from './test/support/bounds';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Bounds, not waits: a test ends when its work does. Generous because the suite must pass on a
    // busy 2-core machine, where a test that takes 10 s when quiet has taken 40 (see bounds.ts).
    testTimeout: SIGNAL_BOUND_MS,
    // Hooks build indexes and start servers and processes.
    hookTimeout: PROCESS_TEST_TIMEOUT_MS,
    teardownTimeout: SIGNAL_BOUND_MS,
  },
});

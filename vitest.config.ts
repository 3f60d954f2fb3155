import { configDefaults, defineConfig } from 'vitest/config';
import { PROCESS_TEST_TIMEOUT_MS, SIGNAL_BOUND_MS, TEST_TIMEOUT_MS } from './test/support/bounds';

/**
 * Tests that start the program itself as a process (the bot, a CLI, the build, the load test): the
 * `e2e` project, run by `npm run test:e2e`. `npm test` runs the `unit` project, everything else.
 * They take most of the suite's time, each paying Node's, tsx's and the program's start-up.
 * `npx vitest run <file>` runs a file of either.
 */
export const processTestFiles = [
  'test/answer-model.test.ts',
  'test/cli.test.ts',
  'test/cli-as-of.test.ts',
  'test/discord-process.test.ts',
  'test/feedback-cli.test.ts',
  'test/feeds-cli.test.ts',
  'test/feeds-failover.test.ts',
  'test/feeds-kill.test.ts',
  'test/feeds-large.test.ts',
  'test/feeds-process.test.ts',
  'test/feeds-resume.test.ts',
  'test/loadtest.test.ts',
  'test/production.test.ts',
  'test/reindex-orphan.test.ts',
  'test/replicas.test.ts',
  'test/terminal-text.test.ts',
];

export default defineConfig({
  test: {
    // Two test files at a time on a 2-core machine (vitest's default is one fewer than the cores):
    // much of a file's time is spent waiting on the reindex process, servers and disk.
    maxWorkers: 2,
    // Bounds, not waits: a test ends when its work does. Generous because the suite must pass on a
    // busy 2-core machine, where a test that takes 10 s when quiet has taken 40 (see bounds.ts).
    testTimeout: TEST_TIMEOUT_MS,
    // Hooks build indexes and start servers and processes.
    hookTimeout: PROCESS_TEST_TIMEOUT_MS,
    teardownTimeout: SIGNAL_BOUND_MS,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...processTestFiles],
        },
      },
      { extends: true, test: { name: 'e2e', include: processTestFiles } },
    ],
  },
});

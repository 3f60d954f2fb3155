/**
 * How long tests that start processes and servers wait, in one place.
 *
 * A test waits for the signal it needs (a ready line, a request, a file, an exit), never for a
 * fixed time; these bounds only say how long a broken test hangs before it fails with a message.
 * They are generous on purpose: on a 2-core machine running a second copy of the suite and other
 * work (load average 12–31), a bot that connects in 3 s when the machine is quiet took 36 s and
 * more, and each CLI run in cli.test.ts 25–50 s. A wait ends as soon as its signal comes, so a
 * generous bound costs nothing when things work.
 */

/**
 * The longest one wait for one signal may take: a bot connecting, an answer, a process exiting.
 * With two copies of the whole suite and other work at load 31, a bot started by a test (at nice
 * 5) did not connect within 180 s, and one under the load test answered nothing within 180 s.
 */
export const SIGNAL_BOUND_MS = 300_000;

/**
 * Vitest's timeout for any test: at load 21 with two test files at a time, the reindex of 1,505
 * articles in reindex.test.ts took 218 s (15 s at load 15, one file at a time). A build of 200
 * articles or more lowers its own priority (reindex-worker.ts), so a busy machine slows it most.
 */
export const TEST_TIMEOUT_MS = 600_000;

/** Vitest's timeout for a test (or hook) that starts processes: a few waits, each up to the bound. */
export const PROCESS_TEST_TIMEOUT_MS = 900_000;

/** Polls `probe` every `intervalMs` until it returns something other than undefined or null. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null> | T | undefined | null,
  options: { timeoutMs?: number; intervalMs?: number; detail?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? SIGNAL_BOUND_MS);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) {
      const detail = options.detail?.();
      throw new Error(`timed out waiting for ${what}${detail ? `\n${detail}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/** Discord allows frequent edits, but a message rewritten many times a second is unreadable. */
export const EDIT_INTERVAL_MS = 1_500;

/**
 * Sends at most one value per `intervalMs`, always the latest one pushed: intermediate values
 * are dropped, never queued. `finish` sends a last value (replacing any pending one) while still
 * keeping the spacing, and resolves once it is sent. Sends never overlap, so edits stay in order.
 */
export interface Throttle<T> {
  push(value: T): void;
  finish(value: T): Promise<void>;
  /** Drops whatever is pending and waits for a send in flight; later pushes are ignored. */
  close(): Promise<void>;
}

export function createThrottle<T>(
  send: (value: T) => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
  now: () => number = Date.now,
): Throttle<T> {
  let lastStart = Number.NEGATIVE_INFINITY;
  let pending: { value: T; final: boolean } | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  let settleFinal: { resolve: () => void; reject: (error: unknown) => void } | null = null;

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function drain(): Promise<void> {
    while (pending) {
      const wait = lastStart + intervalMs - now();
      if (wait > 0) await sleep(wait);
      // Taken after the wait so the freshest value goes out.
      const item: { value: T; final: boolean } | null = pending;
      pending = null;
      if (!item) return;
      lastStart = now();
      try {
        await send(item.value);
        if (item.final) settleFinal?.resolve();
      } catch (error) {
        if (item.final) settleFinal?.reject(error);
        else onError(error);
      }
    }
  }

  function kick(): void {
    if (running) return;
    running = drain().finally(() => {
      running = null;
      if (pending) kick();
    });
  }

  return {
    push(value) {
      if (closed) return;
      pending = { value, final: false };
      kick();
    },
    finish(value) {
      if (closed) return Promise.resolve();
      closed = true;
      const done = new Promise<void>((resolve, reject) => {
        settleFinal = { resolve, reject };
      });
      pending = { value, final: true };
      kick();
      return done;
    },
    async close() {
      closed = true;
      if (pending && !pending.final) pending = null;
      await running;
    },
  };
}

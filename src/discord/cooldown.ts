import type { Store } from '../db/store';

/**
 * Per-user cooldown: `take` answers how many whole seconds are left, or 0 and starts a new window.
 * `seconds` overrides the default for one call (a server's own cooldown); key by server and user
 * so servers do not share one.
 */
export interface Cooldowns {
  take(key: string, seconds?: number): Promise<number>;
}

/** Entries kept (in memory) or takes made (shared) between two sweeps of expired windows. */
const SWEEP_AT = 1_000;

/** One process's own cooldowns: enough when nothing else serves the bot (the embedded store). */
export function createCooldowns(defaultSeconds: number, now: () => number = Date.now): Cooldowns {
  const lastUse = new Map<string, number>();
  /** The longest window in use, so a sweep never drops an entry some server still counts. */
  let longestMs = defaultSeconds * 1_000;
  const takeNow = (key: string, seconds: number): number => {
    const windowMs = seconds * 1_000;
    if (windowMs <= 0) return 0;
    longestMs = Math.max(longestMs, windowMs);
    const t = now();
    const last = lastUse.get(key);
    if (last !== undefined && t - last < windowMs) return Math.ceil((last + windowMs - t) / 1_000);
    lastUse.set(key, t);
    // Keeps memory bounded on a busy server: expired entries carry no information.
    if (lastUse.size > SWEEP_AT) {
      for (const [id, at] of lastUse) if (t - at >= longestMs) lastUse.delete(id);
    }
    return 0;
  };
  return { take: (key, seconds = defaultSeconds) => Promise.resolve(takeNow(key, seconds)) };
}

/**
 * Cooldowns in the shared store (PostgreSQL), so a member cannot dodge one by landing on another
 * replica: every process reads and starts windows in one table, on the database's clock.
 */
export function sharedCooldowns(
  store: Pick<Store, 'takeCooldown' | 'sweepCooldowns'>,
  defaultSeconds: number,
  onSweepError: (error: unknown) => void,
): Cooldowns {
  let takes = 0;
  let longestSeconds = defaultSeconds;
  return {
    async take(key, seconds = defaultSeconds) {
      if (seconds <= 0) return 0;
      longestSeconds = Math.max(longestSeconds, seconds);
      takes += 1;
      if (takes % SWEEP_AT === 0) store.sweepCooldowns(longestSeconds).catch(onSweepError);
      return store.takeCooldown(key, seconds);
    },
  };
}

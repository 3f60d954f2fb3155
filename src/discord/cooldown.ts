/**
 * Per-user cooldown: `take` answers how many whole seconds are left, or 0 and starts a new window.
 * `seconds` overrides the default for one call (a server's own cooldown); key by server and user
 * so servers do not share one.
 */
export interface Cooldowns {
  take(key: string, seconds?: number): number;
}

const SWEEP_AT = 1_000;

export function createCooldowns(defaultSeconds: number, now: () => number = Date.now): Cooldowns {
  const lastUse = new Map<string, number>();
  /** The longest window in use, so a sweep never drops an entry some server still counts. */
  let longestMs = defaultSeconds * 1_000;
  return {
    take(key, seconds = defaultSeconds) {
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
    },
  };
}

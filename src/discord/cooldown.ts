/** Per-user cooldown: `take` answers how many whole seconds are left, or 0 and starts a new window. */
export interface Cooldowns {
  take(userId: string): number;
}

const SWEEP_AT = 1_000;

export function createCooldowns(seconds: number, now: () => number = Date.now): Cooldowns {
  const windowMs = seconds * 1_000;
  const lastUse = new Map<string, number>();
  return {
    take(userId) {
      if (windowMs <= 0) return 0;
      const t = now();
      const last = lastUse.get(userId);
      if (last !== undefined && t - last < windowMs) return Math.ceil((last + windowMs - t) / 1_000);
      lastUse.set(userId, t);
      // Keeps memory bounded on a busy server: expired entries carry no information.
      if (lastUse.size > SWEEP_AT) {
        for (const [id, at] of lastUse) if (t - at >= windowMs) lastUse.delete(id);
      }
      return 0;
    },
  };
}

import type { Logger } from '../log';
import type { Sql } from './sql';

/**
 * A lease in the shared store: one replica at a time does a job (polling feeds, building the
 * index), and another takes over when the holder dies.
 *
 * A row with an expiry on the database's clock, renewed by a heartbeat, rather than an advisory
 * lock held on a connection. A SIGKILLed holder stops renewing and its row expires after `ttlMs`
 * (an advisory lock would go sooner, when the server sees the socket close, but only if the kernel
 * gets to close it). A network stall is where the two part: an advisory lock stays held until the
 * server's TCP keepalive gives up (two hours by default), while the holder, cut off, cannot tell
 * whether it still has it. A lease row expires on time whatever the network does; the holder counts
 * its lease lost `ttlMs` after it *sent* its last successful renewal (before the row can have
 * expired), so two replicas never both believe they hold it; and every new holder gets a larger
 * `token`, which fenced writes check in the same transaction (`holdsLease`), so a stalled holder
 * that wakes up after losing the lease cannot write over its successor. It also works through a
 * transaction-pooling proxy (PgBouncer), where session advisory locks do not.
 */

/** Tuning values of a lease, each with why. */
export const LEASE_DEFAULTS = {
  /**
   * How long a lease lasts unrenewed: the longest a dead holder keeps the job from the others.
   * Issue 24 allows 30 s for another replica to take over and finish a poll; 15 s of expiry plus
   * at most `retryEveryMs` before a standby tries again leaves 10 s of it for the poll itself.
   */
  ttlMs: 15_000,
  /** A renewal every third of the lifetime: two may fail (a store blip of ~10 s) before it is lost. */
  renewEveryMs: 5_000,
  /** How often a replica without the lease tries to take it; a try is one indexed upsert (~1 ms). */
  retryEveryMs: 5_000,
  /**
   * `npm run feeds -- poll` with DATABASE_URL takes the lease once, without a heartbeat, for this
   * long: a poll of 100 items per feed at one page a second per host takes under two minutes, and
   * the command releases it when done. Killed, it keeps the replicas from polling this long.
   */
  cliPollMs: 10 * 60_000,
} as const;

/** The one lease for polling feeds and building the index: one replica at a time does both. */
export const FEED_LEASE = 'feeds-and-index';

export type LeaseTiming = Omit<{ [K in keyof typeof LEASE_DEFAULTS]: number }, 'cliPollMs'>;

/** One holding of a lease: who holds it and the fencing token of this holding. */
export interface LeaseGrant {
  name: string;
  holder: string;
  /** Larger for every new holding of this lease: fenced writes check it. */
  token: number;
  /** performance.now() at which this replica must stop counting on the lease unless renewed. */
  validUntil: number;
}

type Query = Pick<Sql, 'query'>;

/** Takes the lease when it is free or expired (or already ours); null when another replica holds it. */
export async function acquireLease(
  sql: Query,
  name: string,
  holder: string,
  ttlMs: number,
): Promise<LeaseGrant | null> {
  const sent = performance.now();
  const [row] = await sql.query<{ token: string }>(
    `insert into leases as l (name, holder, token, expires_at)
       values ($1, $2, 1, now() + make_interval(secs => $3::double precision))
     on conflict (name) do update
       set holder = excluded.holder, token = l.token + 1, expires_at = excluded.expires_at
       where l.expires_at <= now() or l.holder = excluded.holder
     returning token`,
    [name, holder, ttlMs / 1000],
  );
  return row ? { name, holder, token: Number(row.token), validUntil: sent + ttlMs } : null;
}

/** Extends the lease; false when it is no longer this grant's (expired and taken, or released). */
export async function renewLease(sql: Query, grant: LeaseGrant, ttlMs: number): Promise<boolean> {
  const sent = performance.now();
  const rows = await sql.query(
    `update leases set expires_at = now() + make_interval(secs => $4::double precision)
     where name = $1 and holder = $2 and token = $3 and expires_at > now()
     returning name`,
    [grant.name, grant.holder, grant.token, ttlMs / 1000],
  );
  if (rows.length === 0) return false;
  grant.validUntil = sent + ttlMs;
  return true;
}

/** Gives the lease up at once (a clean shutdown), so a standby need not wait for it to expire. */
export async function releaseLease(sql: Query, grant: LeaseGrant): Promise<void> {
  await sql.query(`update leases set expires_at = now() where name = $1 and holder = $2 and token = $3`, [
    grant.name,
    grant.holder,
    grant.token,
  ]);
}

/**
 * For a fenced write: true while `grant` is the live holding on the database's clock. Inside a
 * transaction it also takes a share lock on the row, so the lease cannot pass to another replica
 * until the write commits.
 */
export async function holdsLease(tx: Query, grant: LeaseGrant): Promise<boolean> {
  const rows = await tx.query('select 1 from leases where name = $1 and token = $2 and expires_at > now() for share', [
    grant.name,
    grant.token,
  ]);
  return rows.length > 0;
}

export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/** Whether this replica may count on the grant now, on its own clock (see the module comment). */
export function isHeld(grant: LeaseGrant | null): boolean {
  return grant !== null && performance.now() < grant.validUntil;
}

export interface KeptLease {
  /** The live grant, or null while another replica holds the lease (or this one lost it). */
  current(): LeaseGrant | null;
  isHeld(): boolean;
  /** Stops trying and renewing, and releases the lease if held. */
  stop(): Promise<void>;
}

/**
 * Keeps trying to take the lease and, once taken, renews it by heartbeat. `onAcquired` runs when
 * this replica becomes the holder; `onLost` when it stops being one (renewal refused, or no
 * renewal succeeded in time): the job must stop, and its writes are refused by the fence anyway.
 */
export function keepLease(input: {
  sql: Query;
  name: string;
  holder: string;
  log: Logger;
  timing?: Partial<LeaseTiming>;
  onAcquired: (grant: LeaseGrant) => void;
  onLost: (reason: string) => void;
}): KeptLease {
  const timing: LeaseTiming = { ...LEASE_DEFAULTS, ...input.timing };
  const { sql, name, holder, log } = input;
  let grant: LeaseGrant | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let expiry: NodeJS.Timeout | undefined;
  let beat: Promise<void> = Promise.resolve();

  const lose = (reason: string) => {
    if (grant === null) return;
    clearTimeout(expiry);
    grant = null;
    log.warn('lease: lost', { lease: name, reason });
    input.onLost(reason);
  };
  /** Fires when the grant's local deadline passes without a renewal having pushed it back. */
  const watchExpiry = () => {
    clearTimeout(expiry);
    if (grant === null) return;
    const left = grant.validUntil - performance.now();
    expiry = setTimeout(
      () => {
        if (grant !== null && !isHeld(grant)) lose('no renewal succeeded before it expired');
        else watchExpiry();
      },
      Math.max(0, left),
    );
    expiry.unref();
  };

  const step = async () => {
    try {
      if (grant === null) {
        const taken = await acquireLease(sql, name, holder, timing.ttlMs);
        if (taken && !stopped) {
          grant = taken;
          watchExpiry();
          // `holding`, not `token`: the logger redacts fields named token.
          log.info('lease: acquired', { lease: name, holding: taken.token });
          input.onAcquired(taken);
        }
      } else if (await renewLease(sql, grant, timing.ttlMs)) {
        watchExpiry();
      } else {
        lose('another replica holds it');
      }
    } catch (error) {
      // The store is down or slow: the grant stays until its deadline (watchExpiry), then is lost.
      log.debug('lease: store call failed', { lease: name, error });
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        beat = step().finally(schedule);
      },
      grant === null ? timing.retryEveryMs : timing.renewEveryMs,
    );
    timer.unref();
  };
  beat = step().finally(schedule);

  return {
    current: () => (isHeld(grant) ? grant : null),
    isHeld: () => isHeld(grant),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await beat;
      clearTimeout(expiry);
      const held = grant;
      grant = null;
      if (held && isHeld(held)) {
        await releaseLease(sql, held).catch((error: unknown) =>
          log.warn('lease: could not release; it expires on its own', { lease: name, error }),
        );
      }
    },
  };
}

/** STORE_CONNECT_TIMEOUT_MS and STORE_QUERY_TIMEOUT_MS. */
export interface SqlTimeouts {
  /** Opening a connection, including waiting for a free one in the pool. */
  connectMs: number;
  /** One statement, from sending it to its last row. */
  queryMs: number;
}

/**
 * How long a store call may take before the bot goes on without it. Every statement the bot runs
 * is a lookup or upsert by primary key: ~1 ms on a local PostgreSQL 15 and ~5 ms on PGlite
 * (test/store.test.ts, 2 vCPU shared with 7 other agents, December 2026), so a few seconds only
 * ever runs out on a store that is down, hung or unreachable.
 */
export const STORE_TIMEOUT_DEFAULTS: SqlTimeouts = {
  // A TCP connect plus login takes 5-20 ms on a LAN and ~100 ms across a continent; 2 s is 20x that.
  connectMs: 2_000,
  // 2 s, ~400x the slowest statement seen; also the longest a stored answer waits for its buttons.
  queryMs: 2_000,
};

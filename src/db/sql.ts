import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { StoreError } from '../errors';
import type { SqlTimeouts } from './timeouts';

/**
 * One SQL dialect for both stores: PostgreSQL. Embedded, it is PGlite (PostgreSQL compiled to
 * WebAssembly, a folder on disk, nothing to install or start); with DATABASE_URL it is a real
 * PostgreSQL server through `pg`, which several bot processes can share. The same statements
 * run on both, so the store's code and tests do not fork.
 *
 * Every call may fail: a server that is down fails at once, one that is hung (stopped, a network
 * that drops packets) fails after the connect or query timeout, always as a StoreError.
 */
export interface Sql {
  readonly kind: 'embedded' | 'postgres';
  query<Row extends object>(text: string, params?: unknown[]): Promise<Row[]>;
  /**
   * Runs `work` in one transaction on one connection; rolls back when it throws. `unbounded`
   * lifts the query timeout, for the schema migration at start-up only: altering a large table
   * may rightly take minutes, and the embedded database shares a busy process at start-up.
   */
  transaction<T>(work: (tx: Pick<Sql, 'query'>) => Promise<T>, options?: { unbounded?: boolean }): Promise<T>;
  close(): Promise<void>;
}

export type { SqlTimeouts } from './timeouts';

/** What became of a statement after its caller was told it timed out; for the log, at debug level. */
export type LateOutcome = (error: unknown) => void;

class StoreTimeoutError extends StoreError {}

/**
 * `work`, or a StoreTimeoutError after `ms`. The work itself cannot be cancelled here; its late
 * failure goes to `late` so it is never an unhandled rejection.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string, late: LateOutcome): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      work.catch(late);
      reject(new StoreTimeoutError(`The store did not answer ${what} within ${ms} ms.`));
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A failure to reach the server (refused, reset, lost, timed out) as a StoreError, with the
 * driver's error as its cause. An error the server reports about a statement (a constraint, bad
 * SQL) and an error of the caller's own stay as they are: they are bugs, not an unavailable store.
 */
function asStoreError(error: unknown): unknown {
  if (error instanceof StoreError || error instanceof pg.DatabaseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(`The store is unreachable: ${message}`, { cause: error });
}

/**
 * PostgreSQL's settings for a store of answers, votes and settings (megabytes, not gigabytes).
 * Shared memory is WebAssembly memory PGlite touches at start and keeps:
 * - shared_buffers: its default 128 MB held the process at 302 MB resident after opening a store
 *   and one query, 177 MB with 8 MB (2026-12-06, Node 20); 2 MB is 256 pages, more than the
 *   store's hot rows, and a page not held is a read from the OS's file cache.
 * - max_connections: PGlite is one single-user backend, but PostgreSQL sizes its process and lock
 *   tables for the default 100. With 5 and 2 MB of buffers, PGlite's touched memory went from
 *   21.3 to 11.3 MB after opening a store and three statements (2026-12-06, Node 20).
 */
const embeddedSettings = { postgresqlconf: ['shared_buffers=2MB', 'max_connections=5'] };

export async function openEmbedded(dir: string | null, timeouts: SqlTimeouts, late: LateOutcome): Promise<Sql> {
  // `null`: in memory, for tests that need no restart. PGlite creates the folder, not its parents.
  if (dir !== null) await mkdir(path.dirname(dir), { recursive: true });
  const db = new PGlite(dir ?? undefined, embeddedSettings);
  await db.waitReady;
  // In-process, PGlite cannot be unreachable, and its errors are the statement's; but a call
  // gets the same deadline as on a server: one rule for every store call.
  const bounded = <T>(work: Promise<T>, what: string) => withDeadline(work, timeouts.queryMs, what, late);
  return {
    kind: 'embedded',
    query: <Row extends object>(text: string, params: unknown[] = []) =>
      bounded(
        db.query<Row>(text, params).then((r) => r.rows),
        'a query',
      ),
    transaction: (work, options) => {
      const running = db.transaction((tx) =>
        work({
          query: async <Row extends object>(text: string, params: unknown[] = []) =>
            (await tx.query<Row>(text, params)).rows,
        }),
      );
      return options?.unbounded ? running : bounded(running, 'a transaction');
    },
    close: () => db.close(),
  };
}

/**
 * Statements with parameters run as named prepared statements on a server: each connection parses and
 * plans a statement once and then only binds and executes it. The store's statements are a few fixed
 * texts run for every /ask (settings, cooldown, the answer), and parsing and planning them each time was
 * most of the server's work: PostgreSQL's CPU per /ask (its 3 statements) fell from 0.38–0.40 to 0.14–0.15 ms,
 * and the client's from 0.28–0.30 to 0.22 ms (`npx tsx bench/store-statements.ts [--unprepared]`, 2026-12-06,
 * load average 11 on 2 cores).
 */
const PREPARED_DEFAULTS = {
  /**
   * Distinct texts given a name, per process; later ones run unnamed. The code has a few dozen texts; the
   * bound only keeps a text built at run time from preparing without end on every connection.
   */
  maxNames: 500,
} as const;

/** Names for statement texts: the same text has the same name on every connection of the process. */
function statementNames(): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    const known = names.get(text);
    if (known !== undefined || names.size >= PREPARED_DEFAULTS.maxNames) return known;
    const name = `store_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
}

/**
 * A prepared `select *` whose table gained a column since it was prepared (another process ran a newer
 * migration) fails with this until its connection forgets it: node-postgres never prepares a name twice.
 */
function isStalePlan(error: unknown): boolean {
  return (
    error instanceof pg.DatabaseError &&
    error.code === '0A000' &&
    error.message.includes('cached plan must not change result type')
  );
}

/** Connections per process to a server. */
const POOL_SIZE = 5;

export async function openPostgres(
  url: string,
  timeouts: SqlTimeouts,
  onIdleError: (error: Error) => void,
  late: LateOutcome,
): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: timeouts.connectMs });
  // An idle client losing its server must not crash the bot; the next query reconnects.
  pool.on('error', onIdleError);

  /**
   * `work` on one pooled connection. A connection whose statement timed out or failed at the
   * socket is closed, not returned to the pool: a hung server's socket must not serve the next
   * call, and closing it makes the server roll back whatever the connection had begun.
   */
  async function onConnection<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw asStoreError(error);
    }
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      // Errors the server reports (a constraint, bad SQL) leave the connection usable; a stale prepared
      // statement does not (see isStalePlan), so that connection is closed and the next one prepares afresh.
      if (!(error instanceof pg.DatabaseError) || isStalePlan(error)) {
        broken = error instanceof Error ? error : new Error(String(error));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }
  const nameOf = statementNames();
  const statement = async <Row extends object>(
    client: pg.PoolClient,
    text: string,
    params: unknown[],
    unbounded = false,
  ) => {
    try {
      // Without parameters node-postgres uses the simple protocol, which prepares nothing (and allows
      // several statements in one text, as migrations have).
      const name = params.length > 0 ? nameOf(text) : undefined;
      const running = client.query<Row>(name === undefined ? { text, values: params } : { name, text, values: params });
      return (unbounded ? await running : await withDeadline(running, timeouts.queryMs, 'a query', late)).rows;
    } catch (error) {
      throw asStoreError(error);
    }
  };

  const sql: Sql = {
    kind: 'postgres',
    query: async <Row extends object>(text: string, params: unknown[] = []) => {
      // A statement alone changed nothing before it failed: tried again on another connection, as many times
      // as the pool may hold connections that prepared it before the change (each such one is then closed).
      for (let attempt = 0; ; attempt++) {
        try {
          return await onConnection((client) => statement<Row>(client, text, params));
        } catch (error) {
          if (!isStalePlan(error) || attempt >= POOL_SIZE) throw error;
        }
      }
    },
    transaction: (work, options) =>
      onConnection(async (client) => {
        const unbounded = options?.unbounded ?? false;
        await statement(client, 'begin', [], unbounded);
        try {
          const result = await work({
            query: <Row extends object>(text: string, params: unknown[] = []) =>
              statement<Row>(client, text, params, unbounded),
          });
          await statement(client, 'commit', [], unbounded);
          return result;
        } catch (error) {
          // Only a server-reported error leaves the connection in use; any other closes it
          // (see onConnection), and the server rolls back a transaction whose connection closed.
          if (error instanceof pg.DatabaseError) await statement(client, 'rollback', []);
          throw error;
        }
      }),
    close: () => pool.end(),
  };
  // Fails at start-up, with pg's message, when the server is unreachable or refuses the login.
  try {
    await sql.query('select 1');
  } catch (error) {
    await pool.end();
    throw error;
  }
  return sql;
}

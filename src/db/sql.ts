import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * One SQL dialect for both stores: PostgreSQL. Embedded, it is PGlite (PostgreSQL compiled to
 * WebAssembly, a folder on disk, nothing to install or start); with DATABASE_URL it is a real
 * PostgreSQL server through `pg`, which several bot processes can share. The same statements
 * run on both, so the store's code and tests do not fork.
 */
export interface Sql {
  readonly kind: 'embedded' | 'postgres';
  query<Row extends object>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (tx: Pick<Sql, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * PostgreSQL's settings for a store of answers, votes and settings (megabytes, not gigabytes). Its
 * default 128 MB of shared buffers is memory PGlite fills and keeps: the process held 302 MB
 * resident after opening a store and one query, 177 MB with 8 MB of buffers (2026-12-06, Node 20).
 */
const embeddedSettings = { postgresqlconf: ['shared_buffers=8MB'] };

export async function openEmbedded(dir: string | null): Promise<Sql> {
  // `null`: in memory, for tests that need no restart. PGlite creates the folder, not its parents.
  if (dir !== null) await mkdir(path.dirname(dir), { recursive: true });
  const db = new PGlite(dir ?? undefined, embeddedSettings);
  await db.waitReady;
  const query = async <Row extends object>(text: string, params: unknown[] = []) =>
    (await db.query<Row>(text, params)).rows;
  return {
    kind: 'embedded',
    query,
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <Row extends object>(text: string, params: unknown[] = []) =>
            (await tx.query<Row>(text, params)).rows,
        }),
      ),
    close: () => db.close(),
  };
}

export async function openPostgres(url: string, onIdleError: (error: Error) => void): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // An idle client losing its server must not crash the bot; the next query reconnects.
  pool.on('error', onIdleError);
  // Fails at start-up, with pg's message, when the server is unreachable or refuses the login.
  await pool.query('select 1');
  return {
    kind: 'postgres',
    query: async <Row extends object>(text: string, params: unknown[] = []) =>
      (await pool.query<Row>(text, params)).rows,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          query: async <Row extends object>(text: string, params: unknown[] = []) =>
            (await client.query<Row>(text, params)).rows,
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

import { createHash } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../log';
import { checkManifest } from '../index/files';
import { formatVersion, makeLive, manifestFileName, scratchDirFor, versionFileNames } from '../index/disk';
import { migrate } from './migrations';
import { openPostgres } from './sql';

/**
 * Index versions published through PostgreSQL, so that replicas on other machines (no shared disk)
 * serve what one of them built: the builder stores a version's files in parts, the others fetch
 * them into their own INDEX_DIR, check every byte against the manifest's checksums, and only then
 * make the version live. The one component every replica already shares carries them; no file
 * server, object store or shared volume is needed.
 */

/** Tuning values for moving versions, each with why. */
export const INDEX_VERSION_DEFAULTS = {
  /**
   * Bytes per stored part: 4 MiB is about 80 round trips for a 330 MB version (the full corpus
   * with the fixture model), each a few ms on a LAN, and never more than 4 MiB in memory at once
   * on either side (a bytea row can hold 1 GB, but a whole vector file in one message would sit
   * in memory twice).
   */
  partBytes: 4 * 1024 * 1024,
  /**
   * Versions kept in the database: the newest, and two older ones a replica may be in the middle
   * of fetching when a newer one is published. Older ones (and their parts) are deleted.
   */
  keepVersions: 3,
  /** One statement (a 4 MiB part) may take this long: a part crossed loopback in 20-60 ms under load. */
  statementMs: 60_000,
  /**
   * Opening a connection for moving versions: nothing waits on it but the version itself, so it
   * may take longer than the store's 2 s; a replica starting on a busy machine (load 17) had its
   * event loop held past 2 s while it loaded modules, and its catch-up failed.
   */
  connectMs: 10_000,
  /** LISTEN's connection, once lost, is opened again after this long (the poll covers the gap). */
  reconnectMs: 5_000,
} as const;

/** The channel a publication is announced on; the payload is the version's `seq`. */
const CHANNEL = 'index_versions';

export interface PublishedVersion {
  /** Order of publication: a larger seq is newer. */
  seq: number;
  version: string;
  manifestSha256: string;
  bytes: number;
  /** The embedding model the version was built with; null: lexical only. */
  model: string | null;
  articles: number;
  /** host:pid of the process that built it. */
  publishedBy: string;
  publishedAt: Date;
}

export interface VersionStore {
  /** The newest published version, or null when none was ever published. */
  latest(): Promise<PublishedVersion | null>;
  /** The publication number of `version`, or null when it was never published (or was pruned). */
  seqOf(version: string): Promise<number | null>;
  /** Stores the finished version folder `dir` (one transaction: all of it or nothing), announces it, prunes old ones. */
  publish(dir: string): Promise<PublishedVersion>;
  /**
   * Fetches `published` into a scratch folder below `indexDir`, checks it, then makes it the live
   * version with `basedOn` kept as PREVIOUS. Throws, leaving the live version as it was and no
   * scratch behind, when anything is missing or any checksum differs.
   */
  fetchInto(
    indexDir: string,
    published: PublishedVersion,
    basedOn: string | null,
  ): Promise<{ dir: string; bytes: number }>;
  /** Calls `onPublished` for every publication announced from now on (LISTEN); returns the stop. */
  listen(onPublished: () => void): () => Promise<void>;
  close(): Promise<void>;
}

interface VersionRow {
  seq: string;
  version: string;
  manifest_sha256: string;
  bytes: string;
  model: string | null;
  articles: number;
  published_by: string;
  published_at: Date;
}

const rowColumns = 'seq, version, manifest_sha256, bytes, model, articles, published_by, published_at';

function versionOf(row: VersionRow): PublishedVersion {
  return {
    seq: Number(row.seq),
    version: row.version,
    manifestSha256: row.manifest_sha256,
    bytes: Number(row.bytes),
    model: row.model,
    articles: row.articles,
    publishedBy: row.published_by,
    publishedAt: new Date(row.published_at),
  };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Opens the published versions at `databaseUrl`, creating their tables if this database lacks them. */
export async function openVersionStore(databaseUrl: string, log: Logger): Promise<VersionStore> {
  // The schema may be newer than the store's own start (the CLI's reindex opens no store): migrate here too.
  const settings = INDEX_VERSION_DEFAULTS;
  const schema = await openPostgres(
    databaseUrl,
    { connectMs: settings.connectMs, queryMs: settings.statementMs },
    (error) => log.warn('A PostgreSQL connection failed while idle', { error: error.message }),
    (error) => log.debug('A schema statement that had timed out ended', { error }),
  );
  try {
    await migrate(schema);
  } finally {
    await schema.close();
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 2,
    connectionTimeoutMillis: settings.connectMs,
    query_timeout: settings.statementMs,
  });
  pool.on('error', (error) => log.warn('A PostgreSQL connection for index versions failed while idle', { error }));

  const latest = async () => {
    const { rows } = await pool.query<VersionRow>(`select ${rowColumns} from index_versions order by seq desc limit 1`);
    return rows[0] ? versionOf(rows[0]) : null;
  };

  return {
    latest,
    async seqOf(version) {
      const { rows } = await pool.query<{ seq: string }>('select seq from index_versions where version = $1', [
        version,
      ]);
      return rows[0] ? Number(rows[0].seq) : null;
    },
    async publish(dir) {
      const manifestBytes = await readFile(path.join(dir, manifestFileName));
      const manifest = checkManifest(JSON.parse(manifestBytes.toString('utf8')), formatVersion);
      const client = await pool.connect();
      try {
        await client.query('begin');
        const inserted = await client.query<VersionRow>(
          `insert into index_versions (version, manifest_sha256, bytes, model, articles, published_by)
           values ($1, $2, 0, $3, $4, $5) on conflict (version) do nothing returning ${rowColumns}`,
          [manifest.version, sha256(manifestBytes), manifest.model?.id ?? null, manifest.articleCount, publisher()],
        );
        const row = inserted.rows[0];
        if (!row) {
          // Published already (the same folder twice): nothing to send.
          await client.query('rollback');
          const { rows } = await pool.query<VersionRow>(`select ${rowColumns} from index_versions where version = $1`, [
            manifest.version,
          ]);
          if (!rows[0]) throw new Error(`index version ${manifest.version} was published and pruned meanwhile`);
          return versionOf(rows[0]);
        }
        let bytes = 0;
        for (const name of [manifestFileName, ...Object.keys(manifest.checksums)]) {
          bytes += await storeFile(client, row.seq, path.join(dir, name), name, settings.partBytes);
        }
        // Published when complete, not when the transaction began: replicas log their lag from this.
        const done = await client.query<{ published_at: Date }>(
          'update index_versions set bytes = $2, published_at = clock_timestamp() where seq = $1 returning published_at',
          [row.seq, bytes],
        );
        // Delivered at commit, to every replica listening: the version is complete by then.
        await client.query('select pg_notify($1, $2)', [CHANNEL, row.seq]);
        await client.query('commit');
        await pool.query(
          `delete from index_versions where seq not in (select seq from index_versions order by seq desc limit $1)`,
          [settings.keepVersions],
        );
        return { ...versionOf(row), bytes, publishedAt: done.rows[0]?.published_at ?? new Date() };
      } catch (error) {
        await client.query('rollback').catch((rollback: unknown) => log.debug('Rollback failed', { rollback }));
        throw error;
      } finally {
        client.release();
      }
    },
    async fetchInto(indexDir, published, basedOn) {
      const scratch = await scratchDirFor(indexDir, published.version);
      try {
        const client = await pool.connect();
        let fetched: Map<string, { sha256: string; bytes: number }>;
        try {
          fetched = await fetchFiles(client, published.seq, scratch);
        } finally {
          client.release();
        }
        checkFetched(fetched, await readFile(path.join(scratch, manifestFileName)), published);
        const bytes = [...fetched.values()].reduce((sum, f) => sum + f.bytes, 0);
        return { dir: await makeLive(indexDir, scratch, published.version, basedOn), bytes };
      } catch (error) {
        await rm(scratch, { recursive: true, force: true });
        throw error;
      }
    },
    listen(onPublished) {
      return listenForVersions(databaseUrl, onPublished, log, settings);
    },
    close: () => pool.end(),
  };
}

function publisher(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** Stores one file in parts; an empty file is one empty part, so the fetch still creates it. Returns its size. */
async function storeFile(
  client: pg.PoolClient,
  seq: string,
  file: string,
  name: string,
  partBytes: number,
): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(partBytes);
    let size = 0;
    for (let part = 0; ; part++) {
      const { bytesRead } = await handle.read(buffer, 0, partBytes, null);
      if (bytesRead === 0 && part > 0) return size;
      await client.query('insert into index_version_parts (seq, file, part, bytes) values ($1, $2, $3, $4)', [
        seq,
        name,
        part,
        buffer.subarray(0, bytesRead),
      ]);
      size += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** Writes every file of version `seq` into `dir`, hashing each as it arrives. */
async function fetchFiles(
  client: pg.PoolClient,
  seq: number,
  dir: string,
): Promise<Map<string, { sha256: string; bytes: number }>> {
  const { rows: files } = await client.query<{ file: string; parts: number }>(
    'select file, count(*)::int as parts from index_version_parts where seq = $1 group by file',
    [seq],
  );
  if (files.length === 0) throw new Error(`index version ${seq} is no longer published`);
  const fetched = new Map<string, { sha256: string; bytes: number }>();
  for (const { file, parts } of files) {
    // Names come from the database: only a version's own file names are ever written.
    if (!versionFileNames.includes(file)) throw new Error(`a published version holds an unexpected file "${file}"`);
    const handle = await open(path.join(dir, file), 'wx');
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      for (let part = 0; part < parts; part++) {
        // As base64, a third larger than the bytes: pg reads every result column as UTF-8 text (its
        // `binary` mode garbles a bytea), and bytea's own text form, hex, is twice their size.
        const { rows } = await client.query<{ data: string }>(
          `select encode(bytes, 'base64') as data from index_version_parts where seq = $1 and file = $2 and part = $3`,
          [seq, file, part],
        );
        const data = rows[0] && Buffer.from(rows[0].data, 'base64');
        if (!data) throw new Error(`part ${part} of ${file} is missing (the version was pruned meanwhile?)`);
        hash.update(data);
        await handle.write(data);
        bytes += data.length;
      }
    } finally {
      await handle.close();
    }
    fetched.set(file, { sha256: hash.digest('hex'), bytes });
  }
  return fetched;
}

/** Throws unless the fetched files are exactly the manifest's, each with the manifest's checksum. */
function checkFetched(
  fetched: Map<string, { sha256: string }>,
  manifestBytes: Buffer,
  published: PublishedVersion,
): void {
  if (sha256(manifestBytes) !== published.manifestSha256)
    throw new Error('the fetched manifest differs from the published one');
  const manifest = checkManifest(JSON.parse(manifestBytes.toString('utf8')), formatVersion);
  if (manifest.version !== published.version) throw new Error(`the fetched manifest names ${manifest.version}`);
  const expected = Object.entries(manifest.checksums);
  if (fetched.size !== expected.length + 1) throw new Error("the fetched files are not the manifest's");
  for (const [name, sum] of expected) {
    if (fetched.get(name)?.sha256 !== sum) throw new Error(`the fetched ${name} differs from the manifest's checksum`);
  }
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other statements). When it is
 * lost, it is opened again after `reconnectMs`; publications announced meanwhile are found by the poll.
 */
function listenForVersions(
  databaseUrl: string,
  onPublished: () => void,
  log: Logger,
  settings: { connectMs: number; reconnectMs: number },
): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const listener = new pg.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: settings.connectMs,
    });
    client = listener;
    const lost = (error?: Error) => {
      if (stopped || client !== listener) return;
      client = null;
      log.warn('Lost the connection that listens for index versions; polling until it is back', { error });
      listener.end().catch((ending: unknown) => log.debug('Closing the lost listener failed', { error: ending }));
      retry = setTimeout(() => void connect(), settings.reconnectMs);
      retry.unref();
    };
    listener.on('notification', (message) => {
      if (message.channel === CHANNEL) onPublished();
    });
    listener.on('error', lost);
    listener.on('end', () => lost());
    try {
      await listener.connect();
      await listener.query(`listen ${CHANNEL}`);
    } catch (error) {
      lost(error instanceof Error ? error : new Error(String(error)));
    }
  };
  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end();
  };
}

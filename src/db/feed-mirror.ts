import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log';
import { FEEDS_FOLDER, identity, readSavedArticles, textHash } from '../feeds/article-files';
import { readFeedsFile, writeJsonAtomically } from '../feeds/feeds-file';
import type { FeedPlaces } from '../feeds/feed-store';
import { readPollState } from '../feeds/state';
import type { Sql } from './sql';

/**
 * The index is built from the articles folder, so the replica that builds it writes the shared
 * store's feed articles into `<articles>/feeds/` first, as the same files a single process saves
 * (the ids are their paths), and only those whose row changed since it last wrote them. What it
 * wrote and what its last finished build held are kept in `<articles>/feeds/.mirror.json` (a
 * hidden file: the ingest skips it).
 *
 * Rows are never deleted and every write of one takes a new, larger revision, so the row count and
 * the sum of revisions change with every save: "articles wait for a build" is exactly "the store's
 * count and sum differ from those of the last build", whichever replica saved them and whether or
 * not the replica that saved them lived to index them.
 */

const MIRROR_FILE = '.mirror.json';
/** Rows fetched per query when writing files: a few MB of article text. */
const FETCH_BATCH = 500;

const tallySchema = z.object({ count: z.number(), sum: z.string() });
const mirrorSchema = z.object({
  written: z.record(z.string(), z.string()).default({}),
  built: tallySchema.nullable().default(null),
});
type Tally = z.infer<typeof tallySchema>;
type MirrorFile = z.infer<typeof mirrorSchema>;

export interface FeedMirror {
  /** Writes the changed articles; returns what to call once a build of them is published. */
  sync(): Promise<() => Promise<void>>;
  /** Whether the store holds articles (or versions) the last finished build did not. */
  behind(): Promise<boolean>;
}

export function feedMirror(sql: Pick<Sql, 'query'>, articlesDir: string, log: Logger): FeedMirror {
  const root = path.join(articlesDir, FEEDS_FOLDER);
  const file = path.join(root, MIRROR_FILE);
  const read = async (): Promise<MirrorFile> => {
    try {
      return mirrorSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn(`feeds: ${file} is unreadable; every shared article is written again`, { error });
      return mirrorSchema.parse({});
    }
  };
  const tally = async (): Promise<Tally> => {
    const [row] = await sql.query<{ count: number; sum: string }>(
      'select count(*)::int as count, coalesce(sum(revision), 0)::text as sum from feed_articles',
    );
    return { count: row?.count ?? 0, sum: row?.sum ?? '0' };
  };

  return {
    async sync() {
      const mirror = await read();
      const rows = await sql.query<{ id: string; revision: string }>('select id, revision::text from feed_articles');
      const stale = rows.filter((r) => mirror.written[r.id] !== r.revision).map((r) => r.id);
      for (let i = 0; i < stale.length; i += FETCH_BATCH) {
        const batch = await sql.query<{ id: string; revision: string; body: unknown }>(
          'select id, revision::text, body from feed_articles where id = any($1::text[])',
          [stale.slice(i, i + FETCH_BATCH)],
        );
        for (const row of batch) {
          await writeJsonAtomically(path.join(root, `${row.id}.json`), row.body);
          mirror.written[row.id] = row.revision;
        }
      }
      await writeJsonAtomically(file, mirror);
      if (stale.length > 0) log.info('feeds: wrote the shared articles that changed', { articles: stale.length });
      const synced: Tally = {
        count: rows.length,
        sum: rows.reduce((total, r) => total + BigInt(r.revision), 0n).toString(),
      };
      return async () => {
        await writeJsonAtomically(file, { ...(await read()), built: synced });
      };
    },
    async behind() {
      const [mirror, now] = await Promise.all([read(), tally()]);
      return mirror.built === null ? now.count > 0 : mirror.built.count !== now.count || mirror.built.sum !== now.sum;
    },
  };
}

/** Arbitrary, fixed: the advisory lock that keeps two starting replicas from importing at once. */
const IMPORT_LOCK = 727_211;

/**
 * The first time a store is shared, the feeds file, its poll state and the saved feed articles of
 * the replica starting first move into it, once: afterwards the store is where they live, and the
 * files are left as they were (no longer read).
 */
export async function importFeedFilesOnce(sql: Sql, places: FeedPlaces, log: Logger): Promise<void> {
  await sql.transaction(
    async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      const [done] = await tx.query("select 1 from feed_flags where name = 'imported'");
      if (done) return;
      const { feeds } = await readFeedsFile(places.feeds.file);
      for (const feed of feeds) {
        await tx.query(
          `insert into feeds (url, outlet, keywords, interval_minutes) values ($1, $2, $3, $4) on conflict do nothing`,
          [
            feed.url,
            feed.outlet ?? null,
            feed.keywords ? JSON.stringify(feed.keywords) : null,
            feed.intervalMinutes ?? null,
          ],
        );
      }
      const state = await readPollState(places.feeds.stateFile, log);
      for (const [url, feed] of Object.entries(state.feeds)) {
        await tx.query(
          `insert into feed_state (url, etag, last_modified, last_attempt, last_success, last_error, items_left)
           values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
          [url, feed.etag, feed.lastModified, feed.lastAttempt, feed.lastSuccess, feed.lastError, feed.itemsLeft],
        );
        const keys = Object.keys(feed.seen);
        await tx.query(
          `insert into feed_seen (feed, key, print) select $1, k, p from unnest($2::text[], $3::text[]) as t(k, p)
           on conflict do nothing`,
          [url, keys, keys.map((k) => feed.seen[k])],
        );
      }
      const root = path.join(places.articlesDir, FEEDS_FOLDER);
      const articles = await readSavedArticles(root, log);
      for (const [articleFile, article] of articles) {
        const id = path
          .relative(root, articleFile)
          .split(path.sep)
          .join('/')
          .replace(/\.json$/, '');
        await tx.query(`insert into feed_articles (id, text_hash, body) values ($1, $2, $3) on conflict do nothing`, [
          id,
          textHash(article.text),
          JSON.stringify(article),
        ]);
        await tx.query(
          `insert into feed_article_urls (url_key, article_id) select k, $2 from unnest($1::text[]) as k on conflict do nothing`,
          [[...new Set([article.url, ...article.urls].map(identity))], id],
        );
      }
      await tx.query("insert into feed_flags (name, value) values ('imported', true)");
      log.info('feeds: moved the feeds, their state and their articles into the shared store', {
        feeds: feeds.length,
        articles: articles.size,
      });
    },
    { unbounded: true },
  );
}

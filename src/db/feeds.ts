import type { Logger } from '../log';
import {
  articleFileId,
  decideSave,
  identity,
  textHash,
  type ArticleStore,
  type SavedArticle,
  type SaveOutcome,
} from '../feeds/article-files';
import { FeedsFileError, checkNewFeed, type FeedEntry } from '../feeds/feeds-file';
import { emptyFeedState, type FeedState, type PollState } from '../feeds/state';
import { holdsLease, LeaseLostError, type LeaseGrant } from './lease';
import type { Sql } from './sql';
import { feedMirror, type FeedMirror } from './feed-mirror';
import { fileFeedStore, type FeedPlaces, type FeedStore } from '../feeds/feed-store';
import type { Store } from './store';

/**
 * The feeds, their polling state and their articles in the shared store (PostgreSQL), for replicas:
 * the same FeedStore as the single process's files, row for file. Articles are unique by every
 * canonical address they are known by (`feed_article_urls`), so two replicas saving one story, or
 * a replica finishing a poll its predecessor began, store it once.
 *
 * Writes made for a poll are fenced by the lease (`lease`): each checks, in its own transaction,
 * that this replica's grant is still the live one, so a replica that stalled and lost the lease
 * cannot write over the poll its successor is running.
 */
export function sharedFeedStore(input: {
  sql: Sql;
  /** This replica's mirror of the articles: whether saved articles wait for its next build. */
  mirror: FeedMirror;
  lease?: () => LeaseGrant | null;
}): FeedStore {
  const { sql } = input;
  /** Runs `work` in a transaction that first checks the lease, when this store is a poll's. */
  const fenced = <T>(work: (tx: Pick<Sql, 'query'>) => Promise<T>): Promise<T> =>
    sql.transaction(async (tx) => {
      if (input.lease) {
        const grant = input.lease();
        if (grant === null || !(await holdsLease(tx, grant))) {
          throw new LeaseLostError('This replica no longer holds the feed lease; the poll stops here.');
        }
      }
      return work(tx);
    });

  return {
    where: 'the shared feeds list',
    async readFeeds() {
      const rows = await sql.query<FeedRow>('select * from feeds order by added_at, url');
      return { feeds: rows.map(feedFromRow) };
    },
    async addFeed(entry, options) {
      const { feeds } = await this.readFeeds();
      const added = await checkNewFeed(feeds, entry, options, 'the shared feeds list');
      const rows = await sql.query(
        `insert into feeds (url, outlet, keywords, interval_minutes) values ($1, $2, $3, $4)
         on conflict (url) do nothing returning url`,
        [
          added.url,
          added.outlet ?? null,
          added.keywords ? JSON.stringify(added.keywords) : null,
          added.intervalMinutes ?? null,
        ],
      );
      // Added by someone else between the read and the insert.
      if (rows.length === 0) throw new FeedsFileError(`${added.url} is already in the shared feeds list.`);
      return added;
    },
    async removeFeed(url) {
      return (await sql.query('delete from feeds where url = $1 returning url', [url.trim()])).length > 0;
    },
    readState: async (options) =>
      options?.items === false
        ? { ...(await readSharedState(sql, false)), pendingReindex: false }
        : { ...(await readSharedState(sql, true)), pendingReindex: await input.mirror.behind() },
    writeState: (state) =>
      fenced(async (tx) => {
        for (const [url, feed] of Object.entries(state.feeds)) {
          await tx.query(
            `insert into feed_state (url, etag, last_modified, last_attempt, last_success, last_error, items_left)
             values ($1, $2, $3, $4, $5, $6, $7)
             on conflict (url) do update set etag = excluded.etag, last_modified = excluded.last_modified,
               last_attempt = excluded.last_attempt, last_success = excluded.last_success,
               last_error = excluded.last_error, items_left = excluded.items_left`,
            [url, feed.etag, feed.lastModified, feed.lastAttempt, feed.lastSuccess, feed.lastError, feed.itemsLeft],
          );
          // Items gone from the feed are forgotten, as in the state file; handled ones are already in.
          await tx.query('delete from feed_seen where feed = $1 and not (key = any($2::text[]))', [
            url,
            Object.keys(feed.seen),
          ]);
        }
      }),
    appendSeen: (feed, key, print) =>
      fenced(async (tx) => {
        await tx.query(
          `insert into feed_seen (feed, key, print) values ($1, $2, $3)
           on conflict (feed, key) do update set print = excluded.print`,
          [feed, key, print],
        );
      }),
    openArticles: () => Promise.resolve(sharedArticles(fenced)),
  };
}

interface FeedRow {
  url: string;
  outlet: string | null;
  keywords: string[] | null;
  interval_minutes: number | null;
}

function feedFromRow(row: FeedRow): FeedEntry {
  const entry: FeedEntry = { url: row.url };
  if (row.outlet !== null) entry.outlet = row.outlet;
  if (row.keywords !== null) entry.keywords = row.keywords;
  if (row.interval_minutes !== null) entry.intervalMinutes = Number(row.interval_minutes);
  return entry;
}

interface StateRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  last_attempt: string | null;
  last_success: string | null;
  last_error: string | null;
  items_left: boolean;
}

/**
 * The poll state with every handled item. `pendingReindex` is not stored: whether saved articles
 * wait for a build is what the builder's mirror tells (feed-mirror.ts), whoever saved them.
 */
async function readSharedState(sql: Sql, items: boolean): Promise<Omit<PollState, 'pendingReindex'>> {
  const feeds: Record<string, FeedState> = {};
  for (const row of await sql.query<StateRow>('select * from feed_state')) {
    feeds[row.url] = {
      ...emptyFeedState(),
      etag: row.etag,
      lastModified: row.last_modified,
      lastAttempt: row.last_attempt,
      lastSuccess: row.last_success,
      lastError: row.last_error,
      itemsLeft: row.items_left,
    };
  }
  if (!items) return { feeds };
  for (const row of await sql.query<{ feed: string; key: string; print: string }>('select * from feed_seen')) {
    (feeds[row.feed] ??= emptyFeedState()).seen[row.key] = row.print;
  }
  return { feeds };
}

/** Thrown inside a save's transaction when another replica claimed the address first: the save starts over. */
class AddressTaken extends Error {}

const SAVE_ATTEMPTS = 3;

/**
 * Articles as rows. A save finds the article by any of its addresses, else by its text, else
 * inserts it; the insert claims its canonical address in the same transaction, and when another
 * replica claimed it first (its transaction commits, this one's claim finds the row) the save
 * starts over and finds that article instead of storing a second.
 */
function sharedArticles(fenced: <T>(work: (tx: Pick<Sql, 'query'>) => Promise<T>) => Promise<T>): ArticleStore {
  const saveOnce = (article: Parameters<ArticleStore['save']>[0], outlet: string, feed: string | null) =>
    fenced(async (tx): Promise<SaveOutcome> => {
      const keys = [...new Set([...article.urls, article.url].map(identity))];
      const known = await tx.query<{ url_key: string; article_id: string }>(
        'select url_key, article_id from feed_article_urls where url_key = any($1::text[])',
        [keys],
      );
      // As in the files: the article's listed addresses first, then its own.
      const sameUrlId = keys.map((k) => known.find((r) => r.url_key === k)?.article_id).find((id) => id !== undefined);
      const byId = async (id: string) =>
        (await tx.query<{ body: SavedArticle }>('select body from feed_articles where id = $1 for update', [id]))[0]
          ?.body;
      const sameUrl = sameUrlId === undefined ? undefined : await byId(sameUrlId);
      const [textRow] =
        sameUrlId === undefined
          ? await tx.query<{ id: string; body: SavedArticle }>(
              'select id, body from feed_articles where text_hash = $1 order by id limit 1 for update',
              [textHash(article.text)],
            )
          : [];
      const decision = decideSave(article, outlet, feed, { sameUrl, sameText: textRow?.body });
      const id = sameUrlId ?? textRow?.id ?? articleFileId(article.url, outlet);
      const file = `${id}.json`;
      if (decision.write === null) return { kind: decision.kind, file };
      if (decision.kind === 'new') {
        const inserted = await tx.query(
          `insert into feed_articles (id, text_hash, body) values ($1, $2, $3) on conflict (id) do nothing returning id`,
          [id, textHash(decision.write.text), JSON.stringify(decision.write)],
        );
        if (inserted.length === 0) throw new AddressTaken();
      } else {
        await tx.query(
          `update feed_articles set body = $2, text_hash = $3, revision = nextval('feed_article_revisions'), updated_at = now()
           where id = $1`,
          [id, JSON.stringify(decision.write), textHash(decision.write.text)],
        );
      }
      const claimed = await tx.query<{ url_key: string }>(
        `insert into feed_article_urls (url_key, article_id)
         select k, $2 from unnest($1::text[]) as k on conflict (url_key) do nothing returning url_key`,
        [[...new Set([decision.write.url, ...decision.write.urls].map(identity))], id],
      );
      // A new article whose own address another replica claimed meanwhile: that one is the article.
      if (decision.kind === 'new' && !claimed.some((r) => r.url_key === identity(article.url)))
        throw new AddressTaken();
      return { kind: decision.kind, file };
    });

  return {
    async save(article, outlet, feed) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await saveOnce(article, outlet, feed);
        } catch (error) {
          if (!(error instanceof AddressTaken) || attempt >= SAVE_ATTEMPTS) throw error;
        }
      }
    },
  };
}

/**
 * Where this process's feeds are kept: the shared store's tables when the store is PostgreSQL
 * (replicas), else the files. `lease` fences a poll's writes (the lease holder's poll only).
 */
export function feedStoreFor(
  places: FeedPlaces,
  store: Pick<Store, 'kind' | 'sql'>,
  log: Logger,
  lease?: () => LeaseGrant | null,
): FeedStore {
  if (store.kind !== 'postgres') return fileFeedStore(places, log);
  return sharedFeedStore({ sql: store.sql, mirror: feedMirror(store.sql, places.articlesDir, log), lease });
}

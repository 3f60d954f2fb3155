import type { Sql } from './sql';

/**
 * Versioned schema changes, applied in order at start-up and recorded in `schema_migrations`.
 * Never edit a released migration: add the next version. Each statement is separate because
 * PGlite's extended protocol runs one statement per query.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'answers, votes, guild settings, bot threads',
    statements: [
      `create table answers (
        id text primary key,
        question text not null,
        answer text not null,
        mode text not null,
        abstained boolean not null,
        citations jsonb not null,
        index_version text not null,
        guild_id text,
        channel_id text,
        thread_id text,
        asked_by text not null,
        created_at timestamptz not null default now()
      )`,
      'create index answers_thread on answers (thread_id, created_at)',
      `create table votes (
        answer_id text not null references answers (id) on delete cascade,
        user_id text not null,
        vote smallint not null check (vote in (-1, 1)),
        comment text,
        guild_id text,
        channel_id text,
        voted_at timestamptz not null default now(),
        primary key (answer_id, user_id)
      )`,
      'create index votes_down on votes (voted_at) where vote = -1',
      `create table guild_settings (
        guild_id text primary key,
        public_channels jsonb,
        private_by_default boolean,
        cooldown_seconds integer,
        llm_answers boolean,
        updated_by text not null,
        updated_at timestamptz not null default now()
      )`,
      `create table bot_threads (
        thread_id text primary key,
        guild_id text,
        parent_channel_id text not null,
        root_answer_id text not null unique references answers (id) on delete cascade,
        created_at timestamptz not null default now()
      )`,
    ],
  },
  {
    version: 2,
    name: 'answers say whether everyone saw them',
    statements: [
      // Thread context takes only answers everyone in the thread saw. Answers stored before this
      // column existed count as private: whether they were is unknown, and at worst a thread loses
      // up to THREAD_CONTEXT_HOURS of context once, at the upgrade.
      'alter table answers add column public boolean not null default false',
    ],
  },
  {
    version: 3,
    name: 'follows: shows posted to a channel, and the posts made for them',
    statements: [
      `create table follows (
        id text primary key,
        guild_id text not null,
        show text not null,
        show_key text not null,
        channel_id text not null,
        created_by text not null,
        created_at timestamptz not null default now(),
        problem text,
        unique (guild_id, show_key, channel_id)
      )`,
      `create table follow_posts (
        follow_id text not null references follows (id) on delete cascade,
        message_id text not null,
        article_ids jsonb not null,
        outlets jsonb not null,
        posted_at timestamptz not null default now(),
        primary key (follow_id, message_id)
      )`,
      'create index follow_posts_recent on follow_posts (follow_id, posted_at)',
    ],
  },
  {
    version: 4,
    name: 'per-member cooldowns shared by every bot process',
    statements: [
      `create table cooldowns (
        key text primary key,
        last_used timestamptz not null
      )`,
      'create index cooldowns_last_used on cooldowns (last_used)',
    ],
  },
  {
    version: 5,
    name: 'replicas: leases, feeds and their articles in the store, one post per followed story',
    statements: [
      // One row per job only one replica may do at a time (src/db/lease.ts); `token` fences writes.
      `create table leases (
        name text primary key,
        holder text not null,
        token bigint not null,
        expires_at timestamptz not null
      )`,
      // The feeds file's entries, when the store is shared (src/feeds/feed-store-sql.ts).
      `create table feeds (
        url text primary key,
        outlet text,
        keywords jsonb,
        interval_minutes double precision,
        added_at timestamptz not null default clock_timestamp()
      )`,
      // The poll state file's per-feed part.
      `create table feed_state (
        url text primary key,
        etag text,
        last_modified text,
        last_attempt text,
        last_success text,
        last_error text,
        items_left boolean not null default false
      )`,
      // The poll state's journal: each item handled, written the moment it is, so a replica that
      // takes over a poll skips what its predecessor stored.
      `create table feed_seen (
        feed text not null,
        key text not null,
        print text not null,
        primary key (feed, key)
      )`,
      // Flags shared by every replica: pending_reindex, imported (the one-time import of files).
      'create table feed_flags (name text primary key, value boolean not null)',
      'create sequence feed_article_revisions',
      // Articles feeds and /add brought in. `id` is the file they are written to below
      // <articles>/feeds/ (outlet folder and a hash of the canonical address); `revision` changes
      // with every write, so the index builder rewrites only the files that changed.
      `create table feed_articles (
        id text primary key,
        text_hash text not null,
        body jsonb not null,
        revision bigint not null default nextval('feed_article_revisions'),
        updated_at timestamptz not null default now()
      )`,
      'create index feed_articles_text on feed_articles (text_hash)',
      // Every address an article is known by, canonical (urlIdentity): one article per address.
      `create table feed_article_urls (
        url_key text primary key,
        article_id text not null references feed_articles (id) on delete cascade
      )`,
      // A followed story is claimed before it is posted: replicas indexing the same story post it once.
      `create table follow_claims (
        follow_id text not null references follows (id) on delete cascade,
        story_key text not null,
        claimed_at timestamptz not null default now(),
        primary key (follow_id, story_key)
      )`,
    ],
  },
  {
    version: 6,
    name: 'published index versions, for replicas on other machines to fetch',
    statements: [
      // `seq` orders versions by publication; a version's files are stored in parts (a bytea row
      // each) so that neither side ever holds a whole file in one message.
      `create table index_versions (
        seq bigint generated always as identity primary key,
        version text not null unique,
        manifest_sha256 text not null,
        bytes bigint not null,
        model text,
        articles integer not null,
        published_by text not null,
        published_at timestamptz not null default now()
      )`,
      `create table index_version_parts (
        seq bigint not null references index_versions (seq) on delete cascade,
        file text not null,
        part integer not null,
        bytes bytea not null,
        primary key (seq, file, part)
      )`,
      // Stored as they are: vectors and postings do not compress, and trying (pglz, on every 4 MiB
      // part) cost the publication and every fetch CPU on the server.
      'alter table index_version_parts alter column bytes set storage external',
    ],
  },
];

/** Arbitrary, fixed: the advisory lock that keeps two starting bot processes from migrating at once. */
const MIGRATION_LOCK = 727_210;

export class NewerSchemaError extends Error {}

/** Applies the migrations this database lacks, in one transaction; returns the versions applied. */
export async function migrate(sql: Sql, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  return sql.transaction(
    async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(
        'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
      );
      const done = new Set(
        (await tx.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version),
      );
      const newest = Math.max(0, ...done);
      const known = Math.max(0, ...migrations.map((m) => m.version));
      if (newest > known) {
        throw new NewerSchemaError(
          `The database is at schema version ${newest}, newer than this bot knows (${known}); run the newer bot, or point DATABASE_URL/DATABASE_DIR elsewhere.`,
        );
      }
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        for (const statement of migration.statements) await tx.query(statement);
        await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        applied.push(migration.version);
      }
      return applied;
    },
    { unbounded: true },
  );
}

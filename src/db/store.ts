import { followsOn, type FollowStore } from './follows';
import type { Answer, Citation } from '../answer/types';
import { StoreError } from '../errors';
import type { Logger } from '../log';
import { migrate } from './migrations';
import { openEmbedded, openPostgres, type Sql } from './sql';
import { STORE_TIMEOUT_DEFAULTS, type SqlTimeouts } from './timeouts';

/** An answer as it was given, so votes, threads and reports can refer to it after a restart. */
export interface StoredAnswer {
  id: string;
  question: string;
  answer: string;
  mode: Answer['mode'];
  abstained: boolean;
  citations: Citation[];
  indexVersion: string;
  guildId: string | null;
  channelId: string | null;
  /** The bot's thread it was asked in, if any. */
  threadId: string | null;
  /** Everyone in the channel saw it; false for a private (ephemeral) answer. Only public answers are thread context. */
  public: boolean;
  askedBy: string;
  createdAt: Date;
}

export type NewAnswer = Omit<StoredAnswer, 'createdAt'>;

/** A thread is looked up by its server and its id together: a thread id from another server finds nothing. */
export interface ThreadPlace {
  guildId: string | null;
  threadId: string;
}

export interface Vote {
  answerId: string;
  userId: string;
  vote: 1 | -1;
  /** "What was wrong?" from the 👎 modal; a 👍 clears it. */
  comment: string | null;
  guildId: string | null;
  channelId: string | null;
}

export interface DownVote {
  answerId: string;
  question: string;
  answer: string;
  comment: string | null;
  guildId: string | null;
  votedAt: Date;
}

export interface FeedbackReport {
  answers: number;
  up: number;
  down: number;
  /** Answers with the lowest score (👍 minus 👎), worst first; only those with a 👎. */
  worst: { id: string; question: string; answer: string; up: number; down: number; comments: string[] }[];
  /** Questions the bot declined, most asked first (case and spacing ignored). */
  declined: { question: string; times: number }[];
}

/** What a server chose with /settings; null means "the operator's default". */
export interface StoredGuildSettings {
  publicChannels: string[] | null;
  privateByDefault: boolean | null;
  cooldownSeconds: number | null;
  llmAnswers: boolean | null;
}

/** Whether the store answered its latest call; what /healthz reports. */
export interface StoreStatus {
  kind: Sql['kind'];
  state: 'up' | 'down';
  /** When the state last changed (ISO 8601). */
  since: string;
  /** Why it is down, in the driver's words (never the DATABASE_URL). */
  error: string | null;
}

export interface Store extends FollowStore {
  readonly kind: Sql['kind'];
  /**
   * The connection the store runs on, for the modules that keep their own tables in it (leases,
   * feeds and their articles): their calls do not move the store's status.
   */
  readonly sql: Sql;
  /** The state seen by the latest call, without calling the store (never waits). */
  status(): StoreStatus;
  /** One trivial query, to learn the state when no member has used the store lately. */
  ping(): Promise<void>;
  saveAnswer(answer: NewAnswer): Promise<void>;
  getAnswer(id: string): Promise<StoredAnswer | null>;
  /** Records one user's vote on one answer, replacing their earlier vote on it. */
  vote(vote: Vote): Promise<void>;
  votesOn(answerId: string): Promise<{ up: number; down: number }>;
  latestDownVotes(limit: number): Promise<DownVote[]>;
  feedbackReport(limit: number): Promise<FeedbackReport>;
  guildSettings(guildId: string): Promise<StoredGuildSettings>;
  /** Changes only the given settings; `undefined` keeps a setting, `null` resets it to the default. */
  updateGuildSettings(guildId: string, change: Partial<StoredGuildSettings>, by: string): Promise<StoredGuildSettings>;
  /** Remembers a thread the bot started on an answer; returns the thread already started on it, if any. */
  threadOn(answerId: string): Promise<string | null>;
  saveThread(thread: {
    threadId: string;
    guildId: string | null;
    parentChannelId: string;
    rootAnswerId: string;
  }): Promise<void>;
  /** A thread the bot started in this server (null in DMs), or null for any other channel. */
  botThread(place: ThreadPlace): Promise<{ parentChannelId: string; rootAnswerId: string } | null>;
  /**
   * `guildSettings` and `botThread` in one round trip, what every /ask reads before it is acknowledged:
   * the server's settings (all unset in a DM, `guildId` null) and the bot's thread the channel is, if any.
   */
  askPlace(place: { guildId: string | null; channelId: string | null }): Promise<{
    settings: StoredGuildSettings;
    thread: { parentChannelId: string; rootAnswerId: string } | null;
  }>;
  /**
   * The thread's PUBLIC questions and answers since `since`, oldest first: the answer it started
   * on, then follow-ups. Never a private answer, and never a thread of another server.
   */
  threadHistory(place: ThreadPlace, since: Date): Promise<StoredAnswer[]>;
  /**
   * Starts a `seconds` window for `key` and returns 0, or returns the whole seconds left of the one
   * running. Atomic, on the database's clock: two processes taking one key at once start one window.
   */
  takeCooldown(key: string, seconds: number): Promise<number>;
  /** Forgets windows that ended `seconds` or more ago; they carry no information. */
  sweepCooldowns(seconds: number): Promise<void>;
  close(): Promise<void>;
}

interface AnswerRow {
  id: string;
  question: string;
  answer: string;
  mode: string;
  abstained: boolean;
  citations: Citation[];
  index_version: string;
  guild_id: string | null;
  channel_id: string | null;
  thread_id: string | null;
  public: boolean;
  asked_by: string;
  created_at: Date;
}

const fromRow = (r: AnswerRow): StoredAnswer => ({
  id: r.id,
  question: r.question,
  answer: r.answer,
  mode: r.mode === 'llm' ? 'llm' : 'extractive',
  abstained: r.abstained,
  citations: r.citations,
  indexVersion: r.index_version,
  guildId: r.guild_id,
  channelId: r.channel_id,
  threadId: r.thread_id,
  public: r.public,
  askedBy: r.asked_by,
  createdAt: new Date(r.created_at),
});

/**
 * Opens the store named by the config (PostgreSQL at DATABASE_URL, else the embedded database in
 * DATABASE_DIR) and brings its schema up to date. `embeddedDir: null` keeps it in memory (tests).
 */
export async function openStore(
  store: { databaseUrl?: string | undefined; embeddedDir: string | null; timeouts?: SqlTimeouts },
  log: Logger,
): Promise<Store> {
  const timeouts = store.timeouts ?? STORE_TIMEOUT_DEFAULTS;
  // A statement that timed out may still fail later (its connection closed): worth a debug line, no more.
  const late = (error: unknown) => log.debug('A store call that had timed out ended', { error });
  const sql = store.databaseUrl
    ? await openPostgres(
        store.databaseUrl,
        timeouts,
        (error) => log.warn('A PostgreSQL connection failed while idle', { error: error.message }),
        late,
      )
    : await openEmbedded(store.embeddedDir, timeouts, late);
  try {
    const applied = await migrate(sql);
    if (applied.length > 0) log.info('Store schema migrated', { kind: sql.kind, versions: applied });
  } catch (error) {
    await sql.close();
    throw error;
  }
  return storeOn(sql);
}

/** Every call of the store, each one reported to its status. */
type StoreCalls = Omit<Store, 'kind' | 'status' | 'sql'>;

/**
 * The store's status follows its calls: one that fails with a StoreError (timeout, refused
 * connection, lost server) marks it down, any that succeeds marks it up again.
 */
function tracked(sql: Sql, calls: StoreCalls): Store {
  const { kind } = sql;
  let status: StoreStatus = { kind, state: 'up', since: new Date().toISOString(), error: null };
  const set = (state: StoreStatus['state'], error: string | null) => {
    status = { kind, state, since: state === status.state ? status.since : new Date().toISOString(), error };
  };
  const entries = Object.entries(calls as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>);
  const wrapped = Object.fromEntries(
    entries.map(([name, call]) => [
      name,
      async (...args: unknown[]) => {
        try {
          const result = await call(...args);
          if (name !== 'close') set('up', null);
          return result;
        } catch (error) {
          if (error instanceof StoreError) set('down', error.message);
          throw error;
        }
      },
    ]),
  ) as unknown as StoreCalls;
  return { ...wrapped, kind, sql, status: () => status };
}

export function storeOn(sql: Sql): Store {
  return tracked(sql, {
    ...followsOn(sql),
    async ping() {
      await sql.query('select 1');
    },
    async saveAnswer(a) {
      await sql.query(
        `insert into answers (id, question, answer, mode, abstained, citations, index_version, guild_id, channel_id, thread_id, public, asked_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          a.id,
          a.question,
          a.answer,
          a.mode,
          a.abstained,
          JSON.stringify(a.citations),
          a.indexVersion,
          a.guildId,
          a.channelId,
          a.threadId,
          a.public,
          a.askedBy,
        ],
      );
    },
    async getAnswer(id) {
      const [row] = await sql.query<AnswerRow>('select * from answers where id = $1', [id]);
      return row ? fromRow(row) : null;
    },
    async vote(v) {
      await sql.query(
        `insert into votes (answer_id, user_id, vote, comment, guild_id, channel_id) values ($1, $2, $3, $4, $5, $6)
         on conflict (answer_id, user_id) do update
           set vote = excluded.vote, comment = excluded.comment, voted_at = now()`,
        [v.answerId, v.userId, v.vote, v.comment, v.guildId, v.channelId],
      );
    },
    async votesOn(answerId) {
      const [row] = await sql.query<{ up: number; down: number }>(
        `select count(*) filter (where vote = 1)::int as up, count(*) filter (where vote = -1)::int as down
         from votes where answer_id = $1`,
        [answerId],
      );
      return { up: row?.up ?? 0, down: row?.down ?? 0 };
    },
    async latestDownVotes(limit) {
      const rows = await sql.query<{
        answer_id: string;
        question: string;
        answer: string;
        comment: string | null;
        guild_id: string | null;
        voted_at: Date;
      }>(
        `select v.answer_id, a.question, a.answer, v.comment, v.guild_id, v.voted_at
         from votes v join answers a on a.id = v.answer_id
         where v.vote = -1 order by v.voted_at desc limit $1`,
        [limit],
      );
      return rows.map((r) => ({
        answerId: r.answer_id,
        question: r.question,
        answer: r.answer,
        comment: r.comment,
        guildId: r.guild_id,
        votedAt: new Date(r.voted_at),
      }));
    },
    async feedbackReport(limit) {
      const [totals] = await sql.query<{ answers: number; up: number; down: number }>(
        `select (select count(*)::int from answers) as answers,
                (select count(*)::int from votes where vote = 1) as up,
                (select count(*)::int from votes where vote = -1) as down`,
      );
      const worst = await sql.query<{
        id: string;
        question: string;
        answer: string;
        up: number;
        down: number;
        comments: (string | null)[];
      }>(
        `select a.id, a.question, a.answer,
                count(*) filter (where v.vote = 1)::int as up,
                count(*) filter (where v.vote = -1)::int as down,
                array_agg(v.comment order by v.voted_at desc) filter (where v.comment is not null) as comments
         from answers a join votes v on v.answer_id = a.id
         group by a.id
         having count(*) filter (where v.vote = -1) > 0
         order by sum(v.vote) asc, max(v.voted_at) desc
         limit $1`,
        [limit],
      );
      const declined = await sql.query<{ question: string; times: number }>(
        `select min(question) as question, count(*)::int as times
         from answers where abstained
         group by regexp_replace(lower(regexp_replace(trim(question), '\\s+', ' ', 'g')), '[\\s?!.]+$', '')
         order by count(*) desc, max(created_at) desc
         limit $1`,
        [limit],
      );
      return {
        answers: totals?.answers ?? 0,
        up: totals?.up ?? 0,
        down: totals?.down ?? 0,
        worst: worst.map((w) => ({ ...w, comments: (w.comments ?? []).filter((c): c is string => c !== null) })),
        declined,
      };
    },
    async guildSettings(guildId) {
      const [row] = await sql.query<GuildSettingsRow>('select * from guild_settings where guild_id = $1', [guildId]);
      return settingsFromRow(row);
    },
    async updateGuildSettings(guildId, change, by) {
      return sql.transaction(async (tx) => {
        const [row] = await tx.query<GuildSettingsRow>('select * from guild_settings where guild_id = $1 for update', [
          guildId,
        ]);
        const next = { ...settingsFromRow(row) };
        for (const key of Object.keys(change) as (keyof StoredGuildSettings)[]) {
          if (change[key] !== undefined) Object.assign(next, { [key]: change[key] });
        }
        await tx.query(
          `insert into guild_settings (guild_id, public_channels, private_by_default, cooldown_seconds, llm_answers, updated_by)
           values ($1, $2, $3, $4, $5, $6)
           on conflict (guild_id) do update set public_channels = excluded.public_channels,
             private_by_default = excluded.private_by_default, cooldown_seconds = excluded.cooldown_seconds,
             llm_answers = excluded.llm_answers, updated_by = excluded.updated_by, updated_at = now()`,
          [
            guildId,
            next.publicChannels === null ? null : JSON.stringify(next.publicChannels),
            next.privateByDefault,
            next.cooldownSeconds,
            next.llmAnswers,
            by,
          ],
        );
        return next;
      });
    },
    async threadOn(answerId) {
      const [row] = await sql.query<{ thread_id: string }>(
        'select thread_id from bot_threads where root_answer_id = $1',
        [answerId],
      );
      return row?.thread_id ?? null;
    },
    async saveThread(t) {
      await sql.query(
        'insert into bot_threads (thread_id, guild_id, parent_channel_id, root_answer_id) values ($1, $2, $3, $4) on conflict do nothing',
        [t.threadId, t.guildId, t.parentChannelId, t.rootAnswerId],
      );
    },
    async botThread({ guildId, threadId }) {
      const [row] = await sql.query<{ parent_channel_id: string; root_answer_id: string }>(
        'select parent_channel_id, root_answer_id from bot_threads where thread_id = $1 and guild_id is not distinct from $2',
        [threadId, guildId],
      );
      return row ? { parentChannelId: row.parent_channel_id, rootAnswerId: row.root_answer_id } : null;
    },
    async askPlace({ guildId, channelId }) {
      const [row] = await sql.query<
        Partial<GuildSettingsRow> & { parent_channel_id: string | null; root_answer_id: string | null }
      >(
        `select g.public_channels, g.private_by_default, g.cooldown_seconds, g.llm_answers,
                t.parent_channel_id, t.root_answer_id
         from (select 1) as place
         left join guild_settings g on g.guild_id = $1
         left join bot_threads t on t.thread_id = $2 and t.guild_id is not distinct from $1`,
        [guildId, channelId],
      );
      return {
        settings: settingsFromRow(row),
        thread:
          row?.parent_channel_id && row.root_answer_id
            ? { parentChannelId: row.parent_channel_id, rootAnswerId: row.root_answer_id }
            : null,
      };
    },
    async threadHistory({ guildId, threadId }, since) {
      const rows = await sql.query<AnswerRow>(
        `select * from answers
         where public and guild_id is not distinct from $2 and created_at > $3
           and (thread_id = $1
                or id = (select root_answer_id from bot_threads where thread_id = $1 and guild_id is not distinct from $2))
         order by created_at asc`,
        [threadId, guildId, since.toISOString()],
      );
      return rows.map(fromRow);
    },
    async takeCooldown(key, seconds) {
      const taken = await sql.query(
        `insert into cooldowns as c (key, last_used) values ($1, now())
         on conflict (key) do update set last_used = now()
           where c.last_used <= now() - make_interval(secs => $2::double precision)
         returning key`,
        [key, seconds],
      );
      if (taken.length > 0) return 0;
      const [row] = await sql.query<{ wait: number }>(
        `select greatest(1, ceil(extract(epoch from (last_used + make_interval(secs => $2::double precision) - now()))))::int as wait
         from cooldowns where key = $1`,
        [key, seconds],
      );
      // The window ended between the two statements (or the row was swept): the next try takes it.
      return row?.wait ?? 1;
    },
    async sweepCooldowns(seconds) {
      await sql.query('delete from cooldowns where last_used < now() - make_interval(secs => $1::double precision)', [
        seconds,
      ]);
    },
    close: () => sql.close(),
  });
}

interface GuildSettingsRow {
  public_channels: string[] | null;
  private_by_default: boolean | null;
  cooldown_seconds: number | null;
  llm_answers: boolean | null;
}

function settingsFromRow(row: Partial<GuildSettingsRow> | undefined): StoredGuildSettings {
  return {
    publicChannels: row?.public_channels ?? null,
    privateByDefault: row?.private_by_default ?? null,
    cooldownSeconds: row?.cooldown_seconds ?? null,
    llmAnswers: row?.llm_answers ?? null,
  };
}

import { randomUUID } from 'node:crypto';
import type { Sql } from './sql';

/** A show a server follows: new stories about it are posted to a channel. */
export interface Follow {
  id: string;
  guildId: string;
  /** As the manager chose it (the headlines' spelling when autocompleted). */
  show: string;
  channelId: string;
  createdBy: string;
  /** Why posting stopped (the bot may not write there), or null while it posts. */
  problem: string | null;
}

/** A message posted for a follow: the story's reports so far, so a later one edits it. */
export interface FollowPost {
  followId: string;
  messageId: string;
  articleIds: string[];
  outlets: string[];
  postedAt: Date;
}

export interface FollowStore {
  /**
   * Adds a follow, or clears the problem of the same one (same show and channel): re-running
   * /follow after fixing the channel's permissions resumes it. Returns the follow.
   */
  addFollow(follow: { guildId: string; show: string; channelId: string; createdBy: string }): Promise<Follow>;
  follows(guildId: string): Promise<Follow[]>;
  /** Every server's follows that still post. */
  activeFollows(): Promise<Follow[]>;
  /** Removes the server's follows of a show (all channels, or one); returns how many. */
  removeFollows(guildId: string, show: string, channelId?: string | null): Promise<number>;
  /** Stops a follow posting, saying why (shown in /follow list). */
  pauseFollow(id: string, problem: string): Promise<void>;
  followPostsSince(followId: string, since: Date): Promise<FollowPost[]>;
  saveFollowPost(post: Omit<FollowPost, 'postedAt'>): Promise<void>;
  updateFollowPost(post: Omit<FollowPost, 'postedAt'>): Promise<void>;
  /**
   * Claims the posting of one story (`storyKey`: its first report's article id) for a follow; false
   * when a replica claimed it already. Replicas that index the same story post it once.
   */
  claimFollowStory(followId: string, storyKey: string): Promise<boolean>;
  /** Gives a claim back when its post failed, so a later reindex may post the story. */
  releaseFollowStory(followId: string, storyKey: string): Promise<void>;
}

/** How a show name is compared: lowercased words, so "harbor lights" and "Harbor Lights" are one follow. */
export function showKey(show: string): string {
  return (show.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

interface FollowRow {
  id: string;
  guild_id: string;
  show: string;
  channel_id: string;
  created_by: string;
  problem: string | null;
}

const followFromRow = (r: FollowRow): Follow => ({
  id: r.id,
  guildId: r.guild_id,
  show: r.show,
  channelId: r.channel_id,
  createdBy: r.created_by,
  problem: r.problem,
});

export function followsOn(sql: Sql): FollowStore {
  return {
    async addFollow(f) {
      const [row] = await sql.query<FollowRow>(
        `insert into follows (id, guild_id, show, show_key, channel_id, created_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (guild_id, show_key, channel_id) do update set problem = null, show = excluded.show
         returning *`,
        [randomUUID(), f.guildId, f.show, showKey(f.show), f.channelId, f.createdBy],
      );
      return followFromRow(row!);
    },
    async follows(guildId) {
      const rows = await sql.query<FollowRow>('select * from follows where guild_id = $1 order by created_at, id', [
        guildId,
      ]);
      return rows.map(followFromRow);
    },
    async activeFollows() {
      return (await sql.query<FollowRow>('select * from follows where problem is null order by created_at, id')).map(
        followFromRow,
      );
    },
    async removeFollows(guildId, show, channelId = null) {
      const rows = await sql.query<{ id: string }>(
        'delete from follows where guild_id = $1 and show_key = $2 and ($3::text is null or channel_id = $3) returning id',
        [guildId, showKey(show), channelId],
      );
      return rows.length;
    },
    async pauseFollow(id, problem) {
      await sql.query('update follows set problem = $2 where id = $1', [id, problem]);
    },
    async followPostsSince(followId, since) {
      const rows = await sql.query<{
        follow_id: string;
        message_id: string;
        article_ids: string[];
        outlets: string[];
        posted_at: Date;
      }>('select * from follow_posts where follow_id = $1 and posted_at >= $2 order by posted_at', [followId, since]);
      return rows.map((r) => ({
        followId: r.follow_id,
        messageId: r.message_id,
        articleIds: r.article_ids,
        outlets: r.outlets,
        postedAt: new Date(r.posted_at),
      }));
    },
    async saveFollowPost(p) {
      await sql.query(
        'insert into follow_posts (follow_id, message_id, article_ids, outlets) values ($1, $2, $3, $4)',
        [p.followId, p.messageId, JSON.stringify(p.articleIds), JSON.stringify(p.outlets)],
      );
    },
    async claimFollowStory(followId, storyKey) {
      const rows = await sql.query(
        'insert into follow_claims (follow_id, story_key) values ($1, $2) on conflict do nothing returning story_key',
        [followId, storyKey],
      );
      return rows.length > 0;
    },
    async releaseFollowStory(followId, storyKey) {
      await sql.query('delete from follow_claims where follow_id = $1 and story_key = $2', [followId, storyKey]);
    },
    async updateFollowPost(p) {
      await sql.query(
        'update follow_posts set article_ids = $3, outlets = $4 where follow_id = $1 and message_id = $2',
        [p.followId, p.messageId, JSON.stringify(p.articleIds), JSON.stringify(p.outlets)],
      );
    },
  };
}

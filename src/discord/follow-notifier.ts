import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { Follow, FollowPost, FollowStore } from '../db/follows';
import type { Engine } from '../engine';
import type { Logger } from '../log';
import type { Story } from '../retrieve/latest';
import { followPostEmbed, followProblemNote } from './follow-embeds';
import { NO_MENTIONS } from './reply';

/** Tuning values for posting followed shows' stories, each with why. */
export const FOLLOW_DEFAULTS = {
  /**
   * A new article about a story older than this is a late copy or a feed's backfill, not news: it
   * is not posted (it still edits a post it belongs to). Feeds carry items up to about a week old.
   */
  maxStoryAgeDays: 3,
  /** Posts looked at for "the same story": longer than a story's 3-day window plus the age above. */
  postsLookbackDays: 7,
} as const;

/** Discord's answers that mean the bot may not write in the channel (missing access or permissions, gone). */
const CANNOT_POST = new Set([50001, 50013, 10003]);

export interface FollowNotifier {
  /** Posts what the latest reindex brought; resolves when done (tests and shutdown wait on it). */
  run(): Promise<void>;
  stop(): void;
}

/**
 * After every reindex, posts the new stories about each followed show to its channel: once per
 * story, editing that post when more outlets report it. Runs one at a time, in index order.
 */
export function startFollowNotifier(input: {
  engine: Pick<Engine, 'articleIds' | 'latest' | 'onReindexed'>;
  store: FollowStore;
  rest: Pick<REST, 'get' | 'post' | 'patch'>;
  log: Logger;
  now?: () => Date;
}): FollowNotifier {
  const { engine, store, rest, log } = input;
  const now = input.now ?? (() => new Date());
  let seen = engine.articleIds();
  let tail: Promise<void> = Promise.resolve();

  const runOnce = async () => {
    const ids = engine.articleIds();
    const fresh = new Set([...ids].filter((id) => !seen.has(id)));
    seen = ids;
    if (fresh.size === 0) return;
    for (const follow of await store.activeFollows()) {
      try {
        await postFollow(follow, fresh);
      } catch (error) {
        log.error('follow: posting failed', { follow: follow.id, guild: follow.guildId, error });
      }
    }
  };

  const postFollow = async (follow: Follow, fresh: Set<string>) => {
    const at = now();
    const stories = engine
      .latest(follow.show, { asOf: at })
      .stories.filter((s) => s.articles.some((a) => fresh.has(a.id)))
      .reverse();
    if (stories.length === 0) return;
    const since = new Date(at.getTime() - FOLLOW_DEFAULTS.postsLookbackDays * 86_400_000);
    const posts = await store.followPostsSince(follow.id, since);
    for (const story of stories) {
      const post = posts.find((p) => story.articles.some((a) => p.articleIds.includes(a.id)));
      try {
        if (post) await editPost(follow, post, story);
        else if (ageDays(story, at) <= FOLLOW_DEFAULTS.maxStoryAgeDays) {
          const posted = await newPost(follow, story);
          if (posted) posts.push(posted);
        }
      } catch (error) {
        if (!(error instanceof DiscordAPIError) || !CANNOT_POST.has(Number(error.code))) throw error;
        await stopFollow(follow, error.message);
        return;
      }
    }
  };

  const body = (follow: Follow, story: Story) => ({
    embeds: [followPostEmbed(story, follow.show)],
    allowed_mentions: NO_MENTIONS,
  });

  /** Null when another process (a replica indexing the same story) claimed the post first. */
  const newPost = async (follow: Follow, story: Story): Promise<FollowPost | null> => {
    const storyKey = story.articles[0]?.id ?? story.title;
    if (!(await store.claimFollowStory(follow.id, storyKey))) {
      log.debug('follow: another replica posts this story', { follow: follow.id });
      return null;
    }
    let message: { id: string };
    try {
      message = (await rest.post(Routes.channelMessages(follow.channelId), { body: body(follow, story) })) as {
        id: string;
      };
    } catch (error) {
      await store.releaseFollowStory(follow.id, storyKey);
      throw error;
    }
    const post = {
      followId: follow.id,
      messageId: message.id,
      articleIds: story.articles.map((a) => a.id),
      outlets: story.outlets,
    };
    await store.saveFollowPost(post);
    log.info('follow: posted a story', { follow: follow.id, guild: follow.guildId, outlets: story.outlets.length });
    return { ...post, postedAt: now() };
  };

  const editPost = async (follow: Follow, post: FollowPost, story: Story) => {
    const articleIds = [...new Set([...post.articleIds, ...story.articles.map((a) => a.id)])];
    if (articleIds.length === post.articleIds.length) return;
    // The post keeps its headline and first outlet; reports it did not name yet follow in order.
    const original = story.articles.find((a) => a.id === post.articleIds[0]);
    const outlets = [...post.outlets, ...story.outlets.filter((o) => !post.outlets.includes(o))];
    const shown: Story = { ...story, outlets, ...(original ? { title: original.title, url: original.url } : {}) };
    await rest.patch(Routes.channelMessage(follow.channelId, post.messageId), { body: body(follow, shown) });
    post.articleIds = articleIds;
    post.outlets = outlets;
    await store.updateFollowPost(post);
    log.info('follow: added reports to a post', { follow: follow.id, guild: follow.guildId });
  };

  /** Not retried: the follow pauses, and the server's managers are told once, where they will see it. */
  const stopFollow = async (follow: Follow, reason: string) => {
    const problem = `I may not post there (Discord said: ${reason})`;
    await store.pauseFollow(follow.id, problem);
    log.warn('follow: paused, the channel refuses posts', { follow: follow.id, guild: follow.guildId, reason });
    try {
      const guild = (await rest.get(Routes.guild(follow.guildId))) as { system_channel_id?: string | null };
      if (guild.system_channel_id && guild.system_channel_id !== follow.channelId) {
        await rest.post(Routes.channelMessages(guild.system_channel_id), {
          body: { content: followProblemNote(follow, problem), allowed_mentions: NO_MENTIONS },
        });
      }
    } catch (error) {
      // /follow list still shows the pause; the note is a courtesy.
      log.warn('follow: could not tell the server about a paused follow', { guild: follow.guildId, error });
    }
  };

  const unsubscribe = engine.onReindexed(() => void run());
  const run = () => {
    tail = tail.then(() =>
      runOnce().catch((error: unknown) => log.error('follow: posting new stories failed', { error })),
    );
    return tail;
  };
  return { run, stop: unsubscribe };
}

function ageDays(story: Story, at: Date): number {
  return (at.getTime() - Date.parse(`${story.published}T00:00:00Z`)) / 86_400_000;
}

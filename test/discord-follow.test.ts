import path from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDiscordToken, type Config } from '../src/config';
import { openStore, type Store } from '../src/db/store';
import { startBot } from '../src/discord/bot';
import { openEngine, type Engine } from '../src/engine';
import { writeFeedsFile, type FeedEntry } from '../src/feeds/feeds-file';
import { runFeedRound } from '../src/feeds/round';
import { createFetcher } from '../src/feeds/fetch';
import { silentLogger } from '../src/log';
import {
  ADMIN_PERMISSIONS,
  FAKE_CHANNEL_ID,
  FAKE_GUILD_ID,
  FAKE_OTHER_CHANNEL_ID,
  embedsOf,
  jsonText,
  messageData,
  startFakeDiscord,
  type CommandOption,
  type FakeDiscord,
  type InteractionSource,
  type RecordedRequest,
} from './support/fake-discord';
import { articlePage, feed, rss, startFeedServer, text, type FeedServer, type ItemSpec } from './support/feed-server';
import { sampleWorkspace, testConfig } from './support/sample-index';

/**
 * /follow through the fake Discord with real feed polls: a followed show's new story is posted
 * within the poll that indexed it, once however many outlets carried it; a later report edits the
 * post; a channel the bot may not write to pauses the follow and tells the server.
 */
const TIMEOUT = 90_000;
const NEWS_CHANNEL = '900000000000000011';
const LOCKED_CHANNEL = '900000000000000012';
const SYSTEM_CHANNEL = FAKE_OTHER_CHANNEL_ID;

let server: FeedServer;
let fake: FakeDiscord;
let workspace: Awaited<ReturnType<typeof sampleWorkspace>>;
let config: Config;
let engine: Engine;
let store: Store;
let client: Client;
const feeds: FeedEntry[] = [];
const items = new Map<string, ItemSpec[]>();

/** A made-up outlet's feed; its items are set per test with `publish`. */
function outlet(n: number): string {
  const name = `Outlet ${String.fromCharCode(64 + n)} News`;
  const route = `/feed-${n}.xml`;
  items.set(route, []);
  server.route(
    route,
    feed(() => rss(name, items.get(route) ?? [])),
  );
  feeds.push({ url: `${server.origin}${route}`, outlet: name, intervalMinutes: 0.02 });
  return route;
}

/** Puts one article on an outlet's feed and its page on the server. */
function publish(route: string, slug: string, title: string, lead: string): void {
  const link = `${server.origin}/story/${slug}`;
  server.route(`/story/${slug}`, text(articlePage({ title, paragraphs: [lead, `${lead} ${slug} `.repeat(30)] })));
  items.get(route)?.push({ title, link, published: new Date().toUTCString() });
}

const admin: InteractionSource = { permissions: ADMIN_PERMISSIONS };
const follow = (sub: string, options: CommandOption[] = [], who: InteractionSource = admin) =>
  fake.sendCommand('follow', [{ name: sub, type: 1, options }], who);
const privateReply = async (sent: { id: string }) =>
  jsonText(messageData(await fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`)))?.content);
const poll = async () => {
  await writeFeedsFile(config.feeds.file, { feeds });
  return runFeedRound({ engine, config, log: silentLogger, fetcher: createFetcher(config.feeds) });
};
const postsIn = (channel: string) => fake.channelMessages(channel);
const descriptionOf = (r: RecordedRequest | undefined) => (r ? (embedsOf(r)[0]?.description ?? '') : '');

beforeAll(async () => {
  server = await startFeedServer();
  fake = await startFakeDiscord({ systemChannelId: SYSTEM_CHANNEL });
  workspace = await sampleWorkspace('discord-follow-');
  config = testConfig(workspace, {
    FEEDS_FILE: path.join(workspace.dir, 'feeds.json'),
    FEEDS_STATE_FILE: path.join(workspace.dir, 'feeds-state.json'),
    FEEDS_ALLOW_PRIVATE: 'true',
    FEEDS_HOST_DELAY_MS: '0',
    FEEDS_TIMEOUT_MS: '5000',
    DISCORD_TOKEN: 'fake-discord-token-abcdef',
    DISCORD_API_URL: fake.apiUrl,
    FOLLOWS_PER_SERVER: '2',
  });
  for (let n = 1; n <= 11; n++) outlet(n);
  engine = await openEngine(config, { log: silentLogger });
  store = await openStore({ embeddedDir: null }, silentLogger);
  client = await startBot(requireDiscordToken(config), engine, store, silentLogger);
}, TIMEOUT);

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
  await server?.close();
  await engine?.close();
  await store?.close();
  await workspace?.cleanup();
}, TIMEOUT);

describe('/follow', { timeout: TIMEOUT }, () => {
  it('refuses members without Manage Server and keeps to the per-server limit', async () => {
    const member = follow(
      'add',
      [
        { name: 'show', type: 3, value: 'Lantern Bay' },
        { name: 'channel', type: 7, value: NEWS_CHANNEL },
      ],
      {},
    );
    expect(await privateReply(member)).toContain('Only members with Manage Server');
    expect(await store.follows(FAKE_GUILD_ID)).toEqual([]);
  });

  it('posts a story ten outlets report in one poll once, naming them all, and edits the post for an eleventh', async () => {
    const added = await privateReply(
      follow('add', [
        { name: 'show', type: 3, value: 'Lantern Bay' },
        { name: 'channel', type: 7, value: NEWS_CHANNEL },
      ]),
    );
    expect(added).toContain(`Following **Lantern Bay** in <#${NEWS_CHANNEL}>`);

    const titles = [
      'Lantern Bay renewed for a third season',
      "'Lantern Bay' renewed for season 3",
      'Lantern Bay gets a third season, renewed',
    ];
    for (let n = 1; n <= 10; n++) {
      publish(
        `/feed-${n}.xml`,
        `renewal-${n}`,
        titles[n % 3] ?? '',
        `Outlet ${n} reports the streamer renewed Lantern Bay, take ${n}.`,
      );
    }
    const round = await poll();
    expect(round.reindex).not.toBeNull();
    // Posted within the poll that indexed it: the post is there when the round's reindex is done.
    await fake.nextRequest((r) => r.method === 'POST' && r.path === `/channels/${NEWS_CHANNEL}/messages`, 5_000);
    expect(postsIn(NEWS_CHANNEL)).toHaveLength(1);
    const [post] = postsIn(NEWS_CHANNEL);
    expect(post?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    const first = descriptionOf(post);
    for (let n = 1; n <= 10; n++) expect(first).toContain(`Outlet ${String.fromCharCode(64 + n)} News`);
    expect(first).not.toContain('more');

    publish(
      '/feed-11.xml',
      'renewal-11',
      'Lantern Bay is renewed for a third season',
      'Outlet 11 confirms Lantern Bay returns for a third season.',
    );
    await poll();
    const edit = await fake.nextRequest(
      (r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${NEWS_CHANNEL}/messages/`),
      5_000,
    );
    expect(postsIn(NEWS_CHANNEL)).toHaveLength(1);
    expect(edit.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(descriptionOf(edit)).toMatch(/Also reported by .*Outlet K News/);
    expect(descriptionOf(edit)).toContain('Outlet A News');
  });

  it('pauses a follow whose channel refuses posts, tells the server once, and shows it in /follow list', async () => {
    fake.forbidChannel(LOCKED_CHANNEL);
    await privateReply(
      follow('add', [
        { name: 'show', type: 3, value: 'Copper Canyon' },
        { name: 'channel', type: 7, value: LOCKED_CHANNEL },
      ]),
    );
    publish('/feed-1.xml', 'copper-1', "'Copper Canyon' wraps filming", 'Copper Canyon wrapped filming this week.');
    await poll();
    const note = await fake.nextRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${SYSTEM_CHANNEL}/messages`,
      5_000,
    );
    expect(jsonText(messageData(note)?.content)).toContain(
      `I stopped posting news about **Copper Canyon** in <#${LOCKED_CHANNEL}>`,
    );
    expect(note.body).toMatchObject({ allowed_mentions: { parse: [] } });

    // Not retried: another story for the show posts nothing more anywhere.
    const before = fake.requests.filter((r) => r.path.startsWith(`/channels/${LOCKED_CHANNEL}/`)).length;
    publish('/feed-2.xml', 'copper-2', "'Copper Canyon' sets a premiere date", 'Copper Canyon premieres in spring.');
    await poll();
    expect(fake.requests.filter((r) => r.path.startsWith(`/channels/${LOCKED_CHANNEL}/`)).length).toBe(before);
    expect(postsIn(SYSTEM_CHANNEL)).toHaveLength(1);

    const listed = await privateReply(follow('list'));
    expect(listed).toContain(`**Lantern Bay** in <#${NEWS_CHANNEL}>`);
    expect(listed).toContain(`**Copper Canyon** in <#${LOCKED_CHANNEL}>: ⚠ paused`);
    expect(listed).toContain('Followed shows (2 of 2)');
    const third = await privateReply(
      follow('add', [
        { name: 'show', type: 3, value: 'Glass Orchard' },
        { name: 'channel', type: 7, value: FAKE_CHANNEL_ID },
      ]),
    );
    expect(third).toContain('the most it may (2)');
  });

  it('stops posting a show after /follow remove', async () => {
    expect(await privateReply(follow('remove', [{ name: 'show', type: 3, value: 'lantern bay' }]))).toContain(
      'Stopped posting **Lantern Bay** (1 channel).',
    );
    publish(
      '/feed-3.xml',
      'lantern-cast',
      "'Lantern Bay' season 3 casts Ivy Marsh",
      'Ivy Marsh joins Lantern Bay season 3.',
    );
    await poll();
    expect(postsIn(NEWS_CHANNEL)).toHaveLength(1);
    expect(await privateReply(follow('list'))).not.toContain('Lantern Bay');
  });
});

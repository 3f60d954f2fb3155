import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDiscordToken, type Config } from '../src/config';
import { startBot } from '../src/discord/bot';
import { openEngine, type Engine } from '../src/engine';
import { writeFeedsFile } from '../src/feeds/feeds-file';
import { startFeedScheduler, type FeedScheduler } from '../src/feeds/scheduler';
import { readPollState } from '../src/feeds/state';
import { createLogger, silentLogger } from '../src/log';
import { openStore, type Store } from '../src/db/store';
import {
  ADMIN_PERMISSIONS,
  FAKE_ADMIN_GUILD_ID,
  FAKE_OWNER_ID,
  embedsOf,
  messageData,
  startFakeDiscord,
  type CommandOption,
  type FakeDiscord,
  type InteractionSource,
  type RecordedRequest,
} from './support/fake-discord';
import {
  articlePage,
  atom,
  feed,
  rss,
  startFeedServer,
  text,
  type FeedServer,
  type ItemSpec,
} from './support/feed-server';
import { PROCESS_TEST_TIMEOUT_MS, until as untilSignal } from './support/bounds';
import { sampleWorkspace, testConfig } from './support/sample-index';

/**
 * The real bot (discord.js against the fake Discord) with the feed scheduler running, as
 * `npm start` runs them: polls bring new articles into the index while it answers.
 */

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
const paragraphs = (lead: string) => [
  lead,
  `${Array.from({ length: 70 }, () => 'more background on the production').join(' ')}.`,
];

let server: FeedServer;
let fake: FakeDiscord;
let workspace: Awaited<ReturnType<typeof sampleWorkspace>>;
let config: Config;
let engine: Engine;
let client: Client;
let scheduler: FeedScheduler;
let store: Store;
const logLines: string[] = [];
const rssItems: ItemSpec[] = [];

beforeAll(async () => {
  server = await startFeedServer();
  fake = await startFakeDiscord();
  workspace = await sampleWorkspace('feeds-discord-');
  const o = server.origin;
  rssItems.push({ title: 'Luke Cage season 2 adds Mustafa Shakir', link: `${o}/news/shakir`, published: '2017-04-14' });
  server.route(
    '/news/shakir',
    text(
      articlePage({
        title: 'Luke Cage season 2 adds Mustafa Shakir',
        paragraphs: paragraphs('Mustafa Shakir joins Luke Cage season 2 as the villain Bushmaster.'),
      }),
    ),
  );
  server.route(
    '/news.xml',
    feed(() => rss('Harlem Herald', rssItems)),
  );
  server.route(
    '/tv.atom',
    feed(
      () => atom('TV Atom', [{ title: 'Jessica Jones season 2 cast grows', link: `${o}/tv/cast` }]),
      'application/atom+xml',
    ),
  );
  server.route(
    '/tv/cast',
    text(
      articlePage({
        title: 'Jessica Jones season 2 cast grows',
        paragraphs: paragraphs('Janet McTeer joins the cast of Jessica Jones season 2 in a mystery role.'),
      }),
    ),
  );
  config = testConfig(workspace, {
    FEEDS_FILE: path.join(workspace.dir, 'feeds.json'),
    FEEDS_STATE_FILE: path.join(workspace.dir, 'feeds-state.json'),
    FEEDS_ALLOW_PRIVATE: 'true',
    FEEDS_HOST_DELAY_MS: '0',
    FEEDS_CHECK_SECONDS: '1',
    DISCORD_TOKEN: 'fake-discord-token-abcdef',
    DISCORD_API_URL: fake.apiUrl,
    ASK_COOLDOWN_SECONDS: '0',
  });
  // Two feeds of the local server, polled every 1.2 s.
  await writeFeedsFile(config.feeds.file, {
    feeds: [
      { url: `${o}/news.xml`, intervalMinutes: 0.02 },
      { url: `${o}/tv.atom`, outlet: 'TV Atom', intervalMinutes: 0.02 },
    ],
  });
  const log = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  engine = await openEngine(config, { log: silentLogger });
  store = await openStore({ embeddedDir: null }, silentLogger);
  client = await startBot(requireDiscordToken(config), engine, store, log);
  scheduler = startFeedScheduler({ engine, config, log });
}, TIMEOUT);

afterAll(async () => {
  await scheduler?.stop();
  await client?.destroy();
  await fake?.close();
  await server?.close();
  await engine?.close();
  await store?.close();
  await workspace?.cleanup();
}, TIMEOUT);

function until<T>(probe: () => Promise<T | null> | T | null, what: string): Promise<T> {
  return untilSignal(what, probe, { intervalMs: 100 });
}

function finalAnswer(token: string): Promise<RecordedRequest> {
  return fake.nextRequest(
    (r) =>
      r.method === 'PATCH' &&
      r.path.endsWith(`/${token}/messages/@original`) &&
      embedsOf(r).some((e) => e.footer?.text !== 'writing…'),
  );
}

async function askBot(question: string): Promise<string> {
  const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: question }]);
  const embeds = embedsOf(await finalAnswer(sent.token));
  return [
    ...embeds.map((e) => e.description ?? ''),
    ...embeds.flatMap((e) => e.fields ?? []).map((f) => `${f.name}\n${f.value}`),
  ].join('\n');
}

/** The application's owner in the operator's guild: who may run /feeds and /add. */
const OPERATOR: InteractionSource = { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID };
/** An admin of a server, but not the bot's operator. */
const SERVER_ADMIN: InteractionSource = {
  permissions: ADMIN_PERMISSIONS,
  guildId: FAKE_ADMIN_GUILD_ID,
  userId: '100000000000000056',
};

async function privateReply(name: string, options: CommandOption[], who: InteractionSource = {}): Promise<string> {
  const sent = fake.sendCommand(name, options, who);
  const request = await fake.nextRequest(
    (r) =>
      (r.path.startsWith(`/interactions/${sent.id}/`) && (r.body as { type?: number } | null)?.type === 4) ||
      (r.method === 'PATCH' && r.path.includes(sent.token)),
  );
  const content = messageData(request)?.content;
  return typeof content === 'string' ? content : '';
}

const sub = (name: string, options: CommandOption[] = []): CommandOption => ({ name, type: 1, options });

describe('feeds while the bot serves', { timeout: TIMEOUT }, () => {
  it('answers about an item that appeared in the second poll, without a restart or a /reindex', async () => {
    const o = server.origin;
    await until(
      () => engine.sources().some((s) => s.outlet === 'Harlem Herald') || null,
      'the first poll to be indexed',
    );
    expect(await askBot('Who joins Luke Cage season 2 as Bushmaster?')).toContain('Mustafa Shakir');
    const versionAfterFirst = engine.version();

    rssItems.unshift({ title: 'Punisher spin-off ordered', link: `${o}/news/punisher`, published: '2017-04-29' });
    server.route(
      '/news/punisher',
      text(
        articlePage({
          title: 'Punisher spin-off ordered',
          paragraphs: paragraphs('Jon Bernthal will lead the Punisher spin-off as Frank Castle.'),
        }),
      ),
    );
    await until(() => (engine.version() !== versionAfterFirst ? true : null), 'the second poll to be indexed');
    const answer = await askBot('Who will play Frank Castle in the Punisher spin-off?');
    expect(answer).toContain('Jon Bernthal');
    expect(answer).toContain('Harlem Herald');
    expect(logLines.some((line) => line.includes('feeds: ') && line.includes('"new":1'))).toBe(true);
  });

  it('shows each feed with its last successful poll in /sources, and the error when a poll fails', async () => {
    server.route('/tv.atom', text('<html><body>gone</body></html>', 'text/html'));
    await until(async () => {
      const state = await readPollState(config.feeds.stateFile, silentLogger);
      return state.feeds[`${server.origin}/tv.atom`]?.lastError ? true : null;
    }, 'a failed poll of the Atom feed');
    const sent = fake.sendCommand('sources');
    const replyRequest = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
    const feedsField = embedsOf(replyRequest)[0]?.fields?.find((f) => f.name.startsWith('Feeds'));
    expect(feedsField?.name).toBe('Feeds (2)');
    expect(feedsField?.value).toMatch(/Harlem Herald|news\.xml/);
    expect(feedsField?.value).toMatch(/TV Atom\*\*: last polled <t:\d+:R>; error: not a readable RSS or Atom feed/);
  });

  it('lets only operators list, add and remove feeds', async () => {
    const refused = await privateReply('feeds', [sub('list')], SERVER_ADMIN);
    expect(refused).toContain("only the bot's operator");

    const newFeed = `${server.origin}/more.xml`;
    expect(
      await privateReply(
        'feeds',
        [
          sub('add', [
            { name: 'url', type: 3, value: newFeed },
            { name: 'outlet', type: 3, value: 'More News' },
          ]),
        ],
        OPERATOR,
      ),
      // Addresses are shown inert (no link), like every other text a member typed.
    ).toContain(`Added ${newFeed.replace('http://', 'http\\[:\\]//')}.`);
    expect(
      await privateReply('feeds', [sub('add', [{ name: 'url', type: 3, value: 'ftp://example.org/feed' }])], OPERATOR),
    ).toContain("That is not a feed's web address");
    // As in production, where FEEDS_ALLOW_PRIVATE is off (these tests turn it on for their 127.0.0.1 server).
    config.feeds.allowPrivate = false;
    try {
      expect(
        await privateReply(
          'feeds',
          [sub('add', [{ name: 'url', type: 3, value: 'http://169.254.169.254/latest/meta-data/' }])],
          OPERATOR,
        ),
      ).toContain('Not added: 169.254.169.254 is a link-local address');
    } finally {
      config.feeds.allowPrivate = true;
    }
    const listed = await privateReply('feeds', [sub('list')], OPERATOR);
    expect(listed).toContain('Feeds (3)');
    expect(listed).toContain('More News');
    expect(JSON.parse(await readFile(config.feeds.file, 'utf8'))).toMatchObject({
      feeds: [{}, {}, { url: newFeed, outlet: 'More News' }],
    });

    expect(
      await privateReply('feeds', [sub('remove', [{ name: 'url', type: 3, value: newFeed }])], OPERATOR),
    ).toContain('Removed');
    expect(
      await privateReply('feeds', [sub('remove', [{ name: 'url', type: 3, value: newFeed }])], OPERATOR),
    ).toContain('is not in the feeds list');
  });

  it('adds one article by its address with /add, for operators only', async () => {
    // A scheduled poll's reindex running at that moment would make /add answer "busy"; that is tested elsewhere.
    await scheduler.stop();
    server.route(
      '/one-off',
      text(
        articlePage({
          title: 'Inhumans to premiere in IMAX',
          siteName: 'IMAX Daily',
          paragraphs: paragraphs('Marvel Inhumans premieres in IMAX theatres on September 1 before ABC airs it.'),
        }),
      ),
    );
    const url = `${server.origin}/one-off`;
    expect(await privateReply('add', [{ name: 'url', type: 3, value: url }], SERVER_ADMIN)).toContain(
      "only the bot's operator",
    );
    expect(await privateReply('add', [{ name: 'url', type: 3, value: url }], OPERATOR)).toContain(
      'Added **Inhumans to premiere in IMAX** (IMAX Daily, http\\[:\\]//127.0.0.1:',
    );
    expect(await askBot('Where does Inhumans premiere?')).toContain('IMAX');
    expect(
      await privateReply('add', [{ name: 'url', type: 3, value: `${server.origin}/private/x` }], OPERATOR),
    ).toContain('robots.txt');
  });
});

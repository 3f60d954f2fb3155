import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireDiscordToken } from '../src/config';
import { deployCommands } from '../src/discord/deploy-commands';
import { silentLogger } from '../src/log';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import {
  ADMIN_PERMISSIONS,
  FAKE_ADMIN_GUILD_ID,
  FAKE_GUILD_ID,
  FAKE_OWNER_ID,
  embedsOf,
  jsonText,
  messageData,
  type JsonObject,
  type RecordedRequest,
} from './support/fake-discord';

const TIMEOUT = 60_000;
/** A day written as the engine stores it; Discord should never be shown one. */
const RAW_DAY = /\b\d{4}-\d{2}-\d{2}\b/;

// Made-up: one outlet with one article, whose text quotes a line that itself quotes a song title.
const articles = {
  'lantern-bay.md': `---\ntitle: Lantern Bay season 2 finale ends on a song\noutlet: Pinecone Screen\nurl: https://pinecone.example/lantern-bay-finale\npublished: 2024-05-03\n---\nThe showrunner of Lantern Bay said the finale “closes on “Tidewater Hymn,” the song the sisters sang as children.”\n`,
};

let bot: BotHarness;

beforeAll(async () => {
  bot = await startBotHarness({
    name: 'discord-rough-edges-',
    env: { ASK_COOLDOWN_SECONDS: '0', ADMIN_GUILD_ID: FAKE_ADMIN_GUILD_ID },
    addArticles: async (dir) => {
      for (const [name, text] of Object.entries(articles)) await writeFile(path.join(dir, name), text);
    },
  });
}, TIMEOUT);

afterAll(async () => {
  await bot?.close();
}, TIMEOUT);

const reply = (sent: { id: string }) => bot.fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
const finalEdit = (token: string) =>
  bot.fake.nextRequest(
    (r) =>
      r.method === 'PATCH' &&
      r.path.endsWith(`/${token}/messages/@original`) &&
      embedsOf(r).some((e) => e.footer?.text !== 'writing…'),
  );
const ask = (question: string, who = {}) =>
  bot.fake.sendCommand('ask', [{ name: 'question', type: 3, value: question }], who);

/** Every text a message shows, embeds and content alike. */
function shownText(request: RecordedRequest): string {
  const data = messageData(request);
  const embeds = embedsOf(request);
  return [
    jsonText(data?.content ?? ''),
    ...embeds.flatMap((e) => [
      e.title,
      e.description,
      e.footer?.text,
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ]
    .filter(Boolean)
    .join('\n');
}

describe('Discord rough edges', { timeout: TIMEOUT }, () => {
  it("dates an answer's sources as Discord timestamps and stamps the embed", async () => {
    const edit = await finalEdit(ask('How does the Lantern Bay season 2 finale end?').token);
    const embed = embedsOf(edit)[0];
    const value = embed?.fields?.[0]?.value ?? '';
    // 2024-05-03 at noon UTC: the same calendar day in every reader's zone.
    expect(value).toContain(`<t:${Date.UTC(2024, 4, 3, 12) / 1000}:D>`);
    expect(shownText(edit)).not.toMatch(RAW_DAY);
    expect(Date.parse(String(embed?.timestamp))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('writes a quote inside a quote with single marks, never doubled ones', async () => {
    const edit = await finalEdit(ask('What song does the Lantern Bay finale close on?').token);
    const quotes = (embedsOf(edit)[0]?.fields ?? []).map((f) => f.value).join('\n');
    expect(quotes).toContain('‘Tidewater Hymn,’');
    expect(quotes).not.toMatch(/““|””/);
  });

  it('counts "1 outlet, 1 article" in /sources and dates outlets as timestamps', async () => {
    const shown = await reply(bot.fake.sendCommand('sources', [{ name: 'outlet', type: 3, value: 'pinecone' }]));
    const embed = embedsOf(shown)[0];
    expect(embed?.title).toBe('Sources matching "pinecone": 1 outlet, 1 article');
    expect(shownText(shown)).toMatch(/latest <t:\d+:D>/);
    expect(shownText(shown)).not.toMatch(RAW_DAY);
    expect(embed?.timestamp).toBeTruthy();
  });

  it('labels /feedback votes with the server name and a timestamp, not a raw id', async () => {
    const edit = await finalEdit(ask('How does the Lantern Bay season 2 finale end?').token);
    const rows = messageData(edit)?.components as JsonObject[];
    const down = ((rows.at(-1)?.components ?? []) as JsonObject[])[1];
    const message = bot.fake.messageFor(edit.path.split('/')[3] ?? '');
    const voted = bot.fake.sendButton(jsonText(down?.custom_id), message, { userId: '100000000000000051' });
    await reply(voted);
    const answerId = jsonText(down?.custom_id).split(':')[2] ?? '';
    await reply(bot.fake.sendModalSubmit(`ask:why:${answerId}`, { comment: 'wrong song' }, message));

    const shown = await reply(
      bot.fake.sendCommand('feedback', [], { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID }),
    );
    const field = embedsOf(shown)[0]?.fields?.[0];
    // The fake Discord names its guilds "guild" and the id's last four digits.
    expect(field?.name).toBe(`In guild ${FAKE_GUILD_ID.slice(-4)}`);
    expect(shownText(shown)).not.toContain(FAKE_GUILD_ID);
    expect(field?.value).toMatch(/^<t:\d+:f> \(<t:\d+:R>\)/);
  });

  it('shows /settings to a member without Manage Server, saying plainly that no model writes answers', async () => {
    const shown = await reply(bot.fake.sendCommand('settings', [{ name: 'show', type: 1, options: [] }]));
    const text = shownText(shown);
    expect(text).not.toContain('Only members with Manage Server');
    const model = embedsOf(shown)[0]?.fields?.find((f) => f.name === 'Answers written by a model')?.value;
    expect(model).toBe('No: the operator has not set up a language model, so answers quote the articles.');
    expect(embedsOf(shown)[0]?.footer?.text).toBe('Members with Manage Server can change these.');

    const change = await reply(
      bot.fake.sendCommand('settings', [{ name: 'set', type: 1, options: [{ name: 'cooldown', type: 4, value: 9 }] }]),
    );
    expect(jsonText(messageData(change)?.content)).toContain('Only members with Manage Server can change');
    const admin = await reply(
      bot.fake.sendCommand(
        'settings',
        [{ name: 'set', type: 1, options: [{ name: 'llm_answers', type: 5, value: false }] }],
        { permissions: ADMIN_PERMISSIONS },
      ),
    );
    expect(embedsOf(admin)[0]?.fields?.find((f) => f.name === 'Answers written by a model')?.value).toBe(
      'No: the operator has not set up a language model, so answers quote the articles. This server has chosen not to use one if the operator sets one up.',
    );
  });

  it('answers /feeds add with a non-address in plain words, without a mangled "http[:]//"', async () => {
    const shown = await reply(
      bot.fake.sendCommand(
        'feeds',
        [{ name: 'add', type: 1, options: [{ name: 'url', type: 3, value: 'not a url' }] }],
        {
          userId: FAKE_OWNER_ID,
          guildId: FAKE_ADMIN_GUILD_ID,
        },
      ),
    );
    const text = jsonText(messageData(shown)?.content);
    expect(text).toContain("That is not a feed's web address");
    expect(text).not.toContain('[:]');
  });

  it('reports /reindex progress in words, never "reading: 0 of 1"', async () => {
    const sent = bot.fake.sendCommand('reindex', [], { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID });
    await bot.fake.nextRequest(
      (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r)[0]?.title === 'Reindex finished',
    );
    const progress = bot.fake
      .edits(sent.token)
      .map((e) => embedsOf(e)[0])
      .filter((e) => e?.title === 'Reindexing')
      .map((e) => e?.description ?? '');
    expect(progress[0]).toBe('Reading the articles folder…');
    for (const line of progress) expect(line).not.toMatch(/\b0 of 1\b/);
  });

  it('registers /ask, /help and /sources for members to install for themselves, and the rest for servers only', async () => {
    const config = requireDiscordToken(
      loadConfig({
        ARTICLES_DIR: bot.articlesDir,
        INDEX_DIR: path.join(bot.workDir, 'index'),
        DISCORD_TOKEN: 'fake-discord-token-abcdef',
        DISCORD_API_URL: bot.fake.apiUrl,
        ADMIN_GUILD_ID: FAKE_ADMIN_GUILD_ID,
      }),
    );
    await deployCommands(config, silentLogger);
    const registered = [
      ...(bot.fake.registrations.get('global') ?? []),
      ...(bot.fake.registrations.get(FAKE_ADMIN_GUILD_ID) ?? []),
    ];
    const install = (name: string) => {
      const c = registered.find((r) => r.name === name);
      return { integration_types: c?.integration_types, contexts: c?.contexts };
    };
    for (const name of ['ask', 'help', 'sources']) {
      expect(install(name)).toEqual({ integration_types: [0, 1], contexts: [0, 1, 2] });
    }
    for (const name of ['settings', 'reindex', 'feeds', 'add', 'feedback']) {
      expect(install(name)).toEqual({ integration_types: [0], contexts: [0] });
    }
  });

  it('answers /ask in a direct message, with no server, and stores it without one', async () => {
    const sent = ask('How does the Lantern Bay season 2 finale end?', { dm: true, userId: '100000000000000061' });
    const edit = await finalEdit(sent.token);
    expect(embedsOf(edit)[0]?.fields?.[0]?.name).toBe('[1] Pinecone Screen');
    const rows = (messageData(edit)?.components ?? []) as JsonObject[];
    const labels = rows.flatMap((r) =>
      (r.components as JsonObject[]).map((b) => b.label ?? (b.emoji as JsonObject).name),
    );
    // A DM has no threads to follow up in.
    expect(labels).not.toContain('Follow up');
    const id = jsonText(((rows.at(-1)?.components as JsonObject[])[0] as JsonObject).custom_id).split(':')[2] ?? '';
    expect((await bot.store.getAnswer(id))?.guildId).toBeNull();
  });

  it("answers from a member's own install in a server that did not add the bot, offering no thread", async () => {
    const edit = await finalEdit(ask('How does the Lantern Bay season 2 finale end?', { userInstallOnly: true }).token);
    const rows = (messageData(edit)?.components ?? []) as JsonObject[];
    const labels = rows.flatMap((r) =>
      (r.components as JsonObject[]).map((b) => b.label ?? (b.emoji as JsonObject).name),
    );
    expect(labels).toContain('👍');
    expect(labels).not.toContain('Follow up');
  });
});

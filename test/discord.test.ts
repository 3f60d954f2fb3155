import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PermissionFlagsBits, type Client } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../src/answer/types';
import { zeroTimings } from './support/timings';
import { loadConfig, requireDiscordToken, type BotConfig } from '../src/config';
import { startBot } from '../src/discord/bot';
import { openStore, type Store } from '../src/db/store';
import { deployCommands } from '../src/discord/deploy-commands';
import { openEngine, type Engine } from '../src/engine';
import { ReindexBusyError } from '../src/errors';
import type { SourceSummary } from '../src/index/types';
import { createLogger } from '../src/log';
import {
  ADMIN_PERMISSIONS,
  FAKE_ADMIN_GUILD_ID,
  FAKE_APP_ID,
  FAKE_GUILD_ID,
  FAKE_CHANNEL_ID,
  FAKE_OTHER_CHANNEL_ID,
  FAKE_OTHER_GUILD_ID,
  FAKE_OWNER_ID,
  discordLimitViolations,
  embedsOf,
  isMessageBody,
  jsonText,
  messageData,
  startFakeDiscord,
  type FakeDiscord,
  type JsonObject,
  type RecordedRequest,
} from './support/fake-discord';
import { PROCESS_TEST_TIMEOUT_MS } from './support/bounds';

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;

type EngineOverrides = Partial<Pick<Engine, 'ask' | 'sources' | 'reindex'>>;

/** The real engine, with single methods swapped per test (a failing ask, 60 outlets, a held reindex). */
function overridableEngine() {
  let base: Engine | null = null;
  let overrides: EngineOverrides = {};
  const real = () => {
    if (!base) throw new Error('engine not opened yet');
    return base;
  };
  const engine: Engine = {
    ask: (question, options) => (overrides.ask ?? real().ask)(question, options),
    retrieve: (question, options) => real().retrieve(question, options),
    sources: () => (overrides.sources ?? real().sources)(),
    latest: (show, options) => real().latest(show, options),
    shows: (typed) => real().shows(typed),
    articleIds: () => real().articleIds(),
    onReindexed: (listener) => real().onReindexed(listener),
    reindex: (options) => (overrides.reindex ?? real().reindex)(options),
    exclusive: (task) => real().exclusive(task),
    adopt: (fetch) => real().adopt(fetch),
    version: () => real().version(),
    size: () => real().size(),
    get embeddingModel() {
      return real().embeddingModel;
    },
    close: () => real().close(),
  };
  return {
    engine,
    setBase: (e: Engine) => void (base = e),
    override: (o: EngineOverrides) => void (overrides = o),
    reset: () => void (overrides = {}),
  };
}
const QUESTION = 'Who is Janet McTeer playing?';
/** An operator named in OWNER_IDS, besides the application's owner FAKE_OWNER_ID. */
const SECOND_OPERATOR = '100000000000000077';

let workDir: string;
let config: BotConfig;
let realEngine: Engine;
let fake: FakeDiscord;
let client: Client;
let store: Store;
const logLines: string[] = [];
const wrapped = overridableEngine();

function botConfig(extra: Record<string, string> = {}): BotConfig {
  return requireDiscordToken(
    loadConfig({
      ARTICLES_DIR: path.join(workDir, 'articles'),
      INDEX_DIR: path.join(workDir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      DISCORD_TOKEN: 'fake-discord-token-abcdef',
      DISCORD_API_URL: fake.apiUrl,
      ASK_COOLDOWN_SECONDS: '0',
      DATABASE_DIR: path.join(workDir, 'store'),
      ADMIN_GUILD_ID: FAKE_ADMIN_GUILD_ID,
      OWNER_IDS: SECOND_OPERATOR,
      ...extra,
    }),
  );
}

const log = createLogger({ level: 'debug', write: (line) => logLines.push(line) });

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'discord-e2e-'));
  await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
  fake = await startFakeDiscord();
  config = botConfig();
  realEngine = await openEngine(config, { log });
  wrapped.setBase(realEngine);
  store = await openStore(config.store, log);
  client = await startBot(config, wrapped.engine, store, log);
}, TIMEOUT);

afterAll(async () => {
  await client?.destroy();
  await store?.close();
  await fake?.close();
  await realEngine?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, TIMEOUT);

afterEach(() => wrapped.reset());

const option = (name: string, type: number, value: string | boolean) => ({ name, type, value });
const ask = (question: string, who?: { userId?: string }) =>
  fake.sendCommand('ask', [option('question', 3, question)], who);

function finalEdit(token: string): Promise<RecordedRequest> {
  return fake.nextRequest(
    (r) =>
      r.method === 'PATCH' &&
      r.path.endsWith(`/${token}/messages/@original`) &&
      embedsOf(r).some((e) => e.footer?.text !== 'writing…'),
  );
}

describe('Discord bot end to end', { timeout: TIMEOUT }, () => {
  it('logs in through the gateway and learns its application id from READY', () => {
    expect(client.isReady()).toBe(true);
    expect(client.application?.id).toBe(FAKE_APP_ID);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
  });

  it('registers public commands globally and operator commands only in the admin guild, removing registrations no longer wanted', async () => {
    const names = (where: string) => (fake.registrations.get(where) ?? []).map((c) => jsonText(c.name)).sort();
    const publicCommands = ['ask', 'follow', 'help', 'latest', 'settings', 'sources'];

    await deployCommands(botConfig(), log);
    expect(names('global')).toEqual(publicCommands);
    expect(names(FAKE_ADMIN_GUILD_ID)).toEqual(['add', 'feedback', 'feeds', 'reindex']);

    // A test deploy to one server later: the global commands go, the admin guild keeps /reindex.
    await deployCommands(botConfig({ DISCORD_GUILD_ID: FAKE_GUILD_ID }), log);
    expect(names('global')).toEqual([]);
    expect(names(FAKE_GUILD_ID)).toEqual(publicCommands);
    expect(names(FAKE_ADMIN_GUILD_ID)).toEqual(['add', 'feedback', 'feeds', 'reindex']);

    // A /reindex some older deploy left in another server is removed.
    fake.registrations.set(FAKE_OTHER_GUILD_ID, [{ name: 'reindex' }]);
    const result = await deployCommands(botConfig(), log);
    expect(result.cleared.sort()).toEqual([FAKE_GUILD_ID, FAKE_OTHER_GUILD_ID].sort());
    expect(names(FAKE_OTHER_GUILD_ID)).toEqual([]);
    expect(names(FAKE_GUILD_ID)).toEqual([]);
    expect(names('global')).toEqual(publicCommands);

    const commands = fake.registrations.get('global') ?? [];
    const byName = new Map(commands.map((c) => [c.name, c]));
    const askOptions = byName.get('ask')?.options as JsonObject[];
    expect(askOptions.find((o) => o.name === 'question')).toMatchObject({ type: 3, required: true, max_length: 1000 });
    expect(askOptions.find((o) => o.name === 'private')).toMatchObject({ type: 5 });
    expect((byName.get('sources')?.options as JsonObject[])[0]).toMatchObject({
      name: 'outlet',
      type: 3,
      autocomplete: true,
    });
    const reindex = fake.registrations.get(FAKE_ADMIN_GUILD_ID)?.find((c) => c.name === 'reindex');
    expect(reindex?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
  });

  it('defers /ask at once, then edits in the short answer, the answer, one source per article with its quote, and link buttons', async () => {
    const expected = await realEngine.ask(QUESTION);
    expect(expected.citations.map((c) => c.outlet)).toContain('Gospel Herald');

    const sent = ask(QUESTION);
    const edit = await finalEdit(sent.token);
    const callbacks = fake.callbacks(sent.id);
    expect(callbacks[0]?.body).toMatchObject({ type: 5 });
    expect(
      callbacks[0] && callbacks[0].at <= edit.at && fake.requests.indexOf(callbacks[0]) < fake.requests.indexOf(edit),
    ).toBe(true);

    const [embed, ...rest] = embedsOf(edit);
    expect(rest).toEqual([]);
    const first = expected.citations[0];
    const url = String(first?.url);
    // The engine's short answer leads, bold in place; the sentence that states it follows.
    expect(expected.short).not.toBeNull();
    expect(
      embed?.description?.startsWith(
        `**${expected.short}**: We do know that Janet McTeer has been cast in a mystery role`,
      ),
    ).toBe(true);
    expect(embed?.description?.match(/We do know that/g)).toHaveLength(1);
    expect(embed?.description).toContain(`[[1]](${url})`);
    expect(embed?.description).not.toContain('[2]');
    expect(embed?.fields).toHaveLength(1);
    expect(embed?.fields?.[0]?.name).toBe('[1] Gospel Herald');
    const value = embed?.fields?.[0]?.value ?? '';
    expect(value).toContain(`[${first?.title}](${url}) · <t:${Date.parse(`${first?.published}T12:00:00Z`) / 1000}:D>`);
    expect(value).toContain('> “We do know that Janet McTeer has been cast in a mystery role');
    expect(embed?.footer?.text).toBe('From 1 article');

    const rows = messageData(edit)?.components as JsonObject[];
    const links = rows[0]?.components as JsonObject[];
    expect(links).toEqual([{ type: 2, style: 5, label: 'Read on Gospel Herald', url }]);
    expect(discordLimitViolations(edit)).toEqual([]);
  });

  it('keeps a 10,000-character answer with 30 sources within every Discord limit', async () => {
    const citations: Citation[] = Array.from({ length: 30 }, (_, i) => ({
      n: i + 1,
      file: `article-${i}.txt`,
      outlet: `Outlet number ${i + 1} with a rather long name`,
      title: `A long headline about the show, part ${i + 1}, with [brackets] and *stars* in it`,
      url: `https://example.com/news/${i + 1}/a-long-article-path-that-goes-on-and-on`,
      published: '2024-05-01',
      quote: 'A quote.',
    }));
    const sentence = (i: number) => `This is sentence ${i} of a very long answer about the show [${(i % 30) + 1}]. `;
    let text = '';
    for (let i = 0; text.length < 10_000; i++) text += sentence(i);
    wrapped.override({
      ask: (question) =>
        Promise.resolve<Answer>({
          question,
          short: null,
          answer: text,
          abstained: false,
          mode: 'extractive',
          citations,
          timings: zeroTimings,
        }),
    });

    const sent = ask('Tell me everything about the show, please');
    const edit = await finalEdit(sent.token);
    expect(discordLimitViolations(edit)).toEqual([]);
    const embeds = embedsOf(edit);
    const shown = embeds.map((e) => e.description ?? '').join('');
    expect(shown.length).toBeGreaterThan(1_000);
    expect(shown.endsWith('…')).toBe(true);
    const fields = embeds.flatMap((e) => e.fields ?? []);
    expect(fields[0]?.name).toBe('[1] Outlet number 1 with a rather long name');
    expect(fields[0]?.value).toContain(`· <t:${Date.UTC(2024, 4, 1, 12) / 1000}:D>`);
    expect(fields.at(-1)?.value).toMatch(/^and \d+ more sources$/);
  });

  it('never pings anyone, whatever the question or article text holds', async () => {
    const pinging = '@everyone @here <@123> <@&456> who is Janet McTeer playing?';
    const sent = ask(pinging);
    const edit = await finalEdit(sent.token);
    expect(embedsOf(edit)[0]?.title).toContain('@everyone');

    wrapped.override({
      ask: (question) =>
        Promise.resolve<Answer>({
          question,
          short: null,
          answer: 'Hey @everyone and @here, <@123> and <@&456> say hi [1].',
          abstained: false,
          mode: 'extractive',
          citations: [
            {
              n: 1,
              file: 'a.txt',
              outlet: '@everyone news',
              title: '<@&456> wins',
              url: null,
              published: null,
              quote: 'x',
            },
          ],
          timings: zeroTimings,
        }),
    });
    const second = ask('Anything about @here?');
    await finalEdit(second.token);

    const bodies = fake.requests
      .filter((r) => r.path.includes(sent.token) || r.path.includes(second.token))
      .filter(isMessageBody);
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    for (const request of bodies) expect(messageData(request)?.allowed_mentions).toEqual({ parse: [] });
  });

  it('lists the outlets with /sources and autocompletes outlet names', async () => {
    const outlets = realEngine.sources();
    const sent = fake.sendCommand('sources');
    const replyRequest = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
    expect(replyRequest.body).toMatchObject({ type: 4 });
    const description = embedsOf(replyRequest)[0]?.description ?? '';
    for (const outlet of outlets) expect(description).toContain(outlet.outlet);
    expect(messageData(replyRequest)?.allowed_mentions).toEqual({ parse: [] });

    const target = outlets[0]?.outlet ?? '';
    const typed = target.slice(0, 3).toLowerCase();
    const auto = fake.sendAutocomplete('sources', [{ name: 'outlet', type: 3, value: typed, focused: true }]);
    const answer = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${auto.id}/`));
    expect(answer.body).toMatchObject({ type: 8 });
    const choices = (messageData(answer)?.choices ?? []) as JsonObject[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.value)).toContain(target);
    for (const choice of choices) expect(jsonText(choice.value).toLowerCase()).toContain(typed);
  });

  it('pages 60 outlets with Previous/Next buttons and caps autocomplete at 25 choices', async () => {
    const many: SourceSummary[] = Array.from({ length: 60 }, (_, i) => ({
      outlet: `Outlet ${String(i + 1).padStart(2, '0')}`,
      articles: 1,
      earliest: '2024-01-01',
      latest: '2024-01-01',
    }));
    wrapped.override({ sources: () => many });

    const sent = fake.sendCommand('sources');
    const first = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
    const firstPage = embedsOf(first)[0];
    expect(firstPage?.footer?.text).toBe('Page 1 of 3');
    const buttons = ((messageData(first)?.components as JsonObject[])[0]?.components ?? []) as JsonObject[];
    const next = buttons.find((b) => b.label === 'Next');
    expect(buttons.find((b) => b.label === 'Previous')?.disabled).toBe(true);
    expect(next?.disabled).toBe(false);

    const click = fake.sendButton(jsonText(next?.custom_id), fake.messageFor(sent.token));
    const update = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${click.id}/`));
    expect(update.body).toMatchObject({ type: 7 });
    const secondPage = embedsOf(update)[0];
    expect(secondPage?.footer?.text).toBe('Page 2 of 3');
    expect(secondPage?.description).not.toBe(firstPage?.description);
    expect(secondPage?.description).toContain('Outlet 21');
    expect(messageData(update)?.allowed_mentions).toEqual({ parse: [] });

    const all = fake.sendAutocomplete('sources', [{ name: 'outlet', type: 3, value: '', focused: true }]);
    const allChoices = (messageData(await fake.nextRequest((r) => r.path.startsWith(`/interactions/${all.id}/`)))
      ?.choices ?? []) as JsonObject[];
    expect(allChoices).toHaveLength(25);
    const some = fake.sendAutocomplete('sources', [{ name: 'outlet', type: 3, value: 'outlet 1', focused: true }]);
    const someChoices = (messageData(await fake.nextRequest((r) => r.path.startsWith(`/interactions/${some.id}/`)))
      ?.choices ?? []) as JsonObject[];
    expect(someChoices.map((c) => c.value).sort()).toEqual(
      many
        .filter((s) => s.outlet.startsWith('Outlet 1'))
        .map((s) => s.outlet)
        .sort(),
    );
  });

  it('reindexes for the application owner with progress edits and a summary', async () => {
    const sent = fake.sendCommand('reindex', [], { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID });
    const summary = await fake.nextRequest(
      (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r)[0]?.title === 'Reindex finished',
    );
    expect(fake.callbacks(sent.id)[0]?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const edits = fake.edits(sent.token);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.slice(0, -1).every((e) => embedsOf(e)[0]?.title === 'Reindexing')).toBe(true);
    expect(edits.at(-1)).toBe(summary);
    const fields = embedsOf(summary)[0]?.fields ?? [];
    const articles = realEngine.sources().reduce((sum, s) => sum + s.articles, 0);
    expect(fields.find((f) => f.name === 'Articles')?.value).toBe(String(articles));
    expect(fields.find((f) => f.name === 'Changed')?.value).toBe('0');
    expect(discordLimitViolations(summary)).toEqual([]);
  });

  it('refuses /reindex to an admin of another server and to a non-operator, without touching the index', async () => {
    let calls = 0;
    wrapped.override({
      reindex: (options) => {
        calls += 1;
        return realEngine.reindex(options);
      },
    });
    const refusals = [
      fake.sendCommand('reindex', [], {
        permissions: ADMIN_PERMISSIONS,
        guildId: FAKE_OTHER_GUILD_ID,
        userId: '100000000000000055',
      }),
      fake.sendCommand('reindex', [], {
        permissions: ADMIN_PERMISSIONS,
        guildId: FAKE_ADMIN_GUILD_ID,
        userId: '100000000000000056',
      }),
      fake.sendCommand('reindex', [], { guildId: FAKE_ADMIN_GUILD_ID }),
    ];
    for (const sent of refusals) {
      const refusal = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
      expect(refusal.body).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(jsonText(messageData(refusal)?.content)).toContain("only the bot's operator");
    }
    expect(calls).toBe(0);
    // One private refusal each, no progress edits: nothing of the index is shown.
    expect(fake.requests.filter((r) => refusals.some((s) => r.path.includes(s.token))).map((r) => r.method)).toEqual([
      'POST',
      'POST',
      'POST',
    ]);
  });

  it('tells a second operator that a reindex is already running', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let running = false;
    // Holds the first reindex open so the second surely overlaps it; the engine's contract is to throw ReindexBusyError then.
    wrapped.override({
      reindex: async (options) => {
        if (running) throw new ReindexBusyError();
        running = true;
        try {
          await held;
          return await realEngine.reindex(options);
        } finally {
          running = false;
        }
      },
    });
    const first = fake.sendCommand('reindex', [], { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID });
    await fake.nextRequest((r) => r.path.startsWith(`/interactions/${first.id}/`));
    const second = fake.sendCommand('reindex', [], { userId: SECOND_OPERATOR, guildId: FAKE_ADMIN_GUILD_ID });
    const busy = await fake.nextRequest((r) => r.method === 'PATCH' && r.path.includes(second.token));
    expect(jsonText(messageData(busy)?.content)).toContain('already running');
    expect(fake.callbacks(second.id)[0]?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    release();
    await fake.nextRequest(
      (r) => r.method === 'PATCH' && r.path.includes(first.token) && embedsOf(r)[0]?.title === 'Reindex finished',
    );
  });

  it('answers 50 questions asked at once', async () => {
    const sent = Array.from({ length: 50 }, (_, i) =>
      ask(QUESTION, { userId: String(200000000000000000n + BigInt(i)) }),
    );
    const edits = await Promise.all(sent.map((s) => finalEdit(s.token)));
    for (const s of sent) expect(fake.callbacks(s.id)[0]?.body).toMatchObject({ type: 5 });
    for (const edit of edits) expect(embedsOf(edit).flatMap((e) => e.fields ?? []).length).toBeGreaterThan(0);
  });

  it('answers an engine failure privately with a reference that is in the log', async () => {
    wrapped.override({
      ask: () => Promise.reject(new Error('the index caught fire')),
    });
    const sent = ask(QUESTION);
    const note = await fake.nextRequest(
      (r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_APP_ID}/${sent.token}`,
    );
    const content = jsonText(messageData(note)?.content);
    const ref = /Something went wrong \(ref ([0-9a-f]{8})\)/.exec(content)?.[1];
    expect(ref).toBeDefined();
    expect(messageData(note)?.flags).toBe(64);
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path.includes(sent.token))).toBe(true);
    const logged = logLines.find((line) => line.includes(`"ref":"${ref}"`));
    expect(logged).toContain('the index caught fire');
  });

  it('explains a rejected question privately', async () => {
    const sent = ask('   ');
    const note = await fake.nextRequest(
      (r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_APP_ID}/${sent.token}`,
    );
    expect(messageData(note)?.flags).toBe(64);
    expect(jsonText(messageData(note)?.content)).toMatch(/empty/i);
  });

  it('answers privately when asked to', async () => {
    const sent = fake.sendCommand('ask', [option('question', 3, QUESTION), option('private', 5, true)]);
    await finalEdit(sent.token);
    expect(fake.callbacks(sent.id)[0]?.body).toMatchObject({ type: 5, data: { flags: 64 } });
  });

  it('keeps one changeable vote per user, takes a 👎 comment in a modal, and still counts votes after a restart', async () => {
    const sent = ask(QUESTION);
    const edit = await finalEdit(sent.token);
    const rows = messageData(edit)?.components as JsonObject[];
    const actions = (rows.at(-1)?.components ?? []) as JsonObject[];
    expect(actions.map((b) => (b.emoji as JsonObject | undefined)?.name ?? b.label)).toEqual(['👍', '👎', 'Follow up']);
    const [up, down] = actions.map((b) => jsonText(b.custom_id));
    const answerId = jsonText(up).split(':')[2] ?? '';
    const message = fake.messageFor(sent.token);
    const voter = { userId: '100000000000000031' };

    const thumbsUp = fake.sendButton(jsonText(up), message, voter);
    const thanks = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${thumbsUp.id}/`));
    expect(thanks.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(await store.votesOn(answerId)).toEqual({ up: 1, down: 0 });

    const thumbsDown = fake.sendButton(String(down), message, voter);
    const modal = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${thumbsDown.id}/`));
    expect(modal.body).toMatchObject({
      type: 9,
      data: { custom_id: `ask:why:${answerId}`, title: 'What was wrong with this answer?' },
    });
    const input = (
      (((modal.body as JsonObject).data as JsonObject).components as JsonObject[])[0]?.components as JsonObject[]
    )[0];
    expect(input).toMatchObject({ custom_id: 'comment', required: false, max_length: 500 });
    expect(await store.votesOn(answerId)).toEqual({ up: 0, down: 1 });

    const comment = '@everyone it is about season 1, not 2';
    const submitted = fake.sendModalSubmit(`ask:why:${answerId}`, { comment }, message, voter);
    const saved = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${submitted.id}/`));
    expect(saved.body).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(await store.votesOn(answerId)).toEqual({ up: 0, down: 1 });
    const [latest] = await store.latestDownVotes(1);
    expect(latest).toMatchObject({ answerId, question: QUESTION, comment, guildId: FAKE_GUILD_ID });

    // The operator reads it with /feedback; nobody else can.
    const operatorView = fake.sendCommand('feedback', [], { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID });
    const shown = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${operatorView.id}/`));
    expect(shown.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const field = embedsOf(shown)[0]?.fields?.[0];
    expect(field?.value).toContain('**Wrong:** \\@everyone it is about season 1, not 2');
    expect(field?.value).toContain(`**Q:** ${QUESTION}`);
    expect(discordLimitViolations(shown)).toEqual([]);
    const stranger = fake.sendCommand('feedback', [], { permissions: ADMIN_PERMISSIONS, guildId: FAKE_OTHER_GUILD_ID });
    const refused = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${stranger.id}/`));
    expect(jsonText(messageData(refused)?.content)).toContain("only the bot's operator");
    expect(embedsOf(refused)).toEqual([]);

    // A restart: a new client and a reopened store; the old message's buttons still work.
    await client.destroy();
    await store.close();
    store = await openStore(config.store, log);
    client = await startBot(config, wrapped.engine, store, log);
    await fake.waitForConnection();
    const later = fake.sendButton(jsonText(up), message, { userId: '100000000000000032' });
    const counted = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${later.id}/`));
    expect(jsonText(messageData(counted)?.content)).toContain('👍 is counted');
    expect(await store.votesOn(answerId)).toEqual({ up: 1, down: 1 });
  });

  it('answers a forged, foreign or unknown answer id politely and privately, changing nothing', async () => {
    const sent = ask(QUESTION);
    const edit = await finalEdit(sent.token);
    const up = jsonText(
      ((messageData(edit)?.components as JsonObject[]).at(-1)?.components as JsonObject[])[0]?.custom_id,
    );
    const answerId = up.split(':')[2] ?? '';
    const message = fake.messageFor(sent.token);
    const tries = [
      fake.sendButton(`ask:up:${answerId}'; drop table votes`, message),
      fake.sendButton(`ask:why:${answerId}`, message),
      fake.sendButton(up, message, { guildId: FAKE_OTHER_GUILD_ID }),
      fake.sendModalSubmit(`ask:why:${answerId}`, { comment: 'x' }, message, { guildId: FAKE_OTHER_GUILD_ID }),
      fake.sendButton('ask:up:AAAAAAAAAAAAAAAA', message),
    ];
    const replies = [];
    for (const t of tries) replies.push(await fake.nextRequest((r) => r.path.startsWith(`/interactions/${t.id}/`)));
    for (const r of replies) expect(r.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const texts = replies.map((r) => jsonText(messageData(r)?.content));
    expect(texts.slice(0, 4).every((t) => t.includes("doesn't belong to an answer I gave here"))).toBe(true);
    expect(texts[4]).toContain('no longer stored');
    expect(await store.votesOn(answerId)).toEqual({ up: 0, down: 0 });
  });

  it('answers a follow-up in a thread it starts on the answer, carrying the show over from the earlier question', async () => {
    // Asked alone, the follow-up names nothing the index can answer.
    const alone = await realEngine.ask('When does it come out?');
    expect(alone.abstained).toBe(true);

    const sent = ask('What is happening with Jessica Jones season 2?');
    const edit = await finalEdit(sent.token);
    const actions = ((messageData(edit)?.components as JsonObject[]).at(-1)?.components ?? []) as JsonObject[];
    const follow = jsonText(actions.find((b) => b.label === 'Follow up')?.custom_id);
    const message = fake.messageFor(sent.token);

    const click = fake.sendButton(follow, message);
    const modal = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${click.id}/`));
    expect(modal.body).toMatchObject({ type: 9, data: { title: 'Ask a follow-up question' } });
    const modalId = jsonText(((modal.body as JsonObject).data as JsonObject).custom_id);

    const submit = fake.sendModalSubmit(modalId, { question: 'When does it come out?' }, message);
    const done = await fake.nextRequest((r) => r.method === 'PATCH' && r.path.includes(submit.token));
    expect(fake.callbacks(submit.id)[0]?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const thread = fake.threads.find((t) => t.messageId === message.id);
    expect(thread).toMatchObject({ parentId: FAKE_CHANNEL_ID, name: 'What is happening with Jessica Jones season 2?' });
    expect(jsonText(messageData(done)?.content)).toBe(`Answered in <#${thread?.id}>.`);

    const [posted] = fake.channelMessages(String(thread?.id));
    expect(posted?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    const answer = embedsOf(posted as RecordedRequest)[0];
    expect(answer?.title).toBe('When does it come out?');
    expect(answer?.description).toContain('Jessica Jones Season 2 is expected to air sometime 2018');
    expect(discordLimitViolations(posted as RecordedRequest)).toEqual([]);

    // /ask inside the thread uses the thread's questions too, and its Follow up stays in the thread.
    const inThread = fake.sendCommand('ask', [option('question', 3, 'Where is it filmed?')], { channelId: thread?.id });
    const threadEdit = await finalEdit(inThread.token);
    expect(embedsOf(threadEdit)[0]?.description).toContain('Broadway and West 101st Street');
    const again = jsonText(
      (((messageData(threadEdit)?.components as JsonObject[]).at(-1)?.components ?? []) as JsonObject[]).find(
        (b) => b.label === 'Follow up',
      )?.custom_id,
    );
    const second = fake.sendModalSubmit(
      again.replace(':follow:', ':next:'),
      { question: 'Who stars in it?' },
      fake.messageFor(inThread.token),
      {
        channelId: thread?.id,
      },
    );
    await fake.nextRequest((r) => r.method === 'PATCH' && r.path.includes(second.token));
    expect(fake.threads.filter((t) => t.parentId === FAKE_CHANNEL_ID && t.messageId === message.id)).toHaveLength(1);
    const posts = fake.channelMessages(String(thread?.id));
    expect(posts).toHaveLength(2);
    expect(embedsOf(posts[1] as RecordedRequest)[0]?.description).toContain('Krysten Ritter');
  });

  it('keeps settings per server: public channels, cooldown, refused to members without Manage Server', async () => {
    const settings = (
      sub: string,
      options: { name: string; type: number; value: string | number | boolean }[],
      who = {},
    ) => fake.sendCommand('settings', [{ name: sub, type: 1, options }], { permissions: ADMIN_PERMISSIONS, ...who });
    const answerTo = async (sent: { id: string }) =>
      fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));

    const member = fake.sendCommand('settings', [
      { name: 'set', type: 1, options: [{ name: 'cooldown', type: 4, value: 5 }] },
    ]);
    expect(jsonText(messageData(await answerTo(member))?.content)).toContain('Only members with Manage Server');

    const added = await answerTo(settings('channel', [option('add', 7, FAKE_OTHER_CHANNEL_ID)]));
    expect(added.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(embedsOf(added)[0]?.fields?.[0]?.value).toBe(`<#${FAKE_OTHER_CHANNEL_ID}>`);
    const set = await answerTo(settings('set', [{ name: 'cooldown', type: 4, value: 60 }]));
    expect(embedsOf(set)[0]?.fields?.find((f) => f.name === 'Cooldown')?.value).toBe('60 s per member');

    try {
      // In a channel not listed, the answer is private and says where to ask.
      const here = ask(QUESTION, { userId: '100000000000000041' });
      const privateEdit = await finalEdit(here.token);
      expect(fake.callbacks(here.id)[0]?.body).toMatchObject({ type: 5, data: { flags: 64 } });
      expect(jsonText(messageData(privateEdit)?.content)).toBe(
        `Answers here are private. Ask in <#${FAKE_OTHER_CHANNEL_ID}> for everyone to see the answer.`,
      );
      const soon = ask(QUESTION, { userId: '100000000000000041' });
      const waitReply = await answerTo(soon);
      expect(jsonText(messageData(waitReply)?.content)).toMatch(/Please wait (59|60) more seconds/);

      // The listed channel answers in public; another server keeps its defaults (public, no cooldown).
      const listed = fake.sendCommand('ask', [option('question', 3, QUESTION)], {
        userId: '100000000000000042',
        channelId: FAKE_OTHER_CHANNEL_ID,
      });
      await finalEdit(listed.token);
      expect(fake.callbacks(listed.id)[0]?.body).not.toMatchObject({ data: { flags: 64 } });
      for (let i = 0; i < 2; i++) {
        const elsewhere = fake.sendCommand('ask', [option('question', 3, QUESTION)], {
          userId: '100000000000000041',
          guildId: FAKE_OTHER_GUILD_ID,
        });
        const publicEdit = await finalEdit(elsewhere.token);
        expect(fake.callbacks(elsewhere.id)[0]?.body).not.toMatchObject({ data: { flags: 64 } });
        expect(messageData(publicEdit)?.content).toBe('');
      }
      const otherShown = await answerTo(settings('show', [], { guildId: FAKE_OTHER_GUILD_ID }));
      expect(embedsOf(otherShown)[0]?.fields?.[0]?.value).toBe('every channel');
    } finally {
      await answerTo(settings('reset', []));
    }
  });

  it('explains with /help what it knows, how to ask, and what it stores for how long', async () => {
    const sources = realEngine.sources();
    const articles = sources.reduce((sum, s) => sum + s.articles, 0);
    const dates = sources
      .flatMap((s) => [s.earliest, s.latest])
      .filter((d): d is string => d !== null)
      .sort();
    const sent = fake.sendCommand('help');
    const shown = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
    expect(shown.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const embed = embedsOf(shown)[0];
    expect(embed?.description).toContain(
      `**${articles} news articles** by **${sources.length} outlets**, published <t:${Date.parse(`${dates[0]}T12:00:00Z`) / 1000}:D> to <t:${Date.parse(`${dates.at(-1)}T12:00:00Z`) / 1000}:D>`,
    );
    const text = (embed?.fields ?? []).map((f) => f.value).join('\n');
    expect(text).toContain('`private: True`');
    expect(text).toContain('remember its questions for 24 hours');
    expect(text).toContain('kept until the operator deletes them');
    expect(discordLimitViolations(shown)).toEqual([]);
  });

  it('answers an unknown command privately', async () => {
    const sent = fake.sendCommand('weather');
    const answer = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
    expect(answer.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(jsonText(messageData(answer)?.content)).toContain('/weather');
  });
});

import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireDiscordToken, type BotConfig } from '../src/config';
import { openStore, type Store } from '../src/db/store';
import { startHttpInteractions, type HttpInteractions } from '../src/discord/http-interactions';
import { openEngine, type Engine } from '../src/engine';
import { silentLogger } from '../src/log';
import {
  FAKE_ADMIN_GUILD_ID,
  FAKE_OWNER_ID,
  embedsOf,
  jsonText,
  messageData,
  postSigned,
  signedHeaders,
  startFakeDiscord,
  testKeyPair,
  type FakeDiscord,
  type JsonObject,
  type RecordedRequest,
  type SentInteraction,
} from './support/fake-discord';

const TIMEOUT = 60_000;
/** Discord drops an interaction whose first response has not arrived within 3 s. */
const DISCORD_FIRST_RESPONSE_MS = 3_000;
const QUESTION = 'Who is Janet McTeer playing?';

let workDir: string;
let fake: FakeDiscord;
let engine: Engine;
let store: Store;
let bot: HttpInteractions;
const keys = testKeyPair();

function httpConfig(): BotConfig & { interactions: { mode: 'http'; publicKey: string; port: number; host: string } } {
  const config = requireDiscordToken(
    loadConfig({
      ARTICLES_DIR: path.join(workDir, 'articles'),
      INDEX_DIR: path.join(workDir, 'index'),
      ALLOW_REMOTE_MODELS: 'false',
      DISCORD_TOKEN: 'fake-discord-token-abcdef',
      DISCORD_API_URL: fake.apiUrl,
      ASK_COOLDOWN_SECONDS: '0',
      ADMIN_GUILD_ID: FAKE_ADMIN_GUILD_ID,
      INTERACTIONS: 'http',
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      INTERACTIONS_PORT: '0',
    }),
  );
  if (config.interactions.mode !== 'http') throw new Error('INTERACTIONS=http was not read');
  return { ...config, interactions: config.interactions };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'discord-http-'));
  await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
  fake = await startFakeDiscord();
  const config = httpConfig();
  engine = await openEngine(config, { log: silentLogger });
  store = await openStore({ embeddedDir: null }, silentLogger);
  bot = await startHttpInteractions(config, engine, store, silentLogger);
  fake.deliverOverHttp(bot.url, keys.privateKey);
}, TIMEOUT);

afterAll(async () => {
  await bot?.close();
  await store?.close();
  await fake?.close();
  await engine?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, TIMEOUT);

async function httpReply(sent: SentInteraction) {
  if (!sent.httpReply) throw new Error('the interaction was not sent over HTTP');
  return sent.httpReply;
}

function finalEdit(token: string): Promise<RecordedRequest> {
  return fake.nextRequest(
    (r) =>
      r.method === 'PATCH' &&
      r.path.endsWith(`/${token}/messages/@original`) &&
      embedsOf(r).some((e) => e.footer?.text !== 'writing…'),
  );
}

describe('HTTP interactions', { timeout: TIMEOUT }, () => {
  it('answers a PING with a PONG, and nothing else', async () => {
    const reply = await postSigned(bot.url, JSON.stringify({ id: '1', type: 1, application_id: '2' }), keys.privateKey);
    expect(reply).toMatchObject({ status: 200, body: { type: 1 } });
  });

  it('refuses a missing, foreign or replayed-on-another-body signature with 401 and acts on none of them', async () => {
    const before = fake.requests.length;
    const body = JSON.stringify({
      id: '3',
      type: 2,
      token: 'forged-token',
      application_id: '2',
      data: { name: 'help' },
    });
    const foreign = testKeyPair();
    const unsigned = await fetch(bot.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const wrongKey = await fetch(bot.url, { method: 'POST', headers: signedHeaders(body, foreign.privateKey), body });
    const otherBody = await fetch(bot.url, {
      method: 'POST',
      headers: signedHeaders(JSON.stringify({ id: '1', type: 1 }), keys.privateKey),
      body,
    });
    for (const res of [unsigned, wrongKey, otherBody]) {
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
    }
    // A signed interaction afterwards is answered, and nothing was sent to Discord for the forged one.
    expect((await httpReply(fake.sendCommand('help'))).status).toBe(200);
    expect(fake.requests.slice(before).filter((r) => r.path.includes('forged-token'))).toEqual([]);
  });

  it('defers /ask in the HTTP reply within 3 s, then edits the cited answer in through the webhook', async () => {
    const expected = await engine.ask(QUESTION);
    const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: QUESTION }]);
    const reply = await httpReply(sent);
    expect(reply).toMatchObject({ status: 200, body: { type: 5 } });
    expect(reply.ms).toBeLessThan(DISCORD_FIRST_RESPONSE_MS);
    // The deferral travelled in the HTTP reply only: no callback was POSTed over REST.
    expect(fake.callbacks(sent.id).map((r) => r.inHttpReply)).toEqual([true]);

    const edit = await finalEdit(sent.token);
    const [embed] = embedsOf(edit);
    const first = expected.citations[0];
    expect(embed?.description).toContain(`[[1]](${String(first?.url)})`);
    expect(embed?.fields?.[0]?.name).toBe(`[1] ${first?.outlet}`);
    // The day is a Discord timestamp in the field's value (a field name cannot show one).
    expect(embed?.fields?.[0]?.value).toContain(`<t:${Date.parse(`${first?.published}T12:00:00Z`) / 1000}:D>`);
    expect(messageData(edit)?.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers a vote button and opens the 👎 form in the HTTP reply, and takes the form', async () => {
    const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: QUESTION }]);
    const edit = await finalEdit(sent.token);
    const rows = messageData(edit)?.components as JsonObject[];
    const [up, down] = ((rows.at(-1)?.components ?? []) as JsonObject[]).map((b) => jsonText(b.custom_id));
    const answerId = jsonText(up).split(':')[2] ?? '';
    const message = fake.messageFor(sent.token);
    const voter = { userId: '100000000000000041' };

    const thanks = await httpReply(fake.sendButton(jsonText(up), message, voter));
    expect(thanks).toMatchObject({ status: 200, body: { type: 4, data: { flags: 64 } } });
    expect(await store.votesOn(answerId)).toEqual({ up: 1, down: 0 });

    const modal = await httpReply(fake.sendButton(jsonText(down), message, voter));
    expect(modal).toMatchObject({ status: 200, body: { type: 9, data: { custom_id: `ask:why:${answerId}` } } });
    expect(await store.votesOn(answerId)).toEqual({ up: 0, down: 1 });

    const comment = '@everyone wrong season';
    const saved = await httpReply(fake.sendModalSubmit(`ask:why:${answerId}`, { comment }, message, voter));
    expect(saved).toMatchObject({ status: 200, body: { type: 4, data: { allowed_mentions: { parse: [] } } } });
    expect((await store.latestDownVotes(1))[0]).toMatchObject({ answerId, comment });
  });

  it('autocompletes outlet names in the HTTP reply', async () => {
    const target = engine.sources()[0]?.outlet ?? '';
    const typed = target.slice(0, 3).toLowerCase();
    const reply = await httpReply(
      fake.sendAutocomplete('sources', [{ name: 'outlet', type: 3, value: typed, focused: true }]),
    );
    expect(reply).toMatchObject({ status: 200, body: { type: 8 } });
    const choices = ((reply.body as JsonObject).data as JsonObject).choices as JsonObject[];
    expect(choices.map((c) => c.value)).toContain(target);
  });

  it("knows the operator from Discord's application record, without a gateway", async () => {
    const stranger = await httpReply(fake.sendCommand('feedback', [], { guildId: FAKE_ADMIN_GUILD_ID }));
    expect(jsonText(((stranger.body as JsonObject).data as JsonObject).content)).toContain("only the bot's operator");
    const operator = await httpReply(
      fake.sendCommand('feedback', [], { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID }),
    );
    expect(operator).toMatchObject({ status: 200, body: { type: 4, data: { flags: 64 } } });
    expect(jsonText(((operator.body as JsonObject).data as JsonObject).content)).not.toContain('operator can');
    expect(fake.requests.some((r) => r.path === '/gateway/bot')).toBe(false);
  });
});

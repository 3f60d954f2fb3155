import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireDiscordToken } from '../src/config';
import { startBot } from '../src/discord/bot';
import { openStore, type Store } from '../src/db/store';
import { openEngine, type Engine } from '../src/engine';
import { silentLogger } from '../src/log';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai';
import {
  ADMIN_PERMISSIONS,
  discordLimitViolations,
  embedsOf,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedRequest,
} from './support/fake-discord';
import { inertViolations, withoutAnswerMarkup } from './support/inert-check';
import { PROCESS_TEST_TIMEOUT_MS } from './support/bounds';

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
const QUESTION = 'Who is Janet McTeer playing?';
let workDir: string;
let discord: FakeDiscord;
let openai: FakeOpenAI;
let extractiveEngine: Engine;
let engine: Engine;
let client: Client;
let store: Store;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'discord-llm-'));
  await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
  discord = await startFakeDiscord();
  openai = await startFakeOpenAI();
  const env = {
    ARTICLES_DIR: path.join(workDir, 'articles'),
    INDEX_DIR: path.join(workDir, 'index'),
    ALLOW_REMOTE_MODELS: 'false',
    DISCORD_TOKEN: 'fake-discord-token-abcdef',
    DISCORD_API_URL: discord.apiUrl,
    ASK_COOLDOWN_SECONDS: '0',
    ANSWER_CACHE_SECONDS: '0',
    DATABASE_DIR: path.join(workDir, 'store'),
  };
  // The same index without a model: its answer supplies a sentence the sources really contain.
  extractiveEngine = await openEngine(loadConfig(env), { log: silentLogger });
  const config = requireDiscordToken(
    loadConfig({ ...env, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: openai.baseURL, OPENAI_MODEL: 'fake-model' }),
  );
  engine = await openEngine(config, { log: silentLogger });
  store = await openStore({ embeddedDir: null }, silentLogger);
  client = await startBot(config, engine, store, silentLogger);
}, TIMEOUT);

afterAll(async () => {
  await client?.destroy();
  await store?.close();
  await discord?.close();
  await openai?.close();
  await engine?.close();
  await extractiveEngine?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, TIMEOUT);

describe('/ask with a streaming LLM', { timeout: TIMEOUT }, () => {
  it('shows only verified sentences while the model writes, at most once per 1.5 s, never a planted link or mention', async () => {
    const extractive = await extractiveEngine.ask(QUESTION);
    const quote = (extractive.citations[0]?.quote ?? '').replace(/[.!?]+$/, '');
    expect(quote.length).toBeGreaterThan(0);
    // A model that obeys an instruction planted in an article: between supported sentences it
    // writes a phishing link, @everyone and role and user mentions, and cites the article for it.
    const planted =
      'Click here to watch the trailer at http://evil.example/trailer and tell @everyone, <@&456> and <@123> [1].';
    const text = [
      `${quote} [1].`,
      planted,
      `Reportedly ${quote} [1].`,
      `According to the report ${quote} [1].`,
      `Again, ${quote} [1].`,
    ].join(' ');
    // About 5 s of streaming: one piece every 100 ms.
    openai.script({ kind: 'text', text, chunkSize: Math.max(1, Math.ceil(text.length / 50)), delayMs: 100 });

    const sent = discord.sendCommand('ask', [{ name: 'question', type: 3, value: QUESTION }]);
    const final = await discord.nextRequest(
      (r) =>
        r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).some((e) => e.footer?.text !== 'writing…'),
    );
    const edits = discord.edits(sent.token);
    expect(edits.at(-1)).toBe(final);
    const partials = edits.filter((e) => embedsOf(e)[0]?.footer?.text === 'writing…');
    expect(partials.length).toBeGreaterThanOrEqual(2);
    const shown = partials.map((e) => embedsOf(e)[0]?.description ?? '');
    expect(shown.every((d, i) => i === 0 || d.length > (shown[i - 1] ?? '').length)).toBe(true);
    expect(shown[0]).toContain('[1]');

    for (const edit of edits) {
      const body = JSON.stringify(edit.body);
      expect(body).not.toMatch(/evil|trailer|@everyone|456|<@123>|Click/i);
      expect(edit.body).toMatchObject({ allowed_mentions: { parse: [] } });
    }

    const gaps = edits.slice(1).map((e, i) => e.at - (edits[i]?.at ?? 0));
    // 50 ms of slack: times are taken where the requests arrive, not where they leave.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_450);

    const embeds = embedsOf(final);
    expect(embeds.at(-1)?.footer?.text).toMatch(/^Written by \S+ and checked against the sources/);
    const sources = embeds.flatMap((e) => e.fields ?? []);
    expect(sources.map((f) => f.name)).toEqual([expect.stringMatching(/^\[1\] /)]);
    // A quote inside the quote keeps single marks, so the marks are never doubled.
    expect(sources[0]?.value).toContain(`> “${quote.replace(/“/g, '‘').replace(/”/g, '’')}”`);
    expect(embeds[0]?.description).toContain('[1]');
    expect(discordLimitViolations(final)).toEqual([]);
  });

  it('shows a hostile question and model text inert in every streamed edit and in the final answer', async () => {
    const extractive = await extractiveEngine.ask(QUESTION);
    const quote = (extractive.citations[0]?.quote ?? '').replace(/[.!?]+$/, '');
    const question = `${QUESTION} [free nitro](http://evil.example) @everyone <@&456> <@123>\u200b\u200b\u202e`;
    // Verified sentences that still carry markdown, invisible and bidi characters the model copied.
    const sentence = (lead: string) => `${lead} **${quote}**\u200b\u202e [1].`;
    const text = [sentence('Per the article,'), sentence('Reportedly,'), sentence('Again,'), sentence('Finally,')].join(
      ' ',
    );
    openai.script({ kind: 'text', text, chunkSize: Math.max(1, Math.ceil(text.length / 40)), delayMs: 100 });

    const sent = discord.sendCommand('ask', [{ name: 'question', type: 3, value: question }]);
    const final = await discord.nextRequest(
      (r) =>
        r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).some((e) => e.footer?.text !== 'writing…'),
    );
    const edits = discord.edits(sent.token);
    expect(edits.filter((e) => embedsOf(e)[0]?.footer?.text === 'writing…').length).toBeGreaterThanOrEqual(1);
    const links = extractive.citations.map((c) => c.url).filter((u): u is string => u !== null);
    const problems = (edit: RecordedRequest) =>
      embedsOf(edit).flatMap((e) =>
        [e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => f.value), e.footer?.text ?? ''].flatMap(
          (t) => inertViolations(withoutAnswerMarkup(t), links),
        ),
      );
    for (const edit of edits) expect(problems(edit)).toEqual([]);
    expect(embedsOf(final)[0]?.description).toContain('\\*\\*');
    expect(embedsOf(final).at(-1)?.footer?.text).toMatch(/^Written by fake-model/);
  });

  it('answers extractively, without calling the model, in a server that turned model answers off', async () => {
    const off = discord.sendCommand(
      'settings',
      [{ name: 'set', type: 1, options: [{ name: 'llm_answers', type: 5, value: false }] }],
      {
        permissions: ADMIN_PERMISSIONS,
      },
    );
    const shown = await discord.nextRequest((r) => r.path.startsWith(`/interactions/${off.id}/`));
    expect(embedsOf(shown)[0]?.fields?.find((f) => f.name === 'Answers written by a model')?.value).toBe('no');
    const before = openai.requests.length;
    const sent = discord.sendCommand('ask', [{ name: 'question', type: 3, value: QUESTION }]);
    const final = await discord.nextRequest(
      (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).length > 0,
    );
    expect(embedsOf(final)[0]?.footer?.text).toMatch(/^From \d+ articles?/);
    expect(openai.requests.length).toBe(before);
  });
});

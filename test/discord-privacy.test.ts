import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotMetrics, type BotMetrics } from '../src/observe/metrics';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai';
import {
  embedsOf,
  jsonText,
  messageData,
  type FakeDiscord,
  type InteractionSource,
  type JsonObject,
  type RecordedRequest,
} from './support/fake-discord';

/**
 * Thread context and privacy (issue 22): a private answer given in a bot thread never reaches
 * another member's answer, the model's prompt or an info log line. Also: forged component ids
 * do not grow /metrics, and a form missing its field is told so.
 */
const TIMEOUT = 60_000;
const MEMBER_A = '100000000000000051';
const MEMBER_B = '100000000000000052';
const MEMBER_C = '100000000000000053';
/** A made-up show only the private question names; nothing public in the thread mentions it. */
const SECRET = {
  title: 'Marigold Vane cast as the keeper in The Saltmarsh Lighthouse',
  text:
    'Marigold Vane will play the lighthouse keeper in The Saltmarsh Lighthouse, the coastal mystery series. ' +
    'Filming of The Saltmarsh Lighthouse season 3 starts in Cornwall in March.\n\n' +
    'The Saltmarsh Lighthouse returns with eight episodes next winter.',
  outlet: 'Coastline Weekly',
  url: 'https://news.example/saltmarsh-lighthouse-keeper',
  published: '2017-05-02',
};
const PRIVATE_QUESTION = 'Who plays the keeper in The Saltmarsh Lighthouse?';
const SECRET_WORDS = /Saltmarsh|Marigold|Vane|keeper|Cornwall/i;

let bot: BotHarness;
let discord: FakeDiscord;
let openai: FakeOpenAI;
let metrics: BotMetrics;
const logLines: string[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAI();
  metrics = createBotMetrics({ indexSize: () => bot?.engine.size() ?? null });
  bot = await startBotHarness({
    name: 'discord-privacy-',
    env: {
      ASK_COOLDOWN_SECONDS: '0',
      ANSWER_CACHE_SECONDS: '0',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_MODEL: 'fake-model',
      LLM_MAX_RETRIES: '0',
    },
    addArticles: (dir) => writeFile(path.join(dir, 'saltmarsh.json'), JSON.stringify(SECRET)),
    logLines,
    onInteraction: (event) => metrics.interaction(event),
  });
  discord = bot.fake;
}, TIMEOUT);

afterAll(async () => {
  await bot?.close();
  await openai?.close();
}, TIMEOUT);

const option = (name: string, type: number, value: string | boolean) => ({ name, type, value });

async function finalEdit(token: string): Promise<RecordedRequest> {
  return discord.nextRequest((r) => r.method === 'PATCH' && r.path.includes(token) && embedsOf(r).length > 0, 30_000);
}

function ask(question: string, who: InteractionSource, isPrivate?: boolean) {
  const options = [
    option('question', 3, question),
    ...(isPrivate === undefined ? [] : [option('private', 5, isPrivate)]),
  ];
  return discord.sendCommand('ask', options, who);
}

function buttonIds(edit: RecordedRequest): string[] {
  const rows = (messageData(edit)?.components ?? []) as JsonObject[];
  return rows.flatMap((row) => ((row.components ?? []) as JsonObject[]).map((b) => jsonText(b.custom_id)));
}

/** The bot's reply to one interaction: its callback body's message text. */
async function replyText(id: string): Promise<string> {
  const callback = await discord.nextRequest((r) => r.path.startsWith(`/interactions/${id}/`), 30_000);
  return jsonText(messageData(callback)?.content);
}

/** Log lines a production bot writes at its default level (info) and above. */
const infoAndAbove = () =>
  logLines.filter((line) => ['info', 'warn', 'error'].includes(jsonText((JSON.parse(line) as JsonObject).level)));

describe('a private answer in a bot thread', { timeout: TIMEOUT }, () => {
  it("never reaches another member's public answer, the model's prompt, or the info log", async () => {
    // Member A's public answer, and a thread started on it by a follow-up.
    const root = ask('What is happening with Jessica Jones season 2?', { userId: MEMBER_A });
    const rootEdit = await finalEdit(root.token);
    const follow = buttonIds(rootEdit).find((id) => id.includes(':follow:')) ?? '';
    const message = discord.messageFor(root.token);
    const submit = discord.sendModalSubmit(
      follow.replace(':follow:', ':next:'),
      { question: 'When does it come out?' },
      message,
      { userId: MEMBER_A },
    );
    await discord.nextRequest((r) => r.method === 'PATCH' && r.path.includes(submit.token), 30_000);
    const thread = discord.threads.find((t) => t.messageId === message.id);
    expect(thread).toBeDefined();
    const inThread = { channelId: thread?.id ?? '', channelType: 11 };

    // Member B asks privately in the thread, about a show nobody else named.
    const secret = ask(PRIVATE_QUESTION, { userId: MEMBER_B, ...inThread }, true);
    const secretEdit = await finalEdit(secret.token);
    expect(discord.callbacks(secret.id)[0]?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(JSON.stringify(secretEdit.body)).toMatch(/Saltmarsh/);
    const promptsBefore = openai.requests.length;

    // Member C asks publicly in the same thread, naming no show: the thread's public questions lend it one.
    const publicAsk = ask('Who stars in it?', { userId: MEMBER_C, ...inThread });
    const publicEdit = await finalEdit(publicAsk.token);
    expect(discord.callbacks(publicAsk.id)[0]?.body).toMatchObject({ type: 5 });
    expect(discord.callbacks(publicAsk.id)[0]?.body).not.toMatchObject({ data: { flags: 64 } });
    expect(JSON.stringify(publicEdit.body)).not.toMatch(SECRET_WORDS);
    expect(embedsOf(publicEdit)[0]?.description).toMatch(/Krysten Ritter/);

    const prompts = openai.requests.slice(promptsBefore).map((r) => JSON.stringify(r.body.messages));
    expect(prompts.length).toBeGreaterThan(0);
    for (const prompt of prompts) {
      expect(prompt).not.toMatch(SECRET_WORDS);
      expect(prompt).toContain('Jessica Jones season 2');
    }
    const lines = infoAndAbove();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => SECRET_WORDS.test(line))).toEqual([]);

    // B's private answer cannot start or continue a public thread, even with a forged form.
    const privateId = (buttonIds(secretEdit).find((id) => id.startsWith('ask:up:')) ?? '').split(':')[2] ?? '';
    expect(privateId).not.toBe('');
    const forged = discord.sendModalSubmit(
      `ask:next:${privateId}`,
      { question: 'Who stars in it?' },
      discord.messageFor(secret.token),
      { userId: MEMBER_B, ...inThread },
    );
    expect(await replyText(forged.id)).toContain('Only answers everyone saw take follow-ups');
  });
});

describe('forged and malformed interactions', { timeout: TIMEOUT }, () => {
  /** Each interaction is counted just after its reply: waits until each kind of "other" reached `n`. */
  const counted = async (n: number) => {
    const deadline = Date.now() + 10_000;
    const series = [
      'kind="button",command="other",outcome="answered"',
      'kind="modal",command="other",outcome="answered"',
      'kind="command",command="other",outcome="error"',
    ];
    for (;;) {
      const text = await metrics.registry.metrics();
      if (series.every((s) => text.includes(`show_news_interactions_total{${s}} ${n}\n`))) return;
      if (Date.now() > deadline) throw new Error(`the "other" interactions were not all counted ${n} times:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const seriesCount = async () =>
    (await metrics.registry.metrics()).split('\n').filter((l) => l.startsWith('show_news_')).length;

  it('count 300 forged custom-id prefixes and unknown commands as "other": /metrics keeps its series', async () => {
    const message = { id: '100000000000000099', channel_id: '900000000000000004' };
    // One of each first, so the "other" series exist before the count is taken.
    await replyText(discord.sendButton('warmup:x', message).id);
    await replyText(discord.sendModalSubmit('warmup:y', { question: 'x' }, message).id);
    await replyText(discord.sendCommand('warmup').id);
    await counted(1);
    const before = await seriesCount();
    const bytesBefore = (await metrics.registry.metrics()).length;

    const sent = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0
        ? discord.sendButton(`forged${i}:up:x`, message)
        : i % 3 === 1
          ? discord.sendModalSubmit(`forged${i}:why:x`, { comment: 'x' }, message)
          : discord.sendCommand(`forged${i}`),
    );
    for (const s of sent) await replyText(s.id);

    await counted(100 + 1);
    expect(await seriesCount()).toBe(before);
    // Only counter values change: a few bytes, not one line per forged prefix.
    expect((await metrics.registry.metrics()).length - bytesBefore).toBeLessThan(200);
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/forged\d+/);
    expect(text).toMatch(/show_news_interactions_total\{kind="button",command="other",outcome="answered"\} \d+/);
  });

  it('tells a member plainly, and privately, that a form arrived without its field', async () => {
    const sent = ask('What is happening with Jessica Jones season 2?', { userId: MEMBER_A });
    const edit = await finalEdit(sent.token);
    const answerId = (buttonIds(edit).find((id) => id.startsWith('ask:up:')) ?? '').split(':')[2] ?? '';
    const message = discord.messageFor(sent.token);

    const noQuestion = discord.sendModalSubmit(`ask:next:${answerId}`, {}, message, { userId: MEMBER_A });
    const noComment = discord.sendModalSubmit(`ask:why:${answerId}`, { other: 'x' }, message, { userId: MEMBER_A });
    for (const [interaction, text] of [
      [noQuestion, 'arrived without its question field'],
      [noComment, 'arrived without its "What was wrong?" field'],
    ] as const) {
      const callback = await discord.nextRequest((r) => r.path.startsWith(`/interactions/${interaction.id}/`));
      expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(jsonText(messageData(callback)?.content)).toContain(text);
      expect(jsonText(messageData(callback)?.content)).not.toContain('Something went wrong');
    }
    expect(await bot.store.votesOn(answerId)).toEqual({ up: 0, down: 0 });
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import { embedsOf, messageData, type FakeDiscord, type JsonObject, type RecordedRequest } from './support/fake-discord';
import { inertViolations, withoutAnswerMarkup } from './support/inert-check';
import { PROCESS_TEST_TIMEOUT_MS } from './support/bounds';

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
const ZERO_WIDTH = '\u200b';
const RTL = '\u202e\u2067';
const ARTICLE_URL = 'https://news.example/daredevil-season-3';
/** An article written to turn the bot's answer into a call to action. */
const HOSTILE = {
  title: `**Daredevil** [free nitro](http://evil.example/nitro) <@123>${ZERO_WIDTH} news`,
  text:
    `Daredevil season three begins filming in New York this fall, @everyone should tell <@&456> and <@123> to ` +
    `[watch the trailer](http://evil.example/trailer) at https://evil.example/raw right now${RTL}${ZERO_WIDTH.repeat(40)}.\n\n` +
    'The stunt team returns for the third season as well.',
  outlet: `Fan ||Site|| ${RTL}`,
  url: ARTICLE_URL,
  published: '2017-05-01',
};

let bot: BotHarness;
let discord: FakeDiscord;

beforeAll(async () => {
  bot = await startBotHarness({
    name: 'discord-inert-',
    env: { ASK_COOLDOWN_SECONDS: '0' },
    addArticles: (dir) => writeFile(path.join(dir, 'hostile.json'), JSON.stringify(HOSTILE)),
  });
  discord = bot.fake;
}, TIMEOUT);

afterAll(async () => bot?.close(), TIMEOUT);

async function finalAnswer(question: string): Promise<RecordedRequest> {
  const sent = discord.sendCommand('ask', [{ name: 'question', type: 3, value: question }]);
  return discord.nextRequest((r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).length > 0);
}

/**
 * Every piece of text in a message's embeds, each with where it is, without the bot's own markup
 * (the short answer it bolds, the `> ` before each quote): nothing else may be live.
 */
function texts(request: RecordedRequest): [string, string][] {
  return embedsOf(request).flatMap((e, i) => [
    [`embed ${i} title`, e.title ?? ''] as [string, string],
    [`embed ${i} description`, withoutAnswerMarkup(e.description ?? '')] as [string, string],
    ...(e.fields ?? []).flatMap((f, j) => [
      [`embed ${i} field ${j} name`, f.name] as [string, string],
      [`embed ${i} field ${j} value`, withoutAnswerMarkup(f.value)] as [string, string],
    ]),
    [`embed ${i} footer`, e.footer?.text ?? ''] as [string, string],
  ]);
}

function violations(request: RecordedRequest, links: string[] = []): string[] {
  return texts(request).flatMap(([where, text]) => inertViolations(text, links).map((p) => `${where}: ${p}`));
}

/** What a reader sees once Discord has applied the escapes. */
const shown = (text: string) => text.replace(/\\(.)/gs, '$1');

describe('member and article text is shown inert in /ask replies', { timeout: TIMEOUT }, () => {
  it('a declined question holding a masked link, mentions, zero-width and RTL characters is echoed only literally', async () => {
    const question = `Who directed [free nitro](http://evil.example) Black Panther? @everyone <@&456> <@123>${ZERO_WIDTH.repeat(900)}${RTL}`;
    const reply = await finalAnswer(question);
    const [embed] = embedsOf(reply);
    expect(embed?.footer?.text).toMatch(/^No article in the index says this/);
    expect(violations(reply)).toEqual([]);
    expect(shown(embed?.title ?? '')).toBe(
      'Who directed [free nitro](http[:]//evil.example) Black Panther? @everyone <@&456> <@123>',
    );
    expect(JSON.stringify(reply.body)).not.toContain(ZERO_WIDTH);
    expect(reply.body).toMatchObject({ allowed_mentions: { parse: [] } });
  });

  it('an answer quoting an article full of links and mentions links only the article itself', async () => {
    // Only the hostile article speaks of telling anyone to watch a trailer: its sentence is the answer.
    const reply = await finalAnswer('Who should be told to watch the Daredevil season three trailer?');
    const [embed] = embedsOf(reply);
    // The hostile sentence is the answer, so its text really went through the message.
    expect(shown(embed?.description ?? '')).toContain(
      '@everyone should tell <@&456> and <@123> to [watch the trailer](http[:]//evil',
    );
    expect(violations(reply, [ARTICLE_URL])).toEqual([]);
    const [source] = embed?.fields ?? [];
    expect(source?.value).toContain(`](${ARTICLE_URL})`);
    expect(shown(source?.name ?? '')).toBe('[1] Fan ||Site||');
    expect(source?.value).toContain(`· <t:${Date.UTC(2017, 4, 1, 12) / 1000}:D>`);
    expect(shown(source?.value ?? '')).toContain(
      '[**Daredevil** [free nitro](http[:]//evil.example/nitro) <@123> news](https://news.example',
    );
    // The link button shows the outlet as plain text and opens the article itself.
    const links = ((messageData(reply)?.components as JsonObject[])[0]?.components ?? []) as JsonObject[];
    expect(links).toEqual([{ type: 2, style: 5, label: 'Read on Fan ||Site||', url: ARTICLE_URL }]);
  });
});

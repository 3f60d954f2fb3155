import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Answer, Citation } from '../src/answer/types';
import { zeroTimings } from './support/timings';
import { inertViolations, withoutAnswerMarkup } from './support/inert-check';
import { answerMessage, type AnswerMessageOptions } from '../src/discord/answer-embeds';
import { createCooldowns } from '../src/discord/cooldown';
import { answerButtonId, newAnswerId, parseAnswerId } from '../src/discord/custom-ids';
import { LIMITS, splitText, totalEmbedLength, trimText } from '../src/discord/limits';
import { loadCommands } from '../src/discord/load-commands';
import { reindexSummaryEmbed } from '../src/discord/reindex-embeds';
import { outletChoices, pageButtonId, parsePageButtonId, sourcesPage } from '../src/discord/sources-embeds';
import { createThrottle } from '../src/discord/throttle';

const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  file: `${n}.txt`,
  outlet: `Outlet ${n}`,
  title: `Title ${n}`,
  url: `https://example.com/${n}`,
  published: '2024-03-02',
  quote: 'q',
  ...extra,
});

const answer = (extra: Partial<Answer>): Answer => ({
  question: 'Q?',
  short: null,
  answer: 'A [1].',
  abstained: false,
  mode: 'extractive',
  citations: [citation(1)],
  timings: zeroTimings,
  ...extra,
});

describe('text limits', () => {
  it('cuts at a word boundary and marks the cut', () => {
    const cut = trimText('alpha beta gamma delta', 15);
    expect(cut).toBe('alpha beta…');
    expect(trimText('short', 15)).toBe('short');
  });

  it('splits long text into pieces within the limit without losing words', () => {
    const text = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitText(text, 300);
    expect(pieces.every((p) => p.length <= 300)).toBe(true);
    expect(pieces.join(' ')).toBe(text);
  });
});

const facts = { articles: 1234, outlets: 12, latest: '2026-11-20' };
const build = (a: Answer, extra: Partial<AnswerMessageOptions> = {}) =>
  answerMessage(a, { model: 'gpt-test', index: facts, answerId: null, followUp: false, ...extra });

describe('answer message', () => {
  it('merges citations of one article, numbers sources by first use and links the markers', () => {
    const message = build(
      answer({
        answer: 'First claim [3]. Second claim [1][2]. Third claim [2].',
        citations: [
          citation(1, { file: 'same.txt', outlet: 'Gospel Herald', quote: 'Quote one.' }),
          citation(2, { file: 'same.txt', outlet: 'Gospel Herald', quote: 'Quote two.' }),
          citation(3, { outlet: 'Screen Rant', quote: 'Quote three.' }),
        ],
      }),
    );
    const embed = message.embeds[0];
    expect(message.embeds).toHaveLength(1);
    expect(embed?.description).toBe(
      '**First claim.**\n\nFirst claim [[1]](https://example.com/3). Second claim [[2]](https://example.com/1). Third claim [[2]](https://example.com/1).',
    );
    expect(embed?.fields?.map((f) => f.name)).toEqual(['[1] Screen Rant', '[2] Gospel Herald']);
    // The date as a Discord timestamp at noon UTC, so every reader's zone shows 2 March.
    expect(embed?.fields?.[1]?.value).toBe(
      '[Title 1](https://example.com/1) · <t:1709380800:D>\n> “Quote one.” “Quote two.”',
    );
    expect(embed?.footer?.text).toBe('From 2 articles');
  });

  it('bolds the first sentence in place when the engine gives no short answer', () => {
    const embed = build(answer({ answer: 'The show returns in spring. [1] Filming began in April. [1]' })).embeds[0];
    expect(embed?.description).toBe(
      '**The show returns in spring.** [[1]](https://example.com/1) Filming began in April. [[1]](https://example.com/1)',
    );
  });

  it("puts the engine's short answer first when it gives one", () => {
    const embed = build(answer({ answer: 'Long answer. More [1].' }), { short: 'Short one' }).embeds[0];
    expect(embed?.description?.startsWith('**Short one**\n\nLong answer.')).toBe(true);
  });

  it('says in plain words how many outlets agree, who wrote an LLM answer, and what a decline knows', () => {
    const two = answer({
      answer: 'Both say so [1][2].',
      citations: [citation(1), citation(2, { outlet: 'Other' })],
    });
    expect(build(two).embeds[0]?.footer?.text).toBe('From 2 articles · 2 outlets say the same');
    expect(build(answer({ mode: 'llm' })).embeds[0]?.footer?.text).toBe(
      'Written by gpt-test and checked against the sources',
    );
    const declined = build(answer({ abstained: true, answer: '', citations: [] }));
    expect(declined.embeds[0]?.footer?.text).toBe('No article in the index says this; 1,234 articles from 12 outlets');
    expect(declined.embeds[0]?.description).toMatch(/couldn't find/);
    expect(declined.embeds[0]?.description).toContain('The newest article in the index is from <t:1795176000:D>.');
    expect(declined.embeds[0]?.fields).toBeUndefined();
    // Unsure, with the closest passage cited: the footer must not claim no article says it.
    const unsure = build(
      answer({ abstained: true, answer: "I'm not sure about who plays her. The closest passage: … [1]" }),
    );
    expect(unsure.embeds[0]?.footer?.text).toBe(
      'Not sure of an answer: the closest passage is quoted for you to judge',
    );
    // ...and the passage it quotes keeps its source, so the reader can judge it.
    expect(unsure.embeds[0]?.fields).toHaveLength(1);
    expect(unsure.embeds[0]?.description).not.toContain('**');
  });

  it('offers one "Read on" link button per linkable source (at most five) and vote buttons for a stored answer', () => {
    const many = answer({
      answer: 'A [1][2][3][4][5][6][7].',
      citations: Array.from({ length: 7 }, (_, i) => citation(i + 1, i === 1 ? { url: 'javascript:alert(1)' } : {})),
    });
    const message = build(many, { answerId: 'abcdefghijklmnop', followUp: true });
    const [links, actions] = message.components.map((row) => row.components);
    expect(links?.map((b) => ('url' in b ? b.url : null))).toEqual(
      [1, 3, 4, 5, 6].map((n) => `https://example.com/${n}`),
    );
    expect(links?.map((b) => ('label' in b ? b.label : null))[0]).toBe('Read on Outlet 1');
    expect(actions?.map((b) => ('custom_id' in b ? b.custom_id : null))).toEqual([
      'ask:up:abcdefghijklmnop',
      'ask:down:abcdefghijklmnop',
      'ask:follow:abcdefghijklmnop',
    ]);
    expect(build(many).components).toHaveLength(1);
  });

  it('shows article text inert: no formatting, masked links, mentions or invisible characters', () => {
    const message = build(
      answer({
        question: '@everyone **bold** [x](https://evil.example)',
        answer: 'Hi <@123> and @here\u200b [click](https://evil.example) [1].',
        citations: [citation(1, { title: '[Fake](https://evil.example) *t*', quote: '<@&456> ~~gone~~' })],
      }),
    );
    const text = JSON.stringify(message.embeds);
    expect(text).toContain('evil.example');
    // Only an unescaped `](` would make a masked link.
    expect(text).not.toMatch(/[^\\]\]\(https:\/\/evil/);
    expect(text).not.toContain('\\u200b');
    for (const text of [
      message.embeds[0]?.title,
      message.embeds[0]?.description,
      ...(message.embeds[0]?.fields ?? []).map((f) => f.value),
    ]) {
      expect(inertViolations(withoutAnswerMarkup(text ?? ''), ['https://example.com/1'])).toEqual([]);
    }
    expect(message.embeds[0]?.description).toContain('Hi \\<\\@123\\> and \\@here');
  });

  it('puts the fallback note in the footer', () => {
    const embeds = build(answer({ note: 'The language model timed out; showing quotes instead.' })).embeds;
    expect(embeds.at(-1)?.footer?.text).toBe('From 1 article · The language model timed out; showing quotes instead.');
  });

  it('stays within the limits for any mix of long answers, questions, titles, quotes and many sources', () => {
    for (const [answerLength, sources, titleLength] of [
      [50, 200, 10],
      [20_000, 0, 10],
      [4_000, 30, 900],
      [9_000, 60, 2_000],
      [6_000, 5, 50],
    ] as const) {
      const { embeds } = build(
        answer({
          question: 'why '.repeat(400),
          answer: 'word '.repeat(answerLength / 5) + (sources > 0 ? '[1]' : ''),
          citations: Array.from({ length: sources }, (_, i) =>
            citation(i + 1, { title: 't'.repeat(titleLength), quote: 'a quoted sentence '.repeat(80) }),
          ),
        }),
      );
      expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(totalEmbedLength(embeds)).toBeLessThanOrEqual(LIMITS.embedTotal);
      for (const e of embeds) {
        expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
        expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
        for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        for (const f of e.fields ?? []) expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      }
      if (sources > 0) expect(embeds[0]?.fields?.at(-1)?.value).toMatch(/^and \d+ more sources?$|^\[/);
    }
  });
});

describe('answer custom ids', () => {
  it('round-trips every action within 100 characters and rejects anything edited', () => {
    const id = newAnswerId();
    for (const action of ['up', 'down', 'follow', 'why', 'next'] as const) {
      const customId = answerButtonId(action, id);
      expect(customId.length).toBeLessThanOrEqual(LIMITS.customId);
      expect(parseAnswerId(customId)).toEqual({ action, answerId: id });
    }
    for (const forged of [
      `ask:up:${id}x`,
      `ask:delete:${id}`,
      `ask:up:${id.slice(1)}`,
      `sources:up:${id}`,
      `ask:up:${id}\n`,
      'ask:up:../../../etc/pa',
    ]) {
      expect(parseAnswerId(forged)).toBeNull();
    }
    expect(newAnswerId()).not.toBe(id);
  });
});

describe('sources pages', () => {
  const many = Array.from({ length: 45 }, (_, i) => ({
    outlet: `Outlet ${i}`,
    articles: 45 - i,
    earliest: null,
    latest: null,
  }));

  it('keeps the filter in a button id of at most 100 characters', () => {
    const id = pageButtonId(3, 'x'.repeat(200), 'next');
    expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
    expect(parsePageButtonId(id)?.page).toBe(3);
  });

  it('clamps the page and disables the buttons at the ends', () => {
    const last = sourcesPage(many, '', 99);
    expect(last.embeds[0]?.footer?.text).toBe('Page 3 of 3');
    const buttons = last.components[0]?.toJSON().components ?? [];
    expect(buttons.map((b) => ('disabled' in b ? b.disabled : undefined))).toEqual([false, true]);
  });

  it('says so when nothing matches', () => {
    expect(sourcesPage(many, 'nothing like this', 0).embeds[0]?.description).toContain('No outlet matches');
  });

  it('offers at most 25 choices with names and values within 100 characters', () => {
    const long = [{ outlet: 'L'.repeat(300), articles: 1, earliest: null, latest: null }, ...many];
    const choices = outletChoices(long, '');
    expect(choices).toHaveLength(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('reindex summary', () => {
  it('lists skipped files with reasons, trimmed to a field', () => {
    const embed = reindexSummaryEmbed({
      articles: 3,
      chunks: 9,
      changedArticles: 1,
      removedArticles: 0,
      seconds: 0.42,
      skipped: Array.from({ length: 40 }, (_, i) => ({ file: `bad-${i}.json`, reason: 'not valid JSON '.repeat(20) })),
      untitled: 0,
      model: null,
      version: 'v1',
      rebuildReason: null,
    });
    const skipped = embed.fields?.find((f) => f.name.startsWith('Skipped'));
    expect(skipped?.name).toBe('Skipped files (40)');
    expect(skipped?.value).toContain('bad-0.json');
    expect(skipped?.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
  });
});

describe('cooldowns', () => {
  it('tells the seconds left inside the window and lets the user ask again after it', async () => {
    let now = 0;
    const cooldowns = createCooldowns(10, () => now);
    expect(await cooldowns.take('u')).toBe(0);
    now = 2_500;
    expect(await cooldowns.take('u')).toBe(8);
    expect(await cooldowns.take('other')).toBe(0);
    now = 10_000;
    expect(await cooldowns.take('u')).toBe(0);
  });

  it("keeps each key's window, with a server's own length when given", async () => {
    let now = 0;
    const cooldowns = createCooldowns(10, () => now);
    expect(await cooldowns.take('g1:u', 60)).toBe(0);
    expect(await cooldowns.take('g2:u')).toBe(0);
    now = 20_000;
    expect(await cooldowns.take('g2:u')).toBe(0);
    expect(await cooldowns.take('g1:u', 60)).toBe(40);
    expect(await cooldowns.take('g3:u', 0)).toBe(0);
    expect(await cooldowns.take('g3:u', 0)).toBe(0);
  });

  it('never blocks when disabled', async () => {
    const cooldowns = createCooldowns(0);
    expect(await cooldowns.take('u')).toBe(0);
    expect(await cooldowns.take('u')).toBe(0);
  });
});

describe('throttle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the first value at once, then only the latest value per interval, and the final one last', async () => {
    vi.useFakeTimers();
    const sent: { value: string; at: number }[] = [];
    const throttle = createThrottle<string>(
      (value) => {
        sent.push({ value, at: Date.now() });
        return Promise.resolve();
      },
      1_500,
      (error) => {
        throw error;
      },
    );
    const start = Date.now();
    throttle.push('a');
    await vi.advanceTimersByTimeAsync(100);
    throttle.push('b');
    throttle.push('c');
    await vi.advanceTimersByTimeAsync(2_000);
    throttle.push('d');
    const done = throttle.finish('final');
    await vi.advanceTimersByTimeAsync(2_000);
    await done;
    expect(sent.map((s) => s.value)).toEqual(['a', 'c', 'final']);
    expect(sent.map((s) => s.at - start)).toEqual([0, 1_500, 3_000]);
    throttle.push('late');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toHaveLength(3);
  });

  it('rejects finish when the final send fails, and reports partial failures', async () => {
    const errors: unknown[] = [];
    const throttle = createThrottle<string>(
      (value) => Promise.reject(new Error(`cannot send ${value}`)),
      10,
      (error) => errors.push(error),
    );
    throttle.push('partial');
    await expect(throttle.finish('final')).rejects.toThrow('cannot send final');
    expect(errors).toHaveLength(1);
  });
});

describe('command loader', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads the commands from commands/, operator-only ones marked so', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()].sort()).toEqual([
      'add',
      'ask',
      'feedback',
      'feeds',
      'follow',
      'help',
      'latest',
      'reindex',
      'settings',
      'sources',
    ]);
    expect(
      [...commands.values()]
        .filter((c) => c.scope === 'operator')
        .map((c) => c.data.name)
        .sort(),
    ).toEqual(['add', 'feedback', 'feeds', 'reindex']);
    expect(typeof commands.get('sources')?.autocomplete).toBe('function');
  });

  it('names the file of a module that is not a command', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'commands-'));
    await writeFile(path.join(dir, 'broken.mjs'), 'export const data = { name: "broken" };\n');
    await expect(loadCommands(dir)).rejects.toThrow(/broken\.mjs is not a command module/);
  });
});

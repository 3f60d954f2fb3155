import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Answer, Citation } from '../src/answer/types';
import { zeroTimings } from './support/timings';
import { answerEmbeds, sourceLine } from '../src/discord/answer-embeds';
import { createCooldowns } from '../src/discord/cooldown';
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

describe('answer embeds', () => {
  it('formats a source line with a link and date, or neither when absent', () => {
    expect(sourceLine(citation(2))).toBe('[2] Outlet 2: [Title 2](https://example.com/2) (2024-03-02)');
    expect(sourceLine(citation(3, { url: null, published: null }))).toBe('[3] Outlet 3: Title 3');
    expect(sourceLine(citation(4, { url: 'javascript:alert(1)' }))).not.toContain('](');
  });

  it('shows an abstention as one plain embed without sources', () => {
    const embeds = answerEmbeds(answer({ abstained: true, answer: '', citations: [] }));
    expect(embeds).toHaveLength(1);
    expect(embeds[0]?.description).toMatch(/couldn't find/);
    expect(embeds[0]?.fields).toBeUndefined();
    expect(embeds[0]?.footer?.text).toBe('no answer found');
  });

  it('puts the fallback note in the footer', () => {
    const embeds = answerEmbeds(answer({ note: 'The language model timed out; showing quotes instead.' }));
    expect(embeds.at(-1)?.footer?.text).toBe('extractive · 1 source · The language model timed out; showing quotes instead.');
  });

  it('stays within the limits for any mix of long answers, questions, titles and many sources', () => {
    for (const [answerLength, sources, titleLength] of [
      [50, 200, 10],
      [20_000, 0, 10],
      [4_000, 30, 900],
      [9_000, 60, 2_000],
      [6_000, 5, 50],
    ] as const) {
      const embeds = answerEmbeds(
        answer({
          question: 'why '.repeat(400),
          answer: 'word '.repeat(answerLength / 5),
          citations: Array.from({ length: sources }, (_, i) => citation(i + 1, { title: 't'.repeat(titleLength) })),
        }),
      );
      expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(totalEmbedLength(embeds)).toBeLessThanOrEqual(LIMITS.embedTotal);
      for (const e of embeds) {
        expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
        expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
        for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
  });
});

describe('sources pages', () => {
  const many = Array.from({ length: 45 }, (_, i) => ({ outlet: `Outlet ${i}`, articles: 45 - i, latest: null }));

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
    const long = [{ outlet: 'L'.repeat(300), articles: 1, latest: null }, ...many];
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
  it('tells the seconds left inside the window and lets the user ask again after it', () => {
    let now = 0;
    const cooldowns = createCooldowns(10, () => now);
    expect(cooldowns.take('u')).toBe(0);
    now = 2_500;
    expect(cooldowns.take('u')).toBe(8);
    expect(cooldowns.take('other')).toBe(0);
    now = 10_000;
    expect(cooldowns.take('u')).toBe(0);
  });

  it('never blocks when disabled', () => {
    const cooldowns = createCooldowns(0);
    expect(cooldowns.take('u')).toBe(0);
    expect(cooldowns.take('u')).toBe(0);
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

  it('loads the three commands from commands/', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()].sort()).toEqual(['ask', 'reindex', 'sources']);
    expect(typeof commands.get('sources')?.autocomplete).toBe('function');
  });

  it('names the file of a module that is not a command', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'commands-'));
    await writeFile(path.join(dir, 'broken.mjs'), 'export const data = { name: "broken" };\n');
    await expect(loadCommands(dir)).rejects.toThrow(/broken\.mjs is not a command module/);
  });
});

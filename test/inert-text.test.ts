import { describe, expect, it } from 'vitest';
import { inertText, visibleText } from '../src/discord/inert-text';
import { reindexSummaryEmbed } from '../src/discord/reindex-embeds';
import { outletChoices, sourcesPage } from '../src/discord/sources-embeds';
import { inertViolations, unescapedView } from './support/inert-check';

/** What a reader sees once Discord has applied the escapes: each `\x` shows as `x`. */
const shown = (text: string) => text.replace(/\\(.)/gs, '$1');

const ZW = '\u200b\u200c\u200d\u2060\ufeff';
const BIDI = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';

describe('inertText', () => {
  it('leaves ordinary news text as it is', () => {
    const text = 'Janet McTeer plays “an undisclosed character” in Jessica Jones’ second season (2018), per Variety.';
    expect(shown(inertText(text))).toBe(text);
  });

  it('shows a masked link as its literal text, never as a link', () => {
    const out = inertText('Get [free nitro](http://evil.example/claim) now');
    expect(inertViolations(out)).toEqual([]);
    expect(shown(out)).toBe('Get [free nitro](http[:]//evil.example/claim) now');
  });

  it('breaks raw addresses of any scheme so Discord does not link them', () => {
    const out = inertText('See https://evil.example/a, <https://evil.example/b> and steam://run/1');
    expect(inertViolations(out)).toEqual([]);
    expect(shown(out)).toBe('See https[:]//evil.example/a, <https[:]//evil.example/b> and steam[:]//run/1');
  });

  it('shows @everyone, @here, user, role, channel and timestamp syntax as typed', () => {
    const text = '@everyone @here <@123> <@!124> <@&456> <#789> <t:1700000000:R>';
    const out = inertText(text);
    expect(inertViolations(out)).toEqual([]);
    expect(shown(out)).toBe(text);
  });

  it('removes zero-width, bidi and control characters and Hangul fillers', () => {
    const out = inertText(`Who${ZW}is${BIDI} Janet\u0007 McTeer\u3164 playing?${ZW.repeat(190)}`);
    expect(out).toBe('Whois Janet McTeer playing?');
  });

  it('escapes emphasis, code, spoilers, headings, subtext, quotes and lists', () => {
    const text =
      '# Big\n-# small\n> quoted\n- item\n1. first\n**bold** __under__ ~~gone~~ ||spoiler|| `code` ```block```';
    const out = inertText(text);
    expect(inertViolations(out)).toEqual([]);
    expect(shown(out)).toBe(text);
  });

  it('puts everything on one line with oneLine, and keeps paragraphs otherwise', () => {
    expect(inertText('Line one\n\n\n\nLine   two', { oneLine: true })).toBe('Line one Line two');
    expect(inertText('Line one\n\n\n\nLine   two')).toBe('Line one\n\nLine two');
  });

  it('cuts stacked combining marks (zalgo) to two per letter', () => {
    expect(inertText('Z\u0301\u0302\u0303\u0304\u0305algo')).toBe('Z\u0301\u0302algo');
  });

  it('cannot be tricked by a backslash in the input into un-escaping what follows', () => {
    const out = inertText('\\[x](http://evil.example) \\<@123>');
    expect(inertViolations(out)).toEqual([]);
    expect(unescapedView(out)).not.toMatch(/<@|\]\(/);
  });
});

describe('visibleText (footers, choices, labels)', () => {
  it('keeps markdown characters, drops invisible ones and breaks addresses', () => {
    expect(visibleText(`**Deadline**${ZW}${BIDI}\nhttps://evil.example`)).toBe('**Deadline** https[:]//evil.example');
  });
});

describe('the other messages put names through it too', () => {
  const hostile = `[free nitro](https://evil.example) @everyone <@&456>${ZW}${BIDI} **x**`;

  it('reindex summaries: skipped file names and reasons', () => {
    const embed = reindexSummaryEmbed({
      articles: 1,
      chunks: 1,
      changedArticles: 1,
      removedArticles: 0,
      seconds: 0.1,
      skipped: [{ file: `${hostile}.txt`, reason: `line 1: ${hostile}` }],
      untitled: 2,
      model: null,
      version: 'v-1',
      rebuildReason: hostile,
    });
    for (const field of embed.fields ?? []) expect(inertViolations(field.value)).toEqual([]);
    expect(shown(embed.fields?.at(-1)?.value ?? '')).toContain(
      '[free nitro](https[:]//evil.example) @everyone <@&456> **x**.txt',
    );
  });

  it('/sources pages and outlet autocomplete', () => {
    const sources = [{ outlet: hostile, articles: 2, earliest: '2017-04-12', latest: '2017-04-12' }];
    const page = sourcesPage(sources, '', 0);
    // The bot writes each outlet name in bold itself: strip that markup, then nothing else may be live.
    const description = (page.embeds[0]?.description ?? '').replace(/^\*\*(.*)\*\*:/gm, '$1:');
    expect(inertViolations(description)).toEqual([]);
    expect(inertViolations(sourcesPage(sources, hostile, 0).embeds[0]?.title ?? '')).toEqual([]);
    const [choice] = outletChoices(sources, '');
    expect(choice?.name).not.toMatch(/[\u200b\u202e]|https:\/\//);
  });
});

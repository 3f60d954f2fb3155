import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine';
import type { TermStatistics } from '../src/index/types';
import { tellingWords } from '../src/retrieve/retrieve';
import { engineOverArticles } from './support/sample-index';

// Made-up places and outlets. "Season" is in every report but one, as "new" or "year" is in most
// news: it says nothing about which report a question is about.
const article = (title: string, url: string, text: string) => `---
title: ${title}
outlet: Harbour Herald
url: https://harbourherald.example/${url}
published: 2024-03-01
---
${text}
`;

/** Enough other reports that the index is large enough to call a word common; most name the season. */
const fillers = Object.fromEntries(
  Array.from({ length: 1100 }, (_, i) => [
    `filler-${i}.md`,
    article(
      `Club notes ${i}`,
      `notes-${i}`,
      i % 3 === 0
        ? `Club notes number ${i}: the committee met and the minutes were read.`
        : `Club notes number ${i}: the club's season goes on, and fixture ${i} is on Saturday.`,
    ),
  ]),
);

const articles: Record<string, string> = {
  ...fillers,
  'lighthouse.md': article(
    'Gull Point keeper steps down',
    'gull-point-keeper',
    'Mara Quillon, the keeper of the Gull Point lighthouse for forty years, retired on Friday. The lamp will be run from the mainland from now on.',
  ),
  'football.md': article(
    'Harbour Rovers win again',
    'rovers',
    'Harbour Rovers won their fifth match of the season on Saturday, two goals to one, and lead the table.',
  ),
  'theatre.md': article(
    'Playhouse announces its programme',
    'playhouse',
    'The Playhouse opens its season with a comedy in April and closes it with a musical in the autumn.',
  ),
  'fishing.md': article(
    'Mackerel boats head out early',
    'mackerel',
    'The mackerel season started two weeks early this year, and the boats were out before dawn on Monday.',
  ),
};

describe('telling words', () => {
  // An index of 2,000 chunks: "season" is in 1,500 of them, "Skerry" in 900, the rest in a few.
  const frequencies: Record<string, number> = { season: 1500, skerri: 900, lighthous: 3, keeper: 5, retir: 8 };
  const stats: TermStatistics = {
    documentCount: () => 2000,
    documentFrequency: (term) => frequencies[term] ?? 0,
  };

  it('leaves out a word most chunks hold and keeps the rest', () => {
    expect(tellingWords(stats, 'Which lighthouse keeper retired this season?')).toBe('lighthouse keeper retired');
  });

  it('keeps a name however many chunks hold it: it is what the question is about', () => {
    expect(tellingWords(stats, 'When does the Skerry season start?')).toBe('Skerry start');
  });

  it('keeps the question as it is when every word is that common', () => {
    expect(tellingWords(stats, 'Which season?')).toBe('Which season?');
  });

  it('leaves out nothing in a small index, where a common word may be its subject', () => {
    const small: TermStatistics = { documentCount: () => 8, documentFrequency: (term) => (term === 'season' ? 6 : 1) };
    expect(tellingWords(small, 'Which lighthouse keeper retired this season?')).toBe(
      'Which lighthouse keeper retired this season?',
    );
  });
});

describe('retrieval with a word most reports share', () => {
  let engine: Engine;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ engine, cleanup } = await engineOverArticles('telling-words-', articles));
  }, 120_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it('does not retrieve reports that share only that word with the question', async () => {
    const retrieval = await engine.retrieve('Which lighthouse keeper retired this season?');
    const urls = new Set(retrieval.groups.flatMap((g) => g.passages.map((p) => p.article.url)));
    expect([...urls]).toEqual(['https://harbourherald.example/gull-point-keeper']);
  });

  it('still answers from the report about the question', async () => {
    const answer = await engine.ask('Which lighthouse keeper retired this season?');
    expect(answer.abstained).toBe(false);
    expect(answer.short).toBe('Mara Quillon');
  });
});

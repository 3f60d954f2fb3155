import { describe, expect, it } from 'vitest';
import { outletList } from '../src/discord/latest-embeds';
import type { ArticleMeta } from '../src/ingest/types';
import { buildCatalog, latestStories, matchShows } from '../src/retrieve/latest';
import { LATEST_QUESTIONS, latestQuestion } from '../src/retrieve/latest-question';

let ids = 0;
const article = (title: string, outlet: string, published: string | null, show: string | null = null): ArticleMeta => ({
  id: `a${(ids += 1)}`,
  file: `a${ids}.md`,
  title,
  outlet,
  url: `https://news.example/${ids}`,
  published,
  show,
});

describe("what's-new questions", () => {
  it.each(LATEST_QUESTIONS)('catches "$example"', ({ example, show }) => {
    expect(latestQuestion(example)).toEqual({ show });
  });

  it.each([
    'Who plays the lighthouse keeper in Harbor Lights?',
    'When is Harbor Lights new season out?',
    'What is Harbor Lights about?',
  ])('leaves a question about a fact alone: "%s"', (question) => {
    expect(latestQuestion(question)).toBeNull();
  });
});

describe('latest stories', () => {
  it('merges one story from ten outlets in a day into one entry naming them all, first report first', () => {
    const outlets = Array.from({ length: 10 }, (_, i) => `Outlet ${String.fromCharCode(65 + i)}`);
    const catalog = buildCatalog([
      ...outlets.map((o, i) =>
        article(
          i % 2 ? `'Glass Orchard' renewed for season 2` : `Glass Orchard renewed for a second season`,
          o,
          '2026-05-02',
        ),
      ),
      article("'Glass Orchard' adds Ivy Marsh to its cast", 'Outlet A', '2026-05-01'),
    ]);
    const latest = latestStories(catalog, 'glass orchard', '2026-06-01');
    expect(latest.stories).toHaveLength(2);
    expect(latest.stories[0]?.outlets.sort()).toEqual([...outlets].sort());
    expect(latest.stories[1]?.title).toBe("'Glass Orchard' adds Ivy Marsh to its cast");
    expect(latest.show).toBe('Glass Orchard');
  });

  it('keeps stories apart when they are about different things or more than the window apart', () => {
    const catalog = buildCatalog([
      article('Glass Orchard renewed for a second season', 'A', '2026-05-02'),
      article('Glass Orchard renewed for a second season', 'B', '2026-03-01'),
      article('Glass Orchard finale recap', 'C', '2026-05-02'),
    ]);
    expect(latestStories(catalog, 'Glass Orchard', null).stories.map((s) => s.published)).toEqual([
      '2026-05-02',
      '2026-05-02',
      '2026-03-01',
    ]);
  });

  it('matches the show as whole words and leaves out articles after the as-of day', () => {
    const catalog = buildCatalog([
      article('Glass Orchards of the valley', 'A', '2026-05-02'),
      article('Glass Orchard season 2 trailer', 'B', '2026-05-03'),
      article('Glass Orchard season 2 premiere', 'C', '2026-05-09'),
    ]);
    expect(latestStories(catalog, 'Glass Orchard', '2026-05-05').stories.map((s) => s.outlets)).toEqual([['B']]);
  });

  it('offers show names quoted or named before "Season N" in at least two headlines, and from metadata', () => {
    const catalog = buildCatalog([
      article("'Glass Orchard' trailer is out", 'A', '2026-05-02'),
      article("Netflix's Glass Orchard Season 2 starts filming", 'B', '2026-05-03'),
      article("'Copper Canyon' is a one-off", 'C', '2026-05-03'),
      article('An article about a series', 'D', null, 'Paper Moons'),
    ]);
    expect(matchShows(catalog, '')).toEqual(['Glass Orchard', 'Paper Moons']);
    expect(matchShows(catalog, 'orch')).toEqual(['Glass Orchard']);
  });
});

describe('outlet lists', () => {
  it.each([
    [['Variety'], 'Variety'],
    [['Variety', 'Deadline'], 'Variety and Deadline'],
    [['Variety', 'Deadline', 'Vulture'], 'Variety, Deadline and Vulture'],
    [['Variety', 'Deadline', 'Vulture', 'IndieWire', 'Collider'], 'Variety, Deadline and 3 more'],
  ])('%j reads "%s"', (outlets, text) => {
    expect(outletList(outlets)).toBe(text);
  });
});

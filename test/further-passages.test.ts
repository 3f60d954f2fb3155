import { describe, expect, it } from 'vitest';
import { engineForTests } from './support/sample-index';

/*
 * A long made-up report whose last paragraph states where the show streams in words the question
 * does not use: retrieval picks the paragraphs that match the question, and the rest of the best
 * article comes along as `further`, for the short answer to read.
 */
const filler = (topic: string) =>
  Array.from(
    { length: 12 },
    (_, i) => `The ${topic} crew spent day ${i + 1} on the quay, and the weather held for most of the shoot.`,
  ).join(' ');

const articles = {
  'glass-harbor.md': `---
title: Glass Harbor season two begins filming
outlet: Screen Desk
url: https://screendesk.example/glass-harbor-filming
published: 2024-03-04
---
Glass Harbor season two began filming this week in the fishing town of Lakeport.

${filler('camera')}

${filler('lighting')}

${filler('catering')}

The drama streams on Zentro every Friday.
`,
  // Six other reports of filming this week fill the passages retrieval hands on, two each.
  ...Object.fromEntries(
    ['Night Owls Live', 'Tin Harbor', 'Saltmarsh', 'Lantern Street', 'Kestrel Bay', 'Mara Field'].map((show, i) => [
      `other-${i}.md`,
      `---\ntitle: ${show} season two begins filming\noutlet: Coast Screen\nurl: https://coastscreen.example/other-${i}\npublished: 2024-03-0${i + 1}\n---\n${show} season two began filming this week.\n\n${filler('sound')}\n\n${filler('set')}\n`,
    ]),
  ),
};

const engine = engineForTests('further-passages-', articles);

describe('the best article read further', () => {
  it('brings the best article’s passages retrieval did not pick, and no other article’s', async () => {
    const retrieval = await engine().retrieve('glass harbor season two filming lakeport');
    const retrieved = retrieval.groups.flatMap((g) => g.passages);
    expect(retrieved[0]?.article.title).toBe('Glass Harbor season two begins filming');
    const further = retrieval.further ?? [];
    expect(further.length).toBeGreaterThan(0);
    const best = retrieved.filter((p) => p.article.id === retrieved[0]!.article.id);
    const read = [...best, ...further].map((p) => p.text).join(' ');
    for (const sentence of ['began filming this week in the fishing town', 'The drama streams on Zentro every Friday.'])
      expect(read).toContain(sentence);
    expect(further.every((p) => p.article.id === retrieved[0]!.article.id)).toBe(true);
    const picked = new Set(retrieved.map((p) => p.chunkId));
    expect(further.some((p) => picked.has(p.chunkId))).toBe(false);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { answerCandidatesFor, shortReading } from '../src/answer/extractive';
import { questionProfile } from '../src/answer/profile';
import { chunkArticle } from '../src/chunk/chunk-article';
import { createLexicalIndex } from '../src/index/lexical';
import type { Retrieval } from '../src/retrieve/types';
import { engineForTests } from './support/sample-index';

/*
 * The bounded reading of the best article's further passages (bestFurtherSentences in
 * src/answer/extractive.ts) reads only the passages whose own match of the question could hold one
 * of the best further sentences, best bound first. Here a long made-up report states where its
 * finale is filmed in one passage near its end, among passages that only name the show; its opening
 * passages match the whole question but never say where. Eight other reports of finale shoots take
 * the rest of the twelve passages retrieval keeps, so the answer's passage reaches the answer stage
 * only as a further one, among twenty-odd: a reading that skips it loses the answer. (Breaking the
 * bound, zero or half of what it is, or stopping after the first passage read, fails the second test.)
 */
const question = 'Where will the Glass Harbor finale be filmed?';
const answerSentence = 'The Glass Harbor finale will be filmed in Port Velmar, the studio said on Friday.';

/**
 * The report's opening: every sentence holds the whole question, but no place. Retrieval picks two
 * of its chunks and the rest come first among the further passages, good enough sentences that a
 * bound set too low for the answer's passage stops the reading before it.
 */
const openingSentences = [
  'The Glass Harbor finale will be the largest shoot the harbor drama has filmed in its three seasons.',
  'Filming the Glass Harbor finale will take a year of planning, and the finale script went through nine drafts.',
  'Cast members say the Glass Harbor finale will be the hardest episode they have filmed.',
  'The finale of Glass Harbor will be filmed over six weeks, twice the time of a usual episode.',
];
const fillerTopics = ['camera', 'lighting', 'catering', 'costume', 'sound', 'transport', 'stunt', 'makeup'];
/** About 150 words: a chunk of its own. Every sentence names the show, and so matches part of the question. */
const fillerParagraph = (topic: string, part: number) =>
  Array.from(
    { length: 8 },
    (_, i) =>
      `On day ${part * 8 + i + 1} the Glass Harbor ${topic} team worked through the morning and packed up before the evening tide came in.`,
  ).join(' ');
const sentencesOf = (paragraph: string) => paragraph.split(/(?<=\.) /);
const answerParagraph = [
  ...sentencesOf(fillerParagraph('catering', 14)).slice(0, 4),
  answerSentence,
  ...sentencesOf(fillerParagraph('catering', 14)).slice(4),
].join(' ');
const paragraphs = [
  Array.from({ length: 3 }, () => openingSentences.join(' ')).join(' '),
  Array.from({ length: 3 }, () => [...openingSentences].reverse().join(' ')).join(' '),
  ...Array.from({ length: 14 }, (_, part) => fillerParagraph(fillerTopics[part % fillerTopics.length]!, part)),
  answerParagraph,
  ...Array.from({ length: 3 }, (_, part) => fillerParagraph('sound', 15 + part)),
];

const otherShows = [
  'Saltmarsh',
  'Lantern Street',
  'Kestrel Bay',
  'Mara Field',
  'Night Owls',
  'Tin Roof',
  'Ember Hill',
  'Oak Ward',
];
/** Two chunks of a finale shoot that match the question's "finale" and "filmed", never its show or answer. */
const otherReport = (show: string) =>
  [0, 1]
    .map((part) =>
      Array.from(
        { length: 8 },
        (_, i) =>
          `The ${show} finale was filmed on day ${part * 8 + i + 1} of the shoot, and the crew filmed the finale scenes in the studio.`,
      ).join(' '),
    )
    .join('\n\n');

const frontMatter = (title: string, slug: string, day: number) =>
  `---\ntitle: ${title}\noutlet: Screen Desk\nurl: https://screendesk.example/${slug}\npublished: 2024-04-${String(day).padStart(2, '0')}\n---\n`;
const bodies: Record<string, { title: string; body: string }> = {
  'glass-harbor.md': { title: 'Glass Harbor finale shoot begins', body: paragraphs.join('\n\n') },
  ...Object.fromEntries(
    otherShows.map((show, i) => [`other-${i}.md`, { title: `${show} finale shoot ends`, body: otherReport(show) }]),
  ),
};
const articles = Object.fromEntries(
  Object.entries(bodies).map(([file, { title, body }], i) => [
    file,
    `${frontMatter(title, file.replace('.md', ''), i + 1)}${body}\n`,
  ]),
);

/** Term statistics over the same articles' chunks, as the index's would be. */
function statistics() {
  const lexical = createLexicalIndex();
  let label = 0;
  for (const [file, { title, body }] of Object.entries(bodies))
    lexical.add(
      chunkArticle({ id: file, text: body }).map((chunk) => ({
        label: label++,
        title,
        text: body.slice(chunk.start, chunk.end),
      })),
    );
  return lexical;
}

const engine = engineForTests('further-reading-', articles);
let retrieval: Retrieval;

beforeAll(async () => {
  retrieval = await engine().retrieve(question);
});

describe('reading the best article further, bounded', () => {
  it('has the answer only in a further passage, among more than are read', () => {
    const retrieved = retrieval.groups.flatMap((g) => g.passages);
    expect(retrieved[0]?.article.title).toBe('Glass Harbor finale shoot begins');
    expect(retrieved.some((p) => p.text.includes(answerSentence))).toBe(false);
    // The other reports fill retrieval: it does not hand on every chunk of the long one.
    expect(new Set(retrieved.map((p) => p.article.id)).size).toBeGreaterThan(1);
    const further = retrieval.further ?? [];
    expect(further.length).toBeGreaterThan(2 * shortReading.further);
    expect(further.some((p) => p.text.includes(answerSentence))).toBe(true);
  });

  it('reads the further passage that states the answer, and finds the answer in it', () => {
    const { answerable, evidence, candidates } = answerCandidatesFor(
      questionProfile(question, statistics()),
      retrieval,
    );
    expect(answerable).toBe(true);
    expect(evidence.map((e) => e.text)).toContain(answerSentence);
    expect(candidates.map((c) => c.text)).toContain('Port Velmar');
  });
});

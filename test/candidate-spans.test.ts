import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine';
import { analyzeSentence } from '../src/answer/spans';
import { engineOverArticles } from './support/sample-index';

/** The candidate spans of a sentence, as "kind:text", leaving out common nouns and noun phrases. */
function spansOf(sentence: string): string[] {
  return analyzeSentence(sentence)
    .spans.filter((span) => span.kind !== 'noun' && span.kind !== 'phrase')
    .map((span) => `${span.kind}:${span.text}`);
}

describe('candidate spans are cut where the answer starts and ends', () => {
  it.each([
    ['a short month and its day', 'Glass Harbor returns Sept. 13 on Zentro.', 'date:Sept. 13', 'number:13'],
    ['a range of days', 'The specials are free to stream Nov. 3-6 on the app.', 'date:Nov. 3-6', 'date:Nov.'],
    ['a day with its year', 'The finale aired Sept. 17, 2027, to record ratings.', 'date:Sept. 17, 2027', 'number:17'],
    [
      'a name after a job title',
      'Showrunner Mara Quill said the season ends in May.',
      'name:Mara Quill',
      'name:Showrunner Mara Quill',
    ],
    ['a name after praise', 'Superstar Ada Lind will host the gala.', 'name:Ada Lind', 'name:Superstar Ada Lind'],
    [
      'a name after a lower-case relation',
      'She split from her ex-fiancée Tobin Reyes last year.',
      'name:Tobin Reyes',
      'name:ex-fiancée Tobin Reyes',
    ],
    [
      'a name, not a handle',
      'The show welcomed @dana_velt as its new co-host on Monday.',
      'date:Monday',
      'name:@dana_velt',
    ],
  ])('%s: "%s" holds %s, not %s', (_, sentence, wanted, unwanted) => {
    const spans = spansOf(sentence);
    expect(spans).toContain(wanted);
    expect(spans).not.toContain(unwanted);
  });
});

function article(slug: string, title: string, published: string, body: string): [string, string] {
  return [
    `${slug}.md`,
    `---\ntitle: ${JSON.stringify(title)}\noutlet: Screen Desk\nurl: https://screendesk.example/${slug}\npublished: ${published}\n---\n${body}\n`,
  ];
}

const articles = Object.fromEntries([
  article(
    'tin-harbor-network',
    'Tin Harbor gets a second season',
    '2024-05-20',
    "Zentro's legal drama “Tin Harbor” has been renewed for a second season. The cast of Zentro's “Tin Harbor” returns next spring.",
  ),
  article(
    'night-owls-anniversary',
    'Night Owls Live celebrates its anniversary',
    '2024-06-02',
    'The late-night show Night Owls Live, which has been on the air since 1998, celebrated with a party in Lakeport.',
  ),
]);

let engine: Engine;
let cleanup: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ engine, cleanup } = await engineOverArticles('candidate-spans-', articles));
});

afterAll(async () => {
  await cleanup?.();
});

describe('short answers of TV news', () => {
  it('name the network without the possessive it owns a show by', async () => {
    const answer = await engine.ask('what network is tin harbor on');
    expect(answer.short).toBe('Zentro');
  });

  it('answer "how long has it been on" with the year it began', async () => {
    const answer = await engine.ask('how long has night owls live been on the air');
    expect(answer.short).toBe('1998');
  });
});

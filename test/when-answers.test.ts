import { expect, it } from 'vitest';
import { irregularForms } from '../src/text/verb-forms';
import { engineForTests } from './support/sample-index';

/*
 * Made-up reports of one production: the one that dates the start of filming says it "began"; the
 * others name other dates beside the word "filming" without saying when it started, one of them
 * only as "last month".
 */
function report(slug: string, outlet: string, body: string): [string, string] {
  return [
    `${slug}.md`,
    `---\ntitle: "Harbour Lights production notes"\noutlet: ${outlet}\nurl: https://${slug}.example/notes\npublished: 2024-06-20\n---\n${body}\n`,
  ];
}

const engine = engineForTests(
  'when-answers-',
  Object.fromEntries([
    report(
      'set-visit',
      'Set Visit',
      'Filming on Harbour Lights began on June 3, according to notices posted near the pier. The crew works nights.',
    ),
    report(
      'season-one',
      'Studio Wire',
      'Filming of the first season of Harbour Lights wrapped last month, the studio said. Its second season is on the way.',
    ),
    report(
      'casting-news',
      'Casting News',
      'The cast of Harbour Lights met on May 20 to read the filming script together. Two more actors joined later.',
    ),
  ]),
);

it('lists the irregular past forms the stemmer misses, and none for regular verbs', () => {
  expect(irregularForms('begin')).toEqual(['began', 'begun']);
  expect(irregularForms('go')).toEqual(['went', 'gone']);
  expect(irregularForms('start')).toEqual([]);
});

it('answers "when did it start" with the day from the report that says it began, not a "last month"', async () => {
  const answer = await engine().ask('When did filming on Harbour Lights start?');
  expect(answer.short).toBe('June 3');
  expect(answer.citations[0]?.outlet).toBe('Set Visit');
});

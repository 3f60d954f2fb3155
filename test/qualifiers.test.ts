import { describe, expect, it } from 'vitest';
import { namesOtherQualifier, qualifierRows, questionQualifiers, statesQualifier } from '../src/answer/qualifiers';

// Made-up shows, contests and awards.
describe('the seasons, parts, editions and years a question names', () => {
  it.each(qualifierRows.map((row) => [row.example.question, row.example.reads]))('reads "%s"', (question, reads) => {
    expect(questionQualifiers(question)).toEqual(reads);
  });

  it.each([
    ['how many episodes did glass harbor season 4 part 2 have', [4, 2]],
    ['who won season two of the bake-off', [2]],
    ['who hosts the 12th annual lantern gala', [12]],
  ])('reads every qualifier of "%s"', (question, values) => {
    expect(questionQualifiers(question).map((q) => q.value)).toEqual(values);
  });

  it.each([
    'who plays the captain in glass harbor',
    'who is hosting the lantern gala on oct 28',
    'who played the queen in the first 2 seasons of glass harbor',
    'how many viewers watched ada lind’s 15 minutes of fame',
    'which show drew nearly 100 complaints',
    'who hosted the first night of the gala',
  ])('reads no qualifier in "%s"', (question) => {
    expect(questionQualifiers(question)).toEqual([]);
  });
});

describe('whether a sentence names the qualifier asked about', () => {
  const season12 = { value: 12, noun: 'season', year: false };
  const season2 = { value: 2, noun: 'season', year: false };
  const gala2022 = { value: 2022, noun: 'gala', year: true };

  it.each([
    ['digits', 'Tobin Reyes won Season 12 of the contest.', season12],
    ['an ordinal in digits', 'The contest’s 12th season ended with a win for Tobin Reyes.', season12],
    ['an ordinal word by its noun', 'The second season of Glass Harbor opens on May 9.', season2],
    ['a number word by its noun', 'Season two of Glass Harbor opens on May 9.', season2],
    ['a year in a report of that year, unwritten', 'This year’s gala was held at the Harbor Hall.', gala2022],
  ])('states it: %s', (_, sentence, qualifier) => {
    expect(statesQualifier(sentence, qualifier, '2022-09-10')).toBe(true);
  });

  it.each([
    ['another season', 'On Dec. 14, Tobin Reyes won Season 9 of the contest.', season12],
    ['a day of a month with the same number', 'Tobin Reyes won the contest on Dec. 12.', season12],
    ['a number word nowhere near a season', 'The final two episodes air on May 9.', season2],
    ['another year', 'The 2021 gala was held at the Harbor Hall.', gala2022],
  ])('does not state it: %s', (_, sentence, qualifier) => {
    expect(statesQualifier(sentence, qualifier, '2023-01-10')).toBe(false);
  });

  it.each([
    ['another season', 'Tobin Reyes won Season 9 of the contest.', season12, true],
    ['another ordinal', 'At the 18th annual gala, Ada Lind won.', { value: 19, noun: 'gala', year: false }, true],
    ['another year', 'The 2021 gala was held at the Harbor Hall.', gala2022, true],
    ['the same season', 'Tobin Reyes won Season 12 of the contest.', season12, false],
    ['no season at all', 'Tobin Reyes won the contest.', season12, false],
  ])('names another one of its noun: %s', (_, sentence, qualifier, other) => {
    expect(namesOtherQualifier(sentence, qualifier)).toBe(other);
  });
});

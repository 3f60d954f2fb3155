import { describe, expect, it } from 'vitest';
import { dayNumber } from '../src/day';
import { asksAboutFuture, futureQuestionRows, latestDayOf, pastForFuture } from '../src/answer/future-date';

// Made-up shows.
describe('questions about what is to come', () => {
  it.each(futureQuestionRows.map((row) => [row.example]))('reads "%s" as asking about the future', (question) => {
    expect(asksAboutFuture(question)).toBe(true);
  });

  it.each([
    'when did Glass Harbor premiere',
    'what year was Glass Harbor first on air',
    'when is Glass Harbor set',
    'who plays the captain in Glass Harbor',
  ])('reads "%s" as not asking about the future', (question) => {
    expect(asksAboutFuture(question)).toBe(false);
  });
});

describe('the last day a date can mean', () => {
  const day = (text: string) => dayNumber(text)!;
  it.each([
    ['a full date', 'March 3, 2026', '2026-02-01', '2026-03-03'],
    ['a month and day, in its report’s year', 'Sept. 9', '2025-08-20', '2025-09-09'],
    ['a month and day long before its report, in the next year', 'Jan. 5', '2025-12-10', '2026-01-05'],
    ['a month of a year', 'August 2027', '2025-01-01', '2027-08-31'],
    ['a year', '2019', '2025-01-01', '2019-12-31'],
  ])('%s: "%s" reported %s is %s', (_, text, published, latest) => {
    expect(latestDayOf(text, published)).toBe(day(latest));
  });

  it.each([
    ['a weekday', 'Monday'],
    ['a month and day with no report date', 'Sept. 9'],
    ['no date at all', 'Zentro'],
  ])('is unknown for %s: "%s"', (_, text) => {
    expect(latestDayOf(text, text === 'Sept. 9' ? null : '2025-01-01')).toBeNull();
  });
});

describe('a past date for a question about the future', () => {
  const asOf = dayNumber('2025-06-01')!;
  it.each([
    ['a date before the day asked', true, 'May 20', '2025-05-01', 1],
    ['a year before the day asked', true, '2024', '2025-05-01', 1],
    ['a date after it', true, 'July 4', '2025-05-01', 0],
    ['the year asked in', true, '2025', '2025-05-01', 0],
    ['a past date for a question about the past', false, 'May 20', '2025-05-01', 0],
  ])('%s: %s', (_, future, candidate, published, flag) => {
    expect(pastForFuture(future, candidate, published, asOf)).toBe(flag);
  });
});

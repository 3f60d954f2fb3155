import { dayNumber } from '../day';
import { monthAbbreviations, monthNames } from './lexicon';

/*
 * "When does the show's next season come out?" asks about something still to come on the day it is
 * asked: a date before that day answers another season, another year's ceremony, the first
 * premiere. A report of the upcoming season is what answers it; when the index holds none, the
 * candidates are all such dates, and they must not read as a sure answer.
 */

/** How a question asks about something still to come, one row each, with an example. */
export const futureQuestionRows: readonly { pattern: RegExp; example: string }[] = [
  {
    pattern: /\bwhen(?:['’]s| is| are| does| do| will)\b/i,
    example: 'when does the third season of Glass Harbor start',
  },
  { pattern: /\b(?:coming|come) out\b/i, example: 'is the Glass Harbor movie coming out this year' },
  { pattern: /\bwhat (?:day|date) (?:is|does|will)\b/i, example: 'what date does the finale of Glass Harbor air' },
];

/** What asks about the past after all: "when is it set", "when does it take place", "when did". */
const pastOrTimeless = /\b(?:did|was|were|has|have|had|first|set|take place|takes place|born)\b/i;

/** What a date candidate is weighed against: the question asks about what is to come, as of a day. */
export interface AskedWhen {
  future: boolean;
  /** The day asked as of, as days since 1970. */
  asOf: number;
}

/** The question asks when something still to come will happen. */
export function asksAboutFuture(question: string): boolean {
  return !pastOrTimeless.test(question) && futureQuestionRows.some((row) => row.pattern.test(question));
}

const months = new Map<string, number>([
  ...monthNames.map((name, i) => [name, i] as const),
  ...monthAbbreviations.map((abbreviation) => [abbreviation, monthIndexOf(abbreviation)] as const),
]);

function monthIndexOf(abbreviation: string): number {
  return monthNames.findIndex((name) => name.startsWith(abbreviation.slice(0, 3)));
}

const yearPattern = /\b(1[89]\d\d|20\d\d)\b/;
const monthDayPattern = /\b([a-z]+)\.?(?:\s+(\d{1,2})\b)?/gi;
const dayMs = 86_400_000;
/**
 * A month and day with no year is read in its report's year; a report writes of dates to come, so
 * one more than this many days before the report is read in the next year ("Jan. 5" in December).
 */
const lookBackDays = 60;

/**
 * The last day `text` can mean, as days since 1970 (a year alone: its 31 December; a month: its
 * last day), its year taken from `published` when it names none; null when it names no date.
 */
export function latestDayOf(text: string, published: string | null): number | null {
  const year = yearPattern.exec(text)?.[1];
  let month: number | null = null;
  let day: number | null = null;
  for (const match of text.matchAll(monthDayPattern)) {
    const index = months.get(match[1]!.toLowerCase());
    if (index === undefined || index < 0) continue;
    month = index;
    day = match[2] === undefined ? null : Number(match[2]);
    break;
  }
  if (year !== undefined) {
    const y = Number(year);
    if (month === null) return Date.UTC(y, 11, 31) / dayMs;
    return Date.UTC(y, day === null ? month + 1 : month, day ?? 0) / dayMs;
  }
  const reported = dayNumber(published);
  if (month === null || day === null || reported === null) return null;
  const reportYear = new Date(reported * dayMs).getUTCFullYear();
  const inReportYear = Date.UTC(reportYear, month, day) / dayMs;
  return inReportYear < reported - lookBackDays ? Date.UTC(reportYear + 1, month, day) / dayMs : inReportYear;
}

/**
 * 1 when the question asks about something to come and the candidate is a date wholly before the
 * day it is asked (read in its report's year when it names none); otherwise 0.
 */
export function pastForFuture(future: boolean, candidate: string, published: string | null, asOf: number): number {
  if (!future) return 0;
  const latest = latestDayOf(candidate, published);
  return latest !== null && latest < asOf ? 1 : 0;
}

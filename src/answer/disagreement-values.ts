import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';
import { alternation, monthAbbreviations, monthNames, numberWords } from './lexicon';

/**
 * chrono-node, required on the first date compared: loading it costs about 15 MB and 0.15 s, and most
 * answers compare no dates (only premiere, finale and renewal questions do).
 */
let chronoModule: typeof Chrono | undefined;
function chrono(): typeof Chrono {
  chronoModule ??= createRequire(import.meta.url)('chrono-node') as typeof Chrono;
  return chronoModule;
}

/*
 * The values a short answer can take when outlets may disagree on it, read so that two ways of
 * writing one value compare equal: "March" holds "March 3, 2024", "10" is "ten". Only values that
 * are both precise enough to contradict each other ever conflict.
 */

/** What the question's wanted slot holds: a date or a count. */
export type ValueKind = 'date' | 'count';

export interface DateValue {
  kind: 'date';
  /** The calendar parts the text states; a part it leaves out is unknown, never guessed. */
  year: number | null;
  month: number | null;
  day: number | null;
  /**
   * Days since 1970 of the date as its article's day places it ("March 3" written on 20 Feb 2024
   * is 3 March 2024), when the text names a day of a month; for telling a different season's
   * premiere from a moved one.
   */
  placed: number | null;
}

export interface CountValue {
  kind: 'count';
  /** "8" is 8 to 8; "6 to 9" is 6 to 9. */
  low: number;
  high: number;
}

export type SlotValue = DateValue | CountValue;

const dayMs = 86_400_000;
const namesMonth = new RegExp(`\\b(?:${alternation([...monthNames, ...monthAbbreviations])})\\b`, 'i');
const bareYear = /^(?:in\s+)?((?:19|20)\d\d)$/i;

/**
 * The value `text` names, read as of its article's day (`published`, YYYY-MM-DD or null); null when
 * it names none precisely enough to compare ("this fall", "soon").
 */
export function readValue(kind: ValueKind, text: string, published: string | null): SlotValue | null {
  return kind === 'count' ? readCount(text) : readDate(text, published);
}

function readDate(text: string, published: string | null): DateValue | null {
  const year = bareYear.exec(text.trim());
  if (year) return { kind: 'date', year: Number(year[1]), month: null, day: null, placed: null };
  const reference = published === null ? undefined : new Date(`${published}T12:00:00Z`);
  const [parsed] = chrono().parse(text, reference);
  if (parsed === undefined) return null;
  const { start } = parsed;
  const known = (part: 'year' | 'month' | 'day') => (start.isCertain(part) ? (start.get(part) ?? null) : null);
  const month = known('month');
  const day = known('day');
  // A weekday alone ("on Friday") is placed by chrono on a day of its own choosing: too loose to compare.
  if (month === null) return null;
  const placedDate = start.date();
  const placed = day !== null && published !== null ? Math.floor(placedDate.getTime() / dayMs) : null;
  return { kind: 'date', year: known('year'), month, day, placed };
}

const countPattern = new RegExp(
  `^(\\d+|${numberWords.join('|')})(?:\\s*(?:to|-|–|or)\\s*(\\d+|${numberWords.join('|')}))?$`,
  'i',
);

/** Four digits that read as a year (1900–2099). */
const yearLike = /^(?:19|20)\d\d$/;

function readCount(text: string): CountValue | null {
  const match = countPattern.exec(text.trim());
  if (!match) return null;
  const number = (word: string) => (/^\d+$/.test(word) ? Number(word) : numberWords.indexOf(word.toLowerCase()));
  // "The 2021 season" (or "the 2022-23 season") is a season of those years, not 2,021 seasons: years are never counts.
  if (yearLike.test(match[1]!)) return null;
  const low = number(match[1]!);
  const high = match[2] === undefined ? low : number(match[2]);
  return { kind: 'count', low: Math.min(low, high), high: Math.max(low, high) };
}

/** Whether the two values can both be true of one thing: neither states anything the other denies. */
export function compatible(a: SlotValue, b: SlotValue): boolean {
  if (a.kind === 'date' && b.kind === 'date') {
    return (['year', 'month', 'day'] as const).every(
      (part) => a[part] === null || b[part] === null || a[part] === b[part],
    );
  }
  if (a.kind === 'count' && b.kind === 'count') return a.low <= b.high && b.low <= a.high;
  return false;
}

/**
 * Whether the values contradict each other as reports of one fact: incompatible, and each precise
 * enough to be a claim (a date needs its month). Two dates placed further apart than
 * `maxDaysApart` are more likely two events (two seasons' premieres) than two reports of one.
 */
export function contradicts(a: SlotValue, b: SlotValue, maxDaysApart: number): boolean {
  if (compatible(a, b)) return false;
  if (a.kind === 'date' && b.kind === 'date') {
    if (a.month === null || b.month === null) return false;
    if (a.placed !== null && b.placed !== null && Math.abs(a.placed - b.placed) > maxDaysApart) return false;
  }
  return true;
}

/** How much a value states: the fuller form of one value is the one shown. */
export function precision(value: SlotValue): number {
  if (value.kind === 'date') return [value.year, value.month, value.day].filter((part) => part !== null).length;
  return value.low === value.high ? 2 : 1;
}

/**
 * The dates a sentence names beside `value` that cannot both hold with it ("begins May 15 in the
 * Pacific and June 1 in the Atlantic"): such a sentence gives two answers, and which one the slot
 * holds is a guess.
 */
export function otherDates(sentence: string, value: DateValue, published: string | null): boolean {
  const reference = published === null ? undefined : new Date(`${published}T12:00:00Z`);
  return chrono()
    .parse(sentence, reference)
    .some((found) => {
      // "A week earlier" is placed by chrono from the article's day: no date the sentence states.
      if (!namesMonth.test(found.text)) return false;
      const other = readDate(found.text, published);
      return other !== null && !compatible(other, value);
    });
}

import * as chrono from 'chrono-node';
import { numberWords } from './lexicon';

/*
 * The values a short answer can take when outlets may disagree on it, read so that two ways of
 * writing one value compare equal: "March" holds "March 3, 2024", "10" is "ten", "Apple TV+" holds
 * "Apple TV". Only values that are both precise enough to contradict each other ever conflict.
 */

/** What the question's wanted slot holds: a date, a count, or a network's name. */
export type ValueKind = 'date' | 'count' | 'name';

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

export interface NameValue {
  kind: 'name';
  /** Letters and digits only, lowercased, with "+" kept: "apple tv+". */
  key: string;
}

export type SlotValue = DateValue | CountValue | NameValue;

const dayMs = 86_400_000;
const bareYear = /^(?:in\s+)?((?:19|20)\d\d)$/i;

/**
 * The value `text` names, read as of its article's day (`published`, YYYY-MM-DD or null); null when
 * it names none precisely enough to compare ("this fall", "soon").
 */
export function readValue(kind: ValueKind, text: string, published: string | null): SlotValue | null {
  if (kind === 'count') return readCount(text);
  if (kind === 'name') {
    const key = text
      .toLowerCase()
      .replace(/^the\s+/, '')
      .replace(/[^\p{L}\p{N}+]+/gu, ' ')
      .trim();
    return key === '' ? null : { kind: 'name', key };
  }
  return readDate(text, published);
}

function readDate(text: string, published: string | null): DateValue | null {
  const year = bareYear.exec(text.trim());
  if (year) return { kind: 'date', year: Number(year[1]), month: null, day: null, placed: null };
  const reference = published === null ? undefined : new Date(`${published}T12:00:00Z`);
  const [parsed] = chrono.parse(text, reference);
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

function readCount(text: string): CountValue | null {
  const match = countPattern.exec(text.trim());
  if (!match) return null;
  const number = (word: string) => (/^\d+$/.test(word) ? Number(word) : numberWords.indexOf(word.toLowerCase()));
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
  if (a.kind === 'name' && b.kind === 'name') return a.key.includes(b.key) || b.key.includes(a.key);
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
  if (value.kind === 'count') return value.low === value.high ? 2 : 1;
  return value.key.length;
}

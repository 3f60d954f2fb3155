import { QuestionError } from '../errors';

/**
 * "As of" a day: the question is asked as if on that day, so articles published after it are not
 * used. Days are compared as `YYYY-MM-DD` strings, the form every stored article date has.
 */

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day `value` names as `YYYY-MM-DD` (a Date counts by its UTC day); null when it is not a real date. */
export function asOfDay(value: string | Date): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  const match = isoDay.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? match[0] : null;
}

/** Whether an article may be used as of `day`: published on or before it, or undated (its age is unknown). */
export function publishedBy(published: string | null, day: string | null): boolean {
  return day === null || published === null || published <= day;
}

/** The asOf day as `YYYY-MM-DD`, null when none was given; QuestionError when it is not a date. */
export function validateAsOf(value: string | Date | undefined): string | null {
  if (value === undefined) return null;
  const day = asOfDay(value);
  if (day === null) throw new QuestionError(`"${String(value)}" is not a date; give the as-of date as YYYY-MM-DD.`);
  return day;
}

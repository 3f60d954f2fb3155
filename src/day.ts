/**
 * A calendar day as `YYYY-MM-DD`, known to be a real date. Questions are asked "as of" a day:
 * articles published after it are not used, and recent ones count for more. The front doors
 * (the CLI's --as-of or today, the Discord interaction's time, the eval's question dates) make
 * the one `Day`; the pipeline, the answer cache and retrieval take it as it is. Ingest writes
 * every article's published date in the same form, so the two compare as strings.
 */
export type Day = string & { readonly __brand: 'Day' };

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

/** The day `text` names as `YYYY-MM-DD` (surrounding space ignored); null when it is not a real date. */
export function parseDay(text: string): Day | null {
  const match = isoDay.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? (match[0] as Day) : null;
}

/** The UTC day of a moment (Discord stamps interactions in UTC); RangeError for an invalid Date. */
export function dayOf(moment: Date): Day {
  if (Number.isNaN(moment.getTime())) throw new RangeError('dayOf: the Date is invalid');
  return moment.toISOString().slice(0, 10) as Day;
}

/** Today's UTC day: what the bot asks as of, and so the CLI by default. */
export function today(): Day {
  return dayOf(new Date());
}

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` day: a `Day`, or an article's published date as ingest
 * normalised it; null for none (an undated article), or for a date in another form.
 */
export function dayNumber(day: string | null): number | null {
  if (day === null) return null;
  const time = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(time) ? null : Math.floor(time / dayMs);
}

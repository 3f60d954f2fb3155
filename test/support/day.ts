import { parseDay, type Day } from '../../src/day';

/** A day written in a test, as the front doors would parse it; throws when the test wrote no real date. */
export function day(text: string): Day {
  const parsed = parseDay(text);
  if (parsed === null) throw new Error(`test wrote "${text}", which is not a YYYY-MM-DD day`);
  return parsed;
}

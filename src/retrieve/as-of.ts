import type { Day } from '../day';

/**
 * "As of" a day (see src/day.ts): the question is asked as if on that day, so articles published
 * after it are not used. Both are `YYYY-MM-DD`, so they compare as strings.
 */

/** Whether an article may be used as of `day`: published on or before it, or undated (its age is unknown). */
export function publishedBy(published: string | null, day: Day | null): boolean {
  return day === null || published === null || published <= day;
}

import { retrievalDefaults } from './defaults';

/*
 * News questions have a date: "this week" in a question asked on 5 January means the days before
 * 5 January. Articles after it are filtered out (as-of.ts); these say how much age counts.
 */

/** Words that ask about what happened lately, relative to when the question is asked. */
const recentCue =
  /\b(this|last|past) (week|weekend|month)\b|\b(recent(ly)?|latest|newly|just|yesterday|today|tonight|currently|now|this (year|morning|season))\b|\b(on )?(mon|tues|wednes|thurs|fri|satur|sun)day\b/i;

export function asksAboutRecentEvents(question: string): boolean {
  return recentCue.test(question);
}

/**
 * How much an article's age (in days before the question's date) counts against it. News
 * questions are about the news of the days before they were asked, the more so when they say
 * "this week" or "recently"; an undated article's age is unknown, so it is neither. Tuned on the
 * news-quiz development set; when every candidate is old, their order is unchanged.
 */
export function recencyFactor(ageDays: number | null, recent: boolean): number {
  const { timeConstantDays, floor, recentFloor, undated, recentUndated } = retrievalDefaults.recency;
  if (ageDays === null) return recent ? recentUndated : undated;
  const kept = recent ? recentFloor : floor;
  return kept + (1 - kept) * Math.exp(-Math.max(0, ageDays) / timeConstantDays);
}

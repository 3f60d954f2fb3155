import { inertText } from './inert-text';

/**
 * Discord timestamps (`<t:unix:style>`): each reader sees the date in their own language and time
 * zone, and `R` reads "2 hours ago". They render in message content, descriptions and field
 * values, not in titles, footers, button labels or autocomplete choices.
 */
export type TimestampStyle = 'D' | 'R' | 'f';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `<t:…:style>` for an ISO time or a `YYYY-MM-DD` day; null for anything unreadable. A bare day is
 * placed at noon UTC so every time zone from UTC−12 to UTC+12 shows the same calendar day.
 */
export function discordTime(at: Date | string, style: TimestampStyle = 'D'): string | null {
  const ms = at instanceof Date ? at.getTime() : Date.parse(DAY.test(at) ? `${at}T12:00:00Z` : at);
  if (!Number.isFinite(ms)) return null;
  return `<t:${Math.floor(ms / 1_000)}:${style}>`;
}

/** A day with how long ago it was: "<t:…:D> (<t:…:R>)"; empty for an unreadable date. */
export function discordDay(at: Date | string): string {
  const day = discordTime(at, 'D');
  return day ? `${day} (${discordTime(at, 'R') ?? ''})` : '';
}

/** How a feed's status shows in Discord: its poll time as "2 hours ago", its error inert. */
export const discordFeedStatusStyle = {
  time: (iso: string) => discordTime(iso, 'R') ?? inertText(iso, { oneLine: true }),
  text: (text: string) => inertText(text, { oneLine: true }),
};

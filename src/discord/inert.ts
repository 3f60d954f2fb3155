/**
 * The one door for text the bot did not write (questions, article quotes and titles, outlet names,
 * modal comments) on its way into a Discord message: markdown is escaped so nothing formats or
 * makes a masked link, invisible and direction-changing characters are dropped, white space is
 * one line, and mentions (`@everyone`, `<@id>`, `<#channel>`) show as text. Replies also send
 * `allowedMentions: { parse: [] }`, so even a missed mention never pings.
 */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
const MARKDOWN = /([\\*_~`|[\]<>#@])/g;

export function inert(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').replace(MARKDOWN, '\\$1');
}

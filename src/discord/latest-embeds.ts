import type { APIEmbed } from 'discord.js';
import type { LatestStories, Story } from '../retrieve/latest';
import { inertText, visibleText } from './inert-text';
import { LIMITS, linkableUrl, trimText } from './limits';
import { countOf } from './plural';
import { discordTime } from './timestamps';

const COLOR = 0x2b6cb0;
/** Outlets named on a story's line before "and N more": two names keep the line on one row. */
const OUTLETS_NAMED = 2;
const HEADLINE_MAX = 150;

const inert = (text: string) => inertText(text, { oneLine: true });

/** "Variety", "Variety and Deadline", "Variety, Deadline and 3 more". */
export function outletList(outlets: readonly string[], named: number = OUTLETS_NAMED): string {
  const shown = outlets.length <= named + 1 ? outlets : outlets.slice(0, named);
  const rest = outlets.length - shown.length;
  const names = shown.map(inert);
  if (rest > 0) return `${names.join(', ')} and ${countOf(rest, 'more', 'more')}`;
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** One story on one line: its day, the linked headline, the outlets that carried it. */
export function storyLine(story: Story): string {
  const when = discordTime(story.published, 'D') ?? '';
  const title = inert(trimText(story.title, HEADLINE_MAX));
  const url = linkableUrl(story.url);
  const headline = url ? `[${title}](${url})` : title;
  return `${when} ${headline} · ${outletList(story.outlets)}`;
}

/** The /latest reply: stories newest first, one line each, as of `asOf`. */
export function latestEmbed(latest: LatestStories, asOf: Date): APIEmbed {
  const about = latest.show ? ` on ${inert(trimText(latest.show, 80))}` : '';
  const title = trimText(`Latest${about}`, LIMITS.title);
  if (latest.stories.length === 0) {
    const description = latest.show
      ? `No headline in the index names ${inert(latest.show)}. Try the show's full title, or /ask a question about it.`
      : 'The index holds no dated articles yet.';
    return { title, description, color: COLOR, timestamp: asOf.toISOString() };
  }
  const lines: string[] = [];
  let length = 0;
  for (const story of latest.stories) {
    const line = storyLine(story);
    if (length + line.length + 1 > LIMITS.description) break;
    lines.push(line);
    length += line.length + 1;
  }
  const reports = latest.stories.slice(0, lines.length).reduce((sum, s) => sum + s.articles.length, 0);
  return {
    title,
    description: lines.join('\n'),
    color: COLOR,
    footer: {
      text: visibleText(
        `${countOf(lines.length, 'story', 'stories')} from ${countOf(reports, 'article')}, newest first, as of the time below`,
      ),
    },
    timestamp: asOf.toISOString(),
  };
}

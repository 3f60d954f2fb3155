import type { APIEmbed } from 'discord.js';
import type { Follow } from '../db/follows';
import type { Story } from '../retrieve/latest';
import { inertText, visibleText } from './inert-text';
import { outletList } from './latest-embeds';
import { LIMITS, linkableUrl, trimText } from './limits';
import { discordTime } from './timestamps';

const COLOR = 0x2f855a;
/** Outlets a post names besides the first before "and N more": ten outlets' names fit in about 300 characters. */
const OUTLETS_NAMED = 10;

const inert = (text: string) => inertText(text, { oneLine: true });

/** The post for a story in a followed show's channel: headline linked, first outlet, then who else reported it. */
export function followPostEmbed(story: Story, show: string): APIEmbed {
  const [first, ...others] = story.outlets;
  const when = discordTime(story.published, 'D');
  const also = others.length > 0 ? `\nAlso reported by ${outletList(others, OUTLETS_NAMED)}.` : '';
  const url = linkableUrl(story.url);
  return {
    title: trimText(inert(story.title), LIMITS.title),
    ...(url ? { url } : {}),
    description: trimText(`${when ? `${when} · ` : ''}${inert(first ?? '')}${also}`, LIMITS.description),
    color: COLOR,
    footer: { text: trimText(visibleText(`Following ${show} · /follow list`), LIMITS.footer) },
    // The story's day, so the embed's own time says when it broke, not when the bot saw it.
    timestamp: new Date(`${story.published}T12:00:00Z`).toISOString(),
  };
}

/** One line of /follow list: the show, where it posts, and why it stopped if it did. */
export function followLine(follow: Follow): string {
  const line = `• **${inert(follow.show)}** in <#${follow.channelId}>`;
  if (!follow.problem) return line;
  return `${line}: ⚠ paused, ${inert(follow.problem)}. Fix the channel's permissions, then run \`/follow add\` again.`;
}

/** What the server's managers are told when a followed show's channel refuses the bot's posts. */
export function followProblemNote(follow: Follow, problem: string): string {
  return `I stopped posting news about **${inert(follow.show)}** in <#${follow.channelId}>: ${inert(problem)}. Give me permission to send messages and embed links there, then run \`/follow add\` again.`;
}

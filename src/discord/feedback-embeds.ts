import type { APIEmbed } from 'discord.js';
import type { DownVote } from '../db/store';
import { inertText } from './inert-text';
import { LIMITS, trimText } from './limits';
import { discordTime } from './timestamps';

const FEEDBACK_COLOR = 0xc53030;
/** Each 👎 gets a field; this many fit comfortably within the 6,000-character budget. */
export const DOWN_VOTES_SHOWN = 10;
/** 10 × (300 + 212 + a 45-character name) stays under Discord's 6,000 per message. */
const QUESTION_AND_ANSWER_MAX = 300;
const COMMENT_MAX = 200;

/** Member and model text on one line, shown literally. */
const inert = (text: string) => inertText(text, { oneLine: true });

/**
 * Where a vote was cast, as the operator knows it: the server's name when the bot can see it,
 * "a direct message" without a server, and the id only for a server the bot has left.
 */
export function voteWhere(guildId: string | null, guildNames: ReadonlyMap<string, string>): string {
  if (!guildId) return 'a direct message';
  const name = guildNames.get(guildId);
  return name ? inert(name) : `a server the bot is no longer in (${guildId})`;
}

/** The operator's view of the latest 👎: question, comment, where and when, every piece made inert. */
export function downVotesEmbed(votes: DownVote[], guildNames: ReadonlyMap<string, string> = new Map()): APIEmbed {
  if (votes.length === 0) {
    return { title: 'Latest 👎', description: 'No 👎 yet.', color: FEEDBACK_COLOR };
  }
  return {
    title: 'Latest 👎',
    color: FEEDBACK_COLOR,
    fields: votes.slice(0, DOWN_VOTES_SHOWN).map((v) => ({
      name: trimText(`In ${voteWhere(v.guildId, guildNames)}`, LIMITS.fieldName),
      // The time leads the value: a field name cannot show a Discord timestamp.
      value:
        `${discordTime(v.votedAt, 'f') ?? ''} (${discordTime(v.votedAt, 'R') ?? ''})\n` +
        trimText([`**Q:** ${inert(v.question)}`, `**A:** ${inert(v.answer)}`].join('\n'), QUESTION_AND_ANSWER_MAX) +
        (v.comment ? `\n**Wrong:** ${trimText(inert(v.comment), COMMENT_MAX)}` : '\n*(no comment)*'),
      inline: false,
    })),
    footer: { text: 'npm run feedback prints the full report.' },
  };
}

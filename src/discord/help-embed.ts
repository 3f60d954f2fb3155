import type { APIEmbed } from 'discord.js';
import type { IndexFacts } from './answer-embeds';
import type { GuildSettings } from './guild-settings';

import { countOf as count } from './plural';
import { discordTime } from './timestamps';

const day = (iso: string) => discordTime(iso.slice(0, 10), 'D') ?? '';

/** /help: what the bot knows, how to ask, what it stores and for how long, how to ask privately. */
export function helpEmbed(index: IndexFacts, settings: GuildSettings | null, threadContextHours: number): APIEmbed {
  const range =
    index.earliest && index.latest
      ? `, published ${day(index.earliest)} to ${day(index.latest)}`
      : index.latest
        ? `, the latest from ${day(index.latest)}`
        : '';
  const where =
    settings && settings.publicChannels.length > 0
      ? `In this server answers are public only in ${settings.publicChannels.map((id) => `<#${id}>`).join(', ')}; elsewhere only you see them.`
      : settings?.privateByDefault
        ? 'In this server answers are private unless you set `private` to False.'
        : 'Answers are public in the channel unless you set `private` to True.';
  return {
    title: 'How to ask me about TV-show news',
    color: 0x2b6cb0,
    description: `I answer from **${count(index.articles, 'news article')}** by **${count(index.outlets, 'outlet')}**${range}. Every answer quotes the articles it comes from and links to them; if no article says it, I say so instead of guessing.`,
    fields: [
      {
        name: 'Ask',
        value: [
          '`/ask question: Who is Janet McTeer playing?`: name the show, person or event; one question at a time.',
          `**Privately:** add \`private: True\` and only you see the answer. ${where}`,
          `**Follow up:** press *Follow up* under an answer; I answer in a thread and remember its questions for ${count(threadContextHours, 'hour')}, so "when does it come out?" knows which show you mean.`,
          '`/sources` lists the outlets and how recent their articles are.',
        ].join('\n'),
        inline: false,
      },
      {
        name: 'Tell me when I am wrong',
        value:
          "Press 👍 or 👎 under an answer (one vote each, you can change it). 👎 asks what was wrong; the bot's operator reads those to fix answers.",
        inline: false,
      },
      {
        name: 'What is stored, and for how long',
        value: [
          'Each question and its answer (with the articles cited, the server and channel, and your Discord user id) and each vote with its comment are stored so the operator can find wrong answers.',
          `They are kept until the operator deletes them; a thread's questions are used as context for ${count(threadContextHours, 'hour')} only.`,
          'Messages you write in channels are never read: I see only what you type into /ask and my forms.',
        ].join(' '),
        inline: false,
      },
    ],
    footer: { text: 'Server managers: /settings chooses public channels, the cooldown and private answers.' },
  };
}

import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext, CommandScope } from '../src/discord/context';
import { DOWN_VOTES_SHOWN, downVotesEmbed } from '../src/discord/feedback-embeds';
import { guildNames } from '../src/discord/guild-names';
import { operatorCommand, refuseUnlessOperator } from '../src/discord/operator';
import { reply } from '../src/discord/reply';

export const data = operatorCommand(
  'feedback',
  "The latest 👎 on answers, with what members said was wrong (the bot's operator only).",
);

export const scope: CommandScope = 'operator';

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  if (!(await refuseUnlessOperator(interaction, context.operators))) return;
  const votes = await context.store.latestDownVotes(DOWN_VOTES_SHOWN);
  const names = await guildNames(
    interaction.client,
    votes.map((v) => v.guildId),
    context.log,
  );
  await reply(interaction, { embeds: [downVotesEmbed(votes, names)], flags: MessageFlags.Ephemeral });
}

import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/context';
import { anywhere } from '../src/discord/install';
import { latestEmbed } from '../src/discord/latest-embeds';
import { reply } from '../src/discord/reply';
import { respondWithShows } from '../src/discord/show-choices';

export const data = anywhere(new SlashCommandBuilder())
  .setName('latest')
  .setDescription("A show's latest stories, newest first, one line per story with the outlets that carried it.")
  .addStringOption((option) =>
    option
      .setName('show')
      .setDescription('The show (suggestions come from the headlines); leave out for every story.')
      .setAutocomplete(true)
      .setMaxLength(100),
  )
  .addBooleanOption((option) => option.setName('private').setDescription('Only you see the list.'));

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const show = interaction.options.getString('show')?.trim() || null;
  // As of the moment it was asked, like /ask: a story dated later (a clock or feed error) is left out.
  const asOf = interaction.createdAt;
  const latest = context.engine.latest(show, { asOf });
  await reply(interaction, {
    embeds: [latestEmbed(latest, asOf)],
    ...(interaction.options.getBoolean('private') ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

export const autocomplete = respondWithShows;

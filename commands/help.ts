import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { anywhere } from '../src/discord/install';
import type { CommandContext } from '../src/discord/context';
import { indexFacts } from '../src/discord/answer-embeds';
import { effectiveSettings } from '../src/discord/guild-settings';
import { helpEmbed } from '../src/discord/help-embed';
import { reply } from '../src/discord/reply';

export const data = anywhere(new SlashCommandBuilder())
  .setName('help')
  .setDescription('What the bot knows, how to ask, and what it stores.');

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { engine, store, config } = context;
  const settings = interaction.guildId
    ? effectiveSettings(await store.guildSettings(interaction.guildId), config)
    : null;
  await reply(interaction, {
    embeds: [helpEmbed(indexFacts(engine.sources()), settings, config.threadContextHours)],
    flags: MessageFlags.Ephemeral,
  });
}

import {
  ApplicationIntegrationType,
  InteractionContextType,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
  type SlashCommandBuilder,
} from 'discord.js';

/**
 * A command a member may also install for their own use: it works in servers that added the bot,
 * in servers that did not (on the member's own install), in the bot's DMs and in group DMs.
 * Only commands that need no server of their own (reading the index) are made so.
 */
export function anywhere(builder: SlashCommandBuilder): SlashCommandBuilder {
  return builder
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel);
}

/** A command for a server that added the bot: settings, follows, and the operator's commands. */
export function serverOnly(builder: SlashCommandBuilder): SlashCommandBuilder {
  return builder.setIntegrationTypes(ApplicationIntegrationType.GuildInstall).setContexts(InteractionContextType.Guild);
}

/**
 * Whether the bot itself was added to the server this interaction comes from. Used from a
 * member's own install in a server that did not add it, the bot can answer but not start threads.
 */
export function botInServer(interaction: ChatInputCommandInteraction | ModalSubmitInteraction): boolean {
  const guildId = interaction.guildId;
  return (
    guildId !== null && interaction.authorizingIntegrationOwners[ApplicationIntegrationType.GuildInstall] === guildId
  );
}

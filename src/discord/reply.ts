import {
  MessageFlags,
  type APIEmbed,
  type JSONEncodable,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type MessageMentionOptions,
  type ModalSubmitInteraction,
} from 'discord.js';

/**
 * Every message the bot sends goes through these helpers, so none can forget to switch mentions
 * off: question and article text must never ping @everyone, @here, a role or a user.
 */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

export type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

type EmbedLike = APIEmbed | JSONEncodable<APIEmbed>;

/**
 * Every embed carries a time (Discord shows it in each reader's zone under the embed): its own
 * when it has one (a story's date), else the moment it is sent.
 */
export function stampedEmbeds(embeds: readonly EmbedLike[], now = new Date()): APIEmbed[] {
  return embeds.map((embed) => {
    const json = 'toJSON' in embed ? embed.toJSON() : embed;
    return json.timestamp ? json : { ...json, timestamp: now.toISOString() };
  });
}

export function withoutMentions<T extends { embeds?: readonly EmbedLike[] }>(
  options: T,
): T & { allowedMentions: MessageMentionOptions } {
  const stamped = options.embeds ? { embeds: stampedEmbeds(options.embeds) } : {};
  return { ...options, ...stamped, allowedMentions: NO_MENTIONS };
}

export async function reply(interaction: RepliableInteraction, options: InteractionReplyOptions): Promise<void> {
  await interaction.reply(withoutMentions(options));
}

export async function editReply(
  interaction: RepliableInteraction,
  options: InteractionEditReplyOptions,
): Promise<void> {
  await interaction.editReply(withoutMentions(options));
}

export async function followUp(interaction: RepliableInteraction, options: InteractionReplyOptions): Promise<void> {
  await interaction.followUp(withoutMentions(options));
}

export async function update(interaction: ButtonInteraction, options: InteractionUpdateOptions): Promise<void> {
  await interaction.update(withoutMentions(options));
}

/**
 * A message only the person who asked sees, whatever state the interaction is in. A public
 * reply cannot turn ephemeral, so it is deleted and the message follows up instead.
 */
export async function respondPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  const options = { content, embeds: [], components: [] };
  if (!interaction.deferred && !interaction.replied) {
    await reply(interaction, { ...options, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.ephemeral) {
    await editReply(interaction, options);
    return;
  }
  // A button's message belongs to the original command: never delete it, add a private note.
  if (!interaction.isButton()) {
    try {
      await interaction.deleteReply();
    } catch {
      // Deleting failed (e.g. already gone): editing in place still tells the user what happened.
      await editReply(interaction, options);
      return;
    }
  }
  await followUp(interaction, { content, flags: MessageFlags.Ephemeral });
}

/** Autocomplete may only answer once; a failure answers with no choices rather than nothing. */
export async function respondNoChoices(interaction: AutocompleteInteraction): Promise<void> {
  if (!interaction.responded) await interaction.respond([]);
}

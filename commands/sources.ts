import {
  MessageFlags,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { anywhere } from '../src/discord/install';
import type { CommandContext } from '../src/discord/context';
import { reply, update } from '../src/discord/reply';
import { outletChoices, parsePageButtonId, sourcesPage } from '../src/discord/sources-embeds';
import { feedStoreFor } from '../src/db/feeds';
import { FeedsFileError } from '../src/feeds/feeds-file';
import { readFeedStatuses, type FeedStatus } from '../src/feeds/status';

export const data = anywhere(new SlashCommandBuilder())
  .setName('sources')
  .setDescription('List the news outlets in the index, with article counts and latest dates.')
  .addStringOption((option) =>
    option.setName('outlet').setDescription('Only outlets whose name contains this text.').setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const filter = interaction.options.getString('outlet') ?? '';
  await reply(interaction, sourcesPage(context.engine.sources(), filter, 0, await feedStatuses(context)));
}

/** The feeds' last polls and errors; a broken feeds file is logged and leaves the list out. */
async function feedStatuses(context: CommandContext): Promise<FeedStatus[]> {
  try {
    return await readFeedStatuses(feedStoreFor(context.config, context.store, context.log));
  } catch (error) {
    if (!(error instanceof FeedsFileError)) throw error;
    context.log.warn(`feeds: ${error.message}`);
    return [];
  }
}

/** Answers from the in-memory summary at once: Discord drops autocomplete answers after 3 s. */
export async function autocomplete(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  const typed = String(interaction.options.getFocused());
  await interaction.respond(outletChoices(context.engine.sources(), typed));
}

export async function handleButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const target = parsePageButtonId(interaction.customId);
  if (!target) {
    await reply(interaction, {
      content: 'This button no longer works; run /sources again.',
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  await update(
    interaction,
    sourcesPage(context.engine.sources(), target.filter, target.page, await feedStatuses(context)),
  );
}

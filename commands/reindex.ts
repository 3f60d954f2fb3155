import { MessageFlags, type APIEmbed, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext, CommandScope } from '../src/discord/context';
import { operatorCommand, refuseUnlessOperator } from '../src/discord/operator';
import { reindexFailedEmbed, reindexProgressEmbed, reindexSummaryEmbed } from '../src/discord/reindex-embeds';
import { editReply, respondPrivately } from '../src/discord/reply';
import { EDIT_INTERVAL_MS, createThrottle } from '../src/discord/throttle';
import { ReindexBusyError, ReindexFailedError } from '../src/errors';

export const data = operatorCommand(
  'reindex',
  "Re-read the articles folder and update the index (the bot's operator only).",
);

export const scope: CommandScope = 'operator';

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { engine, log } = context;
  if (!(await refuseUnlessOperator(interaction, context.operators))) {
    log.warn('Reindex refused: not the operator', { user: interaction.user.id, guild: interaction.guildId });
    return;
  }

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const edits = createThrottle<APIEmbed>(
    (embed) => editReply(interaction, { embeds: [embed] }),
    EDIT_INTERVAL_MS,
    (error) => log.warn('Could not show reindex progress', { error }),
  );
  log.info('Reindex requested', { user: interaction.user.id });
  try {
    const summary = await engine.reindex({ onProgress: (progress) => edits.push(reindexProgressEmbed(progress)) });
    log.info('Reindex finished', {
      articles: summary.articles,
      changed: summary.changedArticles,
      seconds: summary.seconds,
    });
    await edits.finish(reindexSummaryEmbed(summary));
  } catch (error) {
    if (error instanceof ReindexFailedError) {
      log.error('Reindex failed; the previous index keeps serving', { error, version: engine.version() });
      await edits.finish(reindexFailedEmbed(error.message, engine.version()));
      return;
    }
    await edits.close();
    if (error instanceof ReindexBusyError) {
      await respondPrivately(interaction, error.message);
      return;
    }
    throw error;
  }
}

import { MessageFlags, type Interaction } from 'discord.js';
import type { CommandContext, CommandMap } from './context';
import { reportCommandError } from './report-error';
import { reply, respondNoChoices } from './reply';
import { inertText } from './inert-text';

/** Routes one interaction to its command. Never throws: every failure is logged and answered. */
export async function handleInteraction(
  interaction: Interaction,
  commands: CommandMap,
  context: CommandContext,
): Promise<void> {
  const { log } = context;
  try {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (!command) {
        log.warn('Unknown command', { command: interaction.commandName });
        await reply(interaction, {
          content: `I don't know the command /${inertText(interaction.commandName, { oneLine: true })}. It may have been removed; try /ask.`,
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      try {
        await command.execute(interaction, context);
      } catch (error) {
        await reportCommandError(interaction, error, log);
      }
      return;
    }

    if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      try {
        if (command?.autocomplete) await command.autocomplete(interaction, context);
        else await respondNoChoices(interaction);
      } catch (error) {
        log.warn('Autocomplete failed', { command: interaction.commandName, error });
        await respondNoChoices(interaction);
      }
      return;
    }

    // A button or form belongs to the command its custom id starts with ("ask:vote:…").
    if (interaction.isButton() || interaction.isModalSubmit()) {
      const owner = commands.get(interaction.customId.split(':')[0] ?? '');
      const handle = interaction.isButton()
        ? owner?.handleButton && (() => owner.handleButton!(interaction, context))
        : owner?.handleModal && (() => owner.handleModal!(interaction, context));
      if (!handle) {
        const what = interaction.isButton() ? 'button' : 'form';
        await reply(interaction, { content: `This ${what} no longer works.`, flags: MessageFlags.Ephemeral });
        return;
      }
      try {
        await handle();
      } catch (error) {
        await reportCommandError(interaction, error, log);
      }
    }
  } catch (error) {
    // Answering failed too (e.g. the interaction expired); nothing is left to tell the user.
    log.error('Could not answer an interaction', { id: interaction.id, error });
  }
}

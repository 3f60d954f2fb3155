import { MessageFlags, type Interaction } from 'discord.js';
import type { CommandContext, CommandMap } from './context';
import { reportFailure } from './report-error';
import { reply, respondNoChoices } from './reply';
import { inertText } from './inert-text';
import { failed, interactionEvent, newInteractionReport, type InteractionEvent } from '../observe/interaction';

/** What every interaction shares; each gets its own report besides. */
export type SharedContext = Omit<CommandContext, 'report'>;

/**
 * Routes one interaction to its command, then tells `onHandled` how it ended (answered, declined,
 * failed) and how long it took. Never throws: every failure is logged and answered.
 */
export async function handleInteraction(
  interaction: Interaction,
  commands: CommandMap,
  shared: SharedContext,
  onHandled: (event: InteractionEvent) => void = () => {},
): Promise<void> {
  const started = performance.now();
  const context: CommandContext = { ...shared, report: newInteractionReport() };
  await route(interaction, commands, context);
  const event = interactionEvent(interaction, context.report, performance.now() - started, (name) =>
    commands.has(name),
  );
  if (event) onHandled(event);
}

async function route(interaction: Interaction, commands: CommandMap, context: CommandContext): Promise<void> {
  const { log, report } = context;
  try {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (!command) {
        log.warn('Unknown command', { command: interaction.commandName });
        failed(report);
        await reply(interaction, {
          content: `I don't know the command /${inertText(interaction.commandName, { oneLine: true })}. It may have been removed; try /ask.`,
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      try {
        await command.execute(interaction, context);
      } catch (error) {
        failed(report);
        await reportFailure(interaction, error, log);
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
        failed(report);
        await reportFailure(interaction, error, log);
      }
    }
  } catch (error) {
    // Answering failed too (e.g. the interaction expired); nothing is left to tell the user.
    failed(report);
    log.error('Could not answer an interaction', { id: interaction.id, error });
  }
}

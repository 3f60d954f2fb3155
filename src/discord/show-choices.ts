import type { AutocompleteInteraction } from 'discord.js';
import type { CommandContext } from './context';
import { visibleText } from './inert-text';
import { LIMITS, trimText } from './limits';

/** Show names from the headlines, from the catalog in memory at once: Discord drops autocomplete answers after 3 s. */
export async function respondWithShows(interaction: AutocompleteInteraction, context: CommandContext): Promise<void> {
  const typed = String(interaction.options.getFocused());
  await interaction.respond(
    context.engine.shows(typed).map((name) => ({
      name: trimText(visibleText(name), LIMITS.choiceName),
      value: name.slice(0, LIMITS.choiceValue),
    })),
  );
}

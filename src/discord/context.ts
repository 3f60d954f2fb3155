import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config';
import type { Engine } from '../engine';
import type { Logger } from '../log';
import type { Cooldowns } from './cooldown';

/** What every command handler gets besides its interaction. */
export interface CommandContext {
  engine: Engine;
  config: Config;
  log: Logger;
  /** Per-user cooldown for /ask. */
  cooldowns: Cooldowns;
}

/**
 * One module in `commands/`. Buttons route here by the first segment of their customId,
 * which must be the command's name (e.g. `sources:page:2:`).
 */
export interface CommandModule {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
  handleButton?(interaction: ButtonInteraction, context: CommandContext): Promise<void>;
}

export type CommandMap = Map<string, CommandModule>;

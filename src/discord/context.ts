import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config';
import type { Engine } from '../engine';
import type { Logger } from '../log';
import type { Store } from '../db/store';
import type { Cooldowns } from './cooldown';
import type { Operators } from './operator';
import type { InteractionReport } from '../observe/interaction';

/** What every command handler gets besides its interaction. */
export interface CommandContext {
  engine: Engine;
  config: Config;
  log: Logger;
  /** Per-user cooldown for /ask. */
  cooldowns: Cooldowns;
  /** Who may run operator-only commands. */
  operators: Operators;
  /** Answers, votes, per-server settings and the bot's threads. */
  store: Store;
  /** This interaction's own: how it ended, for its log line and the metrics. */
  report: InteractionReport;
}

/** `operator` commands are registered only in ADMIN_GUILD_ID and run only for the operator. */
export type CommandScope = 'public' | 'operator';

/**
 * One module in `commands/`. Buttons route here by the first segment of their customId,
 * which must be the command's name (e.g. `sources:page:2:`).
 */
export interface CommandModule {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Defaults to `public`. */
  scope?: CommandScope;
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
  handleButton?(interaction: ButtonInteraction, context: CommandContext): Promise<void>;
  /** Modals route like buttons, by the first segment of their customId. */
  handleModal?(interaction: ModalSubmitInteraction, context: CommandContext): Promise<void>;
}

export type CommandMap = Map<string, CommandModule>;

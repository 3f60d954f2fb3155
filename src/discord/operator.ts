import {
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  type REST,
  type RESTGetCurrentApplicationResult,
} from 'discord.js';
import { serverOnly } from './install';
import type { Config } from '../config';
import type { Logger } from '../log';
import { reply, type RepliableInteraction } from './reply';

/**
 * The operator owns the index: only they may rebuild it or read the feedback. Who that is comes
 * from OWNER_IDS and from Discord itself (the application's owner, or every member of its team),
 * never from permissions inside a server: an admin of another server is not the operator.
 */
export interface Operators {
  /** Waits for the owner lookup at start-up, so a question in the first second is not refused by a race. */
  has(userId: string): Promise<boolean>;
  /** Adds the application's owner or team, read from Discord at start-up (over REST: the gateway is not needed). */
  learnFrom(rest: REST): Promise<void>;
}

export function createOperators(config: Config, log: Logger): Operators {
  const ids = new Set(config.operator.ownerIds);
  let learned = () => {};
  const known = new Promise<void>((resolve) => (learned = resolve));
  return {
    async has(userId) {
      await known;
      return ids.has(userId);
    },
    async learnFrom(rest) {
      try {
        const application = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
        const { team, owner } = application;
        const found = team ? team.members.map((member) => member.user.id) : owner ? [owner.id] : [];
        for (const id of found) ids.add(id);
        log.info('Operators known', { count: ids.size, fromDiscord: found.length });
      } catch (error) {
        // OWNER_IDS still works; without it nobody can reindex, which fails safe.
        log.warn('Could not read the application owner from Discord; only OWNER_IDS may run operator commands', {
          error,
        });
      } finally {
        learned();
      }
    },
  };
}

/** The one check every operator-only command runs first; refuses privately and returns false. */
export async function refuseUnlessOperator(interaction: RepliableInteraction, operators: Operators): Promise<boolean> {
  if (await operators.has(interaction.user.id)) return true;
  await reply(interaction, {
    content:
      "Sorry, only the bot's operator can do that: it changes or reads data that belongs to the whole bot, not one server.",
    flags: MessageFlags.Ephemeral,
  });
  return false;
}

/**
 * The start of an operator command's definition. It is registered only in the operator's guild and
 * hidden there from members without Manage Server; `refuseUnlessOperator` decides who may run it.
 */
export function operatorCommand(name: string, description: string): SlashCommandBuilder {
  return serverOnly(new SlashCommandBuilder())
    .setName(name)
    .setDescription(description)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
}

import { randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import { respondPrivately, type RepliableInteraction } from './reply';

/** A short id the user can quote and an operator can find in the log. */
export function newErrorRef(): string {
  return randomBytes(4).toString('hex');
}

/**
 * Logs a failed command with a reference id and tells the user, privately, that something went
 * wrong and which reference to quote. The interaction is always answered.
 */
export async function reportCommandError(
  interaction: RepliableInteraction,
  error: unknown,
  log: Logger,
): Promise<string> {
  const ref = newErrorRef();
  const command = interaction.isChatInputCommand() ? interaction.commandName : interaction.customId;
  log.error('Command failed', {
    ref,
    command,
    user: interaction.user.id,
    error,
    stack: error instanceof Error ? error.stack : undefined,
  });
  try {
    await respondPrivately(interaction, `Something went wrong (ref ${ref}).`);
  } catch (replyError) {
    log.error('Could not tell the user about a failed command', { ref, error: replyError });
  }
  return ref;
}

import { randomBytes } from 'node:crypto';
import { StoreError, describeError } from '../errors';
import type { Logger } from '../log';
import { respondPrivately, type RepliableInteraction } from './reply';
import { STORE_REFUSED_MESSAGE } from './store-messages';

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

/**
 * A command that failed: when the store did not answer, the member is told so plainly (it could
 * not be saved, try again later) and the log gets a warning; anything else is reported with a ref.
 */
export async function reportFailure(interaction: RepliableInteraction, error: unknown, log: Logger): Promise<void> {
  if (!(error instanceof StoreError)) {
    await reportCommandError(interaction, error, log);
    return;
  }
  const command = interaction.isChatInputCommand() ? interaction.commandName : interaction.customId.slice(0, 100);
  log.warn('The store did not answer; told the member it could not be saved', { command, error: describeError(error) });
  try {
    await respondPrivately(interaction, STORE_REFUSED_MESSAGE);
  } catch (replyError) {
    log.error('Could not tell the user the store is down', { error: replyError });
  }
}

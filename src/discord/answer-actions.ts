import {
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { StoredAnswer } from '../db/store';
import type { CommandContext } from './context';
import { answerButtonId, parseAnswerId, type AnswerAction } from './custom-ids';
import { reply } from './reply';

/** Longest "What was wrong?" comment kept; Discord enforces it in the modal, the bot checks again. */
export const COMMENT_MAX = 500;
export const COMMENT_FIELD = 'comment';

const FORGED = "This button doesn't belong to an answer I gave here, so I can't act on it. Ask again with /ask.";
const EXPIRED = 'That answer is no longer stored, so it cannot take votes or follow-ups. Ask again with /ask.';

type AnswerInteraction = ButtonInteraction | ModalSubmitInteraction;

export async function tellPrivately(interaction: AnswerInteraction, content: string): Promise<void> {
  await reply(interaction, { content, flags: MessageFlags.Ephemeral });
}

/**
 * The text a form's field holds, or null when the submitted form lacks that field (a forged or
 * outdated form): the caller then says so in plain words instead of failing.
 */
export function formText(interaction: ModalSubmitInteraction, fieldId: string): string | null {
  const field = interaction.fields.fields.get(fieldId);
  return field?.type === ComponentType.TextInput && typeof field.value === 'string' ? field.value : null;
}

/** What a member sees for a form that arrived without the field the bot asked for. */
export function missingFieldMessage(what: string, consequence: string): string {
  return `This form arrived without its ${what} field, so ${consequence}`;
}

/**
 * The stored answer a button or modal names, checked: the custom id must have the shape the bot
 * makes and name an answer given in this same server (or DM). Anything else is answered politely
 * and privately, and null is returned.
 */
export async function answerFor(
  interaction: AnswerInteraction,
  context: CommandContext,
  allowed: AnswerAction[],
): Promise<{ action: AnswerAction; answer: StoredAnswer } | null> {
  const parsed = parseAnswerId(interaction.customId);
  if (!parsed || !allowed.includes(parsed.action)) {
    context.log.warn('Refused a malformed answer custom id', {
      user: interaction.user.id,
      customId: interaction.customId.slice(0, 100),
    });
    await tellPrivately(interaction, FORGED);
    return null;
  }
  const answer = await context.store.getAnswer(parsed.answerId);
  if (!answer) {
    await tellPrivately(interaction, EXPIRED);
    return null;
  }
  if (answer.guildId !== interaction.guildId) {
    context.log.warn('Refused an answer id from another server', {
      user: interaction.user.id,
      guild: interaction.guildId,
    });
    await tellPrivately(interaction, FORGED);
    return null;
  }
  return { action: parsed.action, answer };
}

/** 👍 counts at once; 👎 counts at once too, then asks what was wrong (the comment is optional). */
export async function handleVoteButton(
  interaction: ButtonInteraction,
  context: CommandContext,
  answer: StoredAnswer,
  vote: 1 | -1,
): Promise<void> {
  await context.store.vote({
    answerId: answer.id,
    userId: interaction.user.id,
    vote,
    comment: null,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
  });
  if (vote === 1) {
    await tellPrivately(
      interaction,
      'Thanks! Your 👍 is counted. Changed your mind? Press 👎; you have one vote per answer.',
    );
    return;
  }
  await interaction.showModal({
    custom_id: answerButtonId('why', answer.id),
    title: 'What was wrong with this answer?',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: COMMENT_FIELD,
            style: TextInputStyle.Paragraph,
            label: 'What was wrong? (optional)',
            placeholder: 'e.g. it is about the wrong season; the article is outdated',
            required: false,
            max_length: COMMENT_MAX,
          },
        ],
      },
    ],
  });
}

export async function handleVoteComment(
  interaction: ModalSubmitInteraction,
  context: CommandContext,
  answer: StoredAnswer,
): Promise<void> {
  const field = formText(interaction, COMMENT_FIELD);
  if (field === null) {
    await tellPrivately(
      interaction,
      missingFieldMessage(
        '"What was wrong?"',
        'no comment was saved (your 👎 still counts). Press 👎 again to add one.',
      ),
    );
    return;
  }
  const comment = field.trim().slice(0, COMMENT_MAX);
  await context.store.vote({
    answerId: answer.id,
    userId: interaction.user.id,
    vote: -1,
    comment: comment.length > 0 ? comment : null,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
  });
  await tellPrivately(
    interaction,
    comment.length > 0
      ? "Thanks: your 👎 and what was wrong are saved for the bot's operator."
      : 'Thanks: your 👎 is saved.',
  );
}

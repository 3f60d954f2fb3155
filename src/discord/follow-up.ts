import {
  ComponentType,
  MessageFlags,
  Routes,
  TextInputStyle,
  type APIChannel,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { maxQuestionLength } from '../answer/question';
import { QuestionError, StoreError } from '../errors';
import { STORE_REFUSED_MESSAGE } from './store-messages';
import { dayOf } from '../day';
import type { StoredAnswer } from '../db/store';
import { formText, missingFieldMessage } from './answer-actions';
import { answerAndStore } from './answer-flow';
import { askSetting, cooldownLeft, threadContext, waitMessage } from './ask-place';
import type { CommandContext } from './context';
import { answerButtonId } from './custom-ids';
import { visibleText } from './inert-text';
import { editReply, reply } from './reply';
import { declined } from '../observe/interaction';

export const QUESTION_FIELD = 'question';
/** Discord's limit on thread names. */
const THREAD_NAME_MAX = 100;
/** Threads archive after a day without messages, like the context they carry. */
const AUTO_ARCHIVE_MINUTES = 1_440;

/** "Follow up" opens a modal for the next question. */
export async function showFollowUpModal(interaction: ButtonInteraction, answer: StoredAnswer): Promise<void> {
  await interaction.showModal({
    custom_id: answerButtonId('next', answer.id),
    title: 'Ask a follow-up question',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: QUESTION_FIELD,
            style: TextInputStyle.Paragraph,
            label: 'Your question',
            placeholder: 'e.g. When does it come out?',
            required: true,
            min_length: 1,
            max_length: maxQuestionLength,
          },
        ],
      },
    ],
  });
}

/** A thread name from the question: plain text on one line (thread names show no markdown), within Discord's limit. */
export function threadName(question: string): string {
  const flat = visibleText(question) || 'Follow-up';
  return flat.length <= THREAD_NAME_MAX ? flat : `${flat.slice(0, THREAD_NAME_MAX - 1)}…`;
}

/**
 * The thread the follow-up goes to: the bot's thread the answer was given in, the one already
 * started on the answer's message, or a new one started on it now.
 */
async function threadFor(
  interaction: ModalSubmitInteraction,
  answer: StoredAnswer,
  context: CommandContext,
): Promise<string | null> {
  if (answer.threadId) return answer.threadId;
  const existing = await context.store.threadOn(answer.id);
  if (existing) return existing;
  const messageId = interaction.message?.id;
  const channelId = interaction.channelId;
  if (!messageId || !channelId) return null;
  const thread = (await interaction.client.rest.post(Routes.threads(channelId, messageId), {
    body: { name: threadName(answer.question), auto_archive_duration: AUTO_ARCHIVE_MINUTES },
  })) as APIChannel;
  await context.store.saveThread({
    threadId: thread.id,
    guildId: interaction.guildId,
    parentChannelId: channelId,
    rootAnswerId: answer.id,
  });
  context.log.info('Started a follow-up thread', {
    thread: thread.id,
    answerId: answer.id,
    guild: interaction.guildId,
  });
  return thread.id;
}

/** The follow-up modal: answers in the thread with the thread's earlier questions as context. */
export async function answerFollowUp(
  interaction: ModalSubmitInteraction,
  answer: StoredAnswer,
  context: CommandContext,
): Promise<void> {
  const field = formText(interaction, QUESTION_FIELD);
  if (field === null) {
    await reply(interaction, {
      content: missingFieldMessage('question', "I couldn't read it. Press Follow up again, or ask with /ask."),
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  const question = field.slice(0, maxQuestionLength);
  const setting = await askSetting(interaction, context);
  if (!setting.storeAvailable) {
    // A follow-up lives in a thread the store remembers; without the store there is none to continue.
    await reply(interaction, { content: STORE_REFUSED_MESSAGE, flags: MessageFlags.Ephemeral });
    return;
  }
  const wait = await cooldownLeft(setting, interaction.user.id, context);
  if (wait > 0) {
    declined(context.report, 'cooldown');
    await reply(interaction, { content: waitMessage(wait), flags: MessageFlags.Ephemeral });
    return;
  }
  if (!setting.publicHere) {
    await reply(interaction, {
      content:
        'Follow-ups are answered in public threads, and this server keeps answers here private. Use /ask instead.',
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let threadId: string | null;
  try {
    threadId = await threadFor(interaction, answer, context);
  } catch (error) {
    // The store failing is told as such (see handle-interaction), not as a missing permission.
    if (error instanceof StoreError) throw error;
    context.log.warn('Could not start a follow-up thread', { error, answerId: answer.id });
    threadId = null;
  }
  if (!threadId) {
    await editReply(interaction, {
      content: "I couldn't start a thread here (I may lack the permission). Ask with /ask instead.",
    });
    return;
  }
  let answered;
  try {
    answered = await answerAndStore(context, question, {
      askedBy: interaction.user.id,
      place: { guildId: interaction.guildId, channelId: threadId, threadId },
      followUp: true,
      // Posted in the thread for everyone, so it is context for the thread's next questions.
      isPublic: true,
      storeAvailable: true,
      llm: setting.settings.llmAnswers,
      history: await threadContext({ guildId: interaction.guildId, threadId }, context),
      // As of the moment it was asked, like /ask.
      asOf: dayOf(interaction.createdAt),
    });
  } catch (error) {
    if (error instanceof QuestionError) {
      declined(context.report, 'invalid_question');
      await editReply(interaction, { content: error.message });
      return;
    }
    throw error;
  }
  await interaction.client.rest.post(Routes.channelMessages(threadId), {
    // Raw REST takes the API's field name; the user mention shows who asked but pings nobody.
    body: {
      content: [`Follow-up from <@${interaction.user.id}>:`, answered.storeNote].filter((l) => l !== null).join('\n'),
      embeds: answered.message.embeds,
      components: answered.message.components,
      allowed_mentions: { parse: [] },
    },
  });
  await editReply(interaction, { content: `Answered in <#${threadId}>.` });
}

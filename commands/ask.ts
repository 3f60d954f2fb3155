import {
  MessageFlags,
  SlashCommandBuilder,
  type APIEmbed,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { CommandContext } from '../src/discord/context';
import { partialAnswerEmbeds, type AnswerMessage } from '../src/discord/answer-embeds';
import { answerFor, handleVoteButton, handleVoteComment } from '../src/discord/answer-actions';
import { answerAndStore } from '../src/discord/answer-flow';
import { editReply, reply, respondPrivately } from '../src/discord/reply';
import { EDIT_INTERVAL_MS, createThrottle } from '../src/discord/throttle';
import { QuestionError } from '../src/errors';
import { maxQuestionLength } from '../src/answer/question';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question about TV-show news; the answer cites the articles it comes from.')
  .addStringOption((option) =>
    option
      .setName('question')
      .setDescription('Your question, e.g. "Who is Janet McTeer playing?"')
      .setRequired(true)
      .setMaxLength(maxQuestionLength),
  )
  .addBooleanOption((option) =>
    option.setName('private').setDescription('Only you see the answer (default: everyone in the channel).'),
  );

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { log, cooldowns } = context;
  const question = interaction.options.getString('question', true);
  const isPrivate = interaction.options.getBoolean('private') ?? false;

  const wait = cooldowns.take(interaction.user.id);
  if (wait > 0) {
    await reply(interaction, {
      content: `Please wait ${wait} more second${wait === 1 ? '' : 's'} before asking again.`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }

  await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});

  const edits = createThrottle<{ embeds: APIEmbed[]; components?: AnswerMessage['components'] }>(
    (message) => editReply(interaction, { content: '', ...message }),
    EDIT_INTERVAL_MS,
    (error) => log.warn('Could not show a partial answer', { error }),
  );
  let answered;
  try {
    answered = await answerAndStore(context, question, {
      askedBy: interaction.user.id,
      place: { guildId: interaction.guildId, channelId: interaction.channelId, threadId: null },
      followUp: false,
      onPartial: (text) => edits.push({ embeds: partialAnswerEmbeds(question, text) }),
    });
  } catch (error) {
    await edits.close();
    if (error instanceof QuestionError) {
      await respondPrivately(interaction, error.message);
      return;
    }
    throw error;
  }
  await edits.finish(answered.message);
}

/** 👍, 👎 and Follow up under an answer; ids are checked against the stored answer first. */
export async function handleButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const target = await answerFor(interaction, context, ['up', 'down']);
  if (!target) return;
  if (target.action === 'up') await handleVoteButton(interaction, context, target.answer, 1);
  else await handleVoteButton(interaction, context, target.answer, -1);
}

export async function handleModal(interaction: ModalSubmitInteraction, context: CommandContext): Promise<void> {
  const target = await answerFor(interaction, context, ['why']);
  if (!target) return;
  await handleVoteComment(interaction, context, target.answer);
}

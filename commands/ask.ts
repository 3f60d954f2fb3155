import {
  MessageFlags,
  SlashCommandBuilder,
  type APIEmbed,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { anywhere, botInServer } from '../src/discord/install';
import type { CommandContext } from '../src/discord/context';
import { partialAnswerEmbeds, type AnswerMessage } from '../src/discord/answer-embeds';
import { answerFor, handleVoteButton, handleVoteComment, tellPrivately } from '../src/discord/answer-actions';
import { answerAndStore } from '../src/discord/answer-flow';
import { askSetting, cooldownLeft, privacy, threadContext, waitMessage } from '../src/discord/ask-place';
import { answerFollowUp, showFollowUpModal } from '../src/discord/follow-up';
import { editReply, reply, respondPrivately } from '../src/discord/reply';
import { EDIT_INTERVAL_MS, createThrottle } from '../src/discord/throttle';
import { QuestionError } from '../src/errors';
import { dayOf } from '../src/day';
import { latestEmbed } from '../src/discord/latest-embeds';
import { latestQuestion } from '../src/retrieve/latest-question';
import { maxQuestionLength } from '../src/answer/question';
import { declined } from '../src/observe/interaction';

export const data = anywhere(new SlashCommandBuilder())
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
  const { log } = context;
  const question = interaction.options.getString('question', true);
  const setting = await askSetting(interaction, context);

  const wait = await cooldownLeft(setting, interaction.user.id, context);
  if (wait > 0) {
    declined(context.report, 'cooldown');
    await reply(interaction, { content: waitMessage(wait), flags: MessageFlags.Ephemeral });
    return;
  }
  const { isPrivate, note } = privacy(setting, interaction.options.getBoolean('private'));

  await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});

  // "What's new with <show>?" asks for the latest stories, not a fact: answered like /latest.
  const whatsNew = latestQuestion(question);
  const latest = whatsNew && context.engine.latest(whatsNew.show, { asOf: interaction.createdAt });
  if (latest && latest.stories.length > 0) {
    await editReply(interaction, { content: note ?? '', embeds: [latestEmbed(latest, interaction.createdAt)] });
    return;
  }

  const edits = createThrottle<{ embeds: APIEmbed[]; components?: AnswerMessage['components']; content?: string }>(
    (message) => editReply(interaction, { content: note ?? '', ...message }),
    EDIT_INTERVAL_MS,
    (error) => log.warn('Could not show a partial answer', { error }),
  );
  let answered;
  try {
    const thread = setting.botThread;
    answered = await answerAndStore(context, question, {
      askedBy: interaction.user.id,
      place: { guildId: interaction.guildId, channelId: interaction.channelId, threadId: thread?.id ?? null },
      isPublic: !isPrivate,
      storeAvailable: setting.storeAvailable,
      // A thread starts on a public message in a channel, or continues in the bot's own thread.
      followUp: !isPrivate && botInServer(interaction) && (thread !== null || interaction.channel?.isThread() !== true),
      llm: setting.settings.llmAnswers,
      history: thread ? await threadContext({ guildId: interaction.guildId, threadId: thread.id }, context) : [],
      // As of the (UTC) day it was asked: an article dated later (a clock or feed error) is not used.
      asOf: dayOf(interaction.createdAt),
      onPartial: (text) => edits.push({ embeds: partialAnswerEmbeds(question, text) }),
    });
  } catch (error) {
    await edits.close();
    if (error instanceof QuestionError) {
      declined(context.report, 'invalid_question');
      await respondPrivately(interaction, error.message);
      return;
    }
    throw error;
  }
  const content = [note, answered.storeNote].filter((line) => line !== null).join('\n');
  await edits.finish({ ...answered.message, content });
}

/** Follow-ups continue in a public thread, so they start only on answers everyone saw. */
const NOT_PUBLIC = 'Only answers everyone saw take follow-ups. Ask again with /ask.';

/** 👍, 👎 and Follow up under an answer; ids are checked against the stored answer first. */
export async function handleButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const target = await answerFor(interaction, context, ['up', 'down', 'follow']);
  if (!target) return;
  if (target.action === 'follow' && !target.answer.public) {
    await tellPrivately(interaction, NOT_PUBLIC);
    return;
  }
  if (target.action === 'follow') await showFollowUpModal(interaction, target.answer);
  else await handleVoteButton(interaction, context, target.answer, target.action === 'up' ? 1 : -1);
}

/** The 👎 comment and the follow-up question. */
export async function handleModal(interaction: ModalSubmitInteraction, context: CommandContext): Promise<void> {
  const target = await answerFor(interaction, context, ['why', 'next']);
  if (!target) return;
  if (target.action === 'next' && !target.answer.public) {
    await tellPrivately(interaction, NOT_PUBLIC);
    return;
  }
  if (target.action === 'next') await answerFollowUp(interaction, target.answer, context);
  else await handleVoteComment(interaction, context, target.answer);
}

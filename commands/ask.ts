import { MessageFlags, SlashCommandBuilder, type APIEmbed, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext } from '../src/discord/context';
import { answerMessage, indexFacts, partialAnswerEmbeds, type AnswerMessage } from '../src/discord/answer-embeds';
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
  const { engine, log, cooldowns } = context;
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
  let answer;
  try {
    answer = await engine.ask(question, {
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
  log.info('Answered', {
    user: interaction.user.id,
    mode: answer.mode,
    abstained: answer.abstained,
    citations: answer.citations.length,
    timings: answer.timings,
  });
  const message = answerMessage(answer, {
    model: context.config.llm.model,
    index: indexFacts(engine.sources()),
    answerId: null,
    followUp: false,
  });
  await edits.finish(message);
}

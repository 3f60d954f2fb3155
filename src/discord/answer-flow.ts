import type { Answer } from '../answer/types';
import type { AskOptions } from '../engine';
import type { CommandContext } from './context';
import { answerMessage, indexFacts, type AnswerMessage } from './answer-embeds';
import { newAnswerId } from './custom-ids';
import { recordAnswer } from '../observe/interaction';
import { ANSWER_NOT_STORED_NOTE } from './store-messages';

/** Where a question was asked: stored with the answer, so its buttons can be checked later. */
export interface AskPlace {
  guildId: string | null;
  channelId: string | null;
  /** The bot's thread it was asked in, if any. */
  threadId: string | null;
}

export interface AnsweredQuestion {
  answer: Answer;
  message: AnswerMessage;
  /** Null when the answer could not be stored: it is shown without vote and follow-up buttons. */
  answerId: string | null;
  /** A line to show with the answer when saving it failed (why it has no buttons), else null. */
  storeNote: string | null;
}

/**
 * Asks the engine, stores the answer (question, answer, cited articles, index version, place,
 * asker) and builds the message with buttons naming the stored answer. A store failure costs the
 * buttons, never the answer. Throws QuestionError for a question the engine rejects.
 */
export async function answerAndStore(
  context: CommandContext,
  question: string,
  options: AskOptions & {
    askedBy: string;
    place: AskPlace;
    followUp: boolean;
    /** Everyone in the channel sees the answer; only public answers become thread context. */
    isPublic: boolean;
    /** False when the store already failed for this question: the answer goes out unsaved at once. */
    storeAvailable: boolean;
  },
): Promise<AnsweredQuestion> {
  const { engine, store, log, config } = context;
  const { askedBy, place, followUp, isPublic, storeAvailable, ...askOptions } = options;
  const answer = await engine.ask(question, askOptions);
  let answerId: string | null = storeAvailable ? newAnswerId() : null;
  if (answerId !== null) {
    try {
      await store.saveAnswer({
        id: answerId,
        question: answer.question,
        answer: answer.answer,
        mode: answer.mode,
        abstained: answer.abstained,
        citations: answer.citations,
        indexVersion: engine.version(),
        guildId: place.guildId,
        channelId: place.channelId,
        threadId: place.threadId,
        public: isPublic,
        askedBy,
      });
    } catch (error) {
      log.error('Could not store an answer; sending it without vote buttons', { error });
      answerId = null;
    }
  }
  // Logged with the interaction's one line (see handle-interaction), without who asked or what.
  recordAnswer(context.report, answer, answerId);
  const message = answerMessage(answer, {
    short: answer.short,
    model: config.llm.model,
    index: indexFacts(engine.sources()),
    answerId,
    followUp: followUp && answerId !== null,
  });
  return { answer, message, answerId, storeNote: storeAvailable && answerId === null ? ANSWER_NOT_STORED_NOTE : null };
}

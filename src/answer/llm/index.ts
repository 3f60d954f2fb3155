import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { Retrieval } from '../../retrieve/types';
import type { ComposedAnswer } from '../types';
import type { ConversationTurn } from '../follow-up';
import { buildCitations } from './citations';
import { describeFailure } from './failure';
import { createChatClient, streamChat } from './model';
import { buildMessages, selectSources } from './prompt';
import { verifyAnswer } from './verify';
import { verifiedPartials } from './verified-stream';
import { renumberedDisagreement } from '../disagreement-answer';

export interface LlmAnswerInput {
  question: string;
  /** Earlier questions and answers of the conversation, oldest first; the model sees them as context. */
  history?: ConversationTurn[];
  retrieval: Retrieval;
  /** The extractive answer, returned (with a `note`) whenever the model's answer cannot be used. */
  fallback: ComposedAnswer;
  /** Called while the model writes, with the verified text of its finished sentences so far (never unverified text). */
  onPartial?: (text: string) => void;
}

export interface LlmAnswerer {
  /** Answers from the retrieval with the model; on any failure or when too little survives verification, returns `fallback` with `note` explaining why. Never throws. */
  answer(input: LlmAnswerInput): Promise<ComposedAnswer>;
}

/** One call to the model and what came of it, for the metrics. */
export interface LlmCall {
  /** `fallback`: the extractive answer was used instead (`reason` says why: timeout, auth, unverified...). */
  outcome: 'answered' | 'abstained' | 'fallback';
  reason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
}

export const UNVERIFIED_NOTE =
  "The model's answer could not be verified against the sources; showing the extractive answer.";

export function createLlmAnswerer(
  llm: Config['llm'],
  log: Logger,
  onCall: (call: LlmCall) => void = () => {},
): LlmAnswerer {
  const client = createChatClient(llm, log);

  return {
    async answer({ question, history = [], retrieval, fallback, onPartial }) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const fallBack = (note: string): ComposedAnswer => ({ ...fallback, note });

      const sources = selectSources(retrieval);
      // With nothing retrieved there is nothing to ground a generated answer in.
      if (sources.length === 0) return fallback;

      let reply;
      try {
        reply = await streamChat(
          client,
          {
            model: llm.model,
            messages: buildMessages(question, sources, history, fallback.disagreement),
            timeoutMs: llm.timeoutMs,
            onPartial: onPartial ? verifiedPartials(sources, question, onPartial) : undefined,
          },
          log,
        );
      } catch (error) {
        const failure = describeFailure(error);
        onCall({
          outcome: 'fallback',
          reason: String(failure.fields.reason),
          promptTokens: null,
          completionTokens: null,
        });
        log.warn('llm answer failed; using the extractive answer', {
          model: llm.model,
          ...failure.fields,
          ms: elapsed(),
        });
        return fallBack(failure.note);
      }
      const ms = elapsed();
      const called = (outcome: LlmCall['outcome'], reason: string | null = null) =>
        onCall({
          outcome,
          reason,
          promptTokens: reply.promptTokens ?? null,
          completionTokens: reply.completionTokens ?? null,
        });
      log.info('llm answer', {
        model: llm.model,
        promptTokens: reply.promptTokens ?? null,
        completionTokens: reply.completionTokens ?? null,
        ms,
      });

      try {
        const verification = verifyAnswer(reply.text, sources, question);
        if (verification.unknownMarkers.length > 0) {
          log.warn('llm cited sources it was not given; markers dropped', {
            markers: verification.unknownMarkers,
            sources: sources.length,
          });
        }
        for (const drop of verification.dropped) log.warn('llm sentence dropped', { ...drop });

        if (verification.abstained) {
          called('abstained');
          return { question, short: null, answer: verification.text, abstained: true, mode: 'llm', citations: [] };
        }
        if (verification.supported === 0) {
          log.warn('llm answer had no supported sentence; using the extractive answer', {
            reply: reply.text.slice(0, 500),
          });
          called('fallback', 'unverified');
          return fallBack(UNVERIFIED_NOTE);
        }
        called('answered');
        const citations = buildCitations(verification.cited, verification.claims);
        return {
          question,
          // The extractive short answer stands only where the model's verified text says it too.
          short:
            fallback.short !== null && verification.text.toLowerCase().includes(fallback.short.toLowerCase())
              ? fallback.short
              : null,
          answer: verification.text,
          abstained: false,
          mode: 'llm',
          citations,
          // Outlets that disagree stay part of the answer whatever the model wrote of them.
          ...(fallback.disagreement ? { disagreement: renumberedDisagreement(fallback.disagreement, citations) } : {}),
        };
      } catch (error) {
        log.error('llm answer verification crashed; using the extractive answer', { error });
        called('fallback', 'unverified');
        return fallBack(UNVERIFIED_NOTE);
      }
    },
  };
}

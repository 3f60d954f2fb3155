import type { Interaction } from 'discord.js';
import type { Answer, AnswerMode, Timings } from '../answer/types';

/** How an interaction ended for the member: what the interaction log line and metrics count. */
export type InteractionOutcome = 'answered' | 'declined' | 'error' | 'fallback';

/** Why no answer was given: the question was refused, asked too soon, or nothing in the index answers it. */
export type DeclineReason = 'invalid_question' | 'cooldown' | 'no_evidence';

/**
 * Filled in while one interaction is handled: the answer flow says how the question was answered,
 * the router that a command failed. Read once, when the interaction is done.
 */
export interface InteractionReport {
  outcome: InteractionOutcome;
  /** Null for an interaction that asked the engine nothing (/help, a vote). */
  mode: AnswerMode | null;
  declineReason: DeclineReason | null;
  answer: { answerId: string | null; citations: number; timings: Timings } | null;
}

/** One handled interaction: the fields of its log line. Never the member's name nor the question. */
export interface InteractionEvent {
  interactionId: string;
  guildId: string | null;
  kind: 'command' | 'button' | 'modal';
  command: string;
  mode: AnswerMode | null;
  outcome: InteractionOutcome;
  declineReason: DeclineReason | null;
  latencyMs: number;
  answer: InteractionReport['answer'];
}

export function newInteractionReport(): InteractionReport {
  return { outcome: 'answered', mode: null, declineReason: null, answer: null };
}

/** An answer with nothing to cite declines; an LLM answer replaced by the extractive one (its `note` says why) is a fallback. */
export function recordAnswer(report: InteractionReport, answer: Answer, answerId: string | null): void {
  report.mode = answer.mode;
  report.answer = { answerId, citations: answer.citations.length, timings: answer.timings };
  if (answer.abstained) declined(report, 'no_evidence');
  else report.outcome = answer.note !== undefined && answer.mode === 'extractive' ? 'fallback' : 'answered';
}

export function declined(report: InteractionReport, reason: DeclineReason): void {
  report.outcome = 'declined';
  report.declineReason = reason;
}

export function failed(report: InteractionReport): void {
  report.outcome = 'error';
}

/**
 * What an interaction names that is not one of the bot's commands: an unknown command or a forged
 * custom id. Its log line and metrics say this instead, so whatever a client sends, the metrics keep
 * one series per known command (300 forged prefixes must not make 300 label values).
 */
export const OTHER_COMMAND = 'other';

/**
 * The command an interaction belongs to: a button or form belongs to the command its custom id
 * starts with. `isKnown` says which names are the bot's own; any other is OTHER_COMMAND.
 */
export function interactionEvent(
  interaction: Interaction,
  report: InteractionReport,
  latencyMs: number,
  isKnown: (command: string) => boolean,
): InteractionEvent | null {
  let kind: InteractionEvent['kind'];
  let command: string;
  if (interaction.isChatInputCommand()) [kind, command] = ['command', interaction.commandName];
  else if (interaction.isButton()) [kind, command] = ['button', interaction.customId.split(':')[0] ?? ''];
  else if (interaction.isModalSubmit()) [kind, command] = ['modal', interaction.customId.split(':')[0] ?? ''];
  else return null;
  return {
    interactionId: interaction.id,
    guildId: interaction.guildId,
    kind,
    command: isKnown(command) ? command : OTHER_COMMAND,
    mode: report.mode,
    outcome: report.outcome,
    declineReason: report.declineReason,
    latencyMs: Math.round(latencyMs),
    answer: report.answer,
  };
}

/** The interaction's log line fields: flat, and without the empty ones. */
export function interactionLogFields(event: InteractionEvent): Record<string, unknown> {
  const { answer, declineReason, ...fields } = event;
  return {
    ...fields,
    ...(declineReason ? { declineReason } : {}),
    ...(answer ? { answerId: answer.answerId, citations: answer.citations, timings: answer.timings } : {}),
  };
}

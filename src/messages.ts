/**
 * Messages a person reads that more than one part of the bot says: defined once, so the CLI,
 * Discord and the answer composers cannot drift apart.
 */

/** How every abstention opens, extractive or generated; LLM verification recognises it. */
export const ABSTAIN_OPENING = "The indexed articles don't say";

/** The extractive abstention for a question, e.g. "The indexed articles don't say who directed Black Panther." */
export function abstentionText(phrasedQuestion: string): string {
  return `${ABSTAIN_OPENING} ${phrasedQuestion}.`;
}

export const EMPTY_QUESTION = 'Please ask a question: it was empty.';

export const REINDEX_BUSY = 'A reindex is already running; try again when it has finished.';

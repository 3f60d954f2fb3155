/**
 * Messages a person reads that more than one part of the bot says: defined once, so the CLI,
 * Discord and the answer composers cannot drift apart.
 */

/** How the model is told to open an abstention; LLM verification recognises it. Extractive declines are `declineText`'s. */
export const ABSTAIN_OPENING = "The indexed articles don't say";

export const EMPTY_QUESTION = 'Please ask a question: it was empty.';

export const REINDEX_BUSY = 'A reindex is already running; try again when it has finished.';

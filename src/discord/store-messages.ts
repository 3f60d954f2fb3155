/**
 * What members are told when the store (answers, votes, settings, threads) does not answer. One
 * place, so every refusal says the same thing and tests can look for it.
 */

/** Shown above an answer given while the store is down: why it is private and has no buttons. */
export const STORE_UNAVAILABLE_NOTE =
  "The bot's database isn't answering right now, so only you see this answer and it has no vote or follow-up buttons.";

/** Shown above an answer that could not be stored: it went out, but without its buttons. */
export const ANSWER_NOT_STORED_NOTE =
  "The bot's database isn't answering right now, so this answer has no vote or follow-up buttons.";

/**
 * A vote, comment, setting or report that needs the store, refused privately. It does not claim
 * "nothing changed": a statement sent to a server that then hung may still run when the server
 * resumes (whole, never half: settings change in one transaction, a vote is one statement).
 */
export const STORE_REFUSED_MESSAGE =
  "The bot's database isn't answering right now, so I couldn't save or look that up. Please try again in a few minutes.";

import { randomBytes } from 'node:crypto';

/**
 * Custom ids of the answer's buttons and modals: `ask:<action>:<answer id>`. The id names a stored
 * answer and is checked against the store (and the guild it was asked in) on every use, so an id
 * that was edited, made up or copied from another server gets a polite refusal, never another
 * answer's data. The routing in handle-interaction uses the first segment, the command's name.
 */
export type AnswerAction = 'up' | 'down' | 'follow' | 'why' | 'next';

const ANSWER_ID = /^[A-Za-z0-9_-]{16}$/;
const CUSTOM_ID = /^ask:(up|down|follow|why|next):([A-Za-z0-9_-]{16})$/;

/** 12 random bytes: unguessable, so ids cannot be enumerated either. */
export function newAnswerId(): string {
  return randomBytes(12).toString('base64url');
}

export function answerButtonId(action: AnswerAction, answerId: string): string {
  if (!ANSWER_ID.test(answerId)) throw new Error(`Not an answer id: ${answerId}`);
  return `ask:${action}:${answerId}`;
}

export function parseAnswerId(customId: string): { action: AnswerAction; answerId: string } | null {
  const match = CUSTOM_ID.exec(customId);
  if (!match?.[1] || !match[2]) return null;
  return { action: match[1] as AnswerAction, answerId: match[2] };
}

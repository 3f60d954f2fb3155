import type { ZodError } from 'zod';
import { REINDEX_BUSY } from './messages';

/** A question the engine will not answer, with a message meant for the person who asked. */
export class QuestionError extends Error {
  override name = 'QuestionError';
}

/** A reindex (or a feed poll, which ends in one) was asked for while another one is running. */
export class ReindexBusyError extends Error {
  override name = 'ReindexBusyError';
  constructor() {
    super(REINDEX_BUSY);
  }
}

/** A reindex that did not finish: nothing was published, and the version serving before keeps serving. */
export class ReindexFailedError extends Error {
  override name = 'ReindexFailedError';
}

/**
 * The store (answers, votes, settings, threads) did not answer in time or failed. What needs it is
 * left off or refused with a message saying so; answering questions goes on without it.
 */
export class StoreError extends Error {
  override name = 'StoreError';
}

/**
 * The one way to describe something thrown, for people and logs: an error's message plus its
 * cause's (fetch failures hide the useful part there); anything else as text.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** An error as log fields: its name and description only, never its stack or properties (they can hold request headers). */
export function errorFields(error: Error): { name: string; message: string } {
  return { name: error.name, message: describeError(error) };
}

/** Zod's complaints as `path: message` lines ("items.3.expect: Invalid input"), the first `limit` of them. */
export function describeIssues(error: ZodError, limit = Infinity): string[] {
  return error.issues.slice(0, limit).map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
}

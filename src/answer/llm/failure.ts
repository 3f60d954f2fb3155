import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { boundedRemoteText } from '../../redact';
import { EmptyReplyError, ModelTimeoutError } from './model';
import { describeError } from '../../errors';

export interface Failure {
  /** Shown to the reader next to the extractive answer. */
  note: string;
  /**
   * For the log: never headers, never the server's message for auth errors (it may echo part of
   * the key), and other servers' messages cut to a bounded length (the logger redacts key shapes).
   */
  fields: Record<string, unknown>;
}

const suffix = 'this is the extractive answer.';

export function describeFailure(error: unknown): Failure {
  if (
    error instanceof ModelTimeoutError ||
    error instanceof APIConnectionTimeoutError ||
    error instanceof APIUserAbortError
  ) {
    return { note: `The language model did not answer in time; ${suffix}`, fields: { reason: 'timeout' } };
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return {
      note: `The language model refused the configured API key; ${suffix}`,
      fields: { reason: 'auth', status: error.status },
    };
  }
  if (error instanceof RateLimitError) {
    return {
      note: `The language model is rate-limited right now; ${suffix}`,
      fields: { reason: 'rate-limited', status: error.status, code: error.code },
    };
  }
  if (error instanceof APIConnectionError) {
    return {
      note: `The language model could not be reached; ${suffix}`,
      fields: { reason: 'connection', error: boundedRemoteText(error.message) },
    };
  }
  if (error instanceof APIError) {
    return {
      note: `The language model returned an error; ${suffix}`,
      fields: {
        reason: 'api-error',
        status: error.status,
        code: error.code,
        type: error.type,
        error: boundedRemoteText(error.message),
      },
    };
  }
  if (error instanceof EmptyReplyError) {
    return { note: `The language model returned an empty answer; ${suffix}`, fields: { reason: 'empty' } };
  }
  return {
    note: `The language model's reply could not be read; ${suffix}`,
    fields: { reason: 'unreadable', error: boundedRemoteText(describeError(error)) },
  };
}

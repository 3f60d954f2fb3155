import OpenAI from 'openai';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import { boundedRemoteText } from '../../redact';
import type { ChatMessage } from './prompt';
import { errorFields } from '../../errors';

export const MAX_ANSWER_TOKENS = 400;

export interface ModelReply {
  text: string;
  promptTokens: number | undefined;
  completionTokens: number | undefined;
}

/** The whole call, stream included, took longer than `timeoutMs`. */
export class ModelTimeoutError extends Error {
  override name = 'ModelTimeoutError';
}

/** The stream ended without a word of answer. */
export class EmptyReplyError extends Error {
  override name = 'EmptyReplyError';
}

/**
 * The client retries 408/409/429/5xx and connection errors itself (`maxRetries`, exponential
 * backoff from 0.5 s, honouring `retry-after-ms` / `retry-after`), and its `timeout` bounds each
 * attempt up to the response headers. Neither bounds the whole call, so `streamChat` adds a deadline.
 */
export function createChatClient(llm: Config['llm'], log: Logger): OpenAI {
  const forward =
    (write: (message: string, fields?: Record<string, unknown>) => void) =>
    (message: string, ...rest: unknown[]) =>
      write(`openai client: ${message}`, rest.length > 0 ? { details: rest.map(describe) } : undefined);
  return new OpenAI({
    apiKey: llm.apiKey ?? 'not-needed',
    // Passed explicitly: left undefined, the client would read OPENAI_BASE_URL behind the config's back.
    baseURL: llm.baseUrl ?? 'https://api.openai.com/v1',
    timeout: llm.timeoutMs,
    maxRetries: llm.maxRetries,
    // 'info' shows retries; 'debug' would log request details, which we never want.
    logLevel: 'info',
    logger: {
      error: forward((m, f) => log.warn(m, f)),
      warn: forward((m, f) => log.warn(m, f)),
      info: forward((m, f) => log.debug(m, f)),
      debug: forward((m, f) => log.debug(m, f)),
    },
  });
}

/**
 * Streams one chat completion, calling `onPartial` with the text so far. Resolves or rejects
 * within `timeoutMs` whatever the server does: the abort stops the request, and the race stops
 * us waiting on a retry backoff the client would otherwise sleep through.
 */
export async function streamChat(
  client: OpenAI,
  request: { model: string; messages: ChatMessage[]; timeoutMs: number; onPartial?: (text: string) => void },
  log: Logger,
): Promise<ModelReply> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ModelTimeoutError(`no complete answer within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
  });

  const run = async (): Promise<ModelReply> => {
    const stream = await client.chat.completions.create(
      {
        model: request.model,
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.1,
        max_tokens: MAX_ANSWER_TOKENS,
      },
      { signal: controller.signal },
    );
    let text = '';
    let promptTokens: number | undefined;
    let completionTokens: number | undefined;
    let partialFailed = false;
    for await (const chunk of stream) {
      if (chunk.usage) {
        promptTokens = chunk.usage.prompt_tokens;
        completionTokens = chunk.usage.completion_tokens;
      }
      const piece = chunk.choices[0]?.delta?.content;
      if (!piece) continue;
      text += piece;
      if (request.onPartial && !partialFailed) {
        try {
          request.onPartial(text);
        } catch (error) {
          // A failing display (e.g. a Discord edit) must not cost the answer itself.
          partialFailed = true;
          log.warn('onPartial failed; no more partial updates for this answer', { error });
        }
      }
    }
    // The client ends the stream quietly when aborted; that is the deadline, not an empty reply.
    if (controller.signal.aborted) throw new ModelTimeoutError(`no complete answer within ${request.timeoutMs} ms`);
    if (text.trim() === '') throw new EmptyReplyError('the model returned no text');
    return { text, promptTokens, completionTokens };
  };

  try {
    return await Promise.race([run(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const fields = errorFields(value);
    return { ...fields, message: boundedRemoteText(fields.message) };
  }
  if (typeof value === 'string') return boundedRemoteText(value);
  return typeof value === 'object' ? '[object]' : value;
}

import { parentPort, workerData } from 'node:worker_threads';
import { AutoTokenizer } from '@huggingface/transformers';
import { useModelSource, type ModelSource } from './model-source';
import type { TokenizeRequest, TokenizeResponse } from './tokenizer-protocol';
import { tokenizeBatch } from './token-arrays';
import { useTokenizerShortcuts } from './tokenizer-shortcuts';

/**
 * One tokenising worker of a `TokenizerPool`, started through tokenizer-worker.ts. With small
 * models tokenising is most of the cost of embedding, and it is plain JavaScript: here it runs
 * beside the build's thread instead of on it.
 * The model itself stays on the main thread: onnxruntime-node aborts the process when a session
 * runs in a worker thread while the main thread has one too (1.21, "Entering the V8 API without
 * proper locking"), and its own native threads already spread a large model over the cores.
 * Answers each `{ id, texts }` with `{ id, tensors }` (padded, truncated, arrays transferred) or `{ id, error }`.
 */

const port = parentPort;
if (port === null) throw new Error('tokenizer-worker.ts runs as a worker thread only');
const source = workerData as ModelSource;

try {
  useModelSource(source);
  const tokenizer = await AutoTokenizer.from_pretrained(source.modelId);
  useTokenizerShortcuts(tokenizer);
  port.on('message', (request: TokenizeRequest) => {
    try {
      const tensors = tokenizeBatch(tokenizer, request.texts);
      const transfer = Object.values(tensors).map(({ data }) => data.buffer as ArrayBuffer);
      port.postMessage({ id: request.id, tensors } satisfies TokenizeResponse, transfer);
    } catch (error) {
      port.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies TokenizeResponse);
    }
  });
  port.postMessage({ ready: true } satisfies TokenizeResponse);
} catch (error) {
  port.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies TokenizeResponse);
}

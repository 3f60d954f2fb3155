import { AutoModel, AutoTokenizer, type PreTrainedModel, type ProgressInfo, Tensor } from '@huggingface/transformers';
import { availableParallelism } from 'node:os';
import type { Logger } from '../log';
import { describeError } from '../errors';
import type { Embedder } from './types';
import { poolRows, poolingFor, type PoolingPlan } from './pooling';
import { createTokenizerPool, type TokenizerPool } from './tokenizer-pool';
import { tokenizeBatch, type TokenArrays } from './token-arrays';
import { lengthGroups } from './length-groups';
import { useTokenizerShortcuts } from './tokenizer-shortcuts';
import { useModelSource } from './model-source';

export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

export interface LoadEmbedderOptions {
  /** Hugging Face model id, or a folder name under `modelsDir`. */
  modelId: string;
  /** Folder holding `<modelId>/tokenizer.json`, `<modelId>/onnx/model.onnx`, ... */
  modelsDir?: string;
  allowRemote: boolean;
  log: Logger;
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** Texts per model call in `embedDocuments`. */
  batchSize?: number;
  /**
   * Worker threads that tokenise the batches of a large `embedDocuments` call while this thread
   * runs the model on the batches already tokenised (and, in a build, fills BM25 and HNSW).
   * Default: one less than the cores. 0 keeps all on this thread.
   */
  tokenizerThreads?: number;
}

/**
 * Loads a feature-extraction model through transformers.js. Returns null (after one warning)
 * when the model cannot be loaded or run, so the caller falls back to lexical retrieval.
 */
export async function loadEmbedder(options: LoadEmbedderOptions): Promise<Embedder | null> {
  useModelSource(options);

  const plan = poolingFor(options.modelId);
  try {
    const model = await loadModel(options.modelId, plan, options.onDownloadProgress);
    // One probe proves the graph actually runs and tells the width of its vectors.
    const [probe] = await model.embed(['dimension probe']);
    if (probe === undefined || probe.length === 0) throw new Error('the model returned no embedding');
    const threads = options.tokenizerThreads ?? availableParallelism() - 1;
    const pool =
      threads > 0
        ? createTokenizerPool({
            threads,
            model: { modelId: options.modelId, modelsDir: options.modelsDir, allowRemote: options.allowRemote },
            log: options.log,
          })
        : null;
    return createEmbedder(options.modelId, probe.length, model, plan, options.batchSize ?? 32, pool, options.log);
  } catch (error) {
    options.log.warn(
      `Embedding model ${options.modelId} could not be loaded (${describeError(error)}); retrieval is lexical only (BM25)`,
    );
    return null;
  }
}

export type EmbedBatch = (texts: string[]) => Promise<Float32Array[]>;

/** A loaded model: its tokenizer, and its ONNX session with pooling on tokenised batches. */
export interface LoadedModel {
  /** Tokenises and runs one batch. */
  embed: EmbedBatch;
  /** Runs one batch tokenised elsewhere (a tokenizer worker), given as the tokenizer's arrays. */
  embedTokens(tokens: Record<string, TokenArrays>): Promise<Float32Array[]>;
}

/**
 * onnxruntime's intra-op threads spin between calls by default. Between a build's batches that
 * spinning burned a core's worth of the time the tokenizer worker needed: 4.7 s of CPU in a
 * 4,757-article build (process CPU 32.4 s, 27.6 s without spinning; per-thread CPU from /proc,
 * 2026-12-01, 2 cores). The threads stay, so a large model's forward pass still uses them.
 */
const sessionOptions = { extra: { session: { intra_op: { allow_spinning: '0' } } } };

export async function loadModel(
  modelId: string,
  plan: PoolingPlan,
  onDownloadProgress?: (progress: DownloadProgress) => void,
): Promise<LoadedModel> {
  const progress_callback = progressForwarder(onDownloadProgress);
  const tokenizer = await AutoTokenizer.from_pretrained(modelId, { progress_callback });
  useTokenizerShortcuts(tokenizer);
  const model = await AutoModel.from_pretrained(modelId, {
    dtype: 'fp32',
    progress_callback,
    session_options: sessionOptions,
  });
  const embedTokens = (tokens: Record<string, TokenArrays>) => {
    const inputs: Record<string, Tensor> = {};
    for (const [name, { data, dims }] of Object.entries(tokens)) inputs[name] = new Tensor('int64', data, dims);
    return runModel(model, inputs, plan);
  };
  return {
    embed: async (texts) => (texts.length === 0 ? [] : embedTokens(tokenizeBatch(tokenizer, texts))),
    embedTokens,
  };
}

function createEmbedder(
  modelId: string,
  dimensions: number,
  model: LoadedModel,
  plan: PoolingPlan,
  batchSize: number,
  pool: TokenizerPool | null,
  log: Logger,
): Embedder {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  let workersFailed = false;
  // The workers load the tokenizer the probe above just used; if they cannot (a host without
  // worker threads, say), the same work runs on this thread, slower but complete.
  const embedOnWorkers = async (texts: string[]): Promise<Float32Array[]> => {
    if (pool === null || workersFailed) return model.embed(texts);
    let tokens: Record<string, TokenArrays>;
    try {
      tokens = await pool.tokenize(texts);
    } catch (error) {
      if (!workersFailed) log.warn(`Tokenizer workers failed (${describeError(error)}); tokenising on the main thread`);
      workersFailed = true;
      return model.embed(texts);
    }
    return model.embedTokens(tokens);
  };
  return {
    modelId,
    dimensions,
    async embedDocuments(texts, onProgress) {
      const vectors = new Array<Float32Array>(texts.length);
      let done = 0;
      // Texts of like length share a batch, so little of the model's work is padding.
      const batches = lengthGroups(texts, batchSize);
      const run = async (batch: number[]) => {
        const batchTexts = batch.map((i) => texts[i]!);
        // Small calls (a query's worth, a feed's few articles) stay on this thread: no worker to wake.
        const embedded = batches.length > 1 ? await embedOnWorkers(batchTexts) : await model.embed(batchTexts);
        embedded.forEach((vector, k) => (vectors[batch[k]!] = vector));
        done += batch.length;
        onProgress?.(done);
      };
      if (pool && batches.length > 1) await Promise.all(batches.map(run));
      else for (const batch of batches) await run(batch);
      return vectors;
    },
    async embedQuery(text) {
      const [vector] = await model.embed([plan.queryPrefix + text]);
      if (vector === undefined) throw new Error(`Embedding model ${modelId} returned no vector for the query`);
      return vector;
    },
  };
}

/**
 * The model called directly, pooling in a plain loop: the feature-extraction pipeline wraps the
 * same tokenizer and model calls but pooled with tensor operations, at 0.6 of the model's raw speed.
 */
async function runModel(model: PreTrainedModel, inputs: Record<string, Tensor>, plan: PoolingPlan) {
  const rows = inputs['input_ids']?.dims[0] ?? 0;
  const outputs = (await model(inputs)) as Record<string, Tensor | undefined>;
  const hidden = outputs['last_hidden_state'];
  // Typed `unknown`: transformers.js types tensor data with DOM types this project compiles without.
  const mask: unknown = inputs['attention_mask']?.data;
  if (hidden === undefined || !(hidden.data instanceof Float32Array) || !(mask instanceof BigInt64Array)) {
    throw new Error('the model gave no float last_hidden_state for the batch');
  }
  if (hidden.dims[0] !== rows || hidden.dims.length !== 3) {
    throw new Error(`unexpected embedding output of shape [${hidden.dims.join(', ')}]`);
  }
  const vectors = poolRows(hidden.data, hidden.dims, mask, plan.pooling);
  hidden.dispose();
  return vectors;
}

function progressForwarder(onDownloadProgress: LoadEmbedderOptions['onDownloadProgress']) {
  if (onDownloadProgress === undefined) return undefined;
  return (info: ProgressInfo) => {
    if (info.status === 'progress') onDownloadProgress({ file: info.file, loaded: info.loaded, total: info.total });
  };
}

import {
  AutoModel,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type ProgressInfo,
  type Tensor,
} from '@huggingface/transformers';
import type { Logger } from '../log';
import { describeError } from '../errors';
import type { Embedder } from './types';
import { poolRows, poolingFor, type PoolingPlan } from './pooling';

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
}

// transformers.js keeps its settings in one global `env`; remember its default so a call
// without `modelsDir` does not inherit the folder of an earlier call.
const defaultLocalModelPath = env.localModelPath;

/**
 * Loads a feature-extraction model through transformers.js. Returns null (after one warning)
 * when the model cannot be loaded or run, so the caller falls back to lexical retrieval.
 */
export async function loadEmbedder(options: LoadEmbedderOptions): Promise<Embedder | null> {
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowRemote;
  env.localModelPath = options.modelsDir ?? defaultLocalModelPath;

  const plan = poolingFor(options.modelId);
  try {
    const progress_callback = progressForwarder(options.onDownloadProgress);
    const tokenizer = await AutoTokenizer.from_pretrained(options.modelId, { progress_callback });
    const model = await AutoModel.from_pretrained(options.modelId, { dtype: 'fp32', progress_callback });
    const embed = embedWith(tokenizer, model, plan);
    // One probe proves the graph actually runs and tells the width of its vectors.
    const [probe] = await embed(['dimension probe']);
    if (probe === undefined || probe.length === 0) throw new Error('the model returned no embedding');
    return createEmbedder(options.modelId, probe.length, embed, plan, options.batchSize ?? 32);
  } catch (error) {
    options.log.warn(
      `Embedding model ${options.modelId} could not be loaded (${describeError(error)}); answering with lexical retrieval only`,
    );
    return null;
  }
}

type EmbedBatch = (texts: string[]) => Promise<Float32Array[]>;

function createEmbedder(
  modelId: string,
  dimensions: number,
  embed: EmbedBatch,
  plan: PoolingPlan,
  batchSize: number,
): Embedder {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  return {
    modelId,
    dimensions,
    async embedDocuments(texts, onProgress) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embed(texts.slice(start, start + batchSize))));
        onProgress?.(vectors.length);
      }
      return vectors;
    },
    async embedQuery(text) {
      const [vector] = await embed([plan.queryPrefix + text]);
      if (vector === undefined) throw new Error(`Embedding model ${modelId} returned no vector for the query`);
      return vector;
    },
  };
}

/**
 * Tokenizer and model called directly, pooling in a plain loop: the feature-extraction pipeline
 * wraps the same two calls but pooled with tensor operations, at 0.6 of the model's raw speed.
 */
function embedWith(tokenizer: PreTrainedTokenizer, model: PreTrainedModel, plan: PoolingPlan): EmbedBatch {
  return async (texts) => {
    if (texts.length === 0) return [];
    // Pads the batch and truncates each text to the model's max length (512 tokens).
    const inputs = tokenizer(texts, { padding: true, truncation: true }) as Record<string, Tensor>;
    const outputs = (await model(inputs)) as Record<string, Tensor | undefined>;
    const hidden = outputs['last_hidden_state'];
    // Typed `unknown`: transformers.js types tensor data with DOM types this project compiles without.
    const mask: unknown = inputs['attention_mask']?.data;
    if (hidden === undefined || !(hidden.data instanceof Float32Array) || !(mask instanceof BigInt64Array)) {
      throw new Error('the model gave no float last_hidden_state for the batch');
    }
    if (hidden.dims[0] !== texts.length || hidden.dims.length !== 3) {
      throw new Error(`unexpected embedding output of shape [${hidden.dims.join(', ')}]`);
    }
    const vectors = poolRows(hidden.data, hidden.dims, mask, plan.pooling);
    hidden.dispose();
    return vectors;
  };
}

function progressForwarder(onDownloadProgress: LoadEmbedderOptions['onDownloadProgress']) {
  if (onDownloadProgress === undefined) return undefined;
  return (info: ProgressInfo) => {
    if (info.status === 'progress') onDownloadProgress({ file: info.file, loaded: info.loaded, total: info.total });
  };
}

import { env } from '@huggingface/transformers';

// transformers.js keeps its settings in one global `env`; remember its default so a call
// without `modelsDir` does not inherit the folder of an earlier call.
const defaultLocalModelPath = env.localModelPath;

/** Where a model comes from: what a tokenizer worker needs to load the same tokenizer. */
export interface ModelSource {
  modelId: string;
  modelsDir?: string;
  allowRemote: boolean;
}

/** Points transformers.js at the model folder; it keeps these settings in one global `env` per thread. */
export function useModelSource(source: ModelSource): void {
  env.allowLocalModels = true;
  env.allowRemoteModels = source.allowRemote;
  env.localModelPath = source.modelsDir ?? defaultLocalModelPath;
}

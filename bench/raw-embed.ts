import { AutoModel, AutoTokenizer, Tensor } from '@huggingface/transformers';
import { poolRows, poolingFor } from '../src/index/pooling';

/**
 * The same model run with no pipeline around it: tokenizer and ONNX session called directly,
 * pooling and normalisation in a plain loop. What the embedding pipeline is measured against.
 * transformers.js reads the model from the `env.localModelPath` that loadEmbedder has set.
 */
export async function rawEmbedder(modelId: string): Promise<(texts: string[]) => Promise<Float32Array[]>> {
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const model = await AutoModel.from_pretrained(modelId, { dtype: 'fp32' });
  const { pooling } = poolingFor(modelId);
  return async (texts) => {
    const inputs = tokenizer(texts, { padding: true, truncation: true }) as Record<string, Tensor>;
    const outputs = (await model(inputs)) as Record<string, Tensor>;
    const hidden = outputs['last_hidden_state'];
    if (hidden === undefined) throw new Error('the model has no last_hidden_state output');
    const mask = (inputs as { attention_mask: Tensor }).attention_mask.data as BigInt64Array;
    const vectors = poolRows(hidden.data as Float32Array, hidden.dims, mask, pooling);
    hidden.dispose();
    return vectors;
  };
}

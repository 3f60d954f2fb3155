import { AutoModel, AutoTokenizer, Tensor } from '@huggingface/transformers';
import { poolingFor } from '../src/index/pooling';

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
    const inputs = tokenizer(texts, { padding: true, truncation: true });
    const outputs = (await model(inputs)) as Record<string, Tensor>;
    const hidden = outputs['last_hidden_state'];
    if (hidden === undefined) throw new Error('the model has no last_hidden_state output');
    const [rows, tokens, width] = hidden.dims as [number, number, number];
    const data = hidden.data as Float32Array;
    const mask = (inputs as { attention_mask: Tensor }).attention_mask.data as BigInt64Array;
    const vectors: Float32Array[] = [];
    for (let row = 0; row < rows; row++) {
      const vector = new Float32Array(width);
      let count = 0;
      for (let token = 0; token < (pooling === 'cls' ? 1 : tokens); token++) {
        if (mask[row * tokens + token] === 0n) continue;
        count += 1;
        const offset = (row * tokens + token) * width;
        for (let d = 0; d < width; d++) vector[d]! += data[offset + d]!;
      }
      let norm = 0;
      for (let d = 0; d < width; d++) {
        vector[d]! /= Math.max(count, 1);
        norm += vector[d]! * vector[d]!;
      }
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < width; d++) vector[d]! /= norm;
      vectors.push(vector);
    }
    hidden.dispose();
    return vectors;
  };
}

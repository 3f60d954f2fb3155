/** How a model's token vectors become one text vector, and what queries are prefixed with. */
export interface PoolingPlan {
  pooling: 'cls' | 'mean';
  /** Prepended to queries only; documents are embedded as they are. */
  queryPrefix: string;
}

const bgeQueryInstruction = 'Represent this sentence for searching relevant passages: ';

/**
 * bge models were trained to read the [CLS] vector and to see this instruction before a
 * short query (per their model cards); sentence-transformers style models use mean pooling.
 */
export function poolingFor(modelId: string): PoolingPlan {
  return /bge/i.test(modelId)
    ? { pooling: 'cls', queryPrefix: bgeQueryInstruction }
    : { pooling: 'mean', queryPrefix: '' };
}

/**
 * Pools a [rows, tokens, width] hidden state into one L2-normalised vector per row, skipping
 * padding. A plain loop over the typed arrays: the pipeline's tensor operations for the same
 * work ran at 0.6 of the model's raw speed (bench, 2026-11-22).
 */
export function poolRows(
  hidden: Float32Array,
  dims: readonly number[],
  attentionMask: BigInt64Array,
  pooling: PoolingPlan['pooling'],
): Float32Array[] {
  const [rows = 0, tokens = 0, width = 0] = dims;
  const vectors: Float32Array[] = [];
  for (let row = 0; row < rows; row++) {
    const vector = new Float32Array(width);
    let count = 0;
    const last = pooling === 'cls' ? Math.min(1, tokens) : tokens;
    for (let token = 0; token < last; token++) {
      if (attentionMask[row * tokens + token] === 0n) continue;
      count += 1;
      const offset = (row * tokens + token) * width;
      for (let d = 0; d < width; d++) vector[d]! += hidden[offset + d]!;
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
  return vectors;
}

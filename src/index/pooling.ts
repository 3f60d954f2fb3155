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

import { endianness } from 'node:os';
import type { PreTrainedTokenizer } from '@huggingface/transformers';

/** One tokenizer output (input_ids, attention_mask, ...) as the int64 array the model takes. */
export interface TokenArrays {
  data: BigInt64Array;
  dims: number[];
}

const littleEndian = endianness() === 'LE';

/**
 * Tokenises a batch, padded to its longest text and truncated to the model's maximum, as int64
 * arrays by input name. The tokenizer's own tensors are built with `BigInt64Array.from(ids.map(BigInt))`,
 * a BigInt object per token: on news chunks that was 29% of tokenising's time (1.40 s against
 * 1.00 s for 6,065 chunks, 2026-12-01). Here the ids come back as plain numbers and are written
 * into the low half of each int64 (token ids and masks are small non-negative integers).
 */
export function tokenizeBatch(tokenizer: PreTrainedTokenizer, texts: string[]): Record<string, TokenArrays> {
  const encoded: unknown = tokenizer(texts, { padding: true, truncation: true, return_tensor: false });
  const arrays: Record<string, TokenArrays> = {};
  for (const [name, rows] of Object.entries(encoded as Record<string, unknown>)) {
    if (!Array.isArray(rows)) throw new Error(`tokenizer output ${name} is not a list of rows`);
    arrays[name] = int64Rows(rows as number[][]);
  }
  return arrays;
}

function int64Rows(rows: number[][]): TokenArrays {
  const width = rows[0]?.length ?? 0;
  const data = new BigInt64Array(rows.length * width);
  if (littleEndian) {
    const words = new Int32Array(data.buffer);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      for (let j = 0; j < width; j++) words[2 * (i * width + j)] = row[j]!;
    }
  } else {
    for (let i = 0; i < rows.length; i++) for (let j = 0; j < width; j++) data[i * width + j] = BigInt(rows[i]![j]!);
  }
  return { data, dims: [rows.length, width] };
}

import type { TokenArrays } from './token-arrays';

/** Messages between a `TokenizerPool` and its workers (tokenizer-worker.ts). */
export interface TokenizeRequest {
  id: number;
  texts: string[];
}

export type TokenizeResponse =
  | { id: number; tensors: Record<string, TokenArrays> }
  | { id: number; error: string }
  | { ready: true }
  | { failed: string };

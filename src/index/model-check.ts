import type { Embedder } from './types';

/** The embedding model an index's vectors were made with; null for a lexical-only index. */
export interface IndexModel {
  id: string;
  dimensions: number;
}

/** The model an embedder would give an index built now. */
export function modelOf(embedder: Embedder | null): IndexModel | null {
  return embedder ? { id: embedder.modelId, dimensions: embedder.dimensions } : null;
}

/**
 * Why an index built with `built` cannot be used with `embedder` (its vectors would not be
 * comparable, or it has none while a model is loaded), or null when they match. The one place
 * that decides "was this index built with this model?".
 */
export function modelMismatch(built: IndexModel | null, embedder: Embedder | null): string | null {
  const now = modelOf(embedder);
  if (built?.id === now?.id && built?.dimensions === now?.dimensions) return null;
  return `embedding model changed from ${built?.id ?? 'none (lexical only)'} to ${now?.id ?? 'none (lexical only)'}`;
}

import type { Passage } from '../retrieve/types';
import type { Citation } from './types';

/** Citation number `n` for a retrieved passage, quoting `quote` (a sentence of the passage). */
export function citationFor(n: number, passage: Passage, quote: string): Citation {
  const { file, outlet, title, url, published } = passage.article;
  return { n, file, outlet, title, url, published, quote };
}

import type { TermStatistics } from './types';

/**
 * BM25's inverse document frequency of a stemmed term: a name in two chunks says more than
 * "season" in most of them, and a term no chunk holds weighs most, since its absence is telling.
 */
export function termWeight(stats: TermStatistics, term: string): number {
  const total = stats.documentCount();
  const df = stats.documentFrequency(term);
  return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

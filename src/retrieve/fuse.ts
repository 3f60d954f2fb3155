/**
 * Reciprocal rank fusion: each ranking adds 1 / (k + rank) for every item it holds. It needs no
 * score calibration between BM25 and cosine similarity, which live on unrelated scales.
 */
export function fuseRankings<T>(rankings: T[][], k = 60): Map<T, number> {
  const fused = new Map<T, number>();
  for (const ranking of rankings) {
    ranking.forEach((item, rank) => fused.set(item, (fused.get(item) ?? 0) + 1 / (k + rank + 1)));
  }
  return fused;
}

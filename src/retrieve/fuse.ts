/**
 * Score fusion: each ranking's scores divided by its best one, summed. Unlike rank fusion it keeps
 * how far apart the scores are, which the per-article ranking needs: a chunk that matches every
 * telling term is far ahead of one matching a single common word, not one rank ahead.
 */
export function fuseScores(rankings: { label: number; score: number }[][]): Map<number, number> {
  const fused = new Map<number, number>();
  for (const ranking of rankings) {
    const best = ranking[0]?.score ?? 0;
    if (best <= 0) continue;
    for (const { label, score } of ranking) fused.set(label, (fused.get(label) ?? 0) + Math.max(0, score) / best);
  }
  return fused;
}

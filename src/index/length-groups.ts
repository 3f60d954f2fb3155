/**
 * Splits texts into batches of at most `batchSize`, texts of like length together, longest first.
 * A batch is padded to its longest text, so mixing a 20-word title with a 250-word passage makes
 * the model run over 230 tokens of padding. Returns indexes into `texts`; every index once.
 * Characters stand in for tokens: counting tokens would mean tokenising twice.
 */
export function lengthGroups(texts: readonly string[], batchSize: number): number[][] {
  const order = texts.map((_, i) => i).sort((a, b) => texts[b]!.length - texts[a]!.length || a - b);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}

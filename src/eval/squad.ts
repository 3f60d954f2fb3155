/**
 * Short-answer scoring as in SQuAD's official script: answers are compared after lower-casing,
 * removing punctuation and the articles a/an/the, and collapsing whitespace; the score of a
 * prediction is its best over the gold alternatives.
 */

/** SQuAD's normalisation; `punctuation: ' '` puts a space where punctuation was instead of removing it. */
export function normaliseAnswer(text: string, punctuation: '' | ' ' = ''): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, punctuation)
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function exactMatch(prediction: string, gold: string): number {
  return normaliseAnswer(prediction) === normaliseAnswer(gold) ? 1 : 0;
}

/** Token-level F1 between the normalised prediction and gold answer. */
export function tokenF1(prediction: string, gold: string): number {
  const predicted = tokens(prediction);
  const wanted = tokens(gold);
  if (predicted.length === 0 || wanted.length === 0) return predicted.length === wanted.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const token of wanted) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common += 1;
      counts.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / wanted.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The best score of `prediction` against any of the gold alternatives. */
export function bestOver(
  score: (prediction: string, gold: string) => number,
  prediction: string,
  golds: string[],
): number {
  return golds.reduce((best, gold) => Math.max(best, score(prediction, gold)), 0);
}

/**
 * Whether a gold alternative occurs in the text as whole words. Both sides are normalised alike, with
 * punctuation turned into spaces so that "Bills—the" or "Bills.[1]" do not glue words together.
 */
export function containsAnswer(text: string, golds: string[]): boolean {
  const haystack = ` ${normaliseAnswer(text.replace(/\[\d+\]/g, ' '), ' ')} `;
  return golds.some((gold) => {
    const needle = normaliseAnswer(gold, ' ');
    return needle !== '' && haystack.includes(` ${needle} `);
  });
}

function tokens(text: string): string[] {
  const normalised = normaliseAnswer(text);
  return normalised === '' ? [] : normalised.split(' ');
}

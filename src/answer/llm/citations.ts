import type { Citation } from '../types';
import type { NumberedSource } from './prompt';
import { citationFor } from '../citation';
import { contentWords, hasWord, sentences } from './words';

/** The sentence of `passageText` sharing most content words with `claims`: an exact substring of the passage. */
export function chooseQuote(passageText: string, claims: string[]): string {
  const claimWords = new Set(claims.flatMap(contentWords));
  let best = '';
  let bestScore = -1;
  for (const sentence of sentences(passageText)) {
    const words = new Set(contentWords(sentence));
    let score = 0;
    for (const w of claimWords) if (hasWord(words, w)) score++;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best || passageText.trim();
}

/** Citations `[1]..[k]` for the verified sources, in the same shape as extractive answers. */
export function buildCitations(cited: NumberedSource[], claims: string[][]): Citation[] {
  return cited.map(({ passage }, i) => citationFor(i + 1, passage, chooseQuote(passage.text, claims[i] ?? [])));
}

import { stemmer } from 'stemmer';
import { eng as englishStopwords } from 'stopword';

const stopwords = new Set(englishStopwords);
// Question words carry the question's type, not its topic; matching them against articles only adds noise.
for (const word of ['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'does', 'did', 'do', 'is', 'was', 'were', 'are']) {
  stopwords.add(word);
}

const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lowercased words of `text`, with possessive endings removed ("Netflix's" → "netflix"). */
export function words(text: string): string[] {
  const found = text.toLowerCase().match(wordPattern) ?? [];
  return found.map((w) => w.replace(/['’]s$/u, '').replace(/['’]/gu, ''));
}

/** Turns one word into its index term: null for stop words, otherwise its Porter stem. */
export function termOf(word: string): string | null {
  const lower = word.toLowerCase();
  if (lower.length === 0 || stopwords.has(lower)) return null;
  return stemmer(lower);
}

/** The stemmed content terms of `text`, in order, repeats kept. */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of words(text)) {
    const term = termOf(word);
    if (term !== null) terms.push(term);
  }
  return terms;
}

export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

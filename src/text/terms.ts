import { stemmer } from 'stemmer';
import { eng as englishStopwords } from 'stopword';

const stopwords = new Set(englishStopwords);
// Question words carry the question's type, not its topic; matching them against articles only adds noise.
for (const word of [
  'what',
  'which',
  'who',
  'whom',
  'whose',
  'when',
  'where',
  'why',
  'how',
  'does',
  'did',
  'do',
  'is',
  'was',
  'were',
  'are',
]) {
  stopwords.add(word);
}

const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lowercased words of `text`, with possessive endings removed ("Netflix's" → "netflix"). */
export function words(text: string): string[] {
  const found = text.toLowerCase().match(wordPattern) ?? [];
  for (let i = 0; i < found.length; i++) {
    const word = found[i]!;
    if (word.includes("'") || word.includes('’')) found[i] = word.replace(/['’]s$/u, '').replace(/['’]/gu, '');
  }
  return found;
}

// Stemming is most of the cost of indexing, and news repeats its words: remember the answers.
const termCache = new Map<string, string | null>();
const termCacheLimit = 500_000;

/** Turns one word into its index term: null for stop words, otherwise its Porter stem. */
export function termOf(word: string): string | null {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached;
  const lower = word.toLowerCase();
  const term = lower.length === 0 || stopwords.has(lower) ? null : stemmer(lower);
  if (termCache.size >= termCacheLimit) termCache.clear();
  termCache.set(word, term);
  return term;
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

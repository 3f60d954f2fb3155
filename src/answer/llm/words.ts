import { contentTerms } from '../../text/terms';
import { splitSentences } from '../../text/sentences';

/**
 * Words of attribution say who reported a claim, not what it is; a model may add them freely
 * ("according to Variety") without that counting as unsupported content.
 */
const attributionWords = new Set(
  contentTerms(
    'according reported reports report reportedly said says say per via however though although yet still already',
  ),
);

/** Stemmed words that carry a claim's meaning: the index's own terms, less words of attribution. */
export function contentWords(text: string): string[] {
  return contentTerms(text).filter((term) => !attributionWords.has(term) && (term.length > 1 || /\d/.test(term)));
}

/** Whether `word` (a stem) is in `vocabulary`, allowing one to be a long-enough prefix of the other. */
export function hasWord(vocabulary: ReadonlySet<string>, word: string): boolean {
  if (vocabulary.has(word)) return true;
  if (word.length < 5 || /^\d+$/.test(word)) return false;
  for (const known of vocabulary) {
    if (known.length >= 5 && (known.startsWith(word) || word.startsWith(known))) return true;
  }
  return false;
}

/** Sentences of `text`, trimmed, each an exact substring of `text`. */
export function sentences(text: string): string[] {
  return splitSentences(text).map((sentence) => sentence.text);
}

import type { TermStatistics } from '../index/types';
import { termOf, uncachedTermOf } from '../text/terms';
import { isDictionaryWord } from '../text/synonyms';
import { expandShorthand } from './shorthand';
import { initialismsOf, type TitleSource } from './initialisms';
import { whWords } from '../answer/lexicon';

/*
 * Misspelt question words. A word the index does not know ("mcter", "saeson", "playng") is matched
 * to the likeliest word one slip away whose term the index does know ("mcteer", "season",
 * "playing"), before retrieval.
 *
 * Why candidates are generated instead of looked up in a library's fuzzy dictionary (a BK-tree, a
 * SymSpell table): the index knows stems, not words. "playing" is indexed as "plai", and "playng"
 * is three edits from "plai" but one from "playing"; only a word-level edit, stemmed, finds it.
 * Asking the index's own term table about each candidate also costs no memory at all: nothing is
 * built, whatever the size of the index.
 */

/** Tuning of the speller: edit costs, and which words it may change. */
export const spellingDefaults = {
  /**
   * Words this short are left alone: at three letters one edit reaches dozens of words ("adn":
   * "and", "ad", "dn", "an"…), and a short word the index lacks is more often an abbreviation.
   */
  minLength: 4,
  /** The most a correction may cost: one ordinary slip. */
  maxCost: 1,
  /**
   * Words this short may only be corrected by a swap or a doubled letter. Four-letter words the
   * index lacks are often abbreviations, and one full edit turns them into common words: on the
   * 2022 and 2023 show-news development questions, the three corrected by a full edit were all
   * abbreviations made into words, while the two corrected by a swap or a doubled letter were slips.
   */
  shortLength: 4,
  shortMaxCost: 0.5,
  /** An insertion, deletion or substitution of a letter. */
  editCost: 1,
  /** Two neighbouring letters swapped ("saeson"): the commonest slip in typing, half an edit. */
  transposeCost: 0.5,
  /** A doubled letter typed once or a single letter typed twice ("mcter" for "mcteer"): half an edit. */
  doubledLetterCost: 0.5,
  /**
   * Added to any edit of the first letter: people rarely mistype it, and edits there reach unrelated
   * words ("meter" for "peter"). With `maxCost` 1 the first letter is never changed.
   */
  firstLetterCost: 1,
} as const;

export type SpellingOptions = Record<keyof typeof spellingDefaults, number>;

export interface Correction {
  /** The word as asked, lowercased. */
  word: string;
  /** The word searched for instead. */
  correction: string;
}

export interface SpeltQuestion {
  /** The question with its corrected words in place; the question itself when nothing changed. */
  text: string;
  corrections: Correction[];
  /** The question's content words as searched ("janet mcteer playing"): what the answer says it looked for. */
  searchedFor: string;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz';
/**
 * As `words` in text/terms reads a question: letters and digits, with an "'s" or "'t" ending; and
 * two letters joined by "&" ("g&h"), which can only be initials.
 */
const wordPattern = /\p{L}&\p{L}(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * The question with fans' shorthand spelled out ("s2" → "season 2", shorthand.ts) and each word
 * the index does not know replaced by its likeliest correction: the cheapest edit (see `spellingDefaults`) whose term the index holds, the most frequent term among
 * equally cheap ones. Words the index or the dictionary knows, stop words, short words, and words
 * with digits are kept.
 */
export function correctSpelling(
  question: string,
  /** The index: its term counts, and its headlines for the titles that initials stand for. */
  stats: TermStatistics & Partial<TitleSource>,
  options: SpellingOptions = spellingDefaults,
): SpeltQuestion {
  const corrections: Correction[] = [];
  let text = '';
  let last = 0;
  for (const match of question.matchAll(wordPattern)) {
    const written = match[0];
    const possessive = /['’]s$/u.exec(written)?.[0] ?? '';
    const word = written.slice(0, written.length - possessive.length).toLowerCase();
    const maxCost = word.length <= options.shortLength ? options.shortMaxCost : options.maxCost;
    const leads = question.slice(0, match.index).trim() === '';
    const correction =
      expandShorthand(word) ??
      (leads ? questionWordOf(word, options) : null) ??
      titleOfInitials(word, stats) ??
      (needsCorrection(word, stats, options) ? bestCorrection(word, stats, options, maxCost) : null);
    if (correction === null) continue;
    corrections.push({ word, correction });
    // "Quemby's" becomes "Quenby's": the question keeps its capital and its possessive.
    const cased = /^\p{Lu}/u.test(written) ? correction[0]!.toUpperCase() + correction.slice(1) : correction;
    text += question.slice(last, match.index) + cased + possessive;
    last = match.index + written.length;
  }
  text += question.slice(last);
  return { text, corrections, searchedFor: contentWords(text) };
}

/**
 * The title a word no article holds stands for as initials ("ghn" → "glass harbor nights"), read
 * from the index's own headlines (initialisms.ts); null when it is a word the index knows.
 */
function titleOfInitials(word: string, stats: TermStatistics & Partial<TitleSource>): string | null {
  if (stats.articles === undefined) return null;
  const initials = /^\p{L}&\p{L}$/u.test(word);
  if (!initials) {
    if (!/^[a-z]{3,7}$/.test(word)) return null;
    const term = termOf(word);
    if (term === null || stats.documentFrequency(term) > 0 || isDictionaryWord(word)) return null;
  }
  return initialismsOf(stats as TitleSource).get(word) ?? null;
}

/**
 * The question word a question's first word was meant as ("wher" → "where", "wat" → "what", "hwo" →
 * "who"). Question words are stop words, so the index-based correction never offers them, and the
 * slip then stood as the rarest word of the question: "wher is it filmed" was declined for want of
 * "wher", and "wat podcast…" lost the kind of answer it asks for. Any one edit counts, of any length
 * and the first letter too, since the word is known to be a question word's place; a word of the
 * language ("wen", "hoe") or a stop word ("were") is meant as written.
 */
function questionWordOf(word: string, options: SpellingOptions): string | null {
  if (!/^[a-z]+$/.test(word) || whWords.includes(word)) return null;
  if (termOf(word) === null || isDictionaryWord(word)) return null;
  const slips = oneEditAway(word, { ...options, firstLetterCost: 0 }, options.editCost);
  let best: { word: string; cost: number; cutShort: boolean } | null = null;
  // Among equally cheap slips a word cut short is the likelier ("wher": "where", not "when"); then
  // whWords' order gives the tie to the commoner question word ("hwo": "who" before "how").
  for (const candidate of whWords) {
    const cost = slips.get(candidate);
    if (cost === undefined) continue;
    const cutShort = candidate.startsWith(word);
    if (best === null || cost < best.cost || (cost === best.cost && cutShort && !best.cutShort))
      best = { word: candidate, cost, cutShort };
  }
  return best?.word ?? null;
}

function needsCorrection(word: string, stats: TermStatistics, options: SpellingOptions): boolean {
  if (word.length < options.minLength || !/^[a-z]+$/.test(word)) return false;
  const term = termOf(word);
  // A word of the language is meant as written, even when no article uses it: in a small index
  // most are missing, and "which country" must not become "which county".
  return term !== null && stats.documentFrequency(term) === 0 && !isDictionaryWord(word);
}

function bestCorrection(word: string, stats: TermStatistics, options: SpellingOptions, maxCost: number): string | null {
  let best: { word: string; cost: number; frequency: number } | null = null;
  for (const [candidate, cost] of oneEditAway(word, options, maxCost)) {
    const term = uncachedTermOf(candidate);
    if (term === null) continue;
    const frequency = stats.documentFrequency(term);
    if (frequency === 0) continue;
    if (
      best === null ||
      cost < best.cost ||
      (cost === best.cost && (frequency > best.frequency || (frequency === best.frequency && candidate < best.word)))
    ) {
      best = { word: candidate, cost, frequency };
    }
  }
  return best?.word ?? null;
}

/**
 * Every word one deletion, swap, substitution or insertion away from `word`, with what the edit
 * costs; those costing more than `maxCost` are left out.
 */
function oneEditAway(word: string, options: SpellingOptions, maxCost: number): Map<string, number> {
  const found = new Map<string, number>();
  const add = (candidate: string, at: number, cost: number) => {
    const total = cost + (at === 0 ? options.firstLetterCost : 0);
    if (total > maxCost || candidate === word) return;
    const before = found.get(candidate);
    if (before === undefined || total < before) found.set(candidate, total);
  };
  const doubled = (letter: string, at: number) => word[at - 1] === letter || word[at] === letter;
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (i < word.length) {
      const rest = word.slice(i + 1);
      const letter = word[i]!;
      add(
        head + rest,
        i,
        word[i - 1] === letter || word[i + 1] === letter ? options.doubledLetterCost : options.editCost,
      );
      if (i + 1 < word.length && word[i + 1] !== letter)
        add(head + word[i + 1] + letter + word.slice(i + 2), i, options.transposeCost);
      for (const other of alphabet) if (other !== letter) add(head + other + rest, i, options.editCost);
    }
    for (const letter of alphabet)
      add(head + letter + tail, i, doubled(letter, i) ? options.doubledLetterCost : options.editCost);
  }
  return found;
}

/** The words of `text` that are searched for: neither stop words nor punctuation. */
function contentWords(text: string): string {
  const found: string[] = [];
  for (const [written] of text.matchAll(wordPattern)) {
    const word = written.replace(/['’]s$/u, '').toLowerCase();
    if (termOf(word) !== null) found.push(word);
  }
  return found.join(' ');
}

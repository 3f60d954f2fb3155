import { stemmer } from 'stemmer';
import { eng as englishStopwords } from 'stopword';
import { chatWords, runTogetherWhWords, whWords } from '../answer/lexicon';

const stopwords = new Set(englishStopwords);
// Question words carry the question's type, not its topic; matching them against articles only adds noise.
for (const word of [...whWords, 'does', 'did', 'do', 'is', 'was', 'were', 'are', ...runTogetherWhWords, ...chatWords]) {
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
  const term = uncachedTermOf(word);
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

/**
 * `termOf` without remembering the answer, for words made up in passing: the spelling candidates
 * of one unknown word are hundreds of non-words, and the cache would keep them all.
 */
export function uncachedTermOf(word: string): string | null {
  const lower = word.toLowerCase();
  return lower.length === 0 || stopwords.has(lower) ? null : stemmer(lower);
}

// One ask reads the same texts at several stages (a passage when grouping near-duplicates and when
// judging whether it answers, a headline for every candidate chunk of its article): remember the
// last few thousand.
const termSetCache = new Map<string, ReadonlySet<string>>();
const termSetCacheLimit = 4096;

/** The distinct stemmed content terms of `text`; shared, so never to be changed. */
export function contentTermSet(text: string): ReadonlySet<string> {
  return remembered(termSetCache, termSetCacheLimit, text, () => new Set(contentTerms(text)));
}

/** The value for `key` in `table`, made by `make` and kept there when missing; a full table starts over. */
function remembered<T>(table: Map<string, T>, limit: number, key: string, make: () => T): T {
  let value = table.get(key);
  if (value === undefined) {
    value = make();
    if (table.size >= limit) table.clear();
    table.set(key, value);
  }
  return value;
}

/**
 * A text's words as `words` finds them, each with its place and its `termOf` term: a passage read
 * once this way gives the terms of every sentence in it without reading the sentence again. One
 * question at 20,000 articles otherwise split and stemmed each sentence it scored after its passage,
 * the same words twice (2026-12-07).
 */
interface PlacedTerms {
  /** The text lower-cased; `starts` and `ends` are offsets into it. */
  lower: string;
  /** Lower-casing kept the text's length, so an offset into the text is one into `lower`. */
  aligned: boolean;
  starts: number[];
  ends: number[];
  terms: (string | null)[];
}
const placedTermsCache = new Map<string, PlacedTerms>();
// Needed only within one question, which places its dozen retrieved passages and its best article's
// further ones (up to 123 at 20,000 articles): 1,024 outlast it, at about 4 KB each.
const placedTermsLimit = 1024;

function placedTerms(text: string): PlacedTerms {
  return remembered(placedTermsCache, placedTermsLimit, text, () => {
    const lower = text.toLowerCase();
    const placed: PlacedTerms = { lower, aligned: lower.length === text.length, starts: [], ends: [], terms: [] };
    // Matched as `words` matches, then found in order: between two matches no letter or digit stands,
    // so `indexOf` from the end of one finds the next where the pattern did.
    let cursor = 0;
    for (const found of lower.match(wordPattern) ?? []) {
      const start = lower.indexOf(found, cursor);
      cursor = start + found.length;
      const word =
        found.includes("'") || found.includes('’') ? found.replace(/['’]s$/u, '').replace(/['’]/gu, '') : found;
      placed.starts.push(start);
      placed.ends.push(cursor);
      placed.terms.push(termOf(word));
    }
    return placed;
  });
}

/** `contentTermSet` of a passage whose sentences' term sets `sentenceTermSet` will ask for. */
export function passageTermSet(text: string): ReadonlySet<string> {
  return remembered(
    termSetCache,
    termSetCacheLimit,
    text,
    () => new Set(placedTerms(text).terms.filter((term): term is string => term !== null)),
  );
}

/**
 * `contentTermSet(sentence)` for the sentence at `start`–`end` of `passage`, read from the
 * passage's placed words. Exact only where no word runs across the sentence's edges (a character
 * that no word holds on either side) and its lower-cased text is that stretch of the passage's;
 * otherwise the sentence is read on its own.
 */
export function sentenceTermSet(passage: string, start: number, end: number, sentence: string): ReadonlySet<string> {
  return remembered(
    termSetCache,
    termSetCacheLimit,
    sentence,
    () => termsWithin(passage, start, end, sentence) ?? new Set(contentTerms(sentence)),
  );
}

/** The terms of the passage's placed words from `start` to `end`; null when they may not be the sentence's own. */
function termsWithin(passage: string, start: number, end: number, sentence: string): Set<string> | null {
  const placed = placedTerms(passage);
  const edgesClear =
    (start === 0 || outsideWords(passage.charCodeAt(start - 1))) &&
    (end === passage.length || outsideWords(passage.charCodeAt(end)));
  if (!placed.aligned || !edgesClear || placed.lower.slice(start, end) !== sentence.toLowerCase()) return null;
  const terms = new Set<string>();
  for (let i = firstAtOrAfter(placed.starts, start); i < placed.starts.length && placed.ends[i]! <= end; i++) {
    const term = placed.terms[i]!;
    if (term !== null) terms.add(term);
  }
  return terms;
}

/** `plainTermSet` by `sentenceTermSet`. */
export function plainSentenceTermSet(
  passage: string,
  start: number,
  end: number,
  sentence: string,
): ReadonlySet<string> {
  return withPlainTerms(sentenceTermSet(passage, start, end, sentence));
}

/** `plainTermSet` by `passageTermSet`. */
export function plainPassageTermSet(text: string): ReadonlySet<string> {
  return withPlainTerms(passageTermSet(text));
}

/** No word can hold this character: an ASCII one other than a letter, a digit or an apostrophe, or white space. */
function outsideWords(code: number): boolean {
  if (code >= 0x80) return isWhiteSpace(code);
  const letterOrDigit =
    (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  return !letterOrDigit && code !== 0x27;
}

/** Index of the first of the ascending `values` at or above `value`. */
function firstAtOrAfter(values: number[], value: number): number {
  let [low, high] = [0, values.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Headlines come back question after question (the articles a common word finds), sentences hardly
 * ever: headlines get a table of their own, large enough for every headline of a 20,000-article index,
 * so one answer's sentences cannot push them out. Without it a question at 20,000 articles spent 1 ms
 * of its 23 ms of CPU splitting and stemming the headlines of the articles it ranks (2026-12-06).
 */
const titleTermSets = new Map<string, ReadonlySet<string>>();
const titleTermSetLimit = 32_768;

/** `contentTermSet` for an article's headline. */
export function titleTermSet(title: string): ReadonlySet<string> {
  return remembered(titleTermSets, titleTermSetLimit, title, () => new Set(contentTerms(title)));
}

/**
 * `contentTermSet` with every accented term also written without its accents ("zélie" and
 * "zelie"): fans type names plainly, and a question's "zelie" must find the "Zélie" of a
 * report when judging whether it answers. The set itself when no term has an accent.
 */
export function plainTermSet(text: string): ReadonlySet<string> {
  return withPlainTerms(contentTermSet(text));
}

/** `plainTermSet` for an article's headline. */
export function plainTitleTermSet(title: string): ReadonlySet<string> {
  return withPlainTerms(titleTermSet(title));
}

function withPlainTerms(terms: ReadonlySet<string>): ReadonlySet<string> {
  let plain = plainTermSets.get(terms);
  if (plain === undefined) {
    const folded = [...terms].filter((t) => nonAscii.test(t)).map(withoutAccents);
    plain = folded.length === 0 ? terms : new Set([...terms, ...folded]);
    plainTermSets.set(terms, plain);
  }
  return plain;
}
const plainTermSets = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
// Made once: a pattern written inside the filter was a new RegExp object for every term of every sentence.
const nonAscii = /\P{ASCII}/u;

/** "zélie" → "zelie": the letters without their combining marks. */
export function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * How many runs of non-white-space `text` has. Chunking counts every sentence of every article:
 * counted in place instead of matched out as strings, a 4,757-article build makes 390 MB less
 * garbage (2026-12-01).
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isWhiteSpace(text.charCodeAt(i));
    if (!space && !inWord) count += 1;
    inWord = !space;
  }
  return count;
}

/** What `\s` matches: ECMAScript's white space and line terminators. */
function isWhiteSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

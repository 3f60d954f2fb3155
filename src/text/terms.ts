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
  return rememberedTermSet(termSetCache, termSetCacheLimit, text);
}

/** The term set of `text` from `table`, made and kept there when missing; a full table starts over. */
function rememberedTermSet(table: Map<string, ReadonlySet<string>>, limit: number, text: string): ReadonlySet<string> {
  let terms = table.get(text);
  if (terms === undefined) {
    terms = new Set(contentTerms(text));
    if (table.size >= limit) table.clear();
    table.set(text, terms);
  }
  return terms;
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
  return rememberedTermSet(titleTermSets, titleTermSetLimit, title);
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

/** Word and sentence helpers for checking a model's claims against source text. */

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
  but by can could did do does doing down during each either few for from further had has have having he her here hers
  herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once
  only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves
  then there these they this those through to too under until up very was we were what when where which while who whom
  why will with would you your yours yourself yourselves s t don didn doesn isn wasn weren won according reported reports
  report reportedly said says say per via however though although while yet still already`
    .split(/\s+/)
    .filter(Boolean),
);

const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * A deliberately small suffix stripper (no dictionary): it only has to make "renewed",
 * "renewal" and "renews" meet, and "series"/"seasons" match "season" closely enough.
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  if (w.length <= 3 || /^\d+$/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('es') && /(?:ch|sh|x|z|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'ly', 'ment', 'al']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // "scheduled" -> "schedul", "schedule" -> "schedul": drop a trailing e so both meet.
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Lowercased, stemmed words that carry meaning (stopwords and single letters removed). */
export function contentWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(wordPattern)) {
    const lower = match[0].toLowerCase();
    if (STOPWORDS.has(lower.replace(/['’].*$/, '')) || (lower.length < 2 && !/\d/.test(lower))) continue;
    words.push(stem(lower));
  }
  return words;
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

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Sentences of `text`, trimmed, each an exact substring of `text`. */
export function sentences(text: string): string[] {
  const found: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const trimmed = segment.trim();
    if (trimmed.length > 0) found.push(trimmed);
  }
  return found;
}

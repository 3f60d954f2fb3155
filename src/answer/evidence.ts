import colorNames from 'color-name';
import type { AnswerKind } from './question';
import {
  alternation,
  dayNames,
  monthAbbreviations,
  monthNames,
  numberWords,
  quotationVerbs,
  yearSeasons,
} from './lexicon';

/**
 * Whether a sentence holds the kind of thing the question asks for: a "when" question wants a
 * date, a "what colour" one a colour. A sentence that matches the topic but not the kind is
 * weaker evidence, not none.
 */
const kindPatterns: Record<Exclude<AnswerKind, 'thing' | 'color'>, RegExp[]> = {
  time: [
    new RegExp(
      `\\b(\\d{4}|${alternation([...monthNames, ...monthAbbreviations, ...dayNames])}|today|tomorrow|yesterday|${alternation(yearSeasons)}|(last|next|this) (week|month|year))\\b`,
      'i',
    ),
  ],
  quantity: [
    new RegExp(
      `\\b(\\d[\\d,.]*|${alternation(numberWords.slice(1, 14))}|dozen|hundreds?|thousands?|millions?|billions?)\\b`,
      'i',
    ),
  ],
  // "in Manhattan", "at Pinewood", street names; not "on Netflix", which is a platform, not a place.
  place: [
    /\b(?:in|at|near) (?:the )?[A-Z][\w'’-]+/,
    /\b(?:street|avenue|road|boulevard|square|city|studios?|broadway)\b/i,
  ],
  // Two capitalised words in a row, not at the start of the sentence: a name.
  person: [/(?<=\S\s+)[A-Z][a-z'’-]+ (?:[A-Z]\.? )?[A-Z][a-z'’-]+/],
};

const colorWords = new RegExp(
  `\\b(${Object.keys(colorNames)
    .filter((name) => !/\s/.test(name))
    .join('|')})\\b`,
  'i',
);

export function colorWord(word: string): boolean {
  return colorWords.test(word) && !/\s/.test(word);
}

export function holdsAnswerKind(sentence: string, kind: AnswerKind): boolean {
  if (kind === 'thing') return true;
  if (kind === 'color') return colorWords.test(sentence);
  return kindPatterns[kind].some((pattern) => pattern.test(sentence));
}

/** A quotation's speaker named in the sentence ("Loeb shared", "according to Rosenberg"), if any. */
export function speakerOf(sentence: string): string | null {
  const name = "((?:[A-Z][\\w'’.-]+ ){0,3}[A-Z][\\w'’.-]+)";
  const verbs = `(?:${alternation(quotationVerbs)})`;
  const patterns = [
    new RegExp(`${name},? ${verbs}\\b`),
    new RegExp(`\\b${verbs},? ${name}\\b`),
    new RegExp(`\\b(?:according to|per) ${name}`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(sentence);
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * Whether the sentence quotes someone's words: a quotation of eight words or more. Shorter quoted
 * text is mostly a title ("Dancing with the Stars") or a phrase held at arm's length ("get Brexit
 * done"), which no one should be named as saying.
 */
export function hasQuotation(sentence: string): boolean {
  for (const match of sentence.matchAll(/[“"]([^”"]+)[”"]?/g))
    if ((match[1]!.match(/[\p{L}\p{N}’']+/gu) ?? []).length >= 8) return true;
  return false;
}

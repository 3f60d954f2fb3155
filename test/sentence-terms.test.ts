import { describe, expect, it } from 'vitest';
import { contentTerms, passageTermSet, sentenceTermSet } from '../src/text/terms';

/*
 * A sentence's terms are read out of its passage's words instead of reading the sentence again:
 * they must be the very terms, in the same order, that reading the sentence alone gives, or it is
 * read alone. Rows: the passage, the sentence and where it is said to start.
 */
const rows: { why: string; passage: string; sentence: string; start?: number }[] = [
  {
    why: 'a plain sentence after another',
    passage: 'Cameras rolled at dawn. The crew’s van broke down near the pier.',
    sentence: 'The crew’s van broke down near the pier.',
  },
  {
    why: 'a sentence after a closing quotation mark',
    passage: 'She said “we start on Monday.” Filming began on Tuesday instead.',
    sentence: 'Filming began on Tuesday instead.',
  },
  {
    why: 'accents and possessives',
    passage: 'It rained all week. Zélie’s crew filmed in Montréal’s old port.',
    sentence: 'Zélie’s crew filmed in Montréal’s old port.',
  },
  {
    why: 'a piece that starts after a full stop inside an abbreviation',
    passage: 'Only non-U.S.citizens were asked to wait.',
    sentence: 'S.citizens were asked to wait.',
  },
  {
    why: 'a piece that starts inside a word',
    passage: 'The Glasshouse opens its doors.',
    sentence: 'house opens its doors.',
  },
  {
    why: 'a piece that ends inside a word',
    passage: 'The Glasshouse opens its doors.',
    sentence: 'The Glass',
  },
  {
    why: 'a passage whose lower-casing changes its length',
    passage: 'İzmir crews wrapped early. The shoot ended on Friday.',
    sentence: 'The shoot ended on Friday.',
  },
  {
    why: 'a sentence said to start where it does not',
    passage: 'Alpha team filmed. Beta team rested.',
    sentence: 'Beta team rested.',
    start: 0,
  },
];

describe('sentenceTermSet', () => {
  it.each(rows)('gives the sentence’s own terms: $why', ({ passage, sentence, start }) => {
    passageTermSet(passage);
    const at = start ?? passage.indexOf(sentence);
    expect(at).toBeGreaterThanOrEqual(0);
    const terms = [...sentenceTermSet(passage, at, at + sentence.length, sentence)];
    expect(terms).toEqual([...new Set(contentTerms(sentence))]);
  });
});

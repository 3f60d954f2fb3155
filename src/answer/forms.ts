import { withoutAccents } from '../text/terms';
import { alternation, companySuffixes, numberWords } from './lexicon';

/**
 * One answer written several ways ("GlassHarbor" and "Glass Harbor", "four" and "4", "Zoë" and "Zoe") is one
 * candidate: its reports' votes pooled, shown as most of its mentions write it. A candidate's stemmed terms
 * already make "The Gulls" and "Gulls’", "Birch & Lowe" and "Birch and Lowe" one; these rules make alike what
 * the terms tell apart. Each rule is applied to what the rules before it left; its example is two forms the
 * rules up to it give one key.
 */
export interface FormRule {
  /** What the rule makes alike. */
  name: string;
  /** Two forms of one answer the rules up to this one give the same key. */
  example: readonly [string, string];
  apply: (form: string) => string;
}

const suffixAtEnd = new RegExp(`(?:,\\s*|\\s+)(?:${alternation(companySuffixes)})\\.?$`, 'u');
const countWord = new RegExp(`\\b(${alternation(numberWords)})\\b`, 'gu');
/** Between two letters: spaces, hyphens, dots and apostrophes join a name's parts however it is spaced. */
const betweenLetters = /(?<=\p{L})[\s.\-‐–'’/·]+(?=\p{L})/gu;
/** Between a letter and a digit, spaces and hyphens: "Corvid 12" and "Corvid-12". Between digits they stay: "3-0" is a score. */
const letterDigit = /(?<=\p{L})[\s\-‐–]+(?=\p{N})|(?<=\p{N})[\s\-‐–]+(?=\p{L})/gu;

export const formRules: readonly FormRule[] = [
  { name: 'accents', example: ['Zoë Brandt', 'Zoe Brandt'], apply: (form) => withoutAccents(form) },
  { name: 'case', example: ['MacLeod', 'Macleod'], apply: (form) => form.toLowerCase() },
  { name: 'possessive', example: ['Dunmore’s', 'Dunmore'], apply: (form) => form.replace(/['’]s?$/u, '') },
  {
    name: 'ampersand',
    example: ['Birch & Lowe', 'Birch and Lowe'],
    apply: (form) => form.replace(/\s*&\s*/gu, ' and '),
  },
  { name: 'leading "the"', example: ['The Kestrel Inn', 'Kestrel Inn'], apply: (form) => form.replace(/^the\s+/u, '') },
  {
    name: 'company suffix',
    example: ['Zentro Holdings Inc.', 'Zentro'],
    apply: (form) => {
      let rest = form;
      for (let cut = rest.replace(suffixAtEnd, ''); cut !== rest && cut !== ''; cut = rest.replace(suffixAtEnd, ''))
        rest = cut;
      return rest;
    },
  },
  {
    name: 'thousands separator',
    example: ['12,500 fans', '12500 fans'],
    apply: (form) => form.replace(/(?<=\d),(?=\d{3}(?!\d))/gu, ''),
  },
  {
    name: 'count word',
    example: ['four seasons', '4 seasons'],
    apply: (form) => form.replace(countWord, (word) => String(numberWords.indexOf(word))),
  },
  // Also hyphens ("Kestrel-Bay"), initials ("K.T. Lowe" and "KT Lowe"), a particle ("Le Roux" and "LeRoux").
  { name: 'joined words', example: ['Glass Harbor', 'GlassHarbor'], apply: (form) => form.replace(betweenLetters, '') },
  { name: 'number after a name', example: ['Corvid 12', 'Corvid-12'], apply: (form) => form.replace(letterDigit, '') },
  {
    name: 'edges',
    example: ['“Glass Harbor,”', 'Glass Harbor'],
    apply: (form) =>
      form
        .replace(/^[\s“"'‘(]+|[\s”"'’),.:;!?]+$/gu, '')
        .replace(/\s+/gu, ' ')
        .trim(),
  },
];

// Eleven rewrites a form cost 0.3 ms of a question's ~21 ms of CPU at 20,000 articles (bench/ask-profile.ts,
// 2026-12-07), and the same names come back question after question: remember the keys, as termOf does terms.
const keyCache = new Map<string, string>();
const keyCacheLimit = 100_000;

/** The key under which every form of one answer is one candidate; the form itself, lower-cased, when nothing is left. */
export function formKey(form: string): string {
  const cached = keyCache.get(form);
  if (cached !== undefined) return cached;
  const rewritten = formRules.reduce((text, rule) => rule.apply(text), form);
  const key = rewritten === '' ? form.toLowerCase() : rewritten;
  if (keyCache.size >= keyCacheLimit) keyCache.clear();
  keyCache.set(form, key);
  return key;
}

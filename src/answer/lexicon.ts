/*
 * The word lists the answer rules read, each written once. Lists are lowercase; a rule that needs
 * a pattern builds it from a list here (see `alternation`) instead of spelling the words again.
 */

/** Month names in calendar order. */
export const monthNames = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

/** How news writes months short: "Jan.", "Sept. 4". */
export const monthAbbreviations = [
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
] as const;

/** Day names, Monday first. */
export const dayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** Number words by value: `numberWords[8]` is "eight". */
export const numberWords = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
] as const;

/** Ordinal words by value less one: `ordinalWords[2]` is "third". */
export const ordinalWords = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
] as const;

/** Verbs a report uses to attribute words to someone: "…, she said", "he told Variety". */
export const speechVerbs = [
  'said',
  'says',
  'told',
  'tells',
  'reported',
  'reports',
  'wrote',
  'writes',
  'added',
  'explained',
  'noted',
  'stated',
  'shared',
  'revealed',
  'teased',
  'confirmed',
  'announced',
] as const;

/**
 * A regular-expression alternation of `words`, longest first so that "sept" is tried before "sep";
 * the words are plain letters, so nothing needs escaping.
 */
export function alternation(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

/*
 * The word lists the answer rules read, each written once. Lists are lowercase; a rule that needs
 * a pattern builds it from a list here (see `alternation`) instead of spelling the words again.
 * A rule that reads only part of a list takes a slice ("one" to "twelve"), so that moving the rules
 * here changed no answer; whether they should read the whole list is for the answer model to show.
 */

/** Month names in calendar order. */
export const monthNames: readonly string[] = [
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
];

/** How news writes months short: "Jan.", "Sept. 4". */
export const monthAbbreviations: readonly string[] = [
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
];

/** Day names, Monday first. */
export const dayNames: readonly string[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/** The seasons of the year ("this fall", "spring 2027"), which news dates things by. */
export const yearSeasons: readonly string[] = ['spring', 'summer', 'fall', 'autumn', 'winter'];

/** Number words by value: `numberWords[8]` is "eight". */
export const numberWords: readonly string[] = [
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
];

/** Units a length of time is counted in: "300 years", "a three-year deal". */
export const durationUnits: readonly string[] = [
  'year',
  'month',
  'week',
  'day',
  'hour',
  'minute',
  'second',
  'decade',
  'century',
];

/** Ordinal words by value less one: `ordinalWords[2]` is "third". */
export const ordinalWords: readonly string[] = [
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
];

/** Words before a count that make it part of a whole: "the final two episodes", "its first three seasons", "the past three seasons". */
export const partOfWholeWords: readonly string[] = [
  'first',
  'final',
  'last',
  'next',
  'remaining',
  'other',
  'additional',
  'previous',
  'opening',
  'latest',
  'past',
];

/**
 * Nouns a number after them names one of ("season 3", "Part 2", "Vol. 1", "game 7"), as does an ordinal
 * before them ("the third season"): which season, part or edition a question or a report is about, and
 * so no count of anything ("how many episodes…?" is not answered by "season 2").
 */
export const numberedPartNouns: readonly string[] = [
  'season',
  'series',
  'episode',
  'ep',
  'part',
  'volume',
  'vol',
  'chapter',
  'book',
  'act',
  'phase',
  'edition',
  'installment',
  'instalment',
  'half',
  'round',
  'cycle',
  'game',
  'stage',
  'level',
  'week',
  'day',
];

/**
 * Words a question uses to name what it asks of a show (its premiere, finale, renewal, episodes or
 * seasons): every sentence that states the thing holds them, so they say nothing of which show a
 * sentence is about.
 */
export const slotNamingWords: readonly string[] = [
  'premiere',
  'debut',
  'return',
  'release',
  'launch',
  'arrive',
  'start',
  'air',
  'finale',
  'final',
  'end',
  'renew',
  'renewal',
  'episode',
  'season',
];

/**
 * What a report calls someone just before the name, after words that say where they are from or what
 * they work on: "Danish director Ada Lind", "Harbor Diner owner Vesper". A capitalised word before
 * one of these describes the person named next; it is not the name.
 */
export const occupationNouns: readonly string[] = [
  'director',
  'writer',
  'producer',
  'filmmaker',
  'screenwriter',
  'playwright',
  'author',
  'novelist',
  'comedian',
  'actor',
  'actress',
  'singer',
  'rapper',
  'musician',
  'star',
  'host',
  'journalist',
  'anchor',
  'chef',
  'model',
  'supermodel',
  'designer',
  'owner',
  'creator',
  'showrunner',
  'executive',
];

/** Words that make a number a sum of money or a share: "5 dollars", "20 percent" (with the signs $, €, £, ¥ and %). */
export const moneyWords: readonly string[] = [
  'dollar',
  'dollars',
  'euro',
  'euros',
  'pound',
  'pounds',
  'cents',
  'bucks',
];
export const shareWords: readonly string[] = ['percent', 'per cent', 'percentage'];

/**
 * Parts and people of a show that a name after "of" is the show of: "second seasons of X and Y",
 * "the cast of X", "the finale of X". Such a name is a title, not a person, place or company.
 */
export const workPartNouns: readonly string[] = [
  'season',
  'seasons',
  'episode',
  'episodes',
  'finale',
  'premiere',
  'cast',
  'reboot',
  'revival',
  'spinoff',
  'sequel',
  'prequel',
  'remake',
  'adaptation',
  'installment',
];

/** The commonest verbs that say whose words a report gives: "…, she said", "he told Variety". */
const reportedSpeech = ['said', 'says', 'told', 'wrote', 'added', 'explained', 'noted'];

/** "…, said The Telegraph.": the verbs that name a report's source after its words. */
export const attributionVerbs: readonly string[] = [...reportedSpeech, 'reported', 'reports', 'writes'];

/** "Loeb shared", "teased Rosenberg": the verbs that name who is quoted. */
export const quotationVerbs: readonly string[] = [
  ...reportedSpeech,
  'shared',
  'stated',
  'revealed',
  'teased',
  'confirmed',
  'announced',
];

/** "Who said…?", "who warned…?": a question with one of these asks who the words are from. */
export const askedSpeechVerbs: readonly string[] = [
  'say',
  'says',
  'said',
  'tell',
  'tells',
  'told',
  'claim',
  'claims',
  'claimed',
  'write',
  'wrote',
  'warn',
  'warned',
];

/**
 * "What did X say?", "what did she tease about season 3?": asked after "what did", these verbs ask
 * for what someone said, told in a sentence, not for a name.
 */
export const askedWordsVerbs: readonly string[] = [
  ...askedSpeechVerbs,
  'tease',
  'teased',
  'share',
  'shared',
  'think',
  'thought',
  'mean',
  'meant',
];

/** Verbs that take another verb after them ("will air", "can watch"): a question's subject stands between. */
export const modalVerbs = ['will', 'would', 'can', 'could', 'should', 'may', 'might', 'must', 'shall'];

/** Auxiliaries a question may lead with ("is it renewed", "did filming start"), modals included. */
export const auxiliaryVerbs = ['is', 'are', 'was', 'were', 'has', 'have', 'had', 'does', 'do', 'did', ...modalVerbs];

/** The words a question asks with: "who", "which", "how". */
export const whWords: readonly string[] = ['who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'why', 'how'];

/**
 * Question words typed without the apostrophe, as fans type them ("whats the name of…"): read as a
 * word, "whats" is the stem "what", which no article indexes, so it weighed the most of any question
 * word and held the question under the coverage gate. Stop words (text/terms.ts).
 */
export const runTogetherWhWords = ['whats', 'whos', 'wheres', 'whens', 'hows'] as const;

/** Chat words that say nothing of the topic ("who's gonna host it lol"): the same rarity, the same harm. */
export const chatWords = ['gonna', 'wanna', 'gotta', 'lol', 'lmao', 'omg', 'tbh', 'idk', 'btw', 'pls', 'plz'] as const;

/** A company's legal form after its name ("Streamly Inc.", "Zentro Ltd"): how no report names it in passing. */
export const legalFormAbbreviations: readonly string[] = ['inc', 'corp', 'co', 'ltd', 'llc', 'plc'];

/**
 * Words that end a company's name without telling which company it is: its legal form, spelt out or not,
 * and the group or holding that owns it ("Zentro Holdings", "the Zentro Group"): one company however written.
 */
export const companySuffixes: readonly string[] = [
  ...legalFormAbbreviations,
  'incorporated',
  'corporation',
  'company',
  'limited',
  'group',
  'holdings',
];

/** How the tagger splits a possessive off its word: "Quill 's team", "the Gulls ' coach". */
export const possessiveMarks: readonly string[] = ["'s", '’s', "'", '’'];

/**
 * A regular-expression alternation of `words`, longest first so that "sept" is tried before "sep";
 * the words are plain letters, so nothing needs escaping.
 */
export function alternation(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}

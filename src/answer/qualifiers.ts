import { termOf } from '../text/terms';
import {
  alternation,
  monthAbbreviations,
  monthNames,
  numberedPartNouns,
  numberWords,
  ordinalWords,
  partOfWholeWords,
} from './lexicon';

/*
 * "Who won season 12", "the 19th awards", "how many episodes does season 3 have", "the 2022 awards": a
 * question that names which season, part, edition or year it is about. A report of another one
 * answers the same words with another season's winner or another part's count, and looks to every
 * other measure like a right answer; only the number tells them apart.
 */

/** A number the question binds to what it asks about. */
export interface Qualifier {
  /** 12 for "season 12", "the 12th season", "season twenty"; the year for "the 2022 awards". */
  value: number;
  /** The term of the noun the number is bound to ("season", "emmi"); null for a year on its own. */
  noun: string | null;
  /** A year: a report published that year states it without writing it ("this year's awards"). */
  year: boolean;
}

/** A part's noun, singular or plural: "season", "seasons". */
const partNoun = `(?:${alternation(numberedPartNouns)})s?`;

const numberWord = alternation(numberWords.slice(1));
const partTerms = new Set(numberedPartNouns.map((noun) => termOf(noun)));
const ordinalWord = alternation(ordinalWords);
const month = alternation([...monthNames, ...monthAbbreviations]);
/** Words a number after which is no name's: a day ("oct 28"), a part ("season 3": its own row), an ordinal ("first 2"). */
const notNames = new RegExp(`^(?:${month}|${partNoun}|${ordinalWord}|${alternation(partOfWholeWords)})$`, 'i');

/** How a question binds a number to a noun, one row each, with a made-up example and what it reads. */
export const qualifierRows: readonly {
  pattern: RegExp;
  read: (match: RegExpMatchArray) => Qualifier | null;
  example: { question: string; reads: Qualifier[] };
}[] = [
  {
    // "season 12", "part 2", "volume one": the noun, then its number.
    pattern: new RegExp(`\\b(${partNoun})\\.?\\s+(\\d{1,3}|${numberWord})\\b(?![.,:/-]?\\d)`, 'gi'),
    read: (m) => bound(m[1]!, numberValue(m[2]!)),
    example: {
      question: 'who won season 12 of the singing contest',
      reads: [{ value: 12, noun: 'season', year: false }],
    },
  },
  {
    // "the 19th awards", "its 2nd half", "the 41st annual gala": a numbered ordinal, then what it counts.
    pattern: /\b(\d{1,3})(?:st|nd|rd|th)\s+(?:annual\s+)?([\p{L}]+)/giu,
    read: (m) => bound(m[2]!, Number(m[1])),
    example: {
      question: 'which drama won at the 19th gala awards',
      reads: [{ value: 19, noun: 'gala', year: false }],
    },
  },
  {
    // "the third season", "its first episode": an ordinal word only before a part's noun ("the first
    // host" asks who came first, not about a first part).
    pattern: new RegExp(`\\b(${ordinalWord})\\s+(${partNoun})\\b`, 'gi'),
    read: (m) => bound(m[2]!, ordinalWords.indexOf(m[1]!.toLowerCase()) + 1),
    example: {
      question: 'how many episodes did the third season of Glass Harbor have',
      reads: [{ value: 3, noun: 'season', year: false }],
    },
  },
  {
    // "Night Harbor 7", "glass harbor 4 volume 1": a show's or contest's name and its number. Not a
    // count of what follows ("nearly 100 years", "2 seasons"), a day ("oct 28"), nor a possessive's
    // count ("Ada's 15 minutes").
    pattern: /\b([\p{L}][\p{L}'’]+)\s+(\d{1,3})\b(?![.,:/%-]?\d|\s*(?:(?:st|nd|rd|th)\b|%))(?=(?:\s+([\p{L}]+))?)/giu,
    read: (m) => {
      const next = m[3] === undefined ? null : termOf(m[3]);
      if (next !== null && !partTerms.has(next)) return null;
      if (/['’]s?$/u.test(m[1]!) || notNames.test(m[1]!)) return null;
      return bound(m[1]!, Number(m[2]));
    },
    example: {
      question: 'who won night harbor 7',
      reads: [{ value: 7, noun: 'harbor', year: false }],
    },
  },
  {
    // "the 2022 awards", "in 2022": a year, with the noun after it when there is one.
    pattern: /\b((?:19|20)\d\d)\b(?:\s+([\p{L}]+))?/gu,
    read: (m) => ({ value: Number(m[1]), noun: m[2] === undefined ? null : termOf(m[2]), year: true }),
    example: {
      question: 'where were the 2022 gala awards held',
      reads: [{ value: 2022, noun: 'gala', year: true }],
    },
  },
];

/** The qualifiers a question names, each once. */
export function questionQualifiers(question: string): Qualifier[] {
  const found: Qualifier[] = [];
  for (const row of qualifierRows) {
    for (const match of question.matchAll(row.pattern)) {
      const qualifier = row.read(match);
      if (qualifier === null || found.some((q) => q.value === qualifier.value)) continue;
      found.push(qualifier);
    }
  }
  return found;
}

function bound(noun: string, value: number | null): Qualifier | null {
  const term = termOf(noun);
  return value === null || value <= 0 || term === null ? null : { value, noun: term, year: false };
}

/** "12" → 12, "two" → 2, "third" → 3, "9th" → 9; null for anything else. */
function numberValue(word: string): number | null {
  const lower = word.toLowerCase();
  if (/^\d+(?:st|nd|rd|th)?$/.test(lower)) return parseInt(lower, 10);
  const spelt = numberWords.indexOf(lower);
  if (spelt > 0) return spelt;
  const ordinal = ordinalWords.indexOf(lower);
  return ordinal >= 0 ? ordinal + 1 : null;
}

/**
 * Whether `text` names the qualifier's number: in digits anywhere ("12", "12th"; not a day of a
 * month, "Dec. 12"), or in words next to a part's noun or the qualifier's own ("the second season",
 * "season two": "one" and "first" alone are too common to say anything); a year also when the report
 * was published that year.
 */
export function statesQualifier(text: string, qualifier: Qualifier, published: string | null = null): boolean {
  const { value } = qualifier;
  if (qualifier.year && published?.startsWith(String(value))) return true;
  const digits = new RegExp(
    `(?<![\\d.,$])(?<!\\b(?:${month})\\.?\\s+)\\b${value}(?:st|nd|rd|th)?\\b(?![.,]\\d|%)`,
    'i',
  );
  if (digits.test(text)) return true;
  return boundNumbers(text, (term) => partTerms.has(term) || term === qualifier.noun).includes(value);
}

/**
 * Whether `text` binds the qualifier's noun to another number and not to its own: "won Season 9" for
 * a question about season 12, "the 18th gala" for the 19th, "the 2021 gala" for the 2022 one.
 */
export function namesOtherQualifier(text: string, qualifier: Qualifier): boolean {
  if (qualifier.noun === null) return false;
  const values = boundNumbers(text, (term) => term === qualifier.noun);
  return values.length > 0 && !values.includes(qualifier.value);
}

/** The numbers `text` binds to a noun `isNoun` accepts: "Season 9", "9th season", "the 18th annual gala", "the 2021 gala". */
function boundNumbers(text: string, isNoun: (term: string) => boolean): number[] {
  const tokens = text.match(/[\p{L}\p{N}'’]+/gu) ?? [];
  const terms = tokens.map((token) => termOf(token));
  const values: number[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const noun = (at: number) => {
      const term = terms[at];
      return term !== undefined && term !== null && isNoun(term);
    };
    if (noun(i)) {
      const after = numberValue(tokens[i + 1]!);
      if (after !== null) values.push(after);
    }
    const skip = tokens[i + 1]!.toLowerCase() === 'annual' ? 2 : 1;
    if (noun(i + skip)) {
      // Before its noun, a number is a count ("two episodes") unless it is an ordinal or a year.
      const before =
        /^\d+(?:st|nd|rd|th)$|^(?:19|20)\d\d$/i.test(tokens[i]!) || ordinalWords.includes(tokens[i]!.toLowerCase())
          ? numberValue(tokens[i]!)
          : null;
      if (before !== null) values.push(before);
    }
  }
  return values;
}

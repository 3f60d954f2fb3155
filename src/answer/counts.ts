import { termOf } from '../text/terms';
import { alternation, moneyWords, numberedPartNouns, shareWords } from './lexicon';
import type { Span } from './spans';
import { shortAnswerDefaults } from './short-answer-defaults';

/*
 * "How many episodes…?" asks for a count of episodes. Some numbers a report writes count nothing of
 * the kind, whatever sentence they stand in: a share ("a 93% rating"), a sum of money ("$4 million"),
 * a number that labels ("season 2", "Part 1"): which one, not how many; and the "one" that picks one out
 * of a group ("one of the judges"). Each row reads one such
 * number and says the kind fit it gets (a level of `shortAnswerDefaults.kindFit`, below the floor at
 * which a pick is shown as the bold answer).
 */

export type UncountedLevel = 'amountForCount' | 'labelForCount' | 'oneOfForCount';

export interface UncountedRow {
  level: UncountedLevel;
  /** Whether the number `span` of a sentence's lower-cased `words` is such a number, for a question counting `focusTerm`. */
  reads: (span: Span, words: string[], focusTerm: string) => boolean;
  /** A made-up question, a sentence and the number in it that the row reads (tested row by row). */
  example: { question: string; sentence: string; number: string };
}

const share = new RegExp(`%|\\b(${alternation(shareWords)})\\b`, 'i');
const money = new RegExp(`[$€£¥]|\\b(${alternation(moneyWords)})\\b`, 'i');
const labelTerms = new Set(numberedPartNouns.map((noun) => termOf(noun)));

/** The span's own text, or the word right after it ("93 %", "5 dollars" when the tagger splits them). */
function writtenAs(pattern: RegExp, span: Span, words: string[]): boolean {
  return pattern.test(span.text) || pattern.test(words[span.tokens[1] + 1] ?? '');
}

export const uncountedRows: UncountedRow[] = [
  {
    level: 'amountForCount',
    reads: (span, words) => writtenAs(share, span, words),
    example: {
      question: 'How many episodes does Kestrel Bay have?',
      sentence: 'Kestrel Bay holds an 88% score on review sites, and its run has six episodes.',
      number: '88%',
    },
  },
  {
    level: 'amountForCount',
    reads: (span, words) => writtenAs(money, span, words),
    example: {
      question: 'How many episodes does Kestrel Bay have?',
      sentence: 'Each of the six episodes of Kestrel Bay cost $4 million.',
      number: '$4 million',
    },
  },
  {
    // "Episode 5" for "how many seasons", "Part 1" for "how many episodes": the number names one of
    // them. The noun counted itself ("Season 6" for "how many seasons") is left to the other rules:
    // the sixth season says there have been six.
    level: 'labelForCount',
    reads: (span, words, focusTerm) => {
      const before = termOf((words[span.tokens[0] - 1] ?? '').replace(/\.$/u, ''));
      return before !== null && labelTerms.has(before) && before !== focusTerm;
    },
    example: {
      question: 'How many episodes are in Kestrel Bay part 2?',
      sentence: 'Kestrel Bay Part 1 ran six episodes.',
      number: '1',
    },
  },
  {
    // "She is one of the show's three judges": one picked out of a group, never how many there are.
    level: 'oneOfForCount',
    reads: (span, words) => /^(one|1)$/i.test(span.text) && words[span.tokens[1] + 1] === 'of',
    example: {
      question: 'How many episodes does Kestrel Bay have?',
      sentence: 'Kestrel Bay is one of the dramas that wrapped filming this spring.',
      number: '1',
    },
  },
  {
    // "One exciting twist is…": a sentence that opens with "one" and not the counted noun picks one
    // thing out to speak of; "One episode was cut" still counts episodes.
    level: 'oneOfForCount',
    reads: (span, words, focusTerm) =>
      span.tokens[0] === 0 && /^one$/i.test(span.text) && !countsNounAfter(span, words, focusTerm),
    example: {
      question: 'How many episodes will Kestrel Bay have?',
      sentence: 'One exciting twist is that the season will be shot at sea.',
      number: '1',
    },
  },
];

/** The number stands right before the counted noun: "71 points", "300 years", "One episode". */
export function countsNounAfter(span: Span, words: string[], focusTerm: string): boolean {
  const end = span.tokens[1] + 1;
  return words
    .slice(end, end + shortAnswerDefaults.countedNounWords)
    .map((word) => termOf(word))
    .includes(focusTerm);
}

/** The level of the first row that reads the number, or null when it may count what is asked. */
export function uncountedLevel(span: Span, words: string[], focusTerm: string): UncountedLevel | null {
  return uncountedRows.find((row) => row.reads(span, words, focusTerm))?.level ?? null;
}

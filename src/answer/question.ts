import { QuestionError } from '../errors';
import { EMPTY_QUESTION } from '../messages';
import { contentTerms, termOf, words } from '../text/terms';
import { synonymsOf } from '../text/synonyms';
import { irregularForms } from '../text/verb-forms';

export const maxQuestionLength = 1000;

/** Trims the question and rejects what cannot be answered, with a message for the person who asked. */
export function validateQuestion(question: string): string {
  const trimmed = question.replace(/\s+/g, ' ').trim();
  if (trimmed.length === 0) throw new QuestionError(EMPTY_QUESTION);
  if (trimmed.length > maxQuestionLength) {
    throw new QuestionError(
      `That question is ${trimmed.length} characters long; please keep it under ${maxQuestionLength}.`,
    );
  }
  if (words(trimmed).length === 0) throw new QuestionError('Please ask a question in words: that one has none.');
  return trimmed;
}

/** What kind of thing the answer is, which decides what a good answer sentence must hold. */
export type AnswerKind = 'person' | 'time' | 'place' | 'quantity' | 'color' | 'thing';

export interface QuestionAnalysis {
  kind: AnswerKind;
  /** Stemmed content terms the answer's evidence should share with the question. */
  terms: string[];
  /** Question term → stemmed WordNet synonyms: weaker evidence for the term when it is absent. */
  synonyms: Map<string, Set<string>>;
}

const kindWords: { pattern: RegExp; kind: AnswerKind; drop: string[] }[] = [
  { pattern: /\b(what|which)\s+colou?rs?\b/i, kind: 'color', drop: ['color', 'colour'] },
  { pattern: /\bhow\s+(many|much)\b/i, kind: 'quantity', drop: ['many', 'much'] },
  {
    pattern: /\bwhen\b|\b(what|which)\s+(year|date|day|month|time)\b/i,
    kind: 'time',
    drop: ['year', 'date', 'day', 'month', 'time'],
  },
  {
    pattern: /\bwhere\b|\b(what|which)\s+(city|country|place|location|street)\b/i,
    kind: 'place',
    drop: ['city', 'country', 'place', 'location', 'street'],
  },
  { pattern: /\bwho(m|se)?\b|\b(what|which)\s+(actor|actress|person|director|star)\b/i, kind: 'person', drop: [] },
];

/**
 * "This week", "last weekend", "recently": when the question was asked, which a report writes as a
 * day ("on Monday") or not at all. As evidence terms they only make a report that says "week" look
 * more on topic, and their absence made answerable questions look unanswered.
 */
const askedWhen =
  /\b(?:(?:this|last|next|past|coming|this past)\s+(?:week|weekend|month|fall|autumn|spring|summer|winter)|earlier this (?:week|month|year)|recently|today|yesterday|tonight)\b/gi;

/**
 * The question's frame, not its subject: "which type of", "what is the name of", "according to",
 * "what percentage" (a report writes "40%"). A report answering it need not say "type" or "name".
 */
const frame =
  /\b(?:(?<=\b(?:what|which)\s+)(?:type|kind|sort)s?\s+of|the\s+name\s+of|according\s+to|(?<=\b(?:what|which)\s+)percentage)\b/gi;

export function analyzeQuestion(question: string): QuestionAnalysis {
  const match = kindWords.find((k) => k.pattern.test(question));
  const dropped = new Set((match?.drop ?? []).map((w) => termOf(w) ?? w));
  const subject = question.replace(askedWhen, ' ').replace(frame, ' ');
  const terms = [...new Set(contentTerms(subject))].filter((t) => !dropped.has(t));
  return { kind: match?.kind ?? 'thing', terms, synonyms: synonymTerms(question, new Set(terms)) };
}

/** Synonyms for the question's common words; names (capitalised) and numbers have none worth using. */
function synonymTerms(question: string, terms: Set<string>): Map<string, Set<string>> {
  const synonyms = new Map<string, Set<string>>();
  for (const [word] of question.matchAll(/[\p{L}]+/gu)) {
    if (/^\p{Lu}/u.test(word)) continue;
    const term = termOf(word);
    if (term === null || !terms.has(term)) continue;
    // "When did filming start?" is answered by "filming began on April 3rd": a synonym's irregular
    // past ("began" for "begin") does not stem to it, so it is listed too, as is the word's own.
    const related = new Set(
      [word.toLowerCase(), ...synonymsOf(word)]
        .flatMap((s) => [s, ...irregularForms(s)])
        .map((s) => termOf(s))
        .filter((t): t is string => t !== null && t !== term),
    );
    if (related.size > 0) synonyms.set(term, related);
  }
  return synonyms;
}

/**
 * The words of a question, without what is not about its subject: a masked link keeps its text,
 * addresses, Discord mentions and invisible characters go. Member text is data: a mention id or a
 * link must not decide which articles answer.
 */
export function plainQuestion(question: string): string {
  return question
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ')
    .replace(/<(?:@[!&]?|#|\/[^:>]+:)\d+>|@(?:everyone|here)\b/g, ' ')
    .replace(/[\p{Cf}\p{Cc}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Follow-up questions lean on what came before: "when does it come out?" after a question about
 * Jessica Jones season 2 means Jessica Jones season 2. The subject of a question is taken as its
 * names (runs of capitalised words that are not question words) and numbered parts ("season 2");
 * a follow-up that names no subject of its own borrows the latest one asked in the conversation.
 */

import { alternation, numberedPartNouns } from './lexicon';

export interface ConversationTurn {
  question: string;
  answer: string;
}

/** Capitalised words that start questions and sentences, not names. */
const NOT_NAMES = new Set(
  'a an and are as at but can could did do does for from has have he her his how i if in is it its me my no not of on or she so that the their them then there these they this those to was we were what when where which who whom whose why will with would you your'.split(
    ' ',
  ),
);

const NAME_RUN = /\p{Lu}[\p{L}\p{N}'’.&-]*(?:\s+(?:of|the|and|&|\p{Lu}[\p{L}\p{N}'’.&-]*))*/gu;
const NUMBERED_PART = new RegExp(`\\b(?:${alternation(numberedPartNouns)})\\s+\\d+\\b`, 'gi');

interface Subject {
  names: string[];
  /** "season 2", "episode 5". */
  parts: string[];
}

function subjectOf(question: string): Subject {
  const names: string[] = [];
  for (const match of question.matchAll(NAME_RUN)) {
    const words = match[0].split(/\s+/);
    while (words.length > 0 && NOT_NAMES.has((words[0] ?? '').toLowerCase())) words.shift();
    while (words.length > 0 && /^(of|the|and|&)$/i.test(words.at(-1) ?? '')) words.pop();
    const name = words.join(' ').replace(/[.’']+$/u, '');
    if (name && !names.includes(name)) names.push(name);
  }
  const parts = [...question.matchAll(NUMBERED_PART)].map((m) => m[0].toLowerCase());
  return { names, parts: parts.filter((p) => !names.some((n) => n.toLowerCase().includes(p))) };
}

/** The names and numbered parts a question talks about, e.g. "Jessica Jones season 2"; empty when none. */
export function questionSubject(question: string): string {
  const { names, parts } = subjectOf(question);
  return [...names, ...parts].join(' ');
}

/**
 * The text to search for: the question itself when it names what it is about; else the question
 * followed by the latest subject of the conversation (`earlier`: oldest question first). A
 * question naming only a part ("what about season 3?") borrows just the show's name.
 */
export function withConversationSubject(question: string, earlier: string[]): string {
  const own = subjectOf(question);
  if (own.names.length > 0) return question;
  for (const previous of [...earlier].reverse()) {
    const before = subjectOf(previous);
    if (before.names.length === 0 && (own.parts.length > 0 || before.parts.length === 0)) continue;
    const borrowed = own.parts.length > 0 ? before.names : [...before.names, ...before.parts];
    return `${question} ${borrowed.join(' ')}`;
  }
  return question;
}

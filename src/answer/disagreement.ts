import type { EvidenceSentence } from './short-answer';
import { statementsOf, type AskedRelation, type Relation, type Slot } from './relations';
import {
  compatible,
  contradicts,
  otherDates,
  precision,
  readValue,
  type SlotValue,
  type ValueKind,
} from './disagreement-values';
import { alternation, numberWords, ordinalWords, partOfWholeWords, slotNamingWords } from './lexicon';
import { contentTermSet } from '../text/terms';
import { dayNumber } from '../day';

/*
 * Outlets that disagree: the short answer's rivals from other outlets that state another value for
 * the same slot of the same statement ("premieres March 3" against "premieres March 10"), about the
 * same subject (the same show, the same season), in the same news cycle. Conservative on purpose:
 * a false "outlets differ" costs more trust than a missed one, so every doubt counts against it.
 */

export const disagreementDefaults = {
  /**
   * Reports further apart than this are of different news cycles: a count that grew ("four
   * seasons", a year later "five seasons") or a later season's date, not a disagreement. A
   * judgement, not a fit: no development question has a real disagreement to fit it on, and every
   * pair it kept apart there was a year or more apart (docs/experiments/disagreements.md).
   */
  maxReportDaysApart: 120,
  /**
   * Dates placed further apart than this are two events (two seasons' premieres), not one moved:
   * a judgement like the one above; a premiere moved by more than half a year is rare.
   */
  maxDatesApart: 200,
  /**
   * Share of the question's weight a sentence with its headline must hold to be about the question's
   * subject: the level below which the bot declines a question (`minPassageCoverage`, extractive.ts).
   */
  minSubjectShare: 0.6,
  /**
   * Sentences read beyond those read for the short answer (extractive.ts), best first: another
   * outlet's statement seldom ranks among the best eight. With none, 2 questions of the show-news
   * 2023 set had two values for the slot; with 40, 5 (none of them a disagreement).
   */
  moreSentences: 40,
};
export type DisagreementOptions = typeof disagreementDefaults;

/** The slots whose values can disagree, and how each is read. */
const slotKinds: Partial<Record<Slot, ValueKind>> = { date: 'date', count: 'count' };
/**
 * The relations with one true value at a time. Cast, host and creator are left out: a show has
 * several actors, hosts and creators, and two names are two answers, not a contradiction. So is
 * the network: a show airs on one and streams on another ("HBO" and "Max" for one season), and
 * both are right.
 */
const singleValued: ReadonlySet<Relation> = new Set<Relation>(['premiere', 'finale', 'renewal', 'episodes', 'seasons']);

/** What the answer reads about the evidence's articles. */
export interface EvidenceArticle {
  outlet: string;
  title: string;
  published: string | null;
}

export interface DisagreementInput {
  question: string;
  relation: AskedRelation | null;
  /** The short answer shown in bold. */
  picked: string;
  evidence: EvidenceSentence[];
  /** The question's terms with how telling each is: a sentence about its subject holds most of their weight. */
  questionWeights: Map<string, number>;
  articleOf: (articleId: string) => EvidenceArticle | undefined;
}

/** One statement of a value: which evidence sentence states it, in which article. */
export interface StatedValue {
  evidence: number;
  articleId: string;
  outlet: string;
  published: string | null;
  text: string;
  value: SlotValue;
  /** The season or part it is about ("season:2"), empty when it names none. */
  subject: string;
}

export interface DetectedValue {
  /** The value as a report writes it, the fullest form of the group. */
  text: string;
  /** The short answer shown is this value. */
  picked: boolean;
  /** One statement per article, newest article first. */
  statements: StatedValue[];
}

export interface DetectedDisagreement {
  kind: ValueKind;
  relation: Relation;
  /** Newest report first. */
  values: DetectedValue[];
}

/** The kind of value compared for the asked slot; null when outlets' values for it are never compared. */
export function comparedKind(relation: AskedRelation | null): ValueKind | null {
  if (relation === null || relation.wants === null || !singleValued.has(relation.relation)) return null;
  return slotKinds[relation.wants] ?? null;
}

/**
 * The values outlets give for the slot the question asks about when they contradict each other
 * and one of them is the short answer shown; null when they agree or any doubt remains.
 */
export function findDisagreement(
  input: DisagreementInput,
  options: DisagreementOptions = disagreementDefaults,
): DetectedDisagreement | null {
  const { relation } = input;
  const kind = comparedKind(relation);
  if (relation === null || relation.wants === null || kind === null) return null;
  const statements = consistentArticles(statedValues(input, relation.relation, relation.wants, kind, options));
  const groups = groupValues(statements);
  if (groups.length < 2) return null;
  const picked = readValue(kind, input.picked, null);
  if (picked === null) return null;
  const pickedGroups = groups.filter((g) => compatible(g.value, picked));
  if (pickedGroups.length !== 1) return null;
  const [own] = pickedGroups as [Group];
  const rivals = groups.filter((g) => g !== own && clashes(own, g, options));
  if (rivals.length === 0) return null;
  const values = [own, ...rivals].map((group) => detectedValue(group, group === own));
  values.sort((a, b) => newest(b) - newest(a));
  return { kind, relation: relation.relation, values };
}

/** Every statement of the asked slot in the evidence whose subject is the question's. */
function statedValues(
  input: DisagreementInput,
  relation: Relation,
  wants: Slot,
  kind: ValueKind,
  options: DisagreementOptions,
): StatedValue[] {
  const asked = subjectKeys(input.question);
  // The subject is what the question names besides the slot: a sentence stating any premiere holds "premiere".
  const subjectWeights = [...input.questionWeights].filter(([term]) => !slotTerms().has(term));
  const total = subjectWeights.reduce((sum, [, w]) => sum + w, 0);
  if (total === 0) return [];
  const found: StatedValue[] = [];
  input.evidence.forEach((sentence, index) => {
    const article = input.articleOf(sentence.articleId);
    if (article === undefined) return;
    // The subject: the sentence's season if it names one, else its headline's.
    const keys = subjectKeys(sentence.text);
    const subject = keys.size > 0 ? keys : subjectKeys(article.title);
    if (asked.size > 0 && subject.size > 0 && ![...subject].some((key) => asked.has(key))) return;
    // The sentence with its headline speaks to the question: holds the show's name and most of the rest.
    const terms = contentTermSet(`${sentence.text} ${article.title}`);
    let held = 0;
    for (const [term, weight] of subjectWeights) if (terms.has(term)) held += weight;
    if (held / total < options.minSubjectShare) return;
    for (const statement of statementsOf(relation, sentence.text)) {
      for (const fill of statement.slots) {
        if (fill.slot !== wants) continue;
        const text = sentence.text.slice(fill.start, fill.end).trim();
        // "The final two episodes", "its first season": part of the whole, not the whole.
        if (kind === 'count' && partOf.test(sentence.text.slice(0, fill.start))) continue;
        // "July's Thor": a date in the possessive names another work or event, not this one's day.
        if (kind === 'date' && possessive.test(sentence.text.slice(fill.end))) continue;
        const value = readValue(kind, text, article.published);
        if (value === null) continue;
        if (value.kind === 'date' && otherDates(sentence.text, value, article.published)) continue;
        found.push({
          evidence: index,
          articleId: sentence.articleId,
          outlet: article.outlet,
          published: article.published,
          text,
          value,
          subject: [...subject].sort().join(' '),
        });
      }
    }
  });
  return found;
}

/**
 * An article that states two values that cannot both hold ("moved from March 3 to March 10", two
 * shows' dates in one list) is read as saying neither: which one it means for the question is a guess.
 */
function consistentArticles(statements: StatedValue[]): StatedValue[] {
  const byArticle = new Map<string, StatedValue[]>();
  for (const statement of statements) {
    byArticle.set(statement.articleId, [...(byArticle.get(statement.articleId) ?? []), statement]);
  }
  return [...byArticle.values()]
    .filter((own) => own.every((a) => own.every((b) => compatible(a.value, b.value))))
    .flat();
}

interface Group {
  /** The fullest value of the group. */
  value: SlotValue;
  statements: StatedValue[];
}

/**
 * Statements gathered under the values they state, fullest first: "March 3" joins "Friday, March 3,
 * 2024". A coarse value that fits two groups ("March" beside "March 3" and "March 10") contradicts
 * neither and is left out.
 */
function groupValues(statements: StatedValue[]): Group[] {
  const groups: Group[] = [];
  for (const statement of [...statements].sort((a, b) => precision(b.value) - precision(a.value))) {
    const fits = groups.filter(
      (g) => compatible(g.value, statement.value) && g.statements[0]!.subject === statement.subject,
    );
    const others = groups.filter((g) => compatible(g.value, statement.value));
    if (fits.length === 1 && others.length === 1) fits[0]!.statements.push(statement);
    else if (others.length === 0) groups.push({ value: statement.value, statements: [statement] });
  }
  return groups;
}

/**
 * Two groups clash when some statement of each contradicts the other's, about the same subject,
 * from two outlets, in the same news cycle.
 */
function clashes(a: Group, b: Group, options: DisagreementOptions): boolean {
  return a.statements.some((s) =>
    b.statements.some(
      (t) =>
        s.outlet !== t.outlet &&
        s.subject === t.subject &&
        contradicts(s.value, t.value, options.maxDatesApart) &&
        withinDays(s.published, t.published, options.maxReportDaysApart),
    ),
  );
}

function withinDays(a: string | null, b: string | null, days: number): boolean {
  const [x, y] = [dayNumber(a), dayNumber(b)];
  return x !== null && y !== null && Math.abs(x - y) <= days;
}

function detectedValue(group: Group, picked: boolean): DetectedValue {
  const fullest = precision(group.value);
  const forms = new Map<string, number>();
  for (const s of group.statements) {
    if (precision(s.value) === fullest) forms.set(s.text, (forms.get(s.text) ?? 0) + 1);
  }
  const text = [...forms].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]![0];
  // One statement per article: its first, which is its best-ranked sentence.
  const perArticle = new Map<string, StatedValue>();
  for (const s of [...group.statements].sort((a, b) => a.evidence - b.evidence)) {
    if (!perArticle.has(s.articleId)) perArticle.set(s.articleId, s);
  }
  const statements = [...perArticle.values()].sort(
    (a, b) => (dayNumber(b.published) ?? 0) - (dayNumber(a.published) ?? 0),
  );
  return { text, picked, statements };
}

function newest(value: DetectedValue): number {
  return Math.max(...value.statements.map((s) => dayNumber(s.published) ?? 0));
}

let slotTermSet: ReadonlySet<string> | undefined;
/** The terms of the words that name a slot ("premiere", "episodes"), as the question's weights spell them. */
function slotTerms(): ReadonlySet<string> {
  return (slotTermSet ??= contentTermSet(slotNamingWords.join(' ')));
}

/** Right after a date: it is in the possessive ("July's", "Friday’s"). */
const possessive = /^['’]s\b/;

/** Words before a count that make it part of a whole: "the final two episodes", "its first three seasons". */
const partOf = new RegExp(`\\b(?:${alternation(partOfWholeWords)})\\s+(?:\\S+\\s+)?$`, 'i');

const countWord = `\\d{1,2}|${alternation(numberWords)}`;
const seasonPatterns: [string, RegExp][] = [
  ['season', new RegExp(`\\bseason\\s+(${countWord})\\b`, 'gi')],
  ['season', new RegExp(`\\b(${alternation(ordinalWords)}|\\d{1,2}(?:st|nd|rd|th))\\s+season\\b`, 'gi')],
  ['season', /\bS(\d{1,2})(?=\b|E\d)/g],
  ['part', new RegExp(`\\b(?:part|volume|vol\\.)\\s+(${countWord})\\b`, 'gi')],
];

/**
 * Which season or part a text is about ("season 2", "second season", "S2", "Part 2"), as keys such as
 * "season:2"; empty when it names none.
 */
export function subjectKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const [what, pattern] of seasonPatterns) {
    for (const match of text.matchAll(pattern)) keys.add(`${what}:${numberOf(match[1]!)}`);
  }
  return keys;
}

function numberOf(word: string): number {
  const lower = word.toLowerCase();
  if (/^\d/.test(lower)) return Number.parseInt(lower, 10);
  const cardinal = numberWords.indexOf(lower);
  return cardinal >= 0 ? cardinal : ordinalWords.indexOf(lower) + 1;
}

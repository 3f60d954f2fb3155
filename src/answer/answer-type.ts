import { tagWords } from './spans';
import nlp from '../text/compromise';
import { termOf } from '../text/terms';
import { isKindOf } from '../text/synonyms';
import { alternation, askedSpeechVerbs, askedWordsVerbs, moneyWords, possessiveMarks, shareWords } from './lexicon';
import { questionRelation, type Slot } from './relations';

/**
 * What the short answer to a question must be: a person for "who", a place for "which country", a
 * number for "how many"… Read from the question's wording alone; the evidence decides the rest.
 */
export type ExpectedAnswer =
  | 'person'
  | 'place'
  | 'organization'
  | 'date'
  | 'number'
  | 'color'
  /** Any name or title: "which show", "what film", "which seed". */
  | 'name'
  | 'yesno'
  /** Why and how questions, and questions asking for several things: no answer fits in a few words. */
  | 'explanation';

export interface AnswerShape {
  expected: ExpectedAnswer;
  /**
   * The noun the question asks for, lowercased: "team" in "which team", "years" in "how many
   * years". Null when the question names none ("who", "when").
   */
  focus: string | null;
  /**
   * "…balancing what on his finger?", "an analysis of what?": the answer is what a report writes
   * after the word the question puts before "what" (`after`, stemmed), and after its preposition.
   */
  slot?: { after: string; preposition: string | null };
  /** "How long…?", "how much time…?": the answer is a length of time, written with its unit ("one hour"). */
  duration?: true;
  /** "What was the magnitude…?", "…the final score?": the noun names a measure, written beside its number. */
  measure?: true;
  /** "Who said…?", "according to which newspaper…?": the one a report is attributed to may be the answer. */
  source?: true;
  /** "After which season…?": a number that ranks ("its 41st", "Season 6"), not a count. */
  rank?: true;
  /**
   * "How many episodes…?": a count of the things the focus noun names, which a share, a sum of money
   * or a label's number ("season 2") is not (counts.ts). "How much" asks for an amount, and may be money.
   */
  count?: true;
}

const placeNouns = new Set(
  'country countries state states city cities nation town county island region continent capital province territory village neighborhood location venue place area park airport stadium part'.split(
    ' ',
  ),
);
const organizationNouns = new Set(
  'company companies team teams chain brand firm network group organization organisation band retailer airline automaker carmaker bank university college school app platform streamer service studio league party agency giant club outlet publication newspaper magazine channel broadcaster restaurant store startup maker manufacturer business nonprofit charity union court opponent franchise'.split(
    ' ',
  ),
);
const personNouns = new Set(
  'actor actress singer rapper musician player star president leader politician person ceo director author writer host comedian athlete quarterback senator governor lawmaker official judge minister king queen prince princess pope celebrity artist character coach candidate member founder executive billionaire figure man woman journalist producer creator showrunner republican democrat'.split(
    ' ',
  ),
);
const numberNouns = new Set(['score', 'magnitude', 'rate', 'wage', 'limit', 'price', 'cost', 'salary', 'fee']);
/** Singular and plural: "what years was it on" asks for dates as "what year" does. */
const timeNouns = new Set(
  'year date day month time decade season century years dates days months decades centuries'.split(' '),
);

const explanation = /^\s*(why|how (do|does|did|is|are|was|were|can|could|will|would|should|to))\b/i;
const yesNo = /^\s*(is|are|was|were|did|does|do|has|have|had|will|can|could|should)\b/i;

/** Wording that settles the kind of answer before the question's nouns are read; the first row that matches wins. */
export interface KindRow {
  pattern: RegExp;
  shape: AnswerShape;
  /** A made-up question the row reads (tested row by row). */
  example: string;
}

export const kindRows: KindRow[] = [
  {
    // "Who is Dana Reyes?": a name alone asks who the person is, which a report tells in words ("the
    // Kestrel Bay star"), not with another name. A role, a determiner or an "-ing" verb asks for a
    // person after all ("who is the villain", "who is hosting").
    pattern:
      /^\s*who(?:['’]s|\s+(?:is|was))\s+(?!.*\b(?:the|a|an|in|on|of|for|from|to|with|at|by|this|that|next|new|now|your|my|our|their|his|her|its|[\p{L}]+ing)\b)[\p{L}.'’-]+(?:\s+[\p{L}.'’-]+){0,2}\s*\??\s*$/iu,
    shape: { expected: 'explanation', focus: null },
    example: 'who is dana reyes',
  },
  {
    // "What is Kestrel Bay about?" asks for the story, told in a sentence, not for a name.
    pattern: /^\s*what(?:['’]s|\s+(?:is|was|are|were))\b.*\babout\s*\??\s*$/i,
    shape: { expected: 'explanation', focus: null },
    example: 'what is kestrel bay about',
  },
  {
    // "What did Dana Reyes say about the finale?" asks for her words, told in a sentence: in bold, a
    // name from them (the show she spoke of) reads as if it were what she said.
    pattern: new RegExp(
      `^\\s*what\\s+(?:did|does|do|has|have|had|will|would)\\s+\\S.*?\\b(?:${alternation(askedWordsVerbs)})(?:\\s+(?:about|of|on|regarding|in)\\b[^?]*)?\\s*\\??\\s*$`,
      'i',
    ),
    shape: { expected: 'explanation', focus: null },
    example: 'what did dana reyes say about the kestrel bay finale',
  },
  {
    // A role, which is rarely a name: "an undisclosed character".
    pattern:
      /\bwho (is|are|was|will|does|did)\b.*\b(play|plays|playing|portray|portrays|portraying)\b(\s+(in|on)\s[^?]*)?\s*\??$/i,
    shape: { expected: 'name', focus: 'character' },
    example: 'Who is Dana Reyes playing in Kestrel Bay?',
  },
  {
    // A season is asked for by its number ("Season 6", "its 41st"), not by when it aired.
    pattern: /\b(which|what)\s+season\b/i,
    shape: { expected: 'number', focus: 'season', rank: true },
    example: 'kestrel bay ends after which season',
  },
];

/**
 * The kind of answer each slot of a TV-news relation (relations.ts) is: where the question asks about
 * a relation, its slot decides. "Where can I stream it" asks for a service, not a place, and "the
 * name of the episode where…" for a title.
 */
const slotKinds: Partial<Record<Slot, ExpectedAnswer>> = {
  network: 'organization',
  // "What was the name of the episode where she leaves town?" asks for the episode's name, not a place.
  title: 'name',
  // "What's the name of Omar Pell's fiancée?" asks for a person, whatever "name" would otherwise ask.
  partner: 'person',
};

/**
 * Question words run together with "is", as fans type them: read written out, "whos" asks who and
 * "whats the hotel" names its noun after the copula.
 */
export const runTogetherRows: { written: RegExp; meant: string; example: string }[] = [
  { written: /\bwhats\b/gi, meant: 'what is', example: 'whats the name of the boat in kestrel bay' },
  { written: /\bwhos\b/gi, meant: 'who is', example: 'whos hosting the starfall awards' },
  { written: /\bwheres\b/gi, meant: 'where is', example: 'wheres kestrel bay streaming now' },
  { written: /\bwhens\b/gi, meant: 'when is', example: 'whens kestrel bay coming back' },
  { written: /\bhows\b/gi, meant: 'how is', example: 'hows dana reyes related to the captain' },
];

export function answerShape(asked: string): AnswerShape {
  const question = runTogetherRows.reduce((text, row) => text.replace(row.written, row.meant), asked);
  const shape = shapeOf(question);
  return asksSource(question, shape) ? { ...shape, source: true } : shape;
}

const askedSpeech = new RegExp(`\\b(${alternation(askedSpeechVerbs)})\\b`, 'i');

const outletNouns = new Set(
  'newspaper paper outlet publication magazine broadcaster network channel website site journal tabloid'.split(' '),
);

/** Whether the question asks who said or reported something. */
function asksSource(question: string, shape: AnswerShape): boolean {
  if (shape.focus !== null && outletNouns.has(shape.focus)) return true;
  if (/\baccording to (whom|which|what)\b/i.test(question)) return true;
  return shape.expected === 'person' && askedSpeech.test(question);
}

function shapeOf(question: string): AnswerShape {
  const row = kindRows.find((r) => r.pattern.test(question));
  if (row !== undefined) return row.shape;
  // Tagged once: the focus noun and the "what" slot both read the question's words.
  const tagged = tagWords(question);
  // "What percentage of households…?" asks for a percentage, whatever it is a percentage of.
  const focus = /\b(what|which) (percentage|percent|share|proportion)\b/i.test(question)
    ? 'percentage'
    : focusNoun(tagged);
  // "What powers does she have?" asks for several things: the answer is the evidence, not a word.
  if (
    focus !== null &&
    /[^s]s$/.test(focus) &&
    new RegExp(`\\b(what|which) ${focus} (do|does|did|can|could|will)\\b`, 'i').test(question)
  ) {
    return { expected: 'explanation', focus };
  }
  // "…since:" is filled by a year ("since 1987"), as "what year" is.
  if (focus === null && sinceBlank.test(question)) return { expected: 'date', focus: 'year' };
  const asked = questionRelation(question);
  const expected = (asked?.wants ? slotKinds[asked.wants] : undefined) ?? expectedFrom(question, focus);
  const slot = focus === null && expected === 'name' ? slotOf(tagged.words) : null;
  if (slot) return { expected, focus, slot };
  if (expected === 'number' && durationQuestion.test(question)) return { expected, focus, duration: true };
  if (expected === 'number' && focus !== null && numberNouns.has(focus)) return { expected, focus, measure: true };
  if (expected === 'number' && focus !== null && countsThings(question, focus)) return { expected, focus, count: true };
  return { expected, focus };
}

/**
 * "How many episodes…?" counts things; "how many dollars", "how many percent" ask for an amount the
 * way "how much" does.
 */
function countsThings(question: string, focus: string): boolean {
  return /\bhow many\b/i.test(question) && !amountNouns.has(focus);
}
const amountNouns = new Set([...moneyWords, ...shareWords]);

/** "…won the cup for the first time since:": a quiz's blank after "since" is filled by a date. */
const sinceBlank = /\bsince(\s+at\s+least)?\s*[:…_-]*\s*$/i;

const durationQuestion = /\bhow (long|much time)\b(?! ago\b)/i;

const slotPrepositions = new Set([
  'of',
  'about',
  'by',
  'as',
  'against',
  'to',
  'for',
  'from',
  'with',
  'on',
  'in',
  'into',
  'at',
]);

/** The word a mid-sentence "what" is the object of, when "what" ends the question or a preposition follows it. */
function slotOf(words: string[]): AnswerShape['slot'] | null {
  const lower = words.map((w) => w.toLowerCase());
  const at = lower.lastIndexOf('what');
  if (at < 2 || !(lower[at + 1] === '?' || lower[at + 1] === undefined || slotPrepositions.has(lower[at + 1]!)))
    return null;
  const preposition = slotPrepositions.has(lower[at - 1]!) ? lower[at - 1]! : null;
  const after = termOf(lower[at - (preposition ? 2 : 1)] ?? '');
  return after === null ? null : { after, preposition };
}

function expectedFrom(question: string, focus: string | null): ExpectedAnswer {
  if (explanation.test(question)) return 'explanation';
  // "True or false: …" asks whether a statement holds, whatever nouns the statement has.
  if (/\btrue or false\b/i.test(question)) return 'yesno';
  if (/\bcolou?rs?\b/i.test(question) && /\b(what|which)\b/i.test(question)) return 'color';
  if (
    /\bhow (many|much|old|long|far|tall|big|large|high|fast)\b|\b(percent|percentage)\b.*\?|\bat what age\b|\b(what|which) (age|percentage|share|number|amount|price|score|total)\b/i.test(
      question,
    )
  )
    return 'number';
  // "What was the final score?", "What is the minimum wage?": the noun names a number.
  if (focus !== null && numberNouns.has(focus)) return 'number';
  if (asksWhen(question) || (focus !== null && timeNouns.has(focus))) return 'date';
  if (/\bwhere\b/i.test(question) || (focus !== null && placeNouns.has(focus))) return 'place';
  if (focus !== null && organizationNouns.has(focus)) return 'organization';
  if (/\bwho(m|se)?\b/i.test(question) || (focus !== null && isPersonNoun(focus))) return 'person';
  if (yesNo.test(question) && !/\b(which|what|who)\b/i.test(question)) return 'yesno';
  return 'name';
}

/**
 * "Which golfer", "which musicians": a noun WordNet's first sense files under people asks for a person,
 * as the listed ones do. Only the first sense: a "carrier" is first a person, but the nouns listed
 * for organisations and places are read before this.
 */
function isPersonNoun(focus: string): boolean {
  return personNouns.has(focus) || isKindOf(focus, 'person', 1);
}

/**
 * "When did filming start?", "…in 2024. When was she elected?" ask when; in "…thrilled this week when the
 * trailer was released for which remake?" the "when" only joins two clauses and another word asks.
 */
function asksWhen(question: string): boolean {
  if (/(^|[.?!:;,]\s*)when\b/i.test(question.trim())) return true;
  return /\bwhen\b/i.test(question) && !/\b(which|what|who|whom|whose|where)\b/i.test(question);
}

const focusStarts = ['which', 'what', 'many', 'much', 'this', 'these'];
/** "this week" dates the question; it does not say what the answer is. */
const dating = new Set([
  'week',
  'weekend',
  'month',
  'year',
  'morning',
  'afternoon',
  'evening',
  'season',
  'summer',
  'winter',
  'spring',
  'fall',
  'time',
]);
const questionWords = new Set(['what', 'which']);
/** "What's the hotel…?" is tagged "what", "'s": the contraction is a copula too. */
const copulas = new Set(['is', 'was', 'are', 'were', "'s", '’s']);
const determiners = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'this', 'that']);
const kindWords = new Set(['kind', 'type', 'sort', 'kinds', 'types', 'sorts']);
const countStarts = new Set(['many', 'much']);
const headTags = new Set(['NOUN', 'PROPN', 'ADJ']);
const possessives = new Set(possessiveMarks);

/** The head noun after "which", "what", "this" or "how many": "home goods chain" → "chain". */
function focusNoun({ words, pos }: { words: string[]; pos: string[] }): string | null {
  const lower = words.map((word) => word.toLowerCase());
  const starts = lower
    .map((word, i) => ({ i, rank: focusStarts.indexOf(word) }))
    // "Many other countries…" is no question: only "how many" and "how much" ask for a count.
    .filter((s) => s.rank >= 0 && (!countStarts.has(lower[s.i]!) || lower[s.i - 1] === 'how'))
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  for (const { i, rank } of starts) {
    let focus: string | null = null;
    // "What was the magnitude…?", "What is their destination?": the noun after the copula is the one asked for.
    const from =
      questionWords.has(lower[i]!) && copulas.has(lower[i + 1]!) && determiners.has(lower[i + 2]!) ? i + 2 : i;
    for (let j = from + 1; j < words.length && j < from + 7; j++) {
      const word = lower[j]!;
      // "the name of the new variant": what is named is asked for, not a name.
      if (word === 'name' && lower[j + 1] === 'of') {
        j += 1;
        while (determiners.has(lower[j + 1]!)) j += 1;
        continue;
      }
      // "which kind of animal": "of" belongs to the frame only there; "how many rounds of voting" counts rounds.
      if (kindWords.has(word) || (word === 'of' && kindWords.has(lower[j - 1]!))) continue;
      // "fast-food chain", "high-profile Republican": a hyphenated modifier, whatever the tagger made of its parts.
      const tag = pos[j];
      const modifies = tag === 'NOUN' && lower[j - 1] === '-' && headTags.has(pos[j + 1] ?? '');
      if (word === '-' || lower[j + 1] === '-' || modifies) continue;
      // "Which state's governor…?" asks for the state: the owner is what the question wants named. A
      // plural owner only says what kind the next noun is: "children's toy", "women's team".
      if (tag === 'NOUN' && possessives.has(lower[j + 1]!) && !isPlural(word)) {
        focus = word;
        break;
      }
      if (tag === 'NOUN') focus = word;
      else if (tag === 'ADJ' || tag === 'PROPN' || tag === 'NUM' || tag === 'PART') continue;
      else {
        // "Which Republican suffered…?", "…suspending which MP?": a capitalised noun the tagger reads as a name.
        if (focus === null && lower[i] === 'which' && j > from + 1 && pos[j - 1] === 'PROPN') focus = lower[j - 1]!;
        break;
      }
    }
    if (focus && !(rank >= focusStarts.indexOf('this') && dating.has(focus))) return focus;
  }
  return null;
}

function isPlural(noun: string): boolean {
  return nlp(noun).has('#Plural');
}

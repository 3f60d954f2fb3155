import winkNLP, { type ItemEntity } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import nlp from '../text/compromise';
import {
  alternation,
  dayNames,
  durationUnits,
  monthAbbreviations,
  monthNames,
  numberWords,
  numberedPartNouns,
  possessiveMarks,
  workPartNouns,
} from './lexicon';

/*
 * Candidate answer spans in a sentence. wink-nlp tags parts of speech and finds dates and numbers
 * (about 0.1 ms a sentence, fast enough for every question); compromise's lexicon of places,
 * organisations and first names then says what kind of name a proper-noun span is.
 */

/** `noun`: a common noun, a candidate only where WordNet files it under the question's noun. */
export type SpanKind = 'name' | 'date' | 'number' | 'title' | 'noun' | 'phrase';
export type NameClass = 'place' | 'organization' | 'person' | 'unknown';
/** Finer kinds of place, for "which country", "which state", "which city". */
export type PlaceClass = 'Country' | 'Region' | 'City';

export interface Span {
  /** The span as written in the sentence. */
  text: string;
  kind: SpanKind;
  /** Token positions in the sentence: [first, last]. */
  tokens: [number, number];
  /** Stands right after the question's own noun ("the podcast X"), which names it. */
  appositive?: boolean;
  /** Says what the answer is without naming it: "a mystery role" is answered "Undisclosed". */
  statesAnswer?: boolean;
  /**
   * A name the sentence gives as a show's: "second seasons of Kestrel Bay and Glass Harbor", "the
   * cast of Glass Harbor". A title, however much it reads like a person's name.
   */
  namedAsWork?: boolean;
}

export interface AnalyzedSentence {
  /** Lowercased tokens, for matching question terms by position. */
  words: string[];
  spans: Span[];
  /** Universal part-of-speech tag of each token. */
  pos: string[];
  /** The sentence's text from token `first` to token `last`, as written. */
  textOf: (first: number, last: number) => string;
}

/**
 * Only the annotations read here: entities and parts of speech. wink's other steps (its sentence
 * boundaries, negation and sentiment) change neither the tokens, their tags nor the entities (the
 * tagger and the entity rules read the tokens alone; the same output for 150,000 corpus sentences and
 * headlines, 2026-12-06), and they were a fifth of the time every evidence sentence took to read.
 */
const wink = winkNLP(model, ['ner', 'pos']);
// wink's `its` helpers are plain functions its API takes by reference (`out(its.pos)`), typed as methods.
/* eslint-disable @typescript-eslint/unbound-method */
const its = wink.its;

const numberEntities = new Set(['CARDINAL', 'MONEY', 'PERCENT', 'QUANTITY', 'ORDINAL']);
const dateEntities = new Set(['DATE', 'DURATION', 'TIME']);
/** Words that may join the proper nouns of one name: "Pots Pans & Beyond", "Bank of Harbor City". */
const nameJoiners = new Set(['&', 'of', 'de', 'del', 'da', 'von', 'van']);
/** Days and months are dates, even where a tagger calls them proper nouns. */
const calendarWords = new RegExp(`^(${alternation([...dayNames, ...monthNames, ...monthAbbreviations])})\\.?$`, 'i');

/** Words and their parts of speech (Universal POS tags). */
export function tagWords(text: string): { words: string[]; pos: string[] } {
  const doc = wink.readDoc(text);
  return { words: doc.tokens().out(), pos: doc.tokens().out(its.pos) };
}

/** tagWords with each word's lemma ("born" → "bear"), which tells a base-form verb from a participle. */
export function tagWordsWithLemmas(text: string): { words: string[]; pos: string[]; lemmas: string[] } {
  const tokens = wink.readDoc(text).tokens();
  // wink types `its.lemma` with the model's add-ons as a third parameter, which `out` supplies itself.
  const lemma = its.lemma as unknown as typeof its.pos;
  return { words: tokens.out(), pos: tokens.out(its.pos), lemmas: tokens.out(lemma) };
}

export function analyzeSentence(sentence: string): AnalyzedSentence {
  const doc = wink.readDoc(sentence);
  const entities: { kind: 'number' | 'date'; tokens: [number, number] }[] = [];
  doc.entities().each((entity: ItemEntity) => {
    const type = entity.out(its.type);
    const tokens = entity.out(its.span) as unknown as [number, number];
    if (numberEntities.has(type)) entities.push({ kind: 'number', tokens });
    else if (dateEntities.has(type)) entities.push({ kind: 'date', tokens });
  });
  const inNumbers = new Set<number>();
  for (const { tokens } of entities) for (let k = tokens[0]; k <= tokens[1]; k++) inNumbers.add(k);
  const tokens = doc.tokens();
  const { values, pos, spaces, indexOf } = joinHyphenated(
    tokens.out(),
    tokens.out(its.pos),
    tokens.out(its.precedingSpaces),
    inNumbers,
  );
  const surface = (first: number, last: number): string => {
    let text = values[first] ?? '';
    for (let i = first + 1; i <= last; i++) text += `${spaces[i] ?? ''}${values[i] ?? ''}`;
    return text;
  };
  const spans: Span[] = entities.map(({ kind, tokens: [from, to] }) => {
    const tokens: [number, number] = [indexOf[from]!, indexOf[to]!];
    return { text: surface(...tokens), kind, tokens };
  });

  spans.push(...scoreSpans(values, surface), ...countRangeSpans(values, pos, surface));
  for (const date of monthDaySpans(values, surface)) {
    // The tagger's "Sept." alone and the "13" of "Sept. 13" are parts of the date, not answers of their own.
    const inside = (span: Span) =>
      (span.kind === 'date' || span.kind === 'number') &&
      span.tokens[0] >= date.tokens[0] &&
      span.tokens[1] <= date.tokens[1];
    const covered = spans.some(
      (span) => span.kind === 'date' && span.tokens[0] <= date.tokens[0] && span.tokens[1] >= date.tokens[1],
    );
    if (covered) continue;
    for (let k = spans.length - 1; k >= 0; k--) if (inside(spans[k]!)) spans.splice(k, 1);
    spans.push(date);
  }

  const inName = namePartTest(values, pos);
  for (let i = 0; i < values.length; i++) {
    if (!inName(i)) continue;
    let last = i;
    while (last + 1 < values.length) {
      if (inName(last + 1) || (pos[last + 1] === 'NUM' && inName(last + 2))) last += 1;
      else if (nameJoiners.has(values[last + 1]!.toLowerCase()) && inName(last + 2)) last += 2;
      else break;
    }
    if (numberedName(values, pos, last)) last += 1;
    // A dateline ("WASHINGTON —", "BEIJING (AP)") names where the report was filed, not an answer.
    const dateline = i === 0 && /^[\p{Lu}\s.]+$/u.test(surface(i, last)) && /^[—–−(-]/.test(values[last + 1] ?? '');
    // "Spotted lantern moths…": a lone first word's capital is the sentence's, not a name's.
    const lone = i === last && (calendarWords.test(values[i]!) || capitalisedFirstWord(i, values[i]!));
    if (!dateline && !lone)
      for (const part of splitAtRoles(values, i, last))
        spans.push({ text: surface(part[0], part[1]), kind: 'name', tokens: part });
    i = last;
  }

  markWorks(spans, values);

  // Titles of shows, films and songs are quoted: “The Fabelmans”; headlines use single marks: 'Barbie' wins.
  let open = -1;
  let single = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const attached = i > 0 && spaces[i] === '';
    if (open < 0) {
      if (value === '“' || value === '"') [open, single] = [i, false];
      // An apostrophe attached to a word ("Oscars'") closes nothing and opens nothing.
      else if ((value === '‘' || value === "'") && !attached) [open, single] = [i, true];
    } else if (single ? (value === '’' || value === "'") && attached : value === '”' || value === '"') {
      if (i - open > 1 && i - open <= 9)
        spans.push({ text: surface(open + 1, i - 1), kind: 'title', tokens: [open + 1, i - 1] });
      open = -1;
    }
  }
  for (let i = 0; i < values.length; i++) {
    if (pos[i] === 'NOUN') spans.push({ text: values[i]!, kind: 'noun', tokens: [i, i] });
  }
  // Noun phrases ("spotted lantern moths", "orbital junk") answer "what" questions names cannot.
  for (let i = 0; i < values.length; i++) {
    if (pos[i] !== 'ADJ' && pos[i] !== 'NOUN') continue;
    let last = i;
    while (
      last + 1 < values.length &&
      (pos[last + 1] === 'ADJ' || pos[last + 1] === 'NOUN' || pos[last + 1] === 'PROPN')
    )
      last += 1;
    let end = last;
    while (end >= i && pos[end] !== 'NOUN') end -= 1;
    if (end >= i) spans.push({ text: surface(i, end), kind: 'phrase', tokens: [i, end] });
    i = last;
  }
  return { words: values.map((v) => v.toLowerCase()), spans, pos, textOf: surface };
}

/* eslint-enable @typescript-eslint/unbound-method */

const workParts = new Set(workPartNouns);
const numberedParts = new Set(numberedPartNouns);
const listJoiners = new Set([',', 'and', 'or', '&']);
const possessives = new Set(possessiveMarks);

/**
 * "…seasons of Kestrel Bay and Glass Harbor": a name after a show's part and "of" is the show's title,
 * and so are the names listed with it. Marks those name spans (in place).
 */
function markWorks(spans: Span[], values: string[]): void {
  const names = spans.filter((span) => span.kind === 'name').sort((a, b) => a.tokens[0] - b.tokens[0]);
  let listEnd = -1;
  for (const name of names) {
    const [first, last] = name.tokens;
    // "seasons of X", "Season 2 of X", "episode five of X".
    const lower = (i: number) => values[i]?.toLowerCase() ?? '';
    const afterPart =
      lower(first - 1) === 'of' &&
      (workParts.has(lower(first - 2)) || (countToken.test(lower(first - 2)) && workParts.has(lower(first - 3))));
    // The list goes on past "," and "and" (", and"), each joining the next name to the one before.
    let at = first - 1;
    while (at > listEnd && listJoiners.has(values[at]?.toLowerCase() ?? '')) at -= 1;
    const listed = listEnd >= 0 && at === listEnd && at < first - 1;
    // "a remake of Ada Lind's Harbor Song": the name owns the work; the title is what follows.
    const owner = /['’]s$/u.test(name.text) || possessives.has(values[last + 1] ?? '');
    if ((afterPart || listed) && !owner) {
      name.namedAsWork = true;
      listEnd = last;
    } else {
      // "Kestrel Bay Season 2", "Glass Harbor Part Two": a name that ends in a numbered part is a show's
      // (not a list's start: "Kestrel Bay Season 2 and Ada Lind" names a person after it).
      const partAt = countToken.test(lower(last)) ? last - 1 : last;
      if (partAt > first && numberedParts.has(lower(partAt)) && countToken.test(lower(partAt + 1)) && !owner)
        name.namedAsWork = true;
      if (first > listEnd) listEnd = -1;
    }
  }
}

const scoreToken = /^\d{1,3}[-–]\d{1,3}$/;
const scoreDash = /^[-–]$/;
const shortNumber = /^\d{1,3}$/;

/**
 * "won 63-7", "drew 4–4": a game's score is one number to a reader, but the tagger leaves "63-7" untagged
 * and splits "4 – 4" into two counts.
 */
function scoreSpans(values: string[], surface: (first: number, last: number) => string): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < values.length; i++) {
    if (scoreToken.test(values[i]!)) spans.push({ text: values[i]!, kind: 'number', tokens: [i, i] });
    else if (
      shortNumber.test(values[i]!) &&
      scoreDash.test(values[i + 1] ?? '') &&
      shortNumber.test(values[i + 2] ?? '')
    )
      spans.push({ text: surface(i, i + 2), kind: 'number', tokens: [i, i + 2] });
  }
  return spans;
}

const countToken = new RegExp(`^(\\d[\\d,]*|${alternation(numberWords)})$`, 'i');
/** "rose from 7 to 9": a change, from one number to the other, not a range either answers. */
const changeWords = new Set(['from', 'between']);

/**
 * "seasons of 7 to 9 episodes": a range is one answer to "how many", which the tagger leaves as two
 * counts. Years are dates ("1984 to 1989"), which the tagger reads whole.
 */
function countRangeSpans(values: string[], pos: string[], surface: (first: number, last: number) => string): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i + 2 < values.length; i++) {
    const [from, to] = [values[i]!, values[i + 2]!];
    if (values[i + 1]!.toLowerCase() !== 'to' || !countToken.test(from) || !countToken.test(to)) continue;
    if (year.test(from) || changeWords.has(values[i - 1]?.toLowerCase() ?? '') || pos[i - 1] === 'NUM') continue;
    spans.push({ text: surface(i, i + 2), kind: 'number', tokens: [i, i + 2] });
  }
  return spans;
}

const unitWord = new RegExp(`^(${alternation(durationUnits)})$`, 'i');

/**
 * "a three-year deal", "a 10-week run": a length of time written as one word, which "how long" asks
 * for and the tagger splits into a count and a unit. (For "how many days" the count alone answers.)
 */
export function lengthSpans({ words, textOf }: AnalyzedSentence): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i + 2 < words.length; i++) {
    if (!countToken.test(words[i]!) || words[i + 1] !== '-' || !unitWord.test(words[i + 2]!)) continue;
    const text = textOf(i, i + 2);
    if (!/\s/.test(text)) spans.push({ text, kind: 'number', tokens: [i, i + 2] });
  }
  return spans;
}

const monthWord = new RegExp(`^(${alternation([...monthNames, ...monthAbbreviations])})\\.?$`, 'i');
const dayOfMonth = /^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?([-–](0?[1-9]|[12]\d|3[01]))?$/;
const year = /^(1[89]|20)\d\d$/;

/**
 * "Sept. 13", "Nov. 3-6", "Sept. 17, 2023", "March 2024": the tagger misses many dates written
 * with a short month ("Sept." is a proper noun to it, "13" a count), which is how news writes them.
 */
function monthDaySpans(values: string[], surface: (first: number, last: number) => string): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i + 1 < values.length; i++) {
    if (!monthWord.test(values[i]!) || !/^\p{Lu}/u.test(values[i]!)) continue;
    let last: number;
    if (dayOfMonth.test(values[i + 1]!)) {
      last = i + 1;
      if (values[last + 1] === ',' && year.test(values[last + 2] ?? '')) last += 2;
      else if (year.test(values[last + 1] ?? '')) last += 1;
    } else if (year.test(values[i + 1]!)) last = i + 1;
    else continue;
    spans.push({ text: surface(i, last), kind: 'date', tokens: [i, last] });
    i = last;
  }
  return spans;
}

/**
 * "Route 9", "the Harbor Cup 12 ad", "Kestrel 1": a short number right after a name is part of it,
 * unless it counts what follows ("Macron 3 times"), is a year ("Trump 2024") or a day ("March 3").
 */
function numberedName(values: string[], pos: string[], last: number): boolean {
  const number = values[last + 1] ?? '';
  if (pos[last + 1] !== 'NUM' || !/^\d{1,3}$/.test(number) || calendarWords.test(values[last]!)) return false;
  const next = values[last + 2] ?? '';
  if (pos[last + 2] === 'NUM' || next === '%') return false;
  return pos[last + 2] !== 'NOUN' || !countsWhatFollows(`${number} ${next}`);
}

/**
 * Whether "3 times" reads as a count (compromise tags the noun plural). Parsing the pair takes compromise
 * about 1.5 ms, the largest single cost of composing an answer in a profile of the bot under load (1.0 of
 * 5.3 s over 600 answers, 2026-12-06); the pairs repeat (a number and the noun after it), so each is parsed
 * once. The answer is the same either way; the table is emptied when full, which bounds its memory.
 */
const counts = new Map<string, boolean>();
const COUNTS_KEPT = 10_000;

function countsWhatFollows(pair: string): boolean {
  let plural = counts.get(pair);
  if (plural === undefined) {
    if (counts.size >= COUNTS_KEPT) counts.clear();
    plural = nlp(pair).has('#Plural');
    counts.set(pair, plural);
  }
  return plural;
}

interface Tokens {
  values: string[];
  pos: string[];
  spaces: string[];
  /** The joined token each of the tagger's tokens is part of. */
  indexOf: number[];
}

/**
 * "Rolls-Royce", "mole-rats", "birth-control": the tagger splits a hyphenated word at its hyphens,
 * so a name or a noun came out as its last part ("Royce", "rats"). A name or a noun joined by hyphens
 * with no space is one token again. Not where a part is a number or a date: "a five-year deal" keeps
 * its "five", "the second-oldest" its "second".
 */
function joinHyphenated(values: string[], pos: string[], spaces: string[], inNumbers: Set<number>): Tokens {
  const joined: Tokens = { values: [], pos: [], spaces: [], indexOf: [] };
  const wordAt = (i: number) => /^\p{L}/u.test(values[i] ?? '') && pos[i] !== 'NUM' && !inNumbers.has(i);
  for (let i = 0; i < values.length; i++) {
    let last = i;
    // The hyphen is looked for first: most words have none after them, and `wordAt` tests a pattern.
    while (
      values[last + 1] === '-' &&
      spaces[last + 1] === '' &&
      spaces[last + 2] === '' &&
      wordAt(last) &&
      wordAt(last + 2)
    )
      last += 2;
    const joinedTag =
      last === i
        ? pos[i]!
        : joinedPos(
            pos.slice(i, last + 1).filter((_, k) => k % 2 === 0),
            values[i]!,
            values[last]!,
          );
    // A modifier ("fast-casual", "San Francisco-based") stays as the tagger read it: no answer is one.
    if (joinedTag === null) last = i;
    const at = joined.values.length;
    for (let k = i; k <= last; k++) joined.indexOf[k] = at;
    joined.values.push(last === i ? values[i]! : values.slice(i, last + 1).join(''));
    joined.spaces.push(spaces[i] ?? '');
    joined.pos.push(joinedTag ?? pos[i]!);
    i = last;
  }
  return joined;
}

/**
 * A hyphenated word is a name when its first and last parts are capitalised ("Rolls-Royce",
 * "Chick-fil-A"), a noun when it ends in one ("mole-rats", "birth-control"); otherwise it describes
 * something ("long-running", "San Francisco-based"): null.
 */
function joinedPos(parts: string[], first: string, last: string): string | null {
  if (parts.includes('PROPN') && /^\p{Lu}/u.test(first) && /^\p{Lu}/u.test(last)) return 'PROPN';
  if (parts[parts.length - 1] === 'NOUN') return 'NOUN';
  return null;
}

/**
 * Which tokens belong to names. The tagger misses names made of common words ("Mara Field", "Harbor
 * Lights"), so inside a sentence a capitalised word counts as well; at its start, and in a headline
 * that capitalises every word, only the tagger's proper nouns do.
 */
function namePartTest(values: string[], pos: string[]): (i: number) => boolean {
  // A headline in title case ("Snails Put County Under Quarantine") leaves no long word in lower case.
  const titleCase = !values.some((v, i) => i > 0 && /^\p{Ll}{4,}$/u.test(v) && !titleCaseLower.has(v));
  const inName = (i: number): boolean => {
    const value = values[i];
    if (value === undefined) return false;
    // "@dana_velt", "#GlassHarbor": a handle or a hashtag, not how a report names anyone.
    if (/^[@#]/u.test(value)) return false;
    // "her ex-fiancée Tobin Reyes": the tagger calls some lower-case words proper nouns.
    if (pos[i] === 'PROPN') return !/^[\p{Ll}-]+$/u.test(value);
    if (titleCase || i === 0 || !/^\p{Lu}/u.test(value) || pos[i] === 'PRON') return false;
    // After a sentence's or quotation's opening mark a capital says nothing.
    if (/^[.!?:;“"'‘([—–-]$/u.test(values[i - 1] ?? '')) return false;
    // "Seven 4 Crew": a number written as a capitalised word starts a name only if one follows.
    return pos[i] !== 'NUM' || inName(i + 1) || (pos[i + 1] === 'NUM' && inName(i + 2));
  };
  return inName;
}

/** "Spotted lantern moths…": a sentence's first word is capitalised whatever it is. */
function capitalisedFirstWord(i: number, value: string): boolean {
  if (i !== 0) return false;
  return tagsOf(value).some((tag) => commonWordTags.has(tag)) && !isNameWord(value);
}
const titleCaseLower = new Set([
  'with',
  'from',
  'into',
  'over',
  'after',
  'about',
  'than',
  'that',
  'this',
  'amid',
  'upon',
  'onto',
]);
const commonWordTags = new Set(['Adjective', 'Gerund', 'Uncountable', 'Verb', 'Adverb', 'Determiner', 'Pronoun']);
function isNameWord(word: string): boolean {
  return tagsOf(word).some(
    (tag) => tag === 'Person' || tag === 'FirstName' || tag === 'Place' || tag === 'Organization',
  );
}

interface CompromiseModel {
  one: {
    lexicon: Record<string, string | string[] | undefined>;
    tagSet: Record<string, { parents?: string[] } | undefined>;
  };
  two: { orgWords: Record<string, unknown>; placeWords: Record<string, unknown> };
}
const { one, two } = nlp.model() as CompromiseModel;
const { lexicon, tagSet } = one;

function tagsOf(word: string): string[] {
  const entry = lexicon[word.toLowerCase()];
  const tags = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
  return tags.flatMap((tag) => [tag, ...(tagSet[tag]?.parents ?? [])]);
}

/** What kind of thing a name is, from the lexicon: the whole name first, then its last word. */
/**
 * "Amazon CEO Andy Jassy" is two names, "Former Bishop Tobin Reyes" one with a role in front: roles
 * and honorifics split a run of proper nouns and are dropped from the front of a name.
 */
const roleWords = new Set([
  'ceo',
  'cfo',
  'coo',
  'chief',
  'chairman',
  'chairwoman',
  'president',
  'former',
  'rep',
  'rep.',
  'sen',
  'sen.',
  'gov',
  'gov.',
  'mr',
  'mr.',
  'ms',
  'ms.',
  'mrs',
  'mrs.',
  'dr',
  'dr.',
  'star',
  'coach',
  'director',
  'founder',
  'leader',
  'minister',
  'secretary',
  'judge',
  'justice',
  'gen',
  'gen.',
  'lt',
  'col',
  'sgt',
  'officer',
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'vp',
  'mayor',
  'senator',
  'governor',
  'representative',
  'speaker',
  'host',
  'anchor',
  'actor',
  'actress',
  'showrunner',
  'creator',
  'co-creator',
  'producer',
  'executive',
  'writer',
  'comedian',
  'superstar',
  'co-host',
  'co-star',
  'costar',
  'newcomer',
  'veteran',
  'contestant',
  'champion',
  'singer',
  'rapper',
  'quarterback',
]);

function splitAtRoles(values: string[], first: number, last: number): [number, number][] {
  const parts: [number, number][] = [];
  let start = first;
  for (let i = first; i <= last + 1; i++) {
    // "Department of Justice", "Secretary of State": a role word after "of" ends the name, it starts no other.
    const named = i > first && nameJoiners.has(values[i - 1]!.toLowerCase());
    if (i <= last && (named || (!roleWords.has(values[i]!.toLowerCase()) && !calendarWords.test(values[i]!)))) continue;
    if (i > start) parts.push([start, i - 1]);
    start = i + 1;
  }
  // "Republican Tobin Reyes", "Norwegian Mara Quill": who the person is, not their name;
  // "Historic Cornwall", "New Oreo": what a headline says of the name.
  return parts.map(([from, to]): [number, number] => {
    if (to - from >= 2 && isAffiliation(values[from]!)) return [from + 1, to];
    // "Historic Cornwall" is Cornwall, whatever the lexicon makes of the whole.
    if (to > from && praise.has(values[from]!.toLowerCase())) return [from + 1, to];
    if (to === from + 1 && isNews(values[from]!) && classifyName(`${values[from]!} ${values[to]!}`) === 'unknown')
      return [from + 1, to];
    return [from, to];
  });
}

const praise = new Set('historic longtime legendary iconic beloved embattled disgraced'.split(' '));
/** "New" in front of one word ("New Oreo") is news, unless the lexicon knows the two ("New Jersey"); in front of more ("New England Patriots") a name. */
function isNews(word: string): boolean {
  return word.toLowerCase() === 'new';
}

const affiliations = new Set(
  'republican democrat democratic gop conservative labour tory liberal irish british english scottish welsh dutch swiss danish swedish polish turkish spanish finnish'.split(
    ' ',
  ),
);
function isAffiliation(word: string): boolean {
  return affiliations.has(word.toLowerCase()) || tagsOf(word).includes('Demonym');
}

function classOf(tags: string[]): NameClass | null {
  if (tags.includes('Place')) return 'place';
  if (tags.includes('Organization')) return 'organization';
  if (tags.includes('Person') || tags.includes('FirstName') || tags.includes('LastName')) return 'person';
  return null;
}

/** What the lexicon knows the whole name as, if it knows it: no guessing from its words. */
export function lexiconClassOf(name: string): NameClass | null {
  return classOf(tagsOf(name));
}

export function classifyName(name: string): NameClass {
  const words = name.split(/\s+/);
  const fromWhole = lexiconClassOf(name);
  if (fromWhole) return fromWhole;
  if (words.length > 1 && tagsOf(words[0]!).includes('FirstName')) return 'person';
  // "Golden Globe Awards", "Virgin Orbit Airlines", "Hudson Bay": what a name ends in says what it is.
  const ending = words[words.length - 1]!.toLowerCase();
  if (words.length > 1 && ending in two.orgWords) return 'organization';
  if (words.length > 1 && ending in two.placeWords) return 'place';
  return classOf(tagsOf(ending)) ?? 'unknown';
}

/** Whether the lexicon knows the word as a first name: "Mara" in "Mara Quill". */
export function isFirstName(word: string): boolean {
  return tagsOf(word).includes('FirstName');
}

/** Whether the lexicon knows the name as this kind of place. */
export function isPlaceOfClass(name: string, placeClass: PlaceClass): boolean {
  return tagsOf(name).includes(placeClass);
}

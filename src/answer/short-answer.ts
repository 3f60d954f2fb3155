import type { AnswerShape, ExpectedAnswer } from './answer-type';
import {
  analyzeSentence,
  classifyName,
  isFirstName,
  isPlaceOfClass,
  lengthSpans,
  lexiconClassOf,
  type AnalyzedSentence,
  type NameClass,
  type PlaceClass,
  type Span,
} from './spans';
import { termOf } from '../text/terms';
import { colorWord } from './evidence';
import { isKindOf } from '../text/synonyms';
import {
  alternation,
  attributionVerbs,
  dayNames,
  durationUnits,
  legalFormAbbreviations,
  monthAbbreviations,
  monthNames,
  numberWords,
  ordinalWords,
  possessiveMarks,
  yearSeasons,
} from './lexicon';
import { askedFeatures, type FeatureName, type FeatureVector } from './features';
import { relationFeatures, statementsOf, type AskedRelation, type RelationFeatures, type Slot } from './relations';
import { committedAnswerModel, confidencesOf, type AnswerModel } from './answer-model';
import { shortAnswerDefaults } from './short-answer-defaults';
import { countsNounAfter, uncountedLevel } from './counts';
import { formKey } from './forms';

const { kindFit: fits, contextFit: contextFits } = shortAnswerDefaults;
import { pastForFuture, type AskedWhen } from './future-date';
import { namesOtherQualifier, statesQualifier, type Qualifier } from './qualifiers';

/** A sentence that may hold the answer, with how well it matches the question. */
export interface EvidenceSentence {
  text: string;
  articleId: string;
  /** Who published it (a name, or the host of its address): a report naming its own outlet is no answer. */
  outlet?: string;
  /** Share of the question's weight the sentence covers, with the retrieval rank's discount. */
  score: number;
  /** An article's headline, not a sentence of its text. */
  headline?: true;
  /** Its article's rank among the retrieved articles (0: the best); unknown when absent. */
  articleRank?: number;
  /** Its article's published day (`YYYY-MM-DD`): the year of a date it names without one. */
  published?: string | null;
}

export interface ShortAnswer {
  text: string;
  /** Indexes into the evidence list of the sentences that state it, best first. */
  sentences: number[];
  score: number;
  /** How likely the answer model holds it right (0..1); calibrated on held-out questions. */
  confidence: number;
}

/** A span that may answer the question, with the measurements the answer model weighs. */
export interface AnswerCandidate {
  text: string;
  /** Indexes into the evidence list of the sentences that state it, best first. */
  sentences: number[];
  /** The hand-set vote total. */
  score: number;
  features: FeatureVector;
}

/** One candidate answer, however it is written: its stemmed terms are its identity. */
interface Tally {
  /** The ways it is written, with how often: the most common is the one shown. */
  forms: Map<string, number>;
  /**
   * Mentions written with a possessive "'s", and how it was written: kept when every mention has it
   * ("McDonald's") and one of them stands alone, not before what it owns ("Dunmore's will close",
   * not only "Zentro's new drama").
   */
  possessive: { count: number; mark: string | null; alone: boolean };
  terms: Set<string>;
  score: number;
  /** Article id → its best mention's score: one vote per article. */
  articles: Map<string, number>;
  /** Evidence index → the mention's score there, for citing the sentences that state it. */
  sentences: Map<number, number>;
  /** How well its best-fitting mention fits the kind of answer asked for. */
  fit: number;
  /** Share of the question's weight near its best mention. */
  near: number;
  /** The same, each word by how close it stands. */
  close: number;
  /** Whether a mention's own sentence attributes it as a source ("…, said X"). */
  attributed: boolean;
  /**
   * Evidence index → what its mention there fills. Kept sentence by sentence, not only as the most over
   * all mentions (`fillOver`), so that a name shared out between the full names that hold it ("Omar" to
   * "Omar Vane" where that sentence names him, to "Omar Pell" where another does) takes along only what
   * its own mentions there fill.
   */
  filledIn: Map<number, SentenceFill>;
}

/**
 * What candidate short answers are weighed against: the parts of the question profile (profile.ts) that
 * the span reading needs. A QuestionProfile is one; tests build only the parts they exercise.
 */
export interface AskedQuestion {
  /** The kind of short answer and the noun it is asked by (answer-type.ts). */
  shape: AnswerShape;
  /** The question's terms and how telling each is (inverse document frequency). */
  questionWeights: Map<string, number>;
  /** The TV-news relation the question asks about (relations.ts); none when absent. */
  relation?: AskedRelation | null;
  /** Whether the question asks about something to come, and the day it is asked (future-date.ts). */
  when?: AskedWhen | null;
  /** The seasons, parts, editions and years the question names (qualifiers.ts). */
  qualifiers?: readonly Qualifier[];
}

/**
 * The answer in a few words: of the candidate spans, the one the trained answer model (see
 * answer-model.ts) holds most likely right, with that likelihood as its confidence. The caller
 * decides what a low confidence means.
 */
export function findShortAnswer(
  asked: AskedQuestion,
  evidence: EvidenceSentence[],
  model: AnswerModel = committedAnswerModel(),
  /** Share of the question's weight the best passage holds (extractive.ts). */
  coverage = 1,
): ShortAnswer | null {
  const candidates = shortAnswerCandidates(asked, evidence, coverage);
  let best: ShortAnswer | null = null;
  let bestFit = 0;
  const confidences = confidencesOf(
    model,
    candidates.map((candidate) => candidate.features),
  );
  for (const [i, candidate] of candidates.entries()) {
    const confidence = confidences[i]!;
    if (best === null || confidence > best.confidence) {
      best = { text: candidate.text, sentences: candidate.sentences, score: candidate.score, confidence };
      bestFit = candidate.features.kindFit;
    }
  }
  // A pick of the wrong kind ("Netflix" for "where", a person for "which ingredient") is worse than no short answer.
  return bestFit < minKindFit ? null : best;
}

/** Below this kind fit the model's pick is shown as no short answer at all (see shortAnswerDefaults). */
export const minKindFit = shortAnswerDefaults.minKindFit;

/**
 * Every span that may answer the question, most voted first: spans of the expected kind in the
 * best evidence sentences, with how well their sentence matches the question, how close they stand
 * to the question's words, and how many articles repeat them (the redundancy AskMSR showed works);
 * never words the question already holds.
 */
export function shortAnswerCandidates(
  asked: AskedQuestion,
  evidence: EvidenceSentence[],
  /** Share of the question's weight the best passage holds (extractive.ts). */
  coverage = 1,
): AnswerCandidate[] {
  const { shape, questionWeights, relation = null, when = null, qualifiers = [] } = asked;
  const { expected } = shape;
  if (expected === 'explanation' || expected === 'yesno') return [];
  const focusTerm = shape.focus === null ? null : termOf(shape.focus);
  const questionTerms = new Set(questionWeights.keys());
  // "season 2" in the question and "season two" in the report: the count the question names is no answer.
  const questionCounts = new Set([...questionTerms].map(asCountTerm));
  // Every question word counts a little beyond its rarity: in a small index the show's own name is in
  // every article, yet an answer standing next to it is still the better one.
  const nearWeights = new Map(
    [...questionWeights].map(([term, weight]) => [term, weight + shortAnswerDefaults.nameFloor]),
  );
  const totalWeight = [...nearWeights.values()].reduce((sum, w) => sum + w, 0) || 1;
  const questionTotal = [...questionWeights.values()].reduce((sum, w) => sum + w, 0) || 1;
  const tallies = new Map<string, Tally>();
  // A question's evidence repeats its outlets and its names: each read once per question.
  const outlets = new Map<string, Set<string>>();
  const termsOfSpans = new Map<string, string[]>();
  const termsOf = (text: string): string[] => {
    let terms = termsOfSpans.get(text);
    if (terms === undefined) termsOfSpans.set(text, (terms = spanTerms(text)));
    return terms;
  };
  evidence.forEach((sentence, index) => {
    const analyzed = analyzeSentence(sentence.text);
    // "high-profile" stands for the question's "high" and "profile": a hyphenated word's parts are its terms.
    const wordTerms = analyzed.words.map((word) =>
      word.includes('-') ? word.split('-').map((part) => termOf(part)) : [termOf(word)],
    );
    let ownOutlet: Set<string> | null = null;
    if (sentence.outlet !== undefined) {
      ownOutlet = outlets.get(sentence.outlet) ?? outletNames(sentence.outlet);
      outlets.set(sentence.outlet, ownOutlet);
    }
    for (const found of candidateSpans(shape, focusTerm, analyzed)) {
      const span = withoutQuestionEnd(
        withGrain(
          expected,
          focusTerm,
          withUnit(expected, focusTerm, asCount(expected, focusTerm, found, analyzed.words), analyzed),
          analyzed,
        ),
        analyzed,
        questionTerms,
      );
      // "CNN —", "USA TODAY Sports", "Subscribe to The Week UK": a report's own masthead, not what it reports.
      if (ownOutlet !== null && namesOutlet(span.text, ownOutlet)) continue;
      const terms = termsOf(span.text);
      if (terms.length === 0 || terms.every((t) => questionCounts.has(asCountTerm(t)))) continue;
      if (span.kind === 'name' && numbersQuestionSubject(terms, questionTerms)) continue;
      const context = contextFit(shape, focusTerm, span, analyzed);
      const fit = typeFit(shape, focusTerm, span, analyzed.words) * context;
      if (fit === 0) continue;
      const start = relation === null ? -1 : spanStart(sentence.text, span, analyzed);
      const filled = start < 0 ? null : relationFeatures(relation, sentence.text, start, start + span.text.length);
      const near = nearbyWeight(span, wordTerms, nearWeights, totalWeight);
      const close = closeness(span, wordTerms, questionWeights, questionTotal);
      const score = sentence.score * fit * near;
      const key = terms.join(' ');
      const tally: Tally = tallies.get(key) ?? {
        forms: new Map(),
        possessive: { count: 0, mark: null, alone: false },
        terms: new Set(terms),
        score: 0,
        articles: new Map(),
        sentences: new Map(),
        fit: 0,
        near: 0,
        close: 0,
        attributed: false,
        filledIn: new Map(),
      };
      if (relation !== null && filled !== null) {
        const pairing = filled.fillsWanted === 1 ? pairedShare(relation, sentence.text, start, questionWeights) : null;
        const fill = { relation: filled, paired: pairing?.share ?? 0, unpaired: pairing?.unpaired ?? false };
        addFill(tally.filledIn, index, fill);
      }
      tally.fit = Math.max(tally.fit, fit);
      tally.near = Math.max(tally.near, near);
      tally.close = Math.max(tally.close, close);
      tally.attributed ||= context < 1;
      const form = cleanForm(span.text);
      tally.forms.set(form, (tally.forms.get(form) ?? 0) + 1);
      // The tagger splits "Dunmore's" into the name and its "'s".
      const next = analyzed.words[span.tokens[1] + 1];
      const mark = /(['’]s)$/u.exec(span.text)?.[1] ?? (next === "'s" || next === '’s' ? next : undefined);
      if (mark !== undefined) {
        const after = span.tokens[1] + (mark === next ? 2 : 1);
        tally.possessive = {
          count: tally.possessive.count + 1,
          mark,
          alone: tally.possessive.alone || !ownsWhatFollows(analyzed, after),
        };
      }
      // One article repeating a name is one voice: its best mention counts, its others not at all.
      const previous = tally.articles.get(sentence.articleId) ?? 0;
      tally.articles.set(sentence.articleId, Math.max(previous, score));
      tally.sentences.set(index, Math.max(tally.sentences.get(index) ?? 0, score));
      tallies.set(key, tally);
    }
  });
  mergeForms(tallies);
  mergeContainedNames(tallies, expected, (index) => evidence[index]!.articleId);
  for (const tally of tallies.values()) {
    const votes = [...tally.articles.values()].sort((a, b) => b - a);
    tally.score = votes.reduce((sum, vote, i) => sum + vote / (1 + i * shortAnswerDefaults.voteDecay), 0);
  }
  // When WordNet vouches for some candidates ("badger" is an animal), names it knows nothing of
  // ("Fowey") are unlikely answers to "which animal", however often they are repeated.
  if (shape.focus !== null && expected === 'name') {
    const vouched = [...tallies.values()].filter((t) =>
      [...t.forms.keys()].some((form) => isKindOfFocus(form, shape.focus!)),
    );
    if (vouched.length > 0)
      for (const tally of tallies.values())
        if (!vouched.includes(tally)) tally.score *= shortAnswerDefaults.unvouchedShare;
  }
  // "How many years…?": when some number counts years ("600 years"), one that counts something else
  // ("died at 95") is an unlikely answer, however well its sentence matches. Likewise "which country?"
  // when the lexicon knows some candidate as a country: a name it does not know ("Leopard 2") is unlikely.
  const classAsked =
    expected === 'number' ||
    (expected === 'place' && placeClasses[focusTerm ?? ''] !== undefined) ||
    (expected === 'date' && dateGrains[focusTerm ?? ''] !== undefined);
  if (classAsked && focusTerm !== null) {
    const counted = [...tallies.values()].filter((t) => t.fit >= 1);
    if (counted.length > 0)
      for (const tally of tallies.values()) if (tally.fit < 1) tally.score *= shortAnswerDefaults.uncountedShare;
  }
  const ranked = [...tallies.values()].sort((a, b) => b.score - a.score);
  const totalVotes = ranked.reduce((sum, t) => sum + t.score, 0) || 1;
  const askedFlags = askedFeatures(expected);
  const qualified = qualifierReader(qualifiers, evidence);
  const candidates = ranked.map((tally, rank) => {
    const text = withPossessive(tally);
    const sentences = [...tally.sentences].sort((a, b) => b[1] - a[1]).map(([index]) => index);
    const stating = [...tally.sentences.keys()].map((index) => evidence[index]!);
    const headlines = stating.filter((s) => s.headline === true).length;
    const outlets = new Set(stating.map((s) => s.outlet ?? s.articleId));
    const known = /^\p{Lu}/u.test(text) ? lexiconClassOf(text) : null;
    const filled = fillOver(tally.filledIn);
    const gone =
      when === null ? 0 : pastForFuture(when.future, text, evidence[sentences[0]!]?.published ?? null, when.asOf);
    const features: FeatureVector = {
      logVotes: Math.log(tally.score + shortAnswerDefaults.logVotesFloor),
      voteShare: tally.score / totalVotes,
      mostVoted: rank === 0 ? 1 : 0,
      kindFit: tally.fit,
      articles: Math.log1p(tally.articles.size),
      outlets: Math.log1p(outlets.size),
      mentions: Math.log1p(mentionsOf(tally)),
      bestSentence: Math.max(...stating.map((s) => s.score)),
      sentenceRank: 1 / (1 + Math.min(...tally.sentences.keys())),
      inHeadline: headlines > 0 ? 1 : 0,
      onlyHeadline: headlines === stating.length ? 1 : 0,
      nearness: tally.near,
      words: text.split(/\s+/).length,
      capitalised: /^\p{Lu}/u.test(text) ? 1 : 0,
      digits: /\d/.test(text) ? 1 : 0,
      attributed: tally.attributed ? 1 : 0,
      ...filled.relation,
      // "Premieres on March 3" asked after March 3 states an earlier premiere, not the one asked about.
      ...(gone === 1 ? { fillsWanted: 0 as const, fillsOther: 1 as const } : {}),
      dayOfMonth: dayOfMonth.test(text) ? 1 : 0,
      weekdayOnly: weekdayOnly.test(text) ? 1 : 0,
      yearOnly: bareYear.test(text) ? 1 : 0,
      personName: isPersonName(text) ? 1 : 0,
      knownPlace: known === 'place' ? 1 : 0,
      knownOrganization: known === 'organization' ? 1 : 0,
      money: /[$€£%]|\bpercent\b/i.test(text) ? 1 : 0,
      ...askedFlags,
      votesBehind: 0,
      fitBehind: 0,
      sentenceBehind: 0,
      nearnessBehind: 0,
      articlesBehind: 0,
      voteRank: 1 / (1 + rank),
      passageCoverage: coverage,
      closeness: tally.close,
      pairedSlot: filled.paired,
      bestArticle: 1 / (1 + Math.min(...stating.map((s) => s.articleRank ?? shortAnswerDefaults.unknownArticleRank))),
      unpairedSlot: filled.unpaired && filled.paired === 0 ? 1 : 0,
      pastForFuture: gone,
      ...qualified([...tally.sentences.keys()]),
    };
    return { text, sentences, score: tally.score, features };
  });
  const most = (name: FeatureName) => Math.max(...candidates.map((c) => c.features[name]));
  const behind: [FeatureName, FeatureName][] = [
    ['votesBehind', 'logVotes'],
    ['fitBehind', 'kindFit'],
    ['sentenceBehind', 'bestSentence'],
    ['nearnessBehind', 'nearness'],
    ['articlesBehind', 'articles'],
  ];
  for (const [relative, raw] of behind) {
    const top = most(raw);
    for (const candidate of candidates) candidate.features[relative] = candidate.features[raw] - top;
  }
  return candidates;
}

/**
 * How a candidate stands to the question's qualifiers ("season 12"): the share that neither its stating
 * sentences nor the other sentences read of their articles name, and whether a stating sentence binds a
 * qualifier's noun to another number ("won Season 9") where none names the asked one. An article's
 * other sentences count: a report that names "season 7" early often states the host later without it.
 */
function qualifierReader(
  qualifiers: readonly Qualifier[],
  evidence: EvidenceSentence[],
): (sentences: number[]) => Pick<FeatureVector, 'qualifierMissing' | 'qualifierOther'> {
  if (qualifiers.length === 0) return () => ({ qualifierMissing: 0, qualifierOther: 0 });
  const states = evidence.map((sentence) =>
    qualifiers.map((q) => statesQualifier(sentence.text, q, sentence.published ?? null)),
  );
  const other = evidence.map((sentence) => qualifiers.map((q) => namesOtherQualifier(sentence.text, q)));
  const byArticle = new Map<string, number[]>();
  evidence.forEach((sentence, index) =>
    byArticle.set(sentence.articleId, [...(byArticle.get(sentence.articleId) ?? []), index]),
  );
  return (sentences) => {
    const read = [...new Set(sentences.map((index) => evidence[index]!.articleId))].flatMap(
      (id) => byArticle.get(id) ?? [],
    );
    let missing = 0;
    let otherNamed = 0;
    qualifiers.forEach((_, q) => {
      if (sentences.some((index) => states[index]![q])) return;
      if (!read.some((index) => states[index]![q])) missing++;
      if (sentences.some((index) => other[index]![q])) otherNamed = 1;
    });
    return { qualifierMissing: missing / qualifiers.length, qualifierOther: otherNamed };
  };
}

/** What one mention of a candidate fills in its sentence. */
interface SentenceFill {
  /** The relation's slots it fills. */
  relation: RelationFeatures;
  /** Share of the question's weight in the other slots of a statement where it fills the wanted one. */
  paired: number;
  /**
   * It fills the wanted slot of a statement whose counterpart slot (the character, the show) holds none
   * of the question's words: "Corvin (Tobin Reyes)" for a question about who plays another character.
   */
  unpaired: boolean;
}

/** The most either fill gives. */
function maxFill(a: SentenceFill, b: SentenceFill): SentenceFill {
  return {
    relation: maxRelation(a.relation, b.relation),
    paired: Math.max(a.paired, b.paired),
    unpaired: a.unpaired || b.unpaired,
  };
}

/** The most a tally's mentions fill, over the sentences `fills` holds. */
function fillOver(fills: Map<number, SentenceFill>): SentenceFill {
  return [...fills.values()].reduce(maxFill, { relation: noRelation, paired: 0, unpaired: false });
}

/** A mention's fill added to what `fills` holds for its sentence. */
function addFill(fills: Map<number, SentenceFill>, index: number, fill: SentenceFill): void {
  const own = fills.get(index);
  fills.set(index, own === undefined ? fill : maxFill(own, fill));
}

const noRelation: RelationFeatures = { fillsWanted: 0, fillsOther: 0, statesRelation: 0 };

function maxRelation(a: RelationFeatures, b: RelationFeatures): RelationFeatures {
  return {
    fillsWanted: a.fillsWanted || b.fillsWanted,
    fillsOther: a.fillsOther || b.fillsOther,
    statesRelation: a.statesRelation || b.statesRelation,
  };
}

/** "Mara Quill": a first name the lexicon knows, and a further word; or a name the lexicon files as a person's. */
function isPersonName(text: string): boolean {
  const words = text.split(/\s+/);
  return (words.length >= 2 && isFirstName(words[0]!)) || lexiconClassOf(text) === 'person';
}

/**
 * "Super Bowl 57" for a question about "the Super Bowl": the question's own subject with the number
 * reports give it, no answer. (When the question numbers it too, "Harbor Cup 12" may well be one.)
 */
function numbersQuestionSubject(terms: string[], questionTerms: Set<string>): boolean {
  const words = terms.filter((t) => !/^\d/.test(t));
  if (words.length === 0 || words.length === terms.length) return false;
  return words.every((t) => questionTerms.has(t)) && ![...questionTerms].some((t) => /^\d/.test(t));
}

/**
 * How an outlet is written in its own text: its name squashed to letters and digits ("dailyreel"),
 * and for a host name the label before its domain suffix ("usatoday" for usatoday.com, "theweek"
 * for theweek.co.uk).
 */
function outletNames(outlet: string): Set<string> {
  const names = new Set([squash(outlet)]);
  if (/^[\w-]+(\.[\w-]+)+$/.test(outlet)) {
    const labels = outlet.toLowerCase().split('.');
    while (labels.length > 1 && domainSuffixes.has(labels[labels.length - 1]!)) labels.pop();
    names.add(squash(labels[labels.length - 1]!));
  }
  names.delete('');
  return names;
}
const domainSuffixes = new Set(['com', 'co', 'uk', 'org', 'net', 'news', 'au', 'ca', 'ie', 'nz', 'us', 'io']);

/** Whether a name starts with the outlet's: "USA TODAY Sports" and "The Week UK" name usatoday.com and theweek.co.uk. */
function namesOutlet(name: string, outlet: Set<string>): boolean {
  const words = name.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  let joined = '';
  for (const word of words) {
    joined += word;
    if (outlet.has(joined)) return true;
  }
  return false;
}

function squash(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join('');
}

/**
 * Whether a word names a kind of what the question's noun asks for. "Which species" asks for a
 * living thing: WordNet files "species" under taxonomic groups, so snails and hornets are no kind of it.
 */
function isKindOfFocus(text: string, focus: string): boolean {
  return isKindOf(text, focusCategories[focus.toLowerCase()] ?? focus);
}
const focusCategories: Record<string, string> = { species: 'organism', creature: 'organism', creatures: 'organism' };

function candidateSpans(shape: AnswerShape, focusTerm: string | null, sentence: AnalyzedSentence): Span[] {
  const { spans, words, textOf } = sentence;
  if (shape.expected === 'color') {
    return words.flatMap((word, i): Span[] =>
      colorWord(word) ? [{ text: textOf(i, i), kind: 'name', tokens: [i, i] }] : [],
    );
  }
  const nouns = spans.filter((span) => span.kind === 'noun');
  const phrases = spans.filter((span) => span.kind === 'phrase');
  const others = spans.filter((span) => span.kind !== 'noun' && span.kind !== 'phrase');
  if (shape.expected === 'place' || shape.expected === 'organization' || shape.expected === 'person') {
    others.push(...others.flatMap((span) => namedPrefixes(span, shape.expected as NameClass, textOf)));
  }
  if (shape.slot) others.push(...slotFillers(shape.slot, sentence));
  if (shape.expected === 'number') others.push(...durationNumbers(shape, sentence));
  if (shape.focus === null || focusTerm === null) return shape.expected === 'name' ? [...others, ...phrases] : others;
  // A common noun answers "which animal", never "which leader": a person's answer is a name. Nor
  // "which song": a song's answer is its title, not "anthem". The noun phrase of a kind is a (weak)
  // candidate too: it pools its noun's votes and is shown whole ("spotted marsh frog", "snowy owl").
  const kinds =
    shape.expected === 'name' && !workTerms.has(focusTerm)
      ? [...nouns, ...phrases].filter((span) => isKindOfFocus(span.text, shape.focus!))
      : [];
  const focusTerms = new Set([focusTerm, ...(focusAliases[focusTerm] ?? [])]);
  const compounds = words.flatMap((word, i): Span[] => {
    if (!focusTerms.has(termOf(word) ?? '')) return [];
    const found: Span[] = [];
    // "Which seed…?" is answered by "poppy seeds": the word in front of the question's noun.
    if (
      shape.expected === 'name' &&
      i > 0 &&
      /^[\p{L}-]+$/u.test(words[i - 1]!) &&
      termOf(words[i - 1]!) !== null &&
      sentence.pos[i - 1] !== 'PROPN'
    ) {
      // "a mystery role", "an undisclosed character": the articles say the role is not known, and so does the answer.
      const secret = roleTerms.has(termOf(word) ?? '') && secretWords.has(words[i - 1]!);
      found.push(
        secret
          ? { text: 'Undisclosed', kind: 'name', tokens: [i - 1, i], statesAnswer: true }
          : { text: textOf(i - 1, i), kind: 'name', tokens: [i - 1, i] },
      );
    }
    // "the podcast Film and Telly Stuff", "the town of Fowey": a name right after the question's noun is its name.
    const of = words[i + 1] === 'of' && sentence.pos[i + 2] === 'PROPN' ? 1 : 0;
    let last = i + of;
    while (
      last + 1 < words.length &&
      (sentence.pos[last + 1] === 'PROPN' ||
        (appositionJoiners.has(words[last + 1]!) && sentence.pos[last + 2] === 'PROPN'))
    )
      last += 1;
    if (last > i + of)
      found.push({ text: textOf(i + 1 + of, last), kind: 'name', tokens: [i + 1 + of, last], appositive: true });
    return found;
  });
  return [...others, ...kinds, ...compounds];
}

/**
 * "For the first time in 300 years", "90 seconds to midnight": the tagger reads a length of time as
 * a date, so "how many years" found no number in it. Its number is a count (shown with its unit
 * when the question names the unit, see withUnit); for "how long" the length is the answer, unit
 * and all ("one hour", "months").
 */
function durationNumbers(shape: AnswerShape, sentence: AnalyzedSentence): Span[] {
  const { spans, words, pos, textOf } = sentence;
  const lengths = shape.duration ? lengthSpans(sentence) : [];
  return lengths.concat(
    spans.flatMap((span): Span[] => {
      if (span.kind !== 'date') return [];
      const [first, last] = span.tokens;
      // "Since 1985", "until November": how long, told by when it began or ends.
      if (shape.duration && sinceOrUntil.test(span.text)) return [{ ...span, kind: 'number' }];
      const unit = words.slice(first, last + 1).some((word) => durationTerms.has(termOf(word) ?? ''));
      if (!unit) return [];
      if (shape.duration) return [{ ...span, kind: 'number' }];
      let end = first;
      while (end <= last && isNumberWord(words[end]!, pos[end]!)) end += 1;
      if (end === first) return [];
      return [{ text: textOf(first, end - 1), kind: 'number', tokens: [first, end - 1] }];
    }),
  );
}

const sinceOrUntil = /^(since|until|till)\s+\S/i;

function isNumberWord(word: string, tag: string): boolean {
  return tag === 'NUM' || /^\d[\d,.]*$/.test(word) || countWords.includes(word);
}

/**
 * "Dartmoor National Park" for "which national park", "SAVE plan" for "which repayment plan": the
 * words the question already says are not part of the answer.
 */
function withoutQuestionEnd(found: Span, sentence: AnalyzedSentence, questionTerms: Set<string>): Span {
  if (found.kind === 'phrase') return withoutQuestionStart(found, sentence, questionTerms);
  const span = withoutNamedOwner(found, sentence, questionTerms);
  // Only a proper name: "poppy seeds" answers "which seed" with the question's own noun.
  if (span.kind !== 'name' || !/^\p{Lu}/u.test(span.text)) return span;
  let last = span.tokens[1];
  while (last > span.tokens[0] && questionTerms.has(termOf(sentence.words[last]!) ?? '')) last -= 1;
  if (last === span.tokens[1]) return span;
  // "Beverley Holt" for a question about an actor named Holt: a person's full name, not a first name
  // cut from it.
  if (last === span.tokens[0] && isFirstName(sentence.textOf(last, last))) return span;
  const tokens: [number, number] = [span.tokens[0], last];
  return { ...span, text: sentence.textOf(...tokens), tokens };
}

/** Marks after an owner's name: "Zentro's Big Night", "Dana Reyes: Still Standing". */
const ownerMarks = new Set(["'s", '’s', ':']);

/**
 * "Zentro's Big Night Out" for "Zentro's special was which show?": the owner the question names,
 * with its possessive or colon, is not part of the title asked for.
 */
function withoutNamedOwner(span: Span, sentence: AnalyzedSentence, questionTerms: Set<string>): Span {
  if (span.kind !== 'name' && span.kind !== 'title') return span;
  const { words } = sentence;
  let at = span.tokens[0];
  while (at < span.tokens[1] && questionTerms.has(termOf(words[at]!.replace(/['’]s$/u, '')) ?? '')) {
    if (/['’]s$/u.test(words[at]!)) return ownedPart(span, sentence, at + 1);
    at += 1;
  }
  return at > span.tokens[0] && at < span.tokens[1] && ownerMarks.has(words[at]!)
    ? ownedPart(span, sentence, at + 1)
    : span;
}

function ownedPart(span: Span, sentence: AnalyzedSentence, first: number): Span {
  if (first > span.tokens[1]) return span;
  const tokens: [number, number] = [first, span.tokens[1]];
  return { ...span, text: sentence.textOf(...tokens), tokens };
}

/** "Invasive spotted lantern moths" for "which invasive species": the question's own describing words go. */
function withoutQuestionStart(span: Span, sentence: AnalyzedSentence, questionTerms: Set<string>): Span {
  let first = span.tokens[0];
  while (first < span.tokens[1] && questionTerms.has(termOf(sentence.words[first]!) ?? '')) first += 1;
  if (first === span.tokens[0]) return span;
  const tokens: [number, number] = [first, span.tokens[1]];
  return { ...span, text: sentence.textOf(...tokens), tokens };
}

/**
 * "balancing what on her nose?" is answered where a report writes "balancing a teacup": the
 * phrase right after the question's word (and its preposition), past a determiner.
 */
function slotFillers(slot: NonNullable<AnswerShape['slot']>, sentence: AnalyzedSentence): Span[] {
  const { words, spans } = sentence;
  const found: Span[] = [];
  words.forEach((word, i) => {
    if (termOf(word) !== slot.after) return;
    let start = i + 1;
    if (slot.preposition !== null) {
      if (words[start] !== slot.preposition) return;
      start += 1;
    }
    while (determiners.has(words[start] ?? '')) start += 1;
    const filler = spans
      .filter((s) => s.tokens[0] === start && s.kind !== 'noun')
      .sort((a, b) => b.tokens[1] - a.tokens[1])[0];
    if (filler) found.push({ ...filler, kind: 'name', statesAnswer: true });
  });
  return found;
}
const determiners = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'some']);

/** "Florida Lottery" holds the place "Florida", "Amazon Prime" the company "Amazon": the named start of a longer name. */
function namedPrefixes(span: Span, wanted: NameClass, textOf: AnalyzedSentence['textOf']): Span[] {
  if (span.kind !== 'name' || span.tokens[1] === span.tokens[0]) return [];
  // The longest start the lexicon knows by name ("Vermont", not "Vermont House"), else the longest
  // that reads as one.
  let fallback: Span | null = null;
  for (let end = span.tokens[1] - 1; end >= span.tokens[0]; end--) {
    // "Tina Charles of" is no name: a start ends before the word joining it to the rest.
    if (prefixJoiners.has(textOf(end, end).toLowerCase())) continue;
    const text = textOf(span.tokens[0], end);
    const prefix: Span = { ...span, text, tokens: [span.tokens[0], end] };
    // A person's name is its longest start that reads as one: "Mira Holt", not the first name "Mira".
    if (lexiconClassOf(text) === wanted && wanted !== 'person') return [prefix];
    if (fallback === null && classifyName(text) === wanted) fallback = prefix;
  }
  return fallback ? [fallback] : [];
}

/**
 * "its fifth national championship", "her 65th studio album": an ordinal before the counted noun says how
 * many there have been so far, the count "how many championships" asks for.
 */
function asCount(expected: ExpectedAnswer, focusTerm: string | null, span: Span, words: string[]): Span {
  if (expected !== 'number' || span.kind !== 'number' || focusTerm === null) return span;
  const text = span.text.trim().toLowerCase();
  const count = /^(\d+)(st|nd|rd|th)$/.exec(text)?.[1] ?? ordinalWords.indexOf(text) + 1;
  if (count === 0) return span;
  const next = words
    .slice(span.tokens[1] + 1, span.tokens[1] + 1 + shortAnswerDefaults.ordinalNounWords)
    .map((w) => termOf(w));
  return next.includes(focusTerm) ? { ...span, text: String(count) } : span;
}

/**
 * "300" for "how many years" is "300 years": a duration is written with its unit. A count is not:
 * "how many felony counts" is answered "34".
 */
function withUnit(expected: ExpectedAnswer, focusTerm: string | null, span: Span, sentence: AnalyzedSentence): Span {
  if (expected !== 'number' || span.kind !== 'number' || focusTerm === null || !durationTerms.has(focusTerm))
    return span;
  const next = sentence.words[span.tokens[1] + 1];
  if (next === undefined || termOf(next) !== focusTerm) return span;
  const tokens: [number, number] = [span.tokens[0], span.tokens[1] + 1];
  return { ...span, text: sentence.textOf(...tokens), tokens };
}

/** "May 11" answers "which month" as "May", "March 2007" answers "what year" as "2007": the date's part asked for. */
function withGrain(expected: ExpectedAnswer, focusTerm: string | null, span: Span, sentence: AnalyzedSentence): Span {
  if (expected !== 'date' || span.kind !== 'date' || span.tokens[0] === span.tokens[1]) return span;
  const part = focusTerm === termOf('year') ? /^(1[5-9]|20)\d\d$/ : focusTerm === termOf('month') ? monthName : null;
  if (part === null) return span;
  for (let i = span.tokens[0]; i <= span.tokens[1]; i++) {
    if (!part.test(sentence.words[i]!)) continue;
    return { ...span, text: sentence.textOf(i, i), tokens: [i, i] };
  }
  return span;
}

/** Keyed by the question noun's term, as the focus term is: "countries" and "country" are both "countri". */
const placeClasses: Record<string, PlaceClass> = Object.fromEntries(
  (
    [
      ['country', 'Country'],
      ['nation', 'Country'],
      ['state', 'Region'],
      ['city', 'City'],
      ['capital', 'City'],
      ['town', 'City'],
    ] as const
  ).map(([noun, placeClass]) => [termOf(noun)!, placeClass]),
);

function otherPlaceClasses(placeClass: PlaceClass): PlaceClass[] {
  return (['Country', 'Region', 'City'] as const).filter((c) => c !== placeClass);
}

/** How well a span fits what the question asks for: 0 rules it out. */
function typeFit(shape: AnswerShape, focusTerm: string | null, span: Span, words: string[]): number {
  // "How many planets…?" is answered by a number, never by a planet's name the question's noun vouches for.
  if (shape.expected === 'number' && span.kind !== 'number') return 0;
  if (span.appositive) return fits.appositive;
  if (span.statesAnswer) return fits.statesAnswer;
  if (
    (span.kind === 'noun' || span.kind === 'name') &&
    shape.focus !== null &&
    shape.expected !== 'person' &&
    isKindOfFocus(span.text, shape.focus)
  )
    return 1;
  if (span.kind === 'noun') return 0;
  // Any noun phrase could be an answer: weak unless the question's noun vouches for it.
  if (span.kind === 'phrase') return fits.phrase;
  switch (shape.expected) {
    case 'date': {
      if (span.kind !== 'date') return 0;
      const date = span.text.trim();
      if (dayRelative.test(date) || bareUnit.test(date)) return 0;
      // "What year…?" is answered by a year, "which month" by a month, "which day" by a day.
      const grain = focusTerm === null ? undefined : dateGrains[focusTerm];
      if (grain !== undefined && !grain.test(date)) return fits.dateOfOtherGrain;
      // "Last month" says when only beside the report's own date: a date that names the day wins.
      return relativeDate.test(date) ? fits.relativeDate : 1;
    }
    case 'number': {
      if (span.kind !== 'number') return 0;
      // "After which season…?" asks for a rank: "its 41st", "Season 6"; a year is no season's number.
      if (shape.rank) {
        if (bareYear.test(span.text.trim())) return 0;
        return ordinal.test(span.text.trim()) || termOf(words[span.tokens[0] - 1] ?? '') === focusTerm
          ? 1
          : fits.rankOfOtherShape;
      }
      // "How many…?" asks for a count: "first" and "23rd" are ranks, a bare "2023" is a year.
      if (ordinal.test(span.text.trim()) || (bareYear.test(span.text.trim()) && focusTerm !== 'year')) return 0;
      // "What was the final score?" is answered "4-1"; a lone number is one side's, and a score counts nothing.
      if (scoreShape.test(span.text.trim()) !== (focusTerm === scoreTerm))
        return focusTerm === scoreTerm ? fits.numberForScore : 0;
      // "How long…?" is answered by a length of time; a bare number may count anything.
      if (shape.duration)
        return sinceOrUntil.test(span.text) || spanTerms(span.text).some((term) => durationTerms.has(term))
          ? 1
          : fits.lengthWithoutUnit;
      // "What percentage…?" is answered by a share: "53%", "53 percent", not "1 billion".
      if (focusTerm === termOf('percentage') || focusTerm === termOf('percent'))
        return /%|\bper ?cent\b/i.test(span.text) || /^(%|percent)$/i.test(words[span.tokens[1] + 1] ?? '')
          ? 1
          : fits.numberForShare;
      if (focusTerm === null) return 1;
      // "How many episodes…?" is not answered by a share, a sum of money or "season 2" (counts.ts).
      const uncounted = shape.count ? uncountedLevel(span, words, focusTerm) : null;
      if (uncounted !== null) return fits[uncounted];
      // "a magnitude 7.8 quake": a measure's noun may stand before its number. A counted noun does not:
      // "his first win 12 years ago" is no count of wins.
      if (shape.measure && termOf(words[span.tokens[0] - 1] ?? '') === focusTerm) return 1;
      // The number that counts what was asked: "71 points", "300 years".
      return countsNounAfter(span, words, focusTerm) || termOf(words[span.tokens[1]]!) === focusTerm
        ? 1
        : fits.uncountedNumber;
    }
    case 'color':
      return 1;
    case 'person':
    case 'place':
    case 'organization': {
      if (span.kind === 'title') return fits.titleForName;
      if (span.kind !== 'name') return 0;
      // A name the sentence gives as a show's ("seasons of X and Y") is a title, however much it reads as a person's.
      if (span.namedAsWork === true) return Math.min(fits.showForName, nameFit(shape, focusTerm, span, words));
      return nameFit(shape, focusTerm, span, words);
    }
    default:
      // "Which song…?": songs, films and shows are the quoted titles.
      if (span.kind === 'title' && focusTerm !== null && workTerms.has(focusTerm)) return fits.workTitle;
      // "Which virus", "which cooking ingredient": a person's or a place's name is not a kind of thing.
      if (span.kind === 'name' && shape.focus !== null && asksForThing(shape.focus) && namesPersonOrPlace(span.text))
        return fits.personOrPlaceForThing;
      if (span.kind === 'name' || span.kind === 'title') return shape.focus === null ? 1 : fits.nameForNoun;
      return fits.otherSpan;
  }
}

/** How well a name fits "who", "where" or "which company", from what the lexicon knows of it. */
function nameFit(shape: AnswerShape, focusTerm: string | null, span: Span, words: string[]): number {
  const found = classifyName(span.text);
  const placeClass = focusTerm === null ? undefined : placeClasses[focusTerm];
  if (shape.expected === 'place' && placeClass) {
    if (isPlaceOfClass(span.text, placeClass)) return 1;
    // "Ohio" for "which city", "Kyiv" for "which country": a place the lexicon knows as another kind.
    if (otherPlaceClasses(placeClass).some((other) => isPlaceOfClass(span.text, other))) return fits.placeOfOtherClass;
    return found === 'place' ? fits.placeOfNoClass : found === 'unknown' ? fits.unknownForPlaceClass : fits.otherKind;
  }
  // "Tina Charles of Washington", "Banshees of Inisherin": a person and where they are from, or a title.
  if (shape.expected === 'person' && /\sof\s/u.test(span.text)) return fits.personWithOf;
  // "LIV", "FDA": an initialism names an organisation, hardly ever a person, whatever first name it spells.
  if (shape.expected === 'person' && /^\p{Lu}{2,6}$/u.test(span.text)) return fits.initialismForPerson;
  // "Premier League", "NCAA Tournament", "World Series": what teams play in, not a team.
  if (focusTerm === teamTerm && competitionEnd.test(span.text)) return fits.competitionForTeam;
  if (found === shape.expected) return 1;
  // A name the lexicon does not know is a place when the sentence says it is somewhere: "in X".
  if (found === 'unknown' && shape.expected === 'place')
    return placePrepositions.has(words[span.tokens[0] - 1] ?? '') ? fits.unknownAfterPlaceWord : fits.unknownPlace;
  // Most people's names are in no lexicon: two capitalised words the lexicon does not place are likely one.
  if (found === 'unknown' && shape.expected === 'person')
    return /\s/.test(span.text) ? fits.unknownFullName : fits.unknownOneWordPerson;
  // Likewise for companies: "Corvane Air", "Halden Foods". One capitalised word alone is as often a
  // sentence's or headline's ("Week", "Charged").
  if (found === 'unknown' && shape.expected === 'organization')
    return /\s/.test(span.text) ? fits.unknownOrganization : fits.unknownOneWordOrganization;
  // "Which team won the cup?": a country's name is its national team's.
  if (shape.expected === 'organization' && focusTerm === teamTerm && isPlaceOfClass(span.text, 'Country'))
    return fits.countryForTeam;
  // A city's or a state's name is its club's or its college's: "Harbor City", "Vermont".
  if (shape.expected === 'organization' && focusTerm === teamTerm && found === 'place') return fits.placeForTeam;
  // "Who won?" may be a team; lexicons also know cities named after people.
  return shape.expected === 'person' && found === 'organization' ? fits.organizationForPerson : fits.otherKind;
}

/**
 * What the words around a span say of it, whatever its kind: "…, said The Telegraph" names who reports
 * the news, not the news; "Jürgen Klopp's team" and "a LIV golfer" name the owner or the kind of the
 * thing asked for, not the thing.
 */
function contextFit(
  shape: AnswerShape,
  focusTerm: string | null,
  span: Span,
  { words, textOf }: AnalyzedSentence,
): number {
  // "the No. 1 pick", "World No. 1": a rank, not a name nor a count.
  if (span.kind === 'name' && /^(no\.?|#)\s*\d/i.test(span.text)) return 0;
  if (span.kind === 'number' && shape.expected === 'number' && /^(no\.|#)$/.test(words[span.tokens[0] - 1] ?? ''))
    return 0;
  if (!shape.source && attributes(span, words)) return contextFits.attributed;
  if (
    focusTerm !== null &&
    (shape.expected === 'person' || shape.expected === 'organization') &&
    span.kind === 'name'
  ) {
    if (modifiesFocus(span, words, textOf, focusTerm)) return contextFits.describesFocus;
  }
  return 1;
}

const sayingWords = new Set(attributionVerbs);
const clauseEnds = new Set(['.', ',', ';', '!', '?', ')']);

/** "…, said The Telegraph.", "…, according to the CDC", "…, the FDA said.": who the sentence is attributed to. */
function attributes(span: Span, words: string[]): boolean {
  let before = span.tokens[0] - 1;
  if (words[before] === 'the') before -= 1;
  const after = span.tokens[1] + 1;
  const ends = (i: number) => i >= words.length || clauseEnds.has(words[i]!);
  if (words[before] === 'to' && words[before - 1] === 'according') return true;
  if (
    sayingWords.has(words[before] ?? '') &&
    (clauseEnds.has(words[before - 1] ?? '') || /^[”"’']$/.test(words[before - 1] ?? '')) &&
    ends(after)
  )
    return true;
  return (
    sayingWords.has(words[after] ?? '') &&
    ends(after + 1) &&
    (before < 0 || clauseEnds.has(words[before]!) || /^[”"’']$/.test(words[before]!))
  );
}

/** "Jürgen Klopp's team", "Klopp's side", "a LIV golfer": the name owns or describes the thing asked for. */
function modifiesFocus(span: Span, words: string[], textOf: AnalyzedSentence['textOf'], focusTerm: string): boolean {
  const focusTerms = new Set([focusTerm, ...(focusSynonyms[focusTerm] ?? [])]);
  let at = span.tokens[1] + 1;
  if (possessiveWords.has(words[at] ?? '') || /['’]s$/u.test(span.text)) {
    if (possessiveWords.has(words[at] ?? '')) at += 1;
    return words.slice(at, at + shortAnswerDefaults.ownedWords).some((w) => focusTerms.has(termOf(w) ?? ''));
  }
  // "Harvard University" is one name; "a LIV golfer" is a kind of golfer.
  return focusTerms.has(termOf(words[at] ?? '') ?? '') && !/^\p{Lu}/u.test(textOf(at, at));
}
const possessiveWords = new Set(possessiveMarks);
const focusSynonyms: Record<string, string[]> = { [termOf('team')!]: [termOf('side')!, termOf('squad')!] };

const thingCategories = ['physical_entity', 'communication', 'event'];
/**
 * Whether WordNet files the question's noun under things, substances, events or writings and not under
 * people, groups or places: a virus, an ingredient, a song, a product.
 */
function asksForThing(focus: string): boolean {
  return (
    thingCategories.some((category) => isKindOf(focus, category, 1)) &&
    !['person', 'social_group', 'location'].some((category) => isKindOf(focus, category, 1))
  );
}

/** A name the lexicon knows as a person's or a place's: "Mara Quill", "Tobin Reyes", "Norway", "Vermont". */
function namesPersonOrPlace(name: string): boolean {
  const known = lexiconClassOf(name);
  if (known === 'person' || known === 'place') return true;
  // "Tobin Reyes": a name the lexicon does not know whole that starts with a first name it knows ("The
  // Legend of Zelda" ends in one, which says nothing).
  return known === null && /\s/.test(name) && isFirstName(name.split(/\s+/)[0]!);
}

const teamTerm = termOf('team');
const competitionEnd =
  /\s(league|conference|association|tournament|cup|series|championships?|open|draft|games|bowl|classic)$/i;
const scoreTerm = termOf('score');
const scoreShape = /^\d{1,3}\s*[-–]\s*\d{1,3}$/;

/**
 * Answers stand near the question's words ("X, the Y of Z", "Z's Y, X"): the share of the
 * question's weight found within a few words of the span.
 */
function nearbyWeight(span: Span, wordTerms: (string | null)[][], weights: Map<string, number>, total: number): number {
  const seen = new Set<string>();
  let weight = 0;
  const from = Math.max(0, span.tokens[0] - shortAnswerDefaults.nearWindow);
  const to = Math.min(wordTerms.length - 1, span.tokens[1] + shortAnswerDefaults.nearWindow);
  for (let i = from; i <= to; i++) {
    if (i >= span.tokens[0] && i <= span.tokens[1]) continue;
    for (const term of wordTerms[i] ?? []) {
      if (term === null || seen.has(term)) continue;
      seen.add(term);
      weight += weights.get(term) ?? 0;
    }
  }
  return shortAnswerDefaults.nearnessFloor + weight / total;
}

/**
 * The question's weight near the span, each term by how close its nearest mention stands, as a share
 * of `total`, the question's whole weight.
 */
function closeness(span: Span, wordTerms: (string | null)[][], weights: Map<string, number>, total: number): number {
  const best = new Map<string, number>();
  const from = Math.max(0, span.tokens[0] - shortAnswerDefaults.nearWindow);
  const to = Math.min(wordTerms.length - 1, span.tokens[1] + shortAnswerDefaults.nearWindow);
  for (let i = from; i <= to; i++) {
    if (i >= span.tokens[0] && i <= span.tokens[1]) continue;
    const distance = i < span.tokens[0] ? span.tokens[0] - i - 1 : i - span.tokens[1] - 1;
    for (const term of wordTerms[i] ?? []) {
      const weight = term === null ? undefined : weights.get(term);
      if (weight === undefined) continue;
      best.set(term!, Math.max(best.get(term!) ?? 0, weight / (1 + distance)));
    }
  }
  return [...best.values()].reduce((sum, w) => sum + w, 0) / total;
}

/**
 * Where the span starts in the sentence: its own occurrence, not the first of its words. In "Juno
 * Hale (Ralston)" after "starring Cole Ralston", the second "Ralston" pairs the actor with the
 * character; the first is a name of the starring list, which names no character.
 */
function spanStart(text: string, span: Span, analyzed: AnalyzedSentence): number {
  const before = span.tokens[0] === 0 ? 0 : analyzed.textOf(0, span.tokens[0] - 1).length;
  const own = text.indexOf(span.text, before);
  return own >= 0 ? own : text.indexOf(span.text);
}

/**
 * In a statement of the asked relation where the span at `start` fills the wanted slot, the share
 * of the question's weight the other slots hold: "Vesper Quill, played by Ada Lind" answers a question
 * about Vesper Quill. `unpaired`: some such statement names a counterpart (the character, the show)
 * that holds none of the question's words, so it is about someone or something else.
 */
function pairedShare(
  relation: AskedRelation,
  sentence: string,
  start: number,
  weights: Map<string, number>,
): { share: number; unpaired: boolean } {
  const total = [...weights.values()].reduce((sum, w) => sum + w, 0) || 1;
  let best = 0;
  let unpaired = false;
  for (const statement of statementsOf(relation.relation, sentence)) {
    const own = statement.slots.find((fill) => fill.slot === relation.wants && start >= fill.start && start < fill.end);
    if (own === undefined) continue;
    const others = statement.slots.filter((fill) => fill !== own);
    const terms = new Set(others.flatMap((fill) => spanTerms(sentence.slice(fill.start, fill.end))));
    let held = 0;
    for (const term of terms) held += weights.get(term) ?? 0;
    best = Math.max(best, held / total);
    if (held === 0 && others.some((fill) => counterpartSlots.has(fill.slot))) unpaired = true;
  }
  return { share: best, unpaired };
}

/** Slots that say what a statement is about: a question names one of them when it asks about the others. */
const counterpartSlots = new Set<Slot>(['role', 'actor', 'show', 'person']);

function spanTerms(text: string): string[] {
  // "U.S." is the word "us", not the letters u and s.
  return (
    text
      .toLowerCase()
      .replace(/\b(\p{L})\.(?=\p{L}\b)/gu, '$1')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
    .map((word) => termOf(word.replace(/['’]s$/u, '')))
    .filter((term): term is string => term !== null);
}

/** "year", "night": a unit of time alone says nothing of when. */
const bareUnit = /^(the\s+)?(year|week|weekend|month|day|night|time|season|decade|century)s?$/i;
const monthName = new RegExp(`\\b(${alternation([...monthNames, ...monthAbbreviations])})\\b`, 'i');
const dateGrains: Record<string, RegExp> = {
  [termOf('year')!]: /\b(1[5-9]|20)\d\d\b/,
  [termOf('month')!]: monthName,
  [termOf('day')!]: new RegExp(`\\b(${alternation(dayNames)})\\b|${monthName.source}\\.?\\s+\\d`, 'i'),
};
const ordinal = new RegExp(`^(${alternation(ordinalWords.slice(0, 10))}|\\d+(st|nd|rd|th))$`, 'i');
const bareYear = /^(1[89]|20)\d\d$/;
const dayOfMonth = new RegExp(`${monthName.source}\\.?\\s+\\d{1,2}\\b|\\b\\d{1,2}/\\d{1,2}\\b`, 'i');
const weekdayOnly = new RegExp(`^(${alternation(dayNames)})s?$`, 'i');

const placePrepositions = new Set(['in', 'at', 'near', 'from', 'on', 'to', 'outside', 'inside']);
/** True on the day an article was written, never an answer on its own; "this fall" still says something. */
const dayRelative = /^(today|tonight|tomorrow|yesterday|now|recently|earlier|later)$/i;
const relativeDate = new RegExp(
  `^(?:(?:just\\s+)?(?:last|this|next|past|coming|earlier\\s+this|later\\s+this)\\s+(?:week|weekend|month|year|season|${alternation(yearSeasons)}|night|morning|evening)|(?:a|an|one|two|three|few|several|\\d+)\\s+(?:days?|weeks?|months?|years?)\\s+(?:ago|earlier|later))$`,
  'i',
);

const workTerms = new Set(
  ['song', 'movie', 'film', 'show', 'series', 'book', 'novel', 'album', 'play', 'musical', 'podcast', 'title'].map(
    (w) => termOf(w),
  ),
);
const durationTerms = new Set(durationUnits.map((w) => termOf(w)));
/** "Nearly 1 billion", "more than 200": the qualifier is the article's hedge, not part of the number. */
const numberHedge =
  /^(nearly|almost|about|around|roughly|approximately|over|under|some|more than|less than|fewer than|at least|up to|just over|just under)\s+(?=[\d$€£])/i;
/** "since 2006", "by March 1": when it happened is the date, not the preposition. */
const dateHedge = /^(since|by|until|till|on|in|from|through)\s+(?=\p{Lu}|\d)/iu;
/** "Twitter Inc." is Twitter: a company's legal form is not how anyone names it. */
const legalForm = new RegExp(`,?\\s+(${alternation(legalFormAbbreviations)})\\.?$`, 'i');

const roleTerms = new Set(['charact', 'role', 'part'].map((w) => termOf(w)));
const secretWords = new Set(['mystery', 'undisclosed', 'unnamed', 'unknown', 'secret', 'unrevealed', 'unspecified']);

const focusAliases: Record<string, string[]> = { charact: ['role', 'part'], role: ['charact', 'part'] };
const appositionJoiners = new Set(['and', '&', 'of', 'the']);
const prefixJoiners = new Set(['and', '&', 'of', 'the', 'de', 'da', 'del', 'von', 'van']);

/** "two" alone is the count 2: the number words up to twelve. */
const countWords = numberWords.slice(0, 13);

/** A count word's term as its digits ("two" → "2"), so either spelling of a count is the same term. */
const countTermDigits = new Map(
  countWords.flatMap((word, value) => {
    const term = termOf(word);
    return term === null ? [] : [[term, String(value)] as const];
  }),
);

function asCountTerm(term: string): string {
  return countTermDigits.get(term) ?? term;
}

function cleanForm(text: string): string {
  // "two" alone answers "how many" as 2; "two terms" stays as written.
  const asDigit = countWords.indexOf(text.toLowerCase());
  if (asDigit >= 0) return String(asDigit);
  return text
    .replace(/['’]s$/u, '')
    .replace(/^[“"'‘(]+|[”"'’),.:;]+$/gu, '')
    .replace(numberHedge, '')
    .replace(dateHedge, '')
    .replace(legalForm, '')
    .trim();
}

/**
 * "Tobin Reyes" for "Reyes", "Harbor City Gulls" for "Gulls": the longer name puts a first name, or a
 * team's city, in front of the shorter one, so it is the name in full, however few articles write it.
 */
function namesInFull(longer: Tally, shorter: Tally): boolean {
  const full = shownForm(longer);
  const short = shownForm(shorter);
  // "David" and "David Tennant": a first name alone is the person's name cut short, even where more
  // reports hold it (a second spelling of the surname, "David Tenant", splits the full name's reports).
  if (full.toLowerCase().startsWith(`${short.toLowerCase()} `) && isFirstName(short) && classifyName(full) === 'person')
    return true;
  if (!full.toLowerCase().endsWith(` ${short.toLowerCase()}`)) return false;
  const front = full.slice(0, full.length - short.length).trim();
  if (!/\s/.test(front) && isFirstName(front)) return true;
  // A team is its city and its plural nickname: "Harbor City Gulls", "Denver Owls".
  return /^\p{Lu}\p{Ll}+s$/u.test(short) && classifyName(front) === 'place';
}

/**
 * "bottlenose dolphins" for "dolphins", "red fire ants" for "ants": a common noun with the words in front
 * of it that say which kind it is, the answer "which species" asks for, though later mentions drop them.
 */
function namesTheKind(longer: Tally, shorter: Tally): boolean {
  const short = shownForm(shorter);
  const full = shownForm(longer);
  return /^\p{Ll}/u.test(short) && full.toLowerCase().endsWith(` ${short.toLowerCase()}`);
}

/**
 * "McDonald's", "Macy's": a one-word name every report writes with its "'s" (twice or more) is written
 * so; "Biden's plan" beside "Biden said" is Biden's possessive, and the name is "Biden".
 */
function withPossessive(tally: Tally): string {
  const mentions = mentionsOf(tally);
  const form = shownForm(tally);
  const { count, mark, alone } = tally.possessive;
  // One capitalised word: a person's full name in the possessive is still the name ("Jürgen Klopp's side").
  const name = /^\p{Lu}\S*$/u.test(form);
  return name && mark !== null && alone && count === mentions && mentions >= 2 ? `${form}${mark}` : form;
}

/** "Zentro's new drama", "Zentro’s “Glass Harbor”": what follows a possessive is what it owns. */
function ownsWhatFollows({ words, pos }: AnalyzedSentence, at: number): boolean {
  return ownedTags.has(pos[at] ?? '') || /^[“"‘']$/u.test(words[at] ?? '');
}
const ownedTags = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM', 'DET']);

/** The way a candidate is shown: the form written most often, the longer on a tie. */
function shownForm(tally: Tally): string {
  return [...tally.forms].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]![0];
}

/**
 * "Gulls" and "Harbor City Gulls", "Reyes" and "Tobin Reyes" are one answer: their votes (one per
 * article) are pooled under the form more articles write. A longer name as widely written is
 * the answer in full; one fewer articles write is more often a headline's or a sentence's own
 * wording ("New Oreo", "Longtime Starbucks"), so the shorter, common name is the answer.
 */
function mergeContainedNames(
  tallies: Map<string, Tally>,
  expected: ExpectedAnswer,
  /** The article of an evidence sentence. */
  articleOf: (index: number) => string,
): void {
  // "Tennessee" answers "which state", "Tennessee House of Representatives" does not. (A person's
  // longer name is the name in full, whatever the lexicon knows of it.)
  const placeOrOrganization = expected === 'place' || expected === 'organization';
  // "Harbor City" fits "which city" better than "Harbor City Unified School District".
  const isKind = (tally: Tally) => placeOrOrganization && classifyName(shownForm(tally)) === expected;
  // Longest first: the names that may hold a tally's terms are the ones before the first no longer than it.
  const entries = [...tallies.entries()].sort((a, b) => b[1].terms.size - a[1].terms.size);
  for (const [key, tally] of entries) {
    if (!tallies.has(key)) continue;
    let home: [string, Tally] | undefined;
    for (const entry of entries) {
      const [otherKey, other] = entry;
      if (other.terms.size <= tally.terms.size) break;
      if (tallies.has(otherKey) && holdsAll(other.terms, tally.terms)) {
        home = entry;
        break;
      }
    }
    if (!home) continue;
    const [longerKey, longer] = home;
    // "Tina Charles" answers "who", not "Tina Charles of Washington".
    const personOf = expected === 'person' && /\sof\s/u.test(shownForm(longer));
    const shorterFits =
      (isKind(tally) && !isKind(longer)) || ((placeOrOrganization || personOf) && tally.fit > longer.fit);
    const longerWins =
      !shorterFits &&
      (namesInFull(longer, tally) ||
        longer.articles.size >= tally.articles.size ||
        (namesTheKind(longer, tally) &&
          longer.articles.size * shortAnswerDefaults.kindNameRatio >= tally.articles.size));
    const [target, source, sourceKey] = longerWins ? [longer, tally, key] : [tally, longer, longerKey];
    // "Kelso" where one story names "Ada Kelso" and "Ben Kelso": each article's "Kelso" is the one it names in full.
    const namesakes = longerWins
      ? entries.filter(
          ([otherKey, other]) =>
            other !== longer &&
            tallies.has(otherKey) &&
            other.terms.size > tally.terms.size &&
            holdsAll(other.terms, tally.terms) &&
            namesInFull(other, tally),
        )
      : [];
    if (namesakes.length > 0 && namesInFull(longer, tally)) {
      const holders = [longer, ...namesakes.map(([, other]) => other)];
      // The full name its own sentence writes ("co-creator Omar Vane" holds that "Omar"), else its article's.
      const holderOf = (index: number) =>
        holders.find((h) => h.sentences.has(index)) ?? holders.find((h) => h.articles.has(articleOf(index))) ?? longer;
      for (const holder of holders) {
        const sentences = new Map([...source.sentences].filter(([index]) => holderOf(index) === holder));
        if (sentences.size === 0) continue;
        const held = new Set([...sentences.keys()].map(articleOf));
        const articles = new Map([...source.articles].filter(([article]) => held.has(article)));
        const filledIn = new Map([...source.filledIn].filter(([index]) => sentences.has(index)));
        poolVotes(holder, { ...source, articles, sentences, filledIn });
      }
    } else poolVotes(target, source);
    tallies.delete(sourceKey);
  }
}

/**
 * "KestrelBank" and "Kestrel Bank", "four" and "4", "Zoë Brandt" and "Zoe Brandt" are one answer (forms.ts): their
 * mentions are pooled into one candidate, shown as most of them write it. It takes its more-mentioned
 * part's terms (what the contained-name merge compares: a nickname spelt out letter by letter,
 * "G-U-L-L-S", does not keep "Gulls" from "Harbor City Gulls") and, when that part is written with its
 * "'s" ("Dunmore's"), the "'s" too.
 */
function mergeForms(tallies: Map<string, Tally>): void {
  const homes = new Map<string, Tally>();
  for (const [key, tally] of [...tallies]) {
    const keys = [...tally.forms.keys()].map(formKey);
    const home = keys.map((k) => homes.get(k)).find((other) => other !== undefined && other !== tally);
    if (home === undefined) {
      for (const k of keys) homes.set(k, tally);
      continue;
    }
    const major = mentionsOf(tally) > mentionsOf(home) ? tally : home;
    const marked = withPossessive(major) !== shownForm(major);
    const { possessive } = major;
    poolVotes(home, tally);
    for (const [form, count] of tally.forms) home.forms.set(form, (home.forms.get(form) ?? 0) + count);
    home.terms = major.terms;
    home.possessive = marked
      ? { count: mentionsOf(home), mark: possessive.mark, alone: true }
      : {
          count: home.possessive.count + tally.possessive.count,
          mark: home.possessive.mark ?? tally.possessive.mark,
          alone: home.possessive.alone || tally.possessive.alone,
        };
    for (const k of keys) homes.set(k, home);
    tallies.delete(key);
  }
}

function mentionsOf(tally: Tally): number {
  return [...tally.forms.values()].reduce((sum, n) => sum + n, 0);
}

/** `source`'s votes and measurements added to `target`'s: "Cox" and "Charlie Cox" in one article are one vote, not two. */
function poolVotes(target: Tally, source: Tally): void {
  for (const [article, vote] of source.articles)
    target.articles.set(article, Math.max(target.articles.get(article) ?? 0, vote));
  for (const [index, score] of source.sentences)
    target.sentences.set(index, Math.max(target.sentences.get(index) ?? 0, score));
  target.fit = Math.max(target.fit, source.fit);
  target.near = Math.max(target.near, source.near);
  target.close = Math.max(target.close, source.close);
  target.attributed ||= source.attributed;
  for (const [index, fill] of source.filledIn) addFill(target.filledIn, index, fill);
}

function holdsAll(terms: Set<string>, wanted: Set<string>): boolean {
  for (const term of wanted) if (!terms.has(term)) return false;
  return true;
}

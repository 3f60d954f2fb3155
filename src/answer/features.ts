import type { ExpectedAnswer } from './answer-type';

/**
 * What the answer model knows of one candidate short answer. The hand-set heuristics of
 * short-answer.ts became these measurements; the trained model (data/answer-model.json, see
 * `npm run train`) weighs them. The order is the weights file's order: a file written for another
 * list is refused at load.
 */
export const featureNames = [
  /** ln of the hand-set vote total (sentence match × kind fit × nearness, one vote per article). */
  'logVotes',
  /** The candidate's share of all candidates' votes. */
  'voteShare',
  /** 1 for the candidate with the most votes. */
  'mostVoted',
  /** How well its best mention fits the kind of answer asked for (0.1–1.1). */
  'kindFit',
  /** ln(1 + articles that state it). */
  'articles',
  /** ln(1 + outlets that state it). */
  'outlets',
  /** ln(1 + mentions, every sentence and headline). */
  'mentions',
  /** Its best sentence's match of the question, with the article's rank discount. */
  'bestSentence',
  /** 1 / (1 + rank of its best-ranked sentence among those read). */
  'sentenceRank',
  /** 1 when a headline states it. */
  'inHeadline',
  /** 1 when only headlines state it. */
  'onlyHeadline',
  /** Share of the question's weight within a few words of its best mention. */
  'nearness',
  /** Words in the answer as shown. */
  'words',
  /** 1 when it starts with a capital. */
  'capitalised',
  /** 1 when it holds a digit. */
  'digits',
  /** 1 when the words of its best mention's sentence attribute it as a source ("…, said X"). */
  'attributed',
  /**
   * The same against the question's best candidate (value − the most any candidate has): a
   * candidate competes with the others of its question, not with other questions' candidates.
   */
  'votesBehind',
  'fitBehind',
  'sentenceBehind',
  'nearnessBehind',
  'articlesBehind',
  /** 1 / (1 + its rank by votes). */
  'voteRank',
  /**
   * Share of the question's weight the best passage and its headline hold (the bot declines below
   * 0.6): a question about something no article covers is matched only in part.
   */
  'passageCoverage',
  /** The question's telling words by how close each stands, weight / (1 + words between), as a share. */
  'closeness',
  /** The relation's other slot holds the question's words: "Y, played by X" where Y is the character asked about. */
  'pairedSlot',
  /** TV-news relation tables (relations.ts): the span fills the slot the question wants in a sentence that states it. */
  'fillsWanted',
  /** …fills another slot of the asked relation (the character when the actor is wanted). */
  'fillsOther',
  /** …its sentence states the asked relation at all. */
  'statesRelation',
  /** A day of a month ("Feb. 9", "March 3, 2024"): what "when" is nearly always answered with. */
  'dayOfMonth',
  /** A weekday alone ("Monday"): true of the week a report was written, rarely the answer. */
  'weekdayOnly',
  /** A year alone ("1997"). */
  'yearOnly',
  /** Reads as a person's name: a first name the lexicon knows, then more. */
  'personName',
  /** The lexicon knows it as a place, or as an organisation. */
  'knownPlace',
  'knownOrganization',
  /** Money or a share: "$6.99", "40%". */
  'money',
  /** The kind of answer asked for, one flag each: a different base rate of right answers per kind. */
  'askedPerson',
  'askedPlace',
  'askedOrganization',
  'askedDate',
  'askedNumber',
  'askedName',
  /**
   * 1 / (1 + rank of the best-ranked retrieved article that states it): the show-news answers are
   * nearly all in the best article (134 of 146 stating sentences of show-qa-2023).
   */
  'bestArticle',
  /**
   * 1 when the question asks about something still to come ("when does season 3 start") and the
   * candidate is a date wholly before the day it is asked (future-date.ts): another season's date.
   */
  'pastForFuture',
  /**
   * 1 when it fills the wanted slot only of statements whose counterpart (the character, the show)
   * holds none of the question's words: "Corvin (Tobin Reyes)" answers who plays Corvin, not who plays
   * the character asked about.
   */
  'unpairedSlot',
  /**
   * Share of the seasons, parts, editions and years the question names ("season 12", "the 19th
   * awards"; qualifiers.ts) that neither its stating sentences nor the other sentences read of their
   * articles name: a report of another season answers "who won" with that season's winner.
   */
  'qualifierMissing',
  /** 1 when a stating sentence names another number for the question's season or edition ("won Season 9"), and none names its own. */
  'qualifierOther',
] as const;

export type FeatureName = (typeof featureNames)[number];
export type FeatureVector = Record<FeatureName, number>;

const askedFlags: Partial<Record<ExpectedAnswer, AskedFlag>> = {
  person: 'askedPerson',
  place: 'askedPlace',
  organization: 'askedOrganization',
  date: 'askedDate',
  number: 'askedNumber',
  name: 'askedName',
};

type AskedFlag = 'askedPerson' | 'askedPlace' | 'askedOrganization' | 'askedDate' | 'askedNumber' | 'askedName';

/** The kind-of-answer flags of a question, all 0 but the one asked for. */
export function askedFeatures(expected: ExpectedAnswer): Record<AskedFlag, number> {
  const flags = {
    askedPerson: 0,
    askedPlace: 0,
    askedOrganization: 0,
    askedDate: 0,
    askedNumber: 0,
    askedName: 0,
  };
  const flag = askedFlags[expected];
  if (flag !== undefined) flags[flag] = 1;
  return flags;
}

/** The vector in `featureNames` order. */
export function featureArray(features: FeatureVector): number[] {
  return featureNames.map((name) => features[name]);
}

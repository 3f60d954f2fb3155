/*
 * The tuning values of the short-answer stage (short-answer.ts), each named once. They make the
 * candidates' features, which the answer model (answer-model.ts) weighs; the model was fitted on
 * features made with these values, so changing one changes the features: retrain, and judge the
 * change on the cross-validated figures (`npm run train -- --report`).
 *
 * "Hand-set" means no measurement chose the value. Where a commit measured the rule a value came
 * with, the figure given is that rule's (news-quiz development set, EM before → after), not a sweep
 * of the value: the news quiz was the only development set then, and the hand-set votes it tuned
 * are now one feature among many.
 */

export const shortAnswerDefaults = {
  /**
   * How well a span fits the kind of answer the question asks for (the `kindFit` feature, times
   * `contextFit` below). 0 rules a span out and 1 is a full fit; these are the levels between, and
   * the three above 1 for spans the question's own wording singles out.
   */
  kindFit: {
    /** "the town of Fowey": a name right after the question's noun is its name. Hand-set. */
    appositive: 1.2,
    /**
     * What a report writes right after the question's slot word ("balancing a teacup"), or the
     * answer that a role is secret: the question's wording says it is the answer, so it outranks an
     * appositive. Hand-set; the slot rule came with EM 0.305 → 0.306.
     */
    statesAnswer: 1.5,
    /** "Which song…?": a quoted title, the way songs, films and shows are named. Hand-set. */
    workTitle: 1.1,
    /** A noun phrase the question's noun does not vouch for: any phrase could be an answer. Hand-set. */
    phrase: 0.25,
    /** "What year…?" answered by a date of another grain ("Tuesday"). Hand-set; the rule: EM 0.361 → 0.362. */
    dateOfOtherGrain: 0.2,
    /**
     * "Last month", "two days ago": says when only beside the report's own date, so it answers only
     * when no report names the day. Hand-set; the rule moved no news-quiz short answer.
     */
    relativeDate: 0.3,
    /** A lone number for "what was the final score?". Hand-set; the score rules: EM 0.376 → 0.379. */
    numberForScore: 0.2,
    /**
     * A number for "after which season…?" that is neither an ordinal ("its 41st") nor the number after
     * the question's noun ("Season 6"). Hand-set with the rank rule (h26-kinds: show-2023 / show-2022
     * cross-validated EM 0.525 / 0.414 → 0.537 / 0.443 with the other kind rows).
     */
    rankOfOtherShape: 0.3,
    /** "How long…?" answered by a number with no unit of time. Hand-set; the rule: EM 0.337 → 0.337, F1 0.378 → 0.379. */
    lengthWithoutUnit: 0.3,
    /** "What percentage…?" answered by a number not written as a share. Hand-set; the rule left EM at 0.306. */
    numberForShare: 0.2,
    /** A number with no word of what the question counts after it ("how many points…?"). Hand-set. */
    uncountedNumber: 0.4,
    /**
     * A share or a sum of money ("93%", "$4 million") for "how many <things>" (counts.ts): it counts
     * none. Hand-set below `minKindFit`, so such a pick is never the bold answer; measured in
     * docs/experiments/answer-model.md, "h32-count".
     */
    amountForCount: 0.1,
    /** A number that labels ("season 2", "Part 1") for "how many <other things>" (counts.ts). As `amountForCount`. */
    labelForCount: 0.1,
    /** The "one" of "one of the judges" for "how many <things>" (counts.ts): one picked out of a group. As `amountForCount`. */
    oneOfForCount: 0.1,
    /** A quoted title for "who", "where" or "which company". Hand-set. */
    titleForName: 0.3,
    /**
     * A name a sentence gives as a show's ("second seasons of X and Y", "the cast of X") for "who",
     * "where" or "which company": a title, never the bold answer (below `minKindFit`), however much it
     * reads as a person's name. Lower than a quoted title, which "who won" may still ask for. Hand-set;
     * 1 of the development sets' candidates (h32-count).
     */
    showForName: 0.1,
    /**
     * A state's name for "which city", a city's for "which country": a place the lexicon knows as
     * another class. Was `placeOfNoClass`; the change: EM 0.309 → 0.311.
     */
    placeOfOtherClass: 0.1,
    /** A place the lexicon knows but files under no class, for "which city/country/state". Hand-set. */
    placeOfNoClass: 0.3,
    /** A name the lexicon does not know, for "which city/country/state". Hand-set. */
    unknownForPlaceClass: 0.25,
    /**
     * "Mira Holt of Dunmore", "The House of Lanterns" for "who": a person and where they are from,
     * or a title; the person's own name before it wins. Hand-set; the rule: EM 0.356 → 0.359.
     */
    personWithOf: 0.3,
    /** "ADA", "ZTV" for "who": an initialism names an organisation. Hand-set; the rule: answer string 0.484 → 0.485, EM unchanged. */
    initialismForPerson: 0.3,
    /**
     * "Harbor Cup", "Coastal League" for "which team": what teams play in. Hand-set; the rule, with
     * `placeForTeam` and `personOrPlaceForThing`: EM 0.383 → 0.384.
     */
    competitionForTeam: 0.1,
    /** A name the lexicon does not know right after "in", "at", "from"… for "where". Hand-set. */
    unknownAfterPlaceWord: 0.6,
    /** A name the lexicon does not know, elsewhere in the sentence, for "where". Hand-set. */
    unknownPlace: 0.15,
    /** Two or more capitalised words the lexicon does not know, for "who": most people's names are in no lexicon. Hand-set. */
    unknownFullName: 0.8,
    /** One capitalised word the lexicon does not know, for "who". Hand-set. */
    unknownOneWordPerson: 0.3,
    /** "Corvane Air" for "which company": most companies are in no lexicon. Was 0.5; the change: EM 0.369 → 0.370. */
    unknownOrganization: 0.8,
    /** One capitalised word the lexicon does not know, for "which company": as often a headline's word ("Week"). Hand-set. */
    unknownOneWordOrganization: 0.5,
    /** "Which team won the cup?": a country's name is its national team's. Was `otherKind`; the change: EM 0.370 → 0.372. */
    countryForTeam: 0.6,
    /** A city's or a state's name for "which team": its club's or its college's. See `competitionForTeam`. */
    placeForTeam: 0.6,
    /** An organisation's name for "who": "who won?" may be a team. Hand-set. */
    organizationForPerson: 0.3,
    /** A name the lexicon files as another kind than the one asked for. Hand-set. */
    otherKind: 0.1,
    /**
     * A person's or a place's name for "which virus", "which ingredient": not a kind of thing. Was
     * `nameForNoun`; see `competitionForTeam`.
     */
    personOrPlaceForThing: 0.2,
    /** A name or a title for "which <noun>" when WordNet does not vouch for it as a kind of the noun. Hand-set. */
    nameForNoun: 0.6,
    /** Any other span: a date or a number for a question that asks for neither. Hand-set. */
    otherSpan: 0.2,
  },
  /** What the words around a span make of its kind fit (multiplied in); 1 elsewhere, 0 for a rank ("No. 1"). */
  contextFit: {
    /**
     * "…, said the Daily Reel", "according to the agency": who a report is attributed to, not what it
     * reports (unless the question asks who said it). Hand-set; the rule, with `describesFocus`:
     * EM 0.381 → 0.383.
     */
    attributed: 0.2,
    /** "Mara Quill's team", "a Corvane golfer": the name owns or describes the thing asked for. See `attributed`. */
    describesFocus: 0.2,
  },
  /**
   * Below this kind fit the answer model's pick is shown as no short answer (the hand rule the
   * model replaced, kept): show-2023 cross-validated EM 0.444 → 0.431 with it, within the fold
   * spread, for no person's name to "which ingredient".
   */
  minKindFit: 0.3,
  /**
   * Words either side of a span read for the question's words (nearness, closeness): 15 against 10
   * lifted EM 0.253 → 0.258, F1 0.307 → 0.315; 6, 25 and 40 gave EM 0.247, 0.255, 0.253.
   */
  nearWindow: 15,
  /**
   * Added to every question term's weight when measuring nearness: in a small index the show's own
   * name is in every article (weight near 0), yet an answer next to it is still the better one. Hand-set.
   */
  nameFloor: 1,
  /** Nearness of a span with none of the question's words near it, so that its votes still count. Hand-set. */
  nearnessFloor: 0.1,
  /** The i-th best article's vote counts 1 / (1 + i × this): later reports repeat the first. Hand-set. */
  voteDecay: 0.5,
  /**
   * Share of its votes a candidate keeps when WordNet vouches for others as a kind of the question's
   * noun and not for it ("Fowey" for "which animal" beside "badger"). Hand-set.
   */
  unvouchedShare: 0.3,
  /**
   * Share of its votes a number keeps when others count what "how many years" asks for (and a
   * place of another class, or a date of another grain, when one of the class or grain is there).
   * Hand-set; the rule: EM 0.337 → 0.339.
   */
  uncountedShare: 0.3,
  /** Added to the vote total before its logarithm (the `logVotes` feature), so that no vote is minus infinity. Hand-set. */
  logVotesFloor: 1e-4,
  /** Evidence that does not say which article it is from counts as from this rank, below the articles read. Hand-set. */
  unknownArticleRank: 12,
  /** Words after a number read for the noun it counts ("71 points", "300 years"). Hand-set. */
  countedNounWords: 2,
  /** Words after an ordinal read for the noun it counts ("its fifth national championship"). Hand-set. */
  ordinalNounWords: 3,
  /** Words after a possessive read for the question's noun ("Quill's side"). Hand-set. */
  ownedWords: 3,
  /**
   * A longer common-noun phrase ("red fire ants") takes the shorter one's votes ("ants") when at
   * least 1 / this as many articles write it. Hand-set.
   */
  kindNameRatio: 2,
};
export type ShortAnswerOptions = typeof shortAnswerDefaults;

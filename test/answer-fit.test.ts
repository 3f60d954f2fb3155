import { describe, expect, it } from 'vitest';
import { featureNames, type FeatureName } from '../src/answer/features';
import type { CandidateRow, QuestionRows } from '../src/eval/candidates';
import {
  chooseThreshold,
  figuresOf,
  fitDefaults,
  fitWeights,
  outOfFoldPicks,
  pickAll,
  type Pick,
} from '../src/eval/fit';

// Made-up training rows for "who plays Y": the right candidate fills the actor's slot of a statement
// whose character slot holds Y ("Y, played by X"); the decoys are the character's name or an actor
// of another role. Unanswerable questions have only actors of other roles.
function row(text: string, right: boolean, set: Partial<Record<FeatureName, number>>): CandidateRow {
  const features = featureNames.map((name) => set[name] ?? 0);
  features[featureNames.indexOf('kindFit')] = 1;
  return { text, features, exactMatch: right ? 1 : 0, f1: right ? 1 : 0, goldCited: right };
}

function question(n: number, answerable: boolean): QuestionRows {
  // The order of candidates varies, so no model can win by taking the first.
  const jitter = (n % 5) / 10;
  const candidates = answerable
    ? [
        row(`decoy ${n}`, false, { logVotes: 1 + jitter, fillsOther: 1, statesRelation: 1 }),
        row(`right ${n}`, true, { logVotes: 0.6, fillsWanted: 1, pairedSlot: 1, statesRelation: 1 }),
        row(`other ${n}`, false, { logVotes: 0.8 - jitter }),
      ]
    : [
        row(`other role ${n}`, false, { logVotes: 1 + jitter, fillsWanted: 1, statesRelation: 1 }),
        row(`stray ${n}`, false, { logVotes: 0.5 }),
      ];
  return {
    set: 'made-up',
    id: `q${n}`,
    group: `week ${n % 10}`,
    type: answerable ? 'person' : 'unanswerable',
    answerable: true,
    hasAnswer: answerable,
    goldInBest: answerable,
    candidates: n % 2 === 0 ? candidates : [...candidates].reverse(),
  };
}

const questions = Array.from({ length: 60 }, (_, n) => question(n, n % 4 !== 3));

describe('fitting the answer model', () => {
  it('picks the candidate that fills the asked slot on questions it never saw', () => {
    const { picks } = outOfFoldPicks(questions, fitDefaults);
    const answerable = picks.filter((p) => p.question.hasAnswer);
    const right = answerable.filter((p) => p.question.candidates[p.best]!.exactMatch === 1);
    expect(right.length).toBe(answerable.length);
  });

  it('declines questions whose only candidates play another role, and answers the rest', () => {
    const { picks } = outOfFoldPicks(questions, fitDefaults);
    const threshold = chooseThreshold(picks, fitDefaults);
    const figures = figuresOf(picks, threshold);
    expect(figures.unanswerableDeclined).toBe(figures.unanswerable);
    expect(figures.answerableDeclined).toBe(0);
    expect(figures.exactMatch).toBe(1);
  });

  it('weighs the asked slot and its pairing with the question up, and is the same fitted twice', () => {
    const weights = fitWeights(questions, fitDefaults);
    const weight = (name: FeatureName) => weights.weights[featureNames.indexOf(name)]!;
    expect(weight('fillsWanted')).toBeGreaterThan(0);
    expect(weight('pairedSlot')).toBeGreaterThan(0);
    expect(fitWeights(questions, fitDefaults)).toEqual(weights);
    const [picked] = pickAll([question(100, true)], weights);
    expect(picked!.question.candidates[picked!.best]!.text).toBe('right 100');
  });
});

describe('how much each set counts', () => {
  // Two made-up styles that disagree: in one the right answer is the most repeated candidate, in the
  // other the one that fills the asked slot while a decoy is repeated more.
  const styled = (set: string, n: number): QuestionRows => {
    const repeatedRight = set === 'repeats';
    const candidates = [
      row(`repeated ${n}`, repeatedRight, { logVotes: 1.5 + (n % 3) / 10 }),
      row(`slot ${n}`, !repeatedRight, { logVotes: 0.5, fillsWanted: 1 }),
    ];
    return { ...question(n, true), set, id: `${set} ${n}`, candidates };
  };
  const both = Array.from({ length: 40 }, (_, n) => styled(n % 2 === 0 ? 'repeats' : 'slots', n));
  const pickOf = (questions: QuestionRows[], setShares: Record<string, number>) => {
    const weights = fitWeights(questions, { ...fitDefaults, setShares });
    const [picked] = pickAll([styled('unseen', 7)], weights);
    return picked!.question.candidates[picked!.best]!.text;
  };

  it('leans the model towards the set with the larger share', () => {
    expect(pickOf(both, { repeats: 1, slots: 0.25 })).toBe('repeated 7');
    expect(pickOf(both, { repeats: 0.25, slots: 1 })).toBe('slot 7');
  });

  it('weighs a set by its share, not by how many candidates it has', () => {
    // Each "slots" question asked five times over: five times the candidates, the same share.
    const manySlots = both.flatMap((q) => (q.set === 'slots' ? Array.from({ length: 5 }, () => q) : [q]));
    expect(pickOf(manySlots, { repeats: 1, slots: 0.25 })).toBe('repeated 7');
    expect(fitWeights(manySlots, fitDefaults).weights).toEqual(fitWeights(both, fitDefaults).weights);
  });
});

describe('choosing the threshold', () => {
  // Set "b" has three right answers held at 0.25, set "a" ten wrong answers to unanswerable
  // questions held at 0.30: declining those would decline 3 of b's 10 answerable questions.
  function pick(set: string, n: number, hasAnswer: boolean, confidence: number): Pick {
    const candidate = row(`${set} ${n}`, hasAnswer, {});
    const question: QuestionRows = {
      set,
      id: `${set}${n}`,
      group: `${set} ${n}`,
      type: hasAnswer ? 'person' : 'unanswerable',
      answerable: true,
      hasAnswer,
      goldInBest: hasAnswer,
      candidates: [candidate],
    };
    return { question, best: 0, confidence };
  }
  const picks = [
    ...Array.from({ length: 10 }, (_, n) => pick('a', n, true, 0.9)),
    ...Array.from({ length: 10 }, (_, n) => pick('a', 10 + n, false, 0.3)),
    ...Array.from({ length: 10 }, (_, n) => pick('b', n, true, n < 3 ? 0.25 : 0.9)),
    pick('b', 10, false, 0.95),
  ];

  it('declines no more than the cap of the answerable questions of any one set, not of the sets pooled', () => {
    const threshold = chooseThreshold(picks, fitDefaults);
    // Pooled, 3 of 20 answerable questions (0.15) would be under the cap of 0.20; set b's 3 of 10 are not.
    expect(threshold).toBeLessThanOrEqual(0.25);
    const b = figuresOf(
      picks.filter((p) => p.question.set === 'b'),
      threshold,
    );
    expect(b.answerableDeclined).toBeLessThanOrEqual(fitDefaults.maxAnswerableDeclined);
    expect(figuresOf(picks, 0.31).answerableDeclined).toBeLessThanOrEqual(fitDefaults.maxAnswerableDeclined);
  });

  it('is judged only on the sets that hold unanswerable questions', () => {
    // Set "c" has no unanswerable question: its right answers held at 0.2 would cap the threshold below 0.2.
    const c = Array.from({ length: 10 }, (_, n) => pick('c', n, true, 0.2));
    expect(chooseThreshold([...picks, ...c], fitDefaults)).toBe(chooseThreshold(picks, fitDefaults));
    expect(chooseThreshold(c, fitDefaults)).toBeLessThanOrEqual(0.2);
  });
});

describe("features weighed against the question's other candidates", () => {
  // Two made-up kinds of question, voted alike: in one some candidate fills the asked slot and the
  // most voted one does not (a decoy); in the other no candidate fills it and the most voted is right.
  const relation = (n: number): QuestionRows => ({
    ...question(n, true),
    set: 'mixed',
    candidates: [
      row(`voted ${n}`, false, { logVotes: 1 + (n % 3) / 10 }),
      row(`slot ${n}`, true, { logVotes: 0.5, fillsWanted: 1 }),
    ],
  });
  const plain = (n: number): QuestionRows => ({
    ...question(n, true),
    set: 'mixed',
    candidates: [row(`voted ${n}`, true, { logVotes: 1 + (n % 3) / 10 }), row(`stray ${n}`, false, { logVotes: 0.5 })],
  });
  const training = Array.from({ length: 40 }, (_, n) => (n % 2 === 0 ? relation(n) : plain(n)));
  const confidenceOfPick = (behind: FeatureName[]) => {
    const [picked] = pickAll([plain(101)], fitWeights(training, { ...fitDefaults, behind }));
    return { text: picked!.question.candidates[picked!.best]!.text, confidence: picked!.confidence };
  };

  it('is sure of the most voted answer when no candidate fills the asked slot, unsure without it', () => {
    const against = confidenceOfPick(['fillsWanted']);
    const alone = confidenceOfPick([]);
    expect(against.text).toBe('voted 101');
    expect(alone.text).toBe('voted 101');
    expect(against.confidence).toBeGreaterThan(0.8);
    expect(alone.confidence).toBeLessThan(0.7);
  });

  it('writes one weight per feature, then one per feature weighed against the others', () => {
    const weights = fitWeights(training, { ...fitDefaults, behind: ['fillsWanted'] });
    expect(weights.weights).toHaveLength(featureNames.length + 1);
    expect(weights.behind).toEqual(['fillsWanted']);
    expect(weights.weights[featureNames.length]!).toBeGreaterThan(0);
  });
});

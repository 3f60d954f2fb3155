import { createHash } from 'node:crypto';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import type { AnswerModel } from '../answer/answer-model';
import { featureNames } from '../answer/features';
import { minKindFit } from '../answer/short-answer';
import type { QuestionRows } from './candidates';

/**
 * Fitting the answer model and judging it by grouped k-fold cross-validation: every figure here is
 * of questions the model being scored never saw, nor any question of their group.
 */

export const fitDefaults = {
  /** Folds of the grouped cross-validation. */
  folds: 5,
  /**
   * Gradient steps and step size (per training row: the library sums the gradient over rows). A
   * few hundred steps stop well short of fitting every row, which is the model's regularisation.
   */
  steps: 400,
  learningRate: 2,
  /**
   * What a threshold is worth: a right short answer or a right decline counts 1, a wrong short
   * answer costs `wrongCost`; the threshold with the most worth on held-out questions, among those
   * declining at most `maxAnswerableDeclined` of the answerable ones of every set, is kept. Every
   * set, not the sets pooled: pooled, the cap let show-2022 decline 0.207 of its answerable
   * questions while show-2023 declined 0.188 (2026-12-06, threshold 0.15 against 0.14).
   */
  wrongCost: 0.5,
  maxAnswerableDeclined: 0.2,
  /**
   * How many times a set's candidates count in the fit (others once): the news quiz has twice the
   * show sets' candidates, and when it is trained on (`npm run train -- --sets …`), counted once each
   * it pulled the show sets' cross-validated EM down (show-2023 0.525 → 0.500, show-2022 0.414 →
   * 0.371); a show-set candidate counted 4 times keeps their EM within its spread (0.519, 0.400) for
   * the same quiz EM (0.362). Whole repeats: the fitting library takes no sample weights.
   */
  setRepeats: { 'show-2023': 4, 'show-2022': 4 } as Record<string, number>,
};
export type FitSettings = typeof fitDefaults;

export interface Weights {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/** Fits a logistic regression over the candidates of `questions`; `use` masks features out (weight 0). */
export function fitWeights(
  questions: QuestionRows[],
  settings: FitSettings,
  use: boolean[] = featureNames.map(() => true),
): Weights {
  // Repeats in proportion: sets that all count 4 times give the same fit as once each, for a quarter of the work.
  const repeats = (set: string) => settings.setRepeats[set] ?? 1;
  const unit = [...new Set(questions.map((q) => repeats(q.set)))].reduce(greatestCommonDivisor, 0) || 1;
  const rows = questions.flatMap((q) => repeated(q.candidates, repeats(q.set) / unit));
  const width = featureNames.length;
  const mean = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(1);
  if (rows.length === 0) return { mean, scale, weights: new Array<number>(width).fill(0), bias: 0 };
  for (let j = 0; j < width; j++) {
    const values = rows.map((r) => r.features[j]!);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length;
    mean[j] = round(m);
    scale[j] = round(Math.sqrt(variance) || 1);
  }
  const used = featureNames.map((_, j) => j).filter((j) => use[j]);
  const x = new Matrix(rows.map((r) => [1, ...used.map((j) => (r.features[j]! - mean[j]!) / scale[j]!)]));
  const y = Matrix.columnVector(rows.map((r) => (r.exactMatch > 0 ? 1 : 0)));
  const model = new LogisticRegression({ numSteps: settings.steps, learningRate: settings.learningRate / rows.length });
  model.train(x, y);
  // With classes 0 and 1, the first one-vs-all classifier scores class 1 (see the type declaration).
  const fitted = model.classifiers[0]!.weights.to1DArray();
  const weights = new Array<number>(width).fill(0);
  used.forEach((j, k) => (weights[j] = round(fitted[k + 1]!)));
  return { mean, scale, weights, bias: round(fitted[0]!) };
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

function repeated<T>(items: T[], times: number): T[] {
  return times === 1 ? items : Array.from({ length: times }, () => items).flat();
}

/** Six significant digits: the weights file stays readable and byte-stable. */
function round(value: number): number {
  return Number(value.toPrecision(6));
}

export function probability(weights: Weights, features: number[]): number {
  let z = weights.bias;
  for (let j = 0; j < features.length; j++)
    z += (weights.weights[j]! * (features[j]! - weights.mean[j]!)) / weights.scale[j]!;
  return 1 / (1 + Math.exp(-z));
}

/** The bot's outcome for one question under a model: its best candidate and that candidate's confidence. */
export interface Pick {
  question: QuestionRows;
  /** Index of the best candidate, -1 when there is none. */
  best: number;
  confidence: number;
}

export function pickAll(questions: QuestionRows[], weights: Weights): Pick[] {
  return questions.map((question) => {
    let best = -1;
    let confidence = 0;
    question.candidates.forEach((c, i) => {
      const p = probability(weights, c.features);
      if (best === -1 || p > confidence) [best, confidence] = [i, p];
    });
    return { question, best, confidence };
  });
}

/** Deterministic fold of each group: groups in hash order, dealt round-robin. */
export function foldsOf(questions: QuestionRows[], folds: number): number[] {
  const groups = [...new Set(questions.map((q) => q.group))].sort((a, b) => hashOf(a).localeCompare(hashOf(b)));
  const foldOf = new Map(groups.map((group, i) => [group, i % folds]));
  return questions.map((q) => foldOf.get(q.group)!);
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Every question's pick by the model fitted on the other folds. */
export function outOfFoldPicks(
  questions: QuestionRows[],
  settings: FitSettings,
  use?: boolean[],
): { picks: Pick[]; fold: number[] } {
  const fold = foldsOf(questions, settings.folds);
  const picks = new Array<Pick>(questions.length);
  for (let k = 0; k < settings.folds; k++) {
    const training = questions.filter((_, i) => fold[i] !== k);
    const weights = fitWeights(training, settings, use);
    const testing = questions.map((q, i) => [q, i] as const).filter(([, i]) => fold[i] === k);
    const picked = pickAll(
      testing.map(([q]) => q),
      weights,
    );
    testing.forEach(([, i], n) => (picks[i] = picked[n]!));
  }
  return { picks, fold };
}

const kindFitAt = featureNames.indexOf('kindFit');

export interface Figures {
  questions: number;
  answerable: number;
  exactMatch: number;
  f1: number;
  rightWhenShown: number;
  shown: number;
  answerableDeclined: number;
  unanswerable: number;
  unanswerableDeclined: number;
  /** Gold article cited: by the stating sentence, or by the closest passage of a not-sure answer. */
  goldCited: number;
}

/** The eval's measures of the bot's outcomes at a threshold. */
export function figuresOf(picks: Pick[], threshold: number): Figures {
  let answerable = 0;
  let em = 0;
  let f1 = 0;
  let shown = 0;
  let shownRight = 0;
  let declined = 0;
  let unanswerable = 0;
  let unanswerableDeclined = 0;
  let cited = 0;
  for (const { question, best, confidence } of picks) {
    // The bot declines when no passage speaks to the question, or when it is not sure of its best span.
    // A pick of the wrong kind is no short answer: the bot answers with sentences instead (short-answer.ts).
    const fits = best >= 0 && question.candidates[best]!.features[kindFitAt]! >= minKindFit;
    const abstained = !question.answerable || (fits && confidence < threshold);
    const candidate = fits && !abstained ? question.candidates[best]! : null;
    if (!question.hasAnswer) {
      unanswerable += 1;
      if (abstained) unanswerableDeclined += 1;
      continue;
    }
    answerable += 1;
    if (abstained) declined += 1;
    if (candidate) {
      shown += 1;
      em += candidate.exactMatch;
      f1 += candidate.f1;
      shownRight += candidate.exactMatch;
      if (candidate.goldCited) cited += 1;
    } else if (question.answerable && question.goldInBest) cited += 1;
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    questions: picks.length,
    answerable,
    exactMatch: share(em, answerable),
    f1: share(f1, answerable),
    rightWhenShown: share(shownRight, shown),
    shown,
    answerableDeclined: share(declined, answerable),
    unanswerable,
    unanswerableDeclined,
    goldCited: share(cited, answerable),
  };
}

/** The threshold worth most on held-out questions (see fitDefaults), on a grid of 0.01. */
export function chooseThreshold(picks: Pick[], settings: FitSettings): number {
  const sets = [...new Set(picks.map((p) => p.question.set))].map((set) => picks.filter((p) => p.question.set === set));
  let best = 0;
  let bestWorth = -Infinity;
  for (let t = 0; t <= 100; t++) {
    const threshold = t / 100;
    const f = figuresOf(picks, threshold);
    if (sets.some((set) => figuresOf(set, threshold).answerableDeclined > settings.maxAnswerableDeclined)) break;
    const right = f.exactMatch * f.answerable + f.unanswerableDeclined;
    const wrong = f.shown - f.exactMatch * f.answerable + (f.unanswerable - f.unanswerableDeclined);
    const worth = right - settings.wrongCost * wrong;
    if (worth > bestWorth + 1e-9) [best, bestWorth] = [threshold, worth];
  }
  return best;
}

/** Reliability of the confidences: per band, how many shown picks and how many were right. */
export function reliability(
  picks: Pick[],
  bands = [0, 0.2, 0.4, 0.6, 0.8, 1.0001],
): { band: string; picks: number; meanConfidence: number; right: number }[] {
  return bands.slice(0, -1).map((low, i) => {
    const high = bands[i + 1]!;
    const inBand = picks.filter(
      (p) => p.best >= 0 && p.question.answerable && p.confidence >= low && p.confidence < high,
    );
    const right = inBand.reduce((sum, p) => sum + p.question.candidates[p.best]!.exactMatch, 0);
    const meanConfidence = inBand.reduce((sum, p) => sum + p.confidence, 0) / (inBand.length || 1);
    return {
      band: `${low.toFixed(1)}-${Math.min(1, high).toFixed(1)}`,
      picks: inBand.length,
      meanConfidence: round(meanConfidence),
      right: round(right / (inBand.length || 1)),
    };
  });
}

/** The weights file's model part. */
export function asModel(weights: Weights, threshold: number): AnswerModel {
  return { features: [...featureNames], ...weights, threshold };
}

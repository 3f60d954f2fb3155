import { z } from 'zod';
import weightsFile from '../../data/answer-model.json' with { type: 'json' };
import { featureArray, featureNames, type FeatureName, type FeatureVector } from './features';

/**
 * The trained answer model: a logistic regression over the candidate features of features.ts,
 * fitted by `npm run train` on the development sets and written to data/answer-model.json with the
 * cross-validated figures that chose it. Its output is the probability that a candidate is the
 * right short answer; below `threshold` the answer shows no bold short answer.
 */
const modelFile = z.object({
  features: z.array(z.string()),
  /**
   * Features also weighed as their value less the most any candidate of the same question has (0
   * for the question's best, below 0 for the others): whether another candidate fills the asked
   * slot counts, not only whether this one does. Their columns follow the features' in mean, scale
   * and weights.
   */
  behind: z.array(z.string()),
  /** Each column is standardised, (x − mean) / scale, before it is weighed. */
  mean: z.array(z.number()),
  scale: z.array(z.number().positive()),
  weights: z.array(z.number()),
  bias: z.number(),
  /** Confidence below which no short answer is shown: chosen on the cross-validated figures. */
  threshold: z.number().min(0).max(1),
});

export type AnswerModel = z.infer<typeof modelFile>;

export class AnswerModelError extends Error {
  override name = 'AnswerModelError';
}

/** Checks a weights file's shape and that it weighs the features this code measures, in this order. */
export function parseAnswerModel(value: unknown): AnswerModel {
  const parsed = modelFile.safeParse(value);
  if (!parsed.success) throw new AnswerModelError(`the answer model is malformed: ${parsed.error.message}`);
  const model = parsed.data;
  const names = featureNames.join(',');
  if (model.features.join(',') !== names) {
    throw new AnswerModelError(
      `the answer model weighs other features (${model.features.join(', ')}); run npm run train to refit it`,
    );
  }
  const unknown = model.behind.filter((name) => !featureNames.includes(name as FeatureName));
  if (unknown.length > 0)
    throw new AnswerModelError(`the answer model weighs unknown features (${unknown.join(', ')})`);
  for (const list of [model.mean, model.scale, model.weights]) {
    if (list.length !== featureNames.length + model.behind.length)
      throw new AnswerModelError('the answer model has a list of the wrong length');
  }
  return model;
}

let committed: AnswerModel | undefined;

/**
 * The committed weights, checked when first asked for rather than on import: `npm run train` imports
 * the candidate code to refit a model whose feature list has just changed, and must not need the old one.
 */
export function committedAnswerModel(): AnswerModel {
  return (committed ??= parseAnswerModel(weightsFile));
}

/**
 * Each candidate's features in `featureNames` order, then for each of `behind` its value less the
 * most any of the candidates has: the fit (eval/fit.ts) and the bot weigh the same columns.
 */
export function withBehind(behind: readonly string[], candidates: number[][]): number[][] {
  if (behind.length === 0) return candidates;
  const at = behind.map((name) => featureNames.indexOf(name as FeatureName));
  const most = at.map((j) => Math.max(...candidates.map((features) => features[j]!)));
  return candidates.map((features) => [...features, ...at.map((j, k) => features[j]! - most[k]!)]);
}

/** The model's probability that each of a question's candidates is right, in their order. */
export function confidencesOf(model: AnswerModel, candidates: FeatureVector[]): number[] {
  return withBehind(model.behind, candidates.map(featureArray)).map((values) => {
    let z = model.bias;
    for (let i = 0; i < values.length; i++) z += (model.weights[i]! * (values[i]! - model.mean[i]!)) / model.scale[i]!;
    return 1 / (1 + Math.exp(-z));
  });
}

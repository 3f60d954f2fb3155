import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { questionProfile } from '../src/answer/profile';
import { answerCandidatesFor } from '../src/answer/extractive';
import { featureNames, type FeatureName } from '../src/answer/features';
import { plainQuestion, validateQuestion } from '../src/answer/question';
import { candidateRows, cachedCorpusIndex, type QuestionRows } from '../src/eval/candidates';
import {
  chooseThreshold,
  figuresOf,
  fitDefaults,
  fitWeights,
  foldsOf,
  pickAll,
  type FitSettings,
  type Pick,
  type Weights,
} from '../src/eval/fit';
import { Matrix, solve } from 'ml-matrix';
import { storyGroups } from '../src/eval/groups';
import { parseQuizLines, type QuizItem } from '../src/eval/quiz';
import { normaliseAnswer } from '../src/eval/squad';
import type { IndexSnapshot } from '../src/index/snapshot';
import { retrieve } from '../src/retrieve/retrieve';
import { correctSpelling } from '../src/retrieve/spelling';

/**
 * The model's wrong picks among candidates that hold a right one: the cross-validated figures of
 * the answer model (grouped folds over the show-news sets, the quiz scored by the model of both) and,
 * with --out, every question whose right candidate lost, with the winner, the right one, their
 * stating sentences and a first guess at the cause. The listing holds development questions: write
 * it under /tmp, never into the repository.
 *
 *   npx tsx bench/pick-misses.ts --shared /work/shared --rows /tmp/pick/rows-main [--out /tmp/pick/misses.txt]
 *
 * --rows keeps each set's candidate rows (collected once per code state: name a new folder after a
 * change to the features); --index keeps the corpus indexes, which no feature change touches.
 * Model-side trials reuse the rows: --drop fits without some features (an ablation), --variant
 * fits otherwise (on the questions with a right candidate only, on each question's first K
 * candidates, by weighted gradient descent or by Newton steps with --l2, --positive-weight,
 * --per-question), --interact adds the asked-kind flags times some features. The base variant
 * is `npm run train`'s fit over the show sets with the quiz held out and grouped by story (`npm run
 * train` now trains on the quiz too, grouped by week); "rank" is right picks among the questions
 * with a right candidate (threshold 0).
 */

const sets = [
  { name: 'show-2023', qa: 'eval/show-qa-2023.jsonl', corpus: 'corpus/news-2023.jsonl.gz', train: true },
  { name: 'show-2022', qa: 'eval/show-qa-2022.jsonl', corpus: 'corpus/news-2022.jsonl.gz', train: true },
  { name: 'news-quiz-2023', qa: 'eval/news-qa-2023.jsonl', corpus: 'corpus/news-2023.jsonl.gz', train: false },
];

interface Options {
  shared: string;
  rows: string;
  index: string;
  out?: string;
  steps: string;
  learningRate: string;
  drop?: string[];
  variant: string;
  l2: string;
  positiveWeight: string;
  perQuestion?: boolean;
  interact?: string[];
}

const program = new Command()
  .option('--shared <dir>', 'folder holding eval/ and corpus/', '/work/shared')
  .option('--rows <dir>', 'where the candidate rows of this code state are kept', path.join(os.tmpdir(), 'pick-rows'))
  .option('--index <dir>', 'where corpus indexes are kept', path.join(os.tmpdir(), 'pick-index'))
  .option('--out <file>', 'write every wrong pick that had a right candidate here')
  .option('--steps <n>', 'gradient steps of the gd variant', '400')
  .option('--learning-rate <x>', 'step size of the gd variant', '2')
  .option('--drop <features...>', 'fit without these features (weight 0)')
  .option('--variant <name>', 'base | right-only | top<K> | gd | newton', 'base')
  .option('--l2 <x>', 'L2 strength for gd / newton (per row, standardised features)', '0')
  .option('--positive-weight <x>', 'weight of a right candidate in gd / newton', '1')
  .option('--interact <features...>', 'add each asked-kind flag times each of these features (gd / newton)')
  .option('--per-question', 'gd / newton: every question weighs the same, whatever its candidates')
  .action(run);

interface Loaded {
  set: (typeof sets)[number];
  questions: QuizItem[];
  rows: QuestionRows[];
  index: () => Promise<IndexSnapshot>;
}

async function load(set: (typeof sets)[number], options: Options): Promise<Loaded> {
  const qaFile = path.join(options.shared, set.qa);
  const corpus = path.join(options.shared, set.corpus);
  const questions = parseQuizLines(await readFile(qaFile, 'utf8'), qaFile);
  let snapshot: IndexSnapshot | null = null;
  const index = async () => (snapshot ??= await cachedCorpusIndex(corpus, options.index));
  const cached = path.join(options.rows, `rows-${set.name}.json`);
  const previous = await readFile(cached, 'utf8').catch(() => null);
  if (previous !== null) return { set, questions, rows: JSON.parse(previous) as QuestionRows[], index };
  await mkdir(options.rows, { recursive: true });
  const groups = storyGroups(questions);
  process.stderr.write(`Collecting the candidates of ${set.name}…\n`);
  const rows = await candidateRows(
    { name: set.name, questions, corpus, group: (item) => groups.get(item.id)! },
    await index(),
  );
  await writeFile(cached, JSON.stringify(rows));
  return { set, questions, rows, index };
}

async function run(options: Options): Promise<void> {
  const settings: FitSettings = fitDefaults;
  const loaded: Loaded[] = [];
  for (const set of sets) loaded.push(await load(set, options));
  if (options.interact !== undefined) for (const l of loaded) l.rows = withInteractions(l.rows, options.interact);
  const training = loaded.filter((l) => l.set.train).flatMap((l) => l.rows);
  const unknown = (options.drop ?? []).filter((name) => !featureNames.includes(name as FeatureName));
  if (unknown.length > 0) throw new Error(`no feature is named ${unknown.join(', ')}`);
  const use = featureNames.map((name) => !(options.drop ?? []).includes(name));
  const fit = fitterOf(options, settings, use);
  const fold = foldsOf(training, settings.folds);
  const picks = new Array<Pick>(training.length);
  for (let k = 0; k < settings.folds; k++) {
    const weights = fit(training.filter((_, i) => fold[i] !== k));
    const testing = training.map((q, i) => [q, i] as const).filter(([, i]) => fold[i] === k);
    const picked = pickAll(
      testing.map(([q]) => q),
      weights,
    );
    testing.forEach(([, i], n) => (picks[i] = picked[n]!));
  }
  const threshold = chooseThreshold(picks, settings);
  const full = fit(training);
  const picksOf = (l: Loaded) =>
    l.set.train ? picks.filter((p) => p.question.set === l.set.name) : pickAll(l.rows, full);
  console.log(`threshold ${threshold.toFixed(2)}`);
  for (const l of loaded) {
    const own = picksOf(l);
    const f = figuresOf(own, threshold);
    const f0 = figuresOf(own, 0);
    const withRight = own.filter((p) => p.question.answerable && p.question.candidates.some((c) => c.exactMatch > 0));
    const rightPicks = withRight.filter((p) => p.best >= 0 && p.question.candidates[p.best]!.exactMatch > 0);
    let spread = '';
    if (l.set.train) {
      const foldEm = [...Array(settings.folds).keys()].map((k) =>
        figuresOf(
          own.filter((p) => fold[training.indexOf(p.question)] === k),
          threshold,
        ),
      );
      const ems = foldEm.map((x) => x.exactMatch);
      const mean = ems.reduce((a, b) => a + b, 0) / ems.length;
      const sd = Math.sqrt(ems.reduce((a, b) => a + (b - mean) ** 2, 0) / (ems.length - 1));
      spread = `, fold sd ${sd.toFixed(3)} (s.e. ${(sd / Math.sqrt(ems.length)).toFixed(3)})`;
    }
    console.log(
      `${l.set.name}: EM ${f.exactMatch.toFixed(3)}, F1 ${f.f1.toFixed(3)}, RWS ${f.rightWhenShown.toFixed(3)} (${f.shown}), ans.decl ${f.answerableDeclined.toFixed(3)}, unans.decl ${f.unanswerableDeclined}/${f.unanswerable}, gold ${f.goldCited.toFixed(3)}; @0 EM ${f0.exactMatch.toFixed(3)}; rank ${rightPicks.length}/${withRight.length}${spread}`,
    );
  }
  if (options.out !== undefined) await writeMisses(loaded, picksOf, options.out);
}

/** The asked-kind flags of the feature list ("askedPerson", "askedDate", …). */
const askedFlags: FeatureName[] = featureNames.filter((name) => name.startsWith('asked'));

/** Each asked-kind flag times each named feature, appended to every candidate's features. */
function withInteractions(rows: QuestionRows[], names: string[]): QuestionRows[] {
  return rows.map((q) => ({
    ...q,
    candidates: q.candidates.map((c) => ({
      ...c,
      features: [
        ...c.features,
        ...askedFlags.flatMap((flag) =>
          names.map((name) => c.features[at(flag)]! * c.features[at(name as FeatureName)]!),
        ),
      ],
    })),
  }));
}

const hasRight = (q: QuestionRows) => q.candidates.some((c) => c.exactMatch > 0);

/** The model fitting tried: the library's logistic regression on all or some rows, or a weighted / L2 one. */
function fitterOf(options: Options, settings: FitSettings, use: boolean[]): (rows: QuestionRows[]) => Weights {
  const { variant } = options;
  if (variant === 'base') return (rows) => fitWeights(rows, settings, use);
  if (variant === 'right-only') return (rows) => fitWeights(rows.filter(hasRight), settings, use);
  const top = /^top(\d+)$/.exec(variant);
  if (top !== null)
    return (rows) =>
      fitWeights(
        rows.map((q) => ({ ...q, candidates: q.candidates.slice(0, Number(top[1])) })),
        settings,
        use,
      );
  if (variant === 'gd' || variant === 'newton')
    return (rows) =>
      weightedFit(rows, use, {
        newton: variant === 'newton',
        l2: Number(options.l2),
        positiveWeight: Number(options.positiveWeight),
        perQuestion: options.perQuestion === true,
        steps: Number(options.steps),
        learningRate: Number(options.learningRate),
      });
  throw new Error(`no variant ${variant}`);
}

function weightedFit(
  questions: QuestionRows[],
  use: boolean[],
  o: { newton: boolean; l2: number; positiveWeight: number; perQuestion: boolean; steps: number; learningRate: number },
): Weights {
  const width = questions[0]?.candidates[0]?.features.length ?? featureNames.length;
  const all = questions.flatMap((q) => q.candidates);
  const base = { mean: new Array<number>(width).fill(0), scale: new Array<number>(width).fill(1) };
  for (let j = 0; j < width; j++) {
    const values = all.map((c) => c.features[j]!);
    const m = values.reduce((a, b) => a + b, 0) / (values.length || 1);
    base.mean[j] = m;
    base.scale[j] = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length || 1)) || 1;
  }
  const used = [...Array(width).keys()].filter((j) => use[j] ?? true);
  const rows = questions.flatMap((q) => q.candidates.map((c) => ({ c, n: q.candidates.length })));
  const x = rows.map(({ c }) => [1, ...used.map((j) => (c.features[j]! - base.mean[j]!) / base.scale[j]!)]);
  const y = rows.map(({ c }) => (c.exactMatch > 0 ? 1 : 0));
  const w = rows.map(({ n }, i) => (y[i] === 1 ? o.positiveWeight : 1) * (o.perQuestion ? 6074 / 340 / n : 1));
  const total = w.reduce((a, b) => a + b, 0);
  const d = used.length + 1;
  let beta = new Array<number>(d).fill(0);
  const iterations = o.newton ? 30 : o.steps;
  for (let step = 0; step < iterations; step++) {
    const p = x.map((row) => 1 / (1 + Math.exp(-row.reduce((z, v, k) => z + v * beta[k]!, 0))));
    const gradient = new Array<number>(d).fill(0);
    for (let i = 0; i < x.length; i++)
      for (let k = 0; k < d; k++) gradient[k] = gradient[k]! + (w[i]! * (y[i]! - p[i]!) * x[i]![k]!) / total;
    for (let k = 1; k < d; k++) gradient[k] = gradient[k]! - o.l2 * beta[k]!;
    if (!o.newton) {
      beta = beta.map((b, k) => b + o.learningRate * gradient[k]!);
      continue;
    }
    const hessian = Matrix.zeros(d, d);
    for (let i = 0; i < x.length; i++) {
      const s = (w[i]! * p[i]! * (1 - p[i]!)) / total;
      for (let a = 0; a < d; a++)
        for (let b = 0; b < d; b++) hessian.set(a, b, hessian.get(a, b) + s * x[i]![a]! * x[i]![b]!);
    }
    for (let k = 1; k < d; k++) hessian.set(k, k, hessian.get(k, k) + o.l2);
    const delta = solve(hessian, Matrix.columnVector(gradient)).to1DArray();
    beta = beta.map((b, k) => b + delta[k]!);
  }
  const weights = new Array<number>(width).fill(0);
  used.forEach((j, k) => (weights[j] = beta[k + 1]!));
  return { mean: base.mean, scale: base.scale, weights, bias: beta[0]!, behind: [] };
}

const at = (name: FeatureName) => featureNames.indexOf(name);
const shownFeatures: FeatureName[] = [
  'logVotes',
  'kindFit',
  'articles',
  'bestSentence',
  'sentenceRank',
  'nearness',
  'closeness',
  'fillsWanted',
  'fillsOther',
  'statesRelation',
  'bestArticle',
  'inHeadline',
];

const words = (text: string) => normaliseAnswer(text, ' ').split(' ').filter(Boolean);

/** A first guess at why the right candidate lost: checked by reading the listing. */
function cause(question: string, picked: string, right: string, q: QuestionRows, best: number, r: number): string {
  const pw = words(picked);
  const rw = words(right);
  const qw = new Set(words(question));
  const p = q.candidates[best]!.features;
  const g = q.candidates[r]!.features;
  if (pw.every((w) => rw.includes(w))) return 'fragment of the right answer';
  if (rw.every((w) => pw.includes(w))) return 'the right answer and more';
  if (q.candidates.filter((c) => c.exactMatch > 0).length > 1) return 'right answer split over forms';
  if (pw.some((w) => qw.has(w) && w.length > 2)) return "shares the question's words";
  const digits = (t: string) => /\d/.test(t);
  if (digits(picked) !== digits(right)) return 'wrong kind (digits)';
  if (p[at('sentenceRank')]! > g[at('sentenceRank')]!) return 'from a better-ranked sentence';
  if (p[at('sentenceRank')]! === g[at('sentenceRank')]!) return 'same sentence, other span';
  return 'from a weaker sentence';
}

async function writeMisses(loaded: Loaded[], picksOf: (l: Loaded) => Pick[], out: string): Promise<void> {
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const l of loaded) {
    const byId = new Map(l.questions.map((q) => [q.id, q]));
    const index = await l.index();
    for (const { question: q, best } of picksOf(l)) {
      const r = q.candidates.findIndex((c) => c.exactMatch > 0);
      if (r < 0 || best < 0 || q.candidates[best]!.exactMatch > 0) continue;
      const item = byId.get(q.id)!;
      const picked = q.candidates[best]!;
      const right = q.candidates[r]!;
      const why = cause(item.question, picked.text, right.text, q, best, r);
      const key = `${l.set.name}: ${why}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const asked = validateQuestion(item.question);
      const searchFor = correctSpelling(plainQuestion(asked) || asked, index).text;
      const profile = questionProfile(searchFor, index, item.questionDate);
      const retrieval = await retrieve(index, null, searchFor, { asOf: profile.asOf, weights: profile.searchWeights });
      const found = answerCandidatesFor(profile, retrieval);
      const sentenceOf = (text: string) => {
        const c = found.candidates.find((x) => x.text === text);
        const e = c === undefined ? undefined : found.evidence[c.sentences[0]!];
        return e === undefined ? '?' : `${e.headline ? '[headline] ' : ''}${e.text}`;
      };
      const feats = (i: number) =>
        shownFeatures.map((n) => `${n} ${q.candidates[i]!.features[at(n)]!.toFixed(2)}`).join(', ');
      lines.push(
        `## ${l.set.name} ${q.id} [${q.type}] ${why}`,
        `Q: ${item.question}   gold: ${item.answers.join(' | ')}`,
        `picked #${best}: ${picked.text}  (${feats(best)})`,
        `   ${sentenceOf(picked.text)}`,
        `right  #${r}: ${right.text}  (${feats(r)})`,
        `   ${sentenceOf(right.text)}`,
        `others: ${q.candidates
          .slice(0, 6)
          .map((c) => c.text)
          .join(' | ')}`,
        '',
      );
    }
  }
  const summary = [...counts].sort().map(([k, n]) => `${String(n).padStart(4)}  ${k}`);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${summary.join('\n')}\n\n${lines.join('\n')}`);
  console.log(summary.join('\n'));
}

await program.parseAsync();

import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import type { QuestionRows } from '../src/eval/candidates';
import { featureNames, type FeatureName } from '../src/answer/features';
import { chooseThreshold, figuresOf, fitDefaults, outOfFoldPicks, type FitSettings, type Pick } from '../src/eval/fit';

/**
 * The cross-validated figures of `npm run train -- --report` over several dealings of the same
 * groups into folds, and their mean: the fold dealing alone moves a show set by a question or two
 * and its unanswerable declines by two, so a change near the spread is judged on the mean. Dealing 0
 * is the one `npm run train` uses; dealing k > 0 salts every group's name with k, which reorders the
 * groups' hashes and so deals them anew. The threshold is chosen per dealing, as training does; the
 * figures at a fixed threshold are printed beside them, since a change that lifts EM only by lowering
 * the chosen threshold buys it with unanswerable declines. "Right picks" counts questions whose best
 * candidate is right whatever the threshold: how well the model ranks, apart from when it declines.
 * It is printed per dealing too: the dealings are the same for any rows of the same questions, so two
 * rows dirs (with and without a feature) compare dealing by dealing, a paired reading of a small change.
 * Reads the candidate rows `npm run train` caches (rows-*.json below --cache/code-…/); nothing is written.
 *
 * Fit-time variants over the same rows (`fitDefaults` otherwise): --l2, --quiz-share (the news
 * quiz's `setShares`), --behind (the features also weighed as their value less the question's most,
 * comma-separated, or "none").
 *
 *   npx tsx bench/dealings.ts <rows dir> [--dealings 6] [--threshold 0.15] [--l2 x] [--quiz-share x] [--behind a,b|none]
 */

interface Options {
  dealings: string;
  threshold: string;
  l2?: string;
  quizShare?: string;
  behind?: string;
}

const program = new Command()
  .argument('<rows>', 'folder holding the rows-<set>-….json files of one build')
  .option('--dealings <n>', 'fold dealings to average', '6')
  .option('--threshold <t>', 'fixed threshold the figures are also given at', '0.15')
  .option('--l2 <x>', 'L2 penalty on the shared weights (fitDefaults.l2 otherwise)')
  .option('--quiz-share <x>', "the news quiz's share of the fit (fitDefaults.setShares otherwise)")
  .option('--behind <list>', 'features weighed less the question\'s most too, comma-separated, or "none"')
  .action(run);

async function run(rowsDir: string, options: Options): Promise<void> {
  const files = (await readdir(rowsDir)).filter((f) => f.startsWith('rows-') && f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no rows-*.json in ${rowsDir}`);
  const rows: QuestionRows[] = [];
  for (const file of files)
    rows.push(...(JSON.parse(await readFile(path.join(rowsDir, file), 'utf8')) as QuestionRows[]));
  // Rows of other code (another feature list) would score as NaN without a word: refused instead.
  const stale = rows.find((q) => q.candidates.some((c) => c.features.length !== featureNames.length));
  if (stale)
    throw new Error(
      `${rowsDir} holds rows of ${stale.candidates[0]!.features.length} features, this code has ${featureNames.length}: collect them again with npm run train`,
    );
  const sets = [...new Set(rows.map((q) => q.set))];
  const fixed = Number(options.threshold);
  const settings: FitSettings = {
    ...fitDefaults,
    l2: options.l2 === undefined ? fitDefaults.l2 : Number(options.l2),
    setShares:
      options.quizShare === undefined
        ? fitDefaults.setShares
        : { ...fitDefaults.setShares, 'news-quiz-2023': Number(options.quizShare) },
    behind: options.behind === undefined ? fitDefaults.behind : behindOf(options.behind),
  };
  console.log(
    `l2 ${settings.l2}, shares ${JSON.stringify(settings.setShares)}, behind ${settings.behind.join(',') || 'none'}`,
  );
  const bySet = new Map<string, number[][]>(sets.map((set) => [set, []]));
  const thresholds: number[] = [];
  for (let dealing = 0; dealing < Number(options.dealings); dealing++) {
    const dealt = dealing === 0 ? rows : rows.map((q) => ({ ...q, group: `${dealing}:${q.group}` }));
    const { picks } = outOfFoldPicks(dealt, settings);
    const threshold = chooseThreshold(picks, settings);
    thresholds.push(threshold);
    for (const set of sets) {
      const own = picks.filter((p) => p.question.set === set);
      const [chosen, atFixed] = [figuresOf(own, threshold), figuresOf(own, fixed)];
      bySet
        .get(set)!
        .push([
          chosen.exactMatch,
          chosen.f1,
          chosen.rightWhenShown,
          chosen.unanswerableDeclined,
          atFixed.exactMatch,
          atFixed.rightWhenShown,
          atFixed.unanswerableDeclined,
          rightPicks(own),
        ]);
    }
  }
  console.log(`thresholds by dealing: ${thresholds.map((t) => t.toFixed(2)).join(' ')}`);
  for (const set of sets) {
    const figures = bySet.get(set)!;
    const mean = (i: number) => figures.reduce((sum, f) => sum + f[i]!, 0) / figures.length;
    const answerable = rows.filter((q) => q.set === set && q.hasAnswer);
    const ceiling = answerable.filter((q) => q.candidates.some((c) => c.exactMatch > 0)).length;
    const n = (x: number) => x.toFixed(3);
    console.log(
      `${set}: EM ${n(mean(0))}, F1 ${n(mean(1))}, right when shown ${n(mean(2))}, unanswerable declined ${mean(3).toFixed(1)}` +
        ` | at ${fixed.toFixed(2)}: EM ${n(mean(4))}, right when shown ${n(mean(5))}, unanswerable declined ${mean(6).toFixed(1)}` +
        ` | right picks ${mean(7).toFixed(1)} | ceiling ${ceiling}/${answerable.length} (${n(ceiling / (answerable.length || 1))})` +
        ` | EM by dealing ${figures.map((f) => n(f[0]!)).join(' ')}` +
        ` | right picks by dealing ${figures.map((f) => f[7]!).join(' ')}`,
    );
  }
}

/** "bestArticle,closeness" as feature names; "none" for none. */
function behindOf(list: string): FeatureName[] {
  const names = list === 'none' ? [] : list.split(',');
  const unknown = names.filter((name) => !featureNames.includes(name as FeatureName));
  if (unknown.length > 0) throw new Error(`no feature is named ${unknown.join(', ')}`);
  return names as FeatureName[];
}

/** Answerable questions whose best candidate is right, at threshold 0. */
function rightPicks(picks: Pick[]): number {
  return picks.filter((p) => p.question.answerable && p.best >= 0 && p.question.candidates[p.best]!.exactMatch > 0)
    .length;
}

await program.parseAsync();

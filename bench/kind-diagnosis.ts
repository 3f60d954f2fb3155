import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { answerShape } from '../src/answer/answer-type';
import { analyzeQuestion } from '../src/answer/question';
import type { QuestionRows } from '../src/eval/candidates';
import { chooseThreshold, fitDefaults, outOfFoldPicks } from '../src/eval/fit';
import { parseQuizLines } from '../src/eval/quiz';

/**
 * What kind of answer the bot reads a question as asking for, against the `type` the show-news
 * sets give it: a table of the set's type by the bot's kind (answer-type.ts's `expected` and
 * question.ts's `kind`), with the out-of-fold picks' right answers in each cell. Reads the
 * candidate rows `npm run train` cached (--rows, the folder `code-…` under its cache); with --list
 * it prints every question whose kind and type disagree. Print to the terminal or /tmp only: the
 * questions stay in the shared folder.
 *
 *   npx tsx bench/kind-diagnosis.ts --shared /work/shared --rows /tmp/answer-train/code-… [--list]
 */

const sets = [
  { name: 'show-2023', qa: 'eval/show-qa-2023.jsonl' },
  { name: 'show-2022', qa: 'eval/show-qa-2022.jsonl' },
];

/** The bot's kinds each set type is answered by; any other is a confusion. */
const fits: Record<string, string[]> = {
  person: ['person'],
  date: ['date'],
  number: ['number'],
  org: ['organization', 'name'],
  title: ['name'],
  place: ['place'],
};

interface Options {
  shared: string;
  rows: string;
  list?: boolean;
}

const program = new Command()
  .requiredOption('--rows <dir>', 'folder of the candidate rows npm run train cached')
  .option('--shared <dir>', 'folder holding eval/', '/work/shared')
  .option('--list', 'print every question whose kind and type disagree')
  .action(run);

async function run(options: Options): Promise<void> {
  const { readdir } = await import('node:fs/promises');
  const files = await readdir(options.rows);
  const rows: QuestionRows[] = [];
  for (const set of sets) {
    const file = files.find((f) => f.startsWith(`rows-${set.name}-`));
    if (file === undefined) throw new Error(`no rows of ${set.name} in ${options.rows}`);
    rows.push(...(JSON.parse(await readFile(path.join(options.rows, file), 'utf8')) as QuestionRows[]));
  }
  const { picks } = outOfFoldPicks(rows, fitDefaults);
  const threshold = chooseThreshold(picks, fitDefaults);
  const rightOf = new Map(
    picks.map((p) => [
      `${p.question.set}:${p.question.id}`,
      p.best >= 0 && p.confidence >= threshold && p.question.candidates[p.best]!.exactMatch > 0,
    ]),
  );
  const cells = new Map<string, { n: number; right: number }>();
  for (const set of sets) {
    const file = path.join(options.shared, set.qa);
    for (const item of parseQuizLines(await readFile(file, 'utf8'), file)) {
      const type = item.type ?? 'unknown';
      if (type === 'unanswerable') continue;
      const shape = answerShape(item.question);
      const kind = analyzeQuestion(item.question).kind;
      const right = rightOf.get(`${set.name}:${item.id}`) ?? false;
      const key = `${type} → ${shape.expected}`;
      const cell = cells.get(key) ?? { n: 0, right: 0 };
      cells.set(key, { n: cell.n + 1, right: cell.right + (right ? 1 : 0) });
      if (options.list && !(fits[type] ?? []).includes(shape.expected))
        console.log(
          `${set.name} ${item.id} [${type} → ${shape.expected}/${kind} focus ${shape.focus}] ${right ? 'RIGHT' : 'wrong'} ${item.question} ⇒ ${item.answers[0]}`,
        );
    }
  }
  console.log('\nset type → bot kind: questions (right out of fold)');
  for (const [key, cell] of [...cells].sort((a, b) => a[0].localeCompare(b[0])))
    console.log(`  ${key.padEnd(28)} ${String(cell.n).padStart(4)} (${cell.right})`);
}

await program.parseAsync();

import { readFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { evaluate } from '../eval/run';
import { formatScoreTable, scoresJson } from '../eval/format';
import { parseQaFile, QaFileError, shortfalls, totalScores, type QaItem } from '../eval/score';
import { exitWith, openCliEngine } from './open-engine';
import { describeError } from '../errors';

const defaultQaFile = 'test/fixtures/eval/sample-qa.json';

function fraction(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new InvalidArgumentError('expected a fraction between 0 and 1, e.g. 0.8');
  }
  return number;
}

interface EvalOptions {
  qa: string;
  json?: boolean;
  minAnswer: number;
  minSource: number;
  minAbstain: number;
}

const program = new Command()
  .name('eval')
  .description('Ask every question of a question file and score answers, cited sources and abstentions.')
  .option('--qa <file>', 'question file (format of test/fixtures/eval/sample-qa.json)', defaultQaFile)
  .option('--json', 'print {totals, items} as JSON')
  .option('--min-answer <fraction>', 'exit 1 when the answer score is below this (0..1)', fraction, 0)
  .option('--min-source <fraction>', 'exit 1 when the source score is below this (0..1)', fraction, 0)
  .option('--min-abstain <fraction>', 'exit 1 when the abstention score is below this (0..1)', fraction, 0)
  .showHelpAfterError()
  .exitOverride()
  .action(async (options: EvalOptions) => {
    // The file is checked before the index is opened: a typo is reported at once, not after a build.
    const items = await readItems(options.qa);
    const { engine } = await openCliEngine({ quiet: true });
    try {
      const scores = await evaluate(engine, items);
      const totals = totalScores(scores);
      process.stdout.write(`${options.json ? scoresJson(scores, totals) : formatScoreTable(scores, totals)}\n`);
      const missed = shortfalls(totals, { answer: options.minAnswer, source: options.minSource, abstain: options.minAbstain });
      if (missed.length > 0) {
        process.stderr.write(`${missed.join('\n')}\n`);
        process.exitCode = 1;
      }
    } finally {
      await engine.close();
    }
  });

async function readItems(file: string): Promise<QaItem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    exitWith(`Cannot read the question file ${file}: ${describeError(error)}`, 2);
  }
  try {
    return parseQaFile(text, file);
  } catch (error) {
    if (error instanceof QaFileError) exitWith(error.message, 2);
    throw error;
  }
}

try {
  await program.parseAsync();
} catch (error) {
  // Commander has already printed its message; help and version are not errors.
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  throw error;
}

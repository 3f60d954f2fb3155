import { readFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { evaluate, evaluateQuiz } from '../eval/run';
import { formatQuizTable, formatScoreTable, quizJson, scoresJson } from '../eval/format';
import { QaFileError, shortfalls, totalScores } from '../eval/score';
import { totalQuizScores, totalsByType } from '../eval/quiz';
import { parseQuestionFile, type QuestionSet } from '../eval/question-file';
import { CorpusPathError, openCorpusEngine } from '../eval/corpus-engine';
import type { Engine } from '../engine';
import { downloadProgressBar } from '../index/download-progress';
import { loadConfigOrExit } from '../startup';
import { exitWith, openCliEngine } from './open-engine';
import { cliLogger } from './logger';
import { countProgressBar, reindexProgressBar } from './progress';
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
  articles?: string;
  json?: boolean;
  minAnswer: number;
  minSource: number;
  minAbstain: number;
}

interface EvalSession {
  engine: Engine;
  /** Articles in the temporary index, null over the configured index. */
  articles: number | null;
  close(): Promise<void>;
}

const program = new Command()
  .name('eval')
  .description('Ask every question of a question file and score the answers, cited sources, abstentions and retrieval.')
  .option(
    '--qa <file>',
    'question file: the sample form (test/fixtures/eval/sample-qa.json) or news-quiz JSONL',
    defaultQaFile,
  )
  .option(
    '--articles <file-or-folder>',
    'ask over a temporary index of this folder or .jsonl/.jsonl.gz corpus instead of INDEX_DIR',
  )
  .option('--json', 'print {totals, items} as JSON')
  .option('--min-answer <fraction>', 'sample form: exit 1 when the answer score is below this (0..1)', fraction, 0)
  .option('--min-source <fraction>', 'sample form: exit 1 when the source score is below this (0..1)', fraction, 0)
  .option('--min-abstain <fraction>', 'sample form: exit 1 when the abstention score is below this (0..1)', fraction, 0)
  .showHelpAfterError()
  .exitOverride()
  .action(async (options: EvalOptions) => {
    // The file is checked before the index is opened: a typo is reported at once, not after a build.
    const set = await readQuestionSet(options.qa);
    const gates = (['minAnswer', 'minSource', 'minAbstain'] as const).filter(
      (key) => program.getOptionValueSource(key) === 'cli',
    );
    if (set.kind === 'quiz' && gates.length > 0) {
      exitWith(
        '--min-answer, --min-source and --min-abstain score sample-form question files, not news-quiz JSONL.',
        2,
      );
    }
    const session = options.articles === undefined ? await configuredSession() : await corpusSession(options.articles);
    try {
      if (set.kind === 'quiz') {
        const progress = countProgressBar('asking');
        const scores = await evaluateQuiz(session.engine, set.items, progress.update).finally(progress.stop);
        const totals = totalQuizScores(scores);
        const kinds = totalsByType(scores);
        const retrieval =
          session.engine.embeddingModel === null ? 'lexical' : `hybrid (${session.engine.embeddingModel})`;
        process.stdout.write(
          `${options.json ? quizJson(scores, totals, kinds) : formatQuizTable(totals, { retrieval, articles: session.articles }, kinds)}\n`,
        );
        return;
      }
      const progress = countProgressBar('asking');
      const scores = await evaluate(session.engine, set.items, progress.update).finally(progress.stop);
      const totals = totalScores(scores);
      process.stdout.write(`${options.json ? scoresJson(scores, totals) : formatScoreTable(scores, totals)}\n`);
      const missed = shortfalls(totals, {
        answer: options.minAnswer,
        source: options.minSource,
        abstain: options.minAbstain,
      });
      if (missed.length > 0) {
        process.stderr.write(`${missed.join('\n')}\n`);
        process.exitCode = 1;
      }
    } finally {
      await session.close();
    }
  });

async function readQuestionSet(file: string): Promise<QuestionSet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    exitWith(`Cannot read the question file ${file}: ${describeError(error)}`, 2);
  }
  try {
    return parseQuestionFile(text, file);
  } catch (error) {
    if (error instanceof QaFileError) exitWith(error.message, 2);
    throw error;
  }
}

async function configuredSession(): Promise<EvalSession> {
  const { engine } = await openCliEngine({ quiet: true });
  return { engine, articles: null, close: () => engine.close() };
}

/** A temporary index of `source`, built with progress on stderr; the configured index is not touched. */
async function corpusSession(source: string): Promise<EvalSession> {
  const config = loadConfigOrExit();
  const log = cliLogger(config, true);
  const download = downloadProgressBar();
  const build = reindexProgressBar({ drawWithoutTty: true });
  try {
    const corpus = await openCorpusEngine(config, source, {
      log,
      onDownloadProgress: download.onDownloadProgress,
      onProgress: build.onProgress,
    });
    build.stop();
    const untitled = corpus.untitled > 0 ? ` (untitled: ${corpus.untitled})` : '';
    process.stderr.write(
      `Indexed ${corpus.articles} articles${untitled} from ${source}${skippedSummary(corpus.skipped)}\n`,
    );
    return { engine: corpus.engine, articles: corpus.articles, close: () => corpus.close() };
  } catch (error) {
    if (error instanceof CorpusPathError) exitWith(error.message, 2);
    throw error;
  } finally {
    download.stop();
    build.stop();
  }
}

/** "; 12 skipped (missing text: 10, duplicate: 2)", grouped by the reason's kind. */
function skippedSummary(skipped: { reason: string }[]): string {
  if (skipped.length === 0) return '';
  const kinds = new Map<string, number>();
  for (const { reason } of skipped) {
    const kind = reason
      .replace(/^(line|record) \d+: /, '')
      .replace(/ of .*$/, '')
      .split(':')[0]!;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const parts = [...kinds.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, count]) => `${kind}: ${count}`);
  return `; ${skipped.length} skipped (${parts.join(', ')})`;
}

try {
  await program.parseAsync();
} catch (error) {
  // Commander has already printed its message; help and version are not errors.
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  throw error;
}

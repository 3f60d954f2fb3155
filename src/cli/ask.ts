import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { QuestionError } from '../errors';
import type { Engine } from '../engine';
import { parseDay, today, type Day } from '../day';
import { answerJson, formatAnswer } from './format';
import { terminalJson, terminalText } from './terminal-text';
import { parseInputLine } from './ask-input';
import { exitWith, openCliEngine } from './open-engine';
import { EMPTY_QUESTION } from '../messages';

const program = new Command()
  .name('ask')
  .description(
    'Answer a question from the indexed articles, with numbered sources. Use - to read one question per line from standard input (prints JSON lines); a line may be {"question": "...", "asOf": "YYYY-MM-DD"}.',
  )
  .argument('<question>', 'the question, or - for standard input')
  .option('--json', 'print {question, short, answer, abstained, mode, citations, disagreement, timings} as JSON')
  .option(
    '--as-of <date>',
    'answer as of this day (YYYY-MM-DD): articles published after it are not used (default: today, as the bot asks)',
  )
  .showHelpAfterError()
  .action(async (question: string, options: { json?: boolean; asOf?: string }) => {
    // As of today unless told otherwise, as the bot asks. A bad date is refused before the index
    // is opened, like a blank question.
    const asOf = options.asOf === undefined ? today() : parseDay(options.asOf);
    if (asOf === null) exitWith(`--as-of "${options.asOf}" is not a date; give it as YYYY-MM-DD, e.g. 2023-01-05.`, 2);
    const { engine } = await openCliEngine({ quiet: options.json === true || question === '-' });
    try {
      if (question === '-') await answerStdin(engine, asOf);
      else await answerOne(engine, question, options.json === true, asOf);
    } finally {
      await engine.close();
    }
  });

async function answerOne(engine: Engine, question: string, json: boolean, asOf: Day): Promise<void> {
  let streamed = '';
  try {
    const answer = await engine.ask(question, {
      asOf,
      onPartial: json
        ? undefined
        : (text) => {
            // Print only what is new, as the model writes it; the verified answer follows.
            const shown = terminalText(text);
            if (shown.startsWith(streamed)) process.stdout.write(shown.slice(streamed.length));
            streamed = shown;
          },
    });
    if (json) process.stdout.write(`${answerJson(answer)}\n`);
    else {
      if (streamed) process.stdout.write('\n\n--- verified answer ---\n');
      process.stdout.write(`${formatAnswer(answer)}\n`);
    }
  } catch (error) {
    if (error instanceof QuestionError) exitWith(error.message, 2);
    throw error;
  }
}

/** One JSON object per input line; a bad question or line gets an error object instead of ending the run. */
async function answerStdin(engine: Engine, defaultAsOf: Day): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const input = parseInputLine(line, defaultAsOf);
    if ('error' in input) {
      process.stdout.write(`${terminalJson(input)}\n`);
      continue;
    }
    try {
      process.stdout.write(`${answerJson(await engine.ask(input.question, { asOf: input.asOf }))}\n`);
    } catch (error) {
      if (!(error instanceof QuestionError)) throw error;
      process.stdout.write(`${terminalJson({ question: input.question, error: error.message })}\n`);
    }
  }
}

// Reject a blank question before the index is opened: the person learns at once, not after a build.
const first = process.argv[2];
if (first !== undefined && first.trim() === '') exitWith(EMPTY_QUESTION, 2);
await program.parseAsync();
// The openai client may still be sleeping out a long retry-after the engine already gave up on.
process.exit(0);

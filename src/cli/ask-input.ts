import { z } from 'zod';
import { describeError } from '../errors';

/** One line of `npm run ask -- -`: a question to ask (as of a day, perhaps), or why the line is not one. */
export type InputLine = { question: string; asOf?: string } | { question: string; error: string };

const questionObject = z.object({
  question: z.string({ error: 'needs "question" as a string' }),
  asOf: z.string({ error: '"asOf" must be a date string YYYY-MM-DD' }).optional(),
});

/**
 * A line is plain question text, or a JSON object `{"question": "...", "asOf": "YYYY-MM-DD"}` when it
 * starts with `{`. `defaultAsOf` (from `--as-of`) applies to lines that give no date of their own.
 */
export function parseInputLine(line: string, defaultAsOf?: string): InputLine {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return { question: line, ...(defaultAsOf ? { asOf: defaultAsOf } : {}) };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { question: line, error: `A line starting with { must be a JSON object: ${describeError(error)}` };
  }
  const parsed = questionObject.safeParse(value);
  if (!parsed.success) {
    return { question: line, error: `A JSON line ${parsed.error.issues.map((issue) => issue.message).join('; ')}` };
  }
  const asOf = parsed.data.asOf ?? defaultAsOf;
  return { question: parsed.data.question, ...(asOf ? { asOf } : {}) };
}

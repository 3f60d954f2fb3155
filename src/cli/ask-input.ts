import { z } from 'zod';
import { describeError } from '../errors';
import { parseDay, type Day } from '../day';

/** One line of `npm run ask -- -`: a question to ask as of a day, or why the line is not one. */
export type InputLine = { question: string; asOf: Day } | { question: string; error: string };

const questionObject = z.object({
  question: z.string({ error: 'needs "question" as a string' }),
  asOf: z
    .string({ error: '"asOf" must be a date string YYYY-MM-DD' })
    .transform((value, context) => {
      const day = parseDay(value);
      if (day === null) context.addIssue({ code: 'custom', message: `"asOf" "${value}" is not a date YYYY-MM-DD` });
      return day ?? z.NEVER;
    })
    .optional(),
});

/**
 * A line is plain question text, or a JSON object `{"question": "...", "asOf": "YYYY-MM-DD"}` when it
 * starts with `{`. `defaultAsOf` (from `--as-of`, else today) applies to lines that give no date of their own.
 */
export function parseInputLine(line: string, defaultAsOf: Day): InputLine {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return { question: line, asOf: defaultAsOf };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { question: line, error: `A line starting with { must be a JSON object: ${describeError(error)}` };
  }
  const parsed = questionObject.safeParse(value);
  if (!parsed.success) {
    // A question with a bad date is named by its question, as its answer would have been.
    const question = (value as { question?: unknown } | null)?.question;
    return {
      question: typeof question === 'string' ? question : line,
      error: `A JSON line ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
    };
  }
  return { question: parsed.data.question, asOf: parsed.data.asOf ?? defaultAsOf };
}

import { parseQaFile, type QaItem } from './score';
import { parseQuizLines, type QuizItem } from './quiz';

/** A question file in either form `npm run eval --qa` reads. */
export type QuestionSet = { kind: 'sample'; items: QaItem[] } | { kind: 'quiz'; items: QuizItem[] };

/**
 * Tells the two forms apart by the first line: news-quiz JSONL starts with a whole question object,
 * a sample file (test/fixtures/eval/sample-qa.json) is one JSON document with `items`.
 */
export function parseQuestionFile(text: string, label = 'question file'): QuestionSet {
  return startsWithQuizLine(text)
    ? { kind: 'quiz', items: parseQuizLines(text, label) }
    : { kind: 'sample', items: parseQaFile(text, label) };
}

function startsWithQuizLine(text: string): boolean {
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (first === undefined) return false;
  let value: unknown;
  try {
    value = JSON.parse(first);
  } catch {
    return false; // not a one-line object: the sample form, whose parser names the problem
  }
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && 'question' in value && !('items' in value)
  );
}

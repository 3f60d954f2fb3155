import type { Answer } from '../answer/types';
import { terminalJson, terminalText as t } from './terminal-text';
import { disagreementText, withoutDisagreementText } from '../answer/disagreement-answer';

/**
 * The answer as a person reads it in a terminal: the text, then numbered sources with the quoted
 * sentence. Every part articles or a model wrote is made inert for the terminal first.
 */
export function formatAnswer(answer: Answer): string {
  // Outlets that disagree close the answer on a line of their own, whichever mode wrote it.
  const lines = [t(withoutDisagreementText(answer.answer, answer.disagreement))];
  if (answer.disagreement) lines.push('', t(disagreementText(answer.disagreement)));
  if (answer.searchedFor) lines.push('', `Searched for: ${t(answer.searchedFor)}`);
  if (answer.note) lines.push('', `Note: ${t(answer.note)}`);
  if (answer.citations.length > 0) {
    lines.push('', 'Sources:');
    for (const c of answer.citations) {
      const date = c.published ? ` (${c.published})` : '';
      lines.push(`[${c.n}] ${t(c.outlet)}: "${t(c.title)}"${t(date)}`);
      if (c.url) lines.push(`    ${t(c.url)}`);
      lines.push(`    “${t(c.quote)}”`);
    }
  }
  return lines.join('\n');
}

/** The `--json` shape: stable keys for scripts, one object per question. */
export function answerJson(answer: Answer): string {
  const {
    question,
    short,
    answer: text,
    abstained,
    mode,
    citations,
    timings,
    note,
    searchedFor,
    disagreement,
  } = answer;
  return terminalJson({
    question,
    short,
    answer: text,
    abstained,
    mode,
    ...(note ? { note } : {}),
    ...(searchedFor ? { searchedFor } : {}),
    citations,
    ...(disagreement ? { disagreement } : {}),
    timings,
  });
}

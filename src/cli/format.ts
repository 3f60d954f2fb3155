import type { Answer } from '../answer/types';

/** The answer as a person reads it in a terminal: the text, then numbered sources with the quoted sentence. */
export function formatAnswer(answer: Answer): string {
  const lines = [answer.answer];
  if (answer.searchedFor) lines.push('', `Searched for: ${answer.searchedFor}`);
  if (answer.note) lines.push('', `Note: ${answer.note}`);
  if (answer.citations.length > 0) {
    lines.push('', 'Sources:');
    for (const c of answer.citations) {
      const date = c.published ? ` (${c.published})` : '';
      lines.push(`[${c.n}] ${c.outlet}: "${c.title}"${date}`);
      if (c.url) lines.push(`    ${c.url}`);
      lines.push(`    “${c.quote}”`);
    }
  }
  return lines.join('\n');
}

/** The `--json` shape: stable keys for scripts, one object per question. */
export function answerJson(answer: Answer): string {
  const { question, short, answer: text, abstained, mode, citations, timings, note, searchedFor } = answer;
  return JSON.stringify({
    question,
    short,
    answer: text,
    abstained,
    mode,
    ...(note ? { note } : {}),
    ...(searchedFor ? { searchedFor } : {}),
    citations,
    timings,
  });
}

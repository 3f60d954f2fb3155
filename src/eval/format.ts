import { percent, type ItemScore, type Totals } from './score';

const mark = (ok: boolean) => (ok ? 'ok' : 'FAIL');

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

/** A plain-text table, one row per item, then the totals. */
export function formatScoreTable(scores: ItemScore[], totals: Totals): string {
  const rows = scores.map((s) => [
    s.id,
    clip(s.question, 48),
    mark(s.answerOk),
    mark(s.sourceOk),
    mark(s.abstainOk),
    s.abstained ? `(declined) ${clip(s.answer, 49)}` : clip(s.answer, 60),
  ]);
  const header = ['id', 'question', 'answer', 'source', 'abstain', 'answer text (first 60 chars)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${totals.items} items, ${totals.allOk} fully correct. answer ${percent(totals.answer)}, source ${percent(totals.source)}, abstain ${percent(totals.abstain)}`,
  ].join('\n');
}

export function scoresJson(scores: ItemScore[], totals: Totals): string {
  return JSON.stringify({ totals, items: scores }, null, 2);
}

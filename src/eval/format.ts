import { percent, type ItemScore, type Totals } from './score';
import type { KindRow, QuizScore, QuizTotals } from './quiz';

const mark = (ok: boolean) => (ok ? 'ok' : 'FAIL');

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
}

/** Columns padded to their widest cell, a rule of dashes under the header. */
function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
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
  return [
    textTable(header, rows),
    '',
    `${totals.items} items, ${totals.allOk} fully correct. answer ${percent(totals.answer)}, source ${percent(totals.source)}, abstain ${percent(totals.abstain)}`,
  ].join('\n');
}

export function scoresJson(scores: ItemScore[], totals: Totals): string {
  return JSON.stringify({ totals, items: scores }, null, 2);
}

const fraction = (value: number) => value.toFixed(3);

/** The news-quiz measures as a two-column table, fractions 0..1 as the targets are written. */
export function formatQuizTable(
  totals: QuizTotals,
  context: { retrieval: string; articles: number | null },
  kinds: KindRow[] = [],
): string {
  const answerable = totals.questions - totals.unanswerable;
  const rows: [string, string][] = [
    [
      'short answer exact match',
      totals.exactMatch === null ? 'n/a (answers have no short answer)' : fraction(totals.exactMatch),
    ],
    ['short answer F1', totals.f1 === null ? 'n/a' : fraction(totals.f1)],
    [
      'right when shown (exact, answerable)',
      totals.rightWhenShown === null
        ? 'n/a (no short answer shown)'
        : `${fraction(totals.rightWhenShown)} (${Math.round(totals.rightWhenShown * totals.shown)}/${totals.shown})`,
    ],
    ['answer string in the answer text', fraction(totals.contains)],
    ['gold article among the citations', fraction(totals.goldCited)],
    ['gold article first retrieved (Hits@1)', fraction(totals.hitsAt1)],
    ['gold article in the top 5 (Hits@5)', fraction(totals.hitsAt5)],
    ['gold article in the top 10 (Hits@10)', fraction(totals.hitsAt10)],
    ['answerable declined', fraction(totals.answerableDeclined)],
    ...(totals.unanswerable > 0
      ? [['unanswerable declined', `${totals.unanswerableDeclined}/${totals.unanswerable}`] as [string, string]]
      : []),
    ['answers saying outlets differ (count)', String(totals.disagreements)],
    ['ask latency p50 / p95, ms', `${totals.askMsP50.toFixed(1)} / ${totals.askMsP95.toFixed(1)}`],
  ];
  const width = Math.max(...rows.map(([measure]) => measure.length));
  const articles = context.articles === null ? '' : ` over ${context.articles.toLocaleString('en')} articles`;
  const unanswerable = totals.unanswerable > 0 ? ` (${answerable} answerable, ${totals.unanswerable} not)` : '';
  return [
    `${totals.questions} questions${unanswerable}, each asked as of its question date${articles}; ${context.retrieval} retrieval`,
    `Fractions of the answerable questions unless said otherwise.`,
    '',
    `${'measure'.padEnd(width)}  value`,
    `${'-'.repeat(width)}  -----`,
    ...rows.map(([measure, value]) => `${measure.padEnd(width)}  ${value}`),
    ...(kinds.length > 1 ? ['', formatKindTable(kinds)] : []),
  ].join('\n');
}

/** By kind: right/asked (declines for the unanswerable kind), and how many got a short answer or a decline. */
export function formatKindTable(kinds: KindRow[]): string {
  const rows = kinds.map((k) => [k.type, `${k.right}/${k.asked}`, String(k.shown), String(k.declined)]);
  return textTable(['kind', 'right/asked', 'shown', 'declined'], rows);
}

export function quizJson(scores: QuizScore[], totals: QuizTotals, kinds: KindRow[] = []): string {
  return JSON.stringify({ totals, kinds, items: scores }, null, 2);
}

import type { FeedbackReport } from '../db/store';
import { terminalText } from './terminal-text';

/** Member-written text on one line, inert in the terminal (no escape sequence, no invisible character). */
const oneLine = (text: string, max: number) => {
  const flat = terminalText(text).replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

/** The report `npm run feedback` prints: totals, the worst-rated answers, the most-asked declined questions. */
export function formatFeedbackReport(report: FeedbackReport): string {
  const lines = [
    `Answers stored: ${report.answers}   👍 ${report.up}   👎 ${report.down}`,
    '',
    'Worst-rated answers (👍 minus 👎, lowest first):',
  ];
  if (report.worst.length === 0) lines.push('  none has a 👎 yet');
  for (const w of report.worst) {
    lines.push(
      `  ${w.up - w.down >= 0 ? '+' : ''}${w.up - w.down}  (👍 ${w.up} 👎 ${w.down})  ${oneLine(w.question, 100)}  [${oneLine(w.id, 40)}]`,
    );
    lines.push(`      answer: ${oneLine(w.answer, 140)}`);
    for (const c of w.comments) lines.push(`      wrong: ${oneLine(c, 140)}`);
  }
  lines.push('', 'Most-asked questions the bot declined:');
  if (report.declined.length === 0) lines.push('  none');
  for (const d of report.declined) lines.push(`  ${String(d.times).padStart(4)}×  ${oneLine(d.question, 120)}`);
  return `${lines.join('\n')}\n`;
}

import type { Disagreement } from '../answer/types';
import type { MergedSource } from './answer-sources';
import { inertText } from './inert-text';
import { linkableUrl } from './limits';
import { discordTime } from './timestamps';

/** Reports named per value; the rest are counted. */
const REPORTS_SHOWN = 3;

const inert = (text: string) => inertText(text, { oneLine: true });

/**
 * Outlets that disagree, as the answer's closing lines: each value in bold with the outlets that
 * give it, each report's day as a Discord timestamp and its `[n]` linked to the article, newest
 * first. A report the answer's sources do not number links its outlet's name instead.
 *
 *   **Outlets differ**
 *   • **March 10**: Deadline <t:…:D> [2] · Screen Daily <t:…:D> [3]
 *   • **March 3**: Variety <t:…:D> [1]
 */
export function disagreementLines(disagreement: Disagreement, sources: MergedSource[]): string {
  const lines = disagreement.values.map(({ value, reports }) => {
    const named = reports.slice(0, REPORTS_SHOWN).map((report) => {
      const source = sources.find((s) => s.file === report.file);
      const url = linkableUrl(source?.url ?? report.url);
      const day = report.published ? discordTime(report.published, 'D') : null;
      const when = day ? ` ${day}` : '';
      if (source) return `${inert(report.outlet)}${when} ${url ? `[[${source.n}]](${url})` : `[${source.n}]`}`;
      return `${url ? `[${inert(report.outlet)}](${url})` : inert(report.outlet)}${when}`;
    });
    const more = reports.length > REPORTS_SHOWN ? ` · and ${reports.length - REPORTS_SHOWN} more` : '';
    return `• **${inert(value)}**: ${named.join(' · ')}${more}`;
  });
  return ['**Outlets differ**', ...lines].join('\n');
}

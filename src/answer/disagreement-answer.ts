import type { Citation, Disagreement, DisagreementReport } from './types';
import type { Retrieval } from '../retrieve/types';
import type { ArticleMeta } from '../ingest/types';
import type { DetectedDisagreement, StatedValue } from './disagreement';

/*
 * How a disagreement the detector found becomes part of an answer: its values with the reports that
 * give them, each cited, and one line of text that says so.
 */

/** Reports named per value in the text; the rest are counted ("and 2 more"). */
const reportsNamed = 3;

/** The articles of a retrieval by id. */
export function retrievedArticles(retrieval: Retrieval): Map<string, ArticleMeta> {
  const articles = new Map<string, ArticleMeta>();
  for (const passage of retrieval.groups.flatMap((g) => g.passages)) articles.set(passage.article.id, passage.article);
  return articles;
}

/**
 * The disagreement with every report cited through `cite` (the citation of a sentence that states
 * the value, null when none can be quoted); null when, without the reports that cannot be cited,
 * fewer than two values or two outlets are left.
 */
export function citedDisagreement(
  detected: DetectedDisagreement,
  articles: Map<string, ArticleMeta>,
  cite: (statement: StatedValue) => Pick<Citation, 'n' | 'quote'> | null,
): Disagreement | null {
  const values = detected.values
    .map((value) => ({
      value: value.text,
      picked: value.picked,
      reports: value.statements.flatMap((statement): DisagreementReport[] => {
        const article = articles.get(statement.articleId);
        const citation = cite(statement);
        if (article === undefined || citation === null) return [];
        const { file, outlet, title, url, published } = article;
        return [{ file, outlet, title, url, published, n: citation.n, quote: citation.quote }];
      }),
    }))
    .filter((value) => value.reports.length > 0);
  const outlets = new Set(values.flatMap((value) => value.reports.map((r) => r.outlet)));
  if (values.length < 2 || outlets.size < 2 || !values.some((v) => v.picked)) return null;
  return { kind: detected.kind, about: detected.relation, values };
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "2 Mar 2024" for 2024-03-02; null for an undated or unreadable day. */
export function readableDay(day: string | null): string | null {
  if (day === null) return null;
  const time = Date.parse(`${day}T12:00:00Z`);
  return Number.isFinite(time) ? dayFormat.format(time) : null;
}

/**
 * The line an answer ends with: "Outlets differ: March 10 (Deadline, 20 Feb 2024 [3]) · March 3
 * (Variety, 2 Mar 2024 [1])", newest report first. Reports without a citation number are named
 * without one.
 */
export function disagreementText(disagreement: Disagreement): string {
  const values = disagreement.values.map(({ value, reports }) => {
    const named = reports.slice(0, reportsNamed).map((report) => {
      const day = readableDay(report.published);
      const marker = report.n === null ? '' : ` [${report.n}]`;
      return `${report.outlet}${day === null ? '' : `, ${day}`}${marker}`;
    });
    const more = reports.length > reportsNamed ? `; and ${reports.length - reportsNamed} more` : '';
    return `${value} (${named.join('; ')}${more})`;
  });
  return `Outlets differ: ${values.join(' · ')}.`;
}

/** The answer text without its closing disagreement line, for front doors that show the disagreement their own way. */
export function withoutDisagreementText(text: string, disagreement: Disagreement | undefined): string {
  if (disagreement === undefined) return text;
  const line = disagreementText(disagreement);
  return text.endsWith(line) ? text.slice(0, -line.length).trimEnd() : text;
}

/**
 * The disagreement with its reports numbered as `citations` number them (a model's answer numbers
 * its own sources): a report whose article the answer does not cite keeps no number.
 */
export function renumberedDisagreement(disagreement: Disagreement, citations: Citation[]): Disagreement {
  return {
    ...disagreement,
    values: disagreement.values.map((value) => ({
      ...value,
      reports: value.reports.map((report) => ({
        ...report,
        n: citations.find((c) => c.file === report.file)?.n ?? null,
      })),
    })),
  };
}

import type { ArticleMeta } from '../ingest/types';
import type { SourceSummary } from './types';

/** Outlets with how many articles each has and their earliest and latest dates, most articles first. */
export function summarizeSources(articles: Iterable<ArticleMeta>): SourceSummary[] {
  const byOutlet = new Map<string, SourceSummary>();
  for (const article of articles) {
    const summary = byOutlet.get(article.outlet) ?? {
      outlet: article.outlet,
      articles: 0,
      earliest: null,
      latest: null,
    };
    summary.articles += 1;
    if (article.published && (summary.latest === null || article.published > summary.latest)) {
      summary.latest = article.published;
    }
    if (article.published && (summary.earliest === null || article.published < summary.earliest)) {
      summary.earliest = article.published;
    }
    byOutlet.set(article.outlet, summary);
  }
  return [...byOutlet.values()].sort((a, b) => b.articles - a.articles || a.outlet.localeCompare(b.outlet));
}

import type { EvidenceGroup, Passage } from './types';
import { contentTerms } from '../text/terms';

/** Share of distinct content terms two passages have in common (Jaccard). */
export function termOverlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/**
 * Puts passages from different articles that say nearly the same thing (syndicated or rewritten
 * copies of one report) into one group, so a reader sees the fact once with every outlet behind it.
 */
export function groupNearDuplicates(passages: Passage[], threshold = 0.5): EvidenceGroup[] {
  const groups: { group: EvidenceGroup; terms: Set<string>; articles: Set<string> }[] = [];
  for (const passage of passages) {
    const terms = new Set(contentTerms(passage.text));
    const home = groups.find(
      (g) => !g.articles.has(passage.article.id) && termOverlap(g.terms, terms) >= threshold,
    );
    if (home) {
      home.group.passages.push(passage);
      home.articles.add(passage.article.id);
    } else {
      groups.push({ group: { passages: [passage], score: passage.score }, terms, articles: new Set([passage.article.id]) });
    }
  }
  return groups.map((g) => g.group);
}

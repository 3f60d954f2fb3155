import type { EvidenceGroup, Passage } from './types';
import { passageTermSet } from '../text/terms';
import { jaccard } from '../text/overlap';

/**
 * Puts passages from different articles that say nearly the same thing (syndicated or rewritten
 * copies of one report) into one group, so a reader sees the fact once with every outlet behind it.
 */
export function groupNearDuplicates(passages: Passage[], threshold = 0.5): EvidenceGroup[] {
  const groups: { group: EvidenceGroup; terms: ReadonlySet<string>; articles: Set<string> }[] = [];
  for (const passage of passages) {
    // Placed words: the answer reads its sentences' terms out of them.
    const terms = passageTermSet(passage.text);
    const home = groups.find((g) => !g.articles.has(passage.article.id) && jaccard(g.terms, terms) >= threshold);
    if (home) {
      home.group.passages.push(passage);
      home.articles.add(passage.article.id);
    } else {
      groups.push({
        group: { passages: [passage], score: passage.score },
        terms,
        articles: new Set([passage.article.id]),
      });
    }
  }
  return groups.map((g) => g.group);
}

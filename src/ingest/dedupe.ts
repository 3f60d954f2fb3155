import { createHash } from 'node:crypto';
import { urlIdentity } from './article';
import type { Article } from './types';

/**
 * Remembers the articles kept so far and names the one a new article repeats: the same URL
 * (see `urlIdentity`) or the same cleaned text. The first one in reading order is kept.
 */
export function createDeduplicator(): (article: Article, label: string) => string | null {
  const byUrl = new Map<string, string>();
  const byText = new Map<string, string>();
  return (article, label) => {
    const urlKey = article.url === null ? null : urlIdentity(article.url);
    const textKey = createHash('sha256').update(article.text).digest('hex');
    const sameUrl = urlKey === null ? undefined : byUrl.get(urlKey);
    if (sameUrl !== undefined) return `duplicate of ${sameUrl} (same URL)`;
    const sameText = byText.get(textKey);
    if (sameText !== undefined) return `duplicate of ${sameText} (same text)`;
    if (urlKey !== null) byUrl.set(urlKey, label);
    byText.set(textKey, label);
    return null;
  };
}

import type { Article } from '../ingest/types';
import type { StoredArticle } from './store';

/**
 * Every article's cleaned text, UTF-8, one after another. Kept as bytes, not strings: most news
 * text holds curly quotes, which makes a JavaScript string take two bytes a character, and parsing
 * it out of JSON held it twice (756 MB resident for the 21,000-article corpus).
 */
export interface TextStore {
  texts: Buffer;
}

/** Articles whose texts live in one UTF-8 buffer: what a build reads, and what an index keeps. */
export interface ArticleCorpus extends TextStore {
  articles: StoredArticle[];
}

/**
 * Moves freshly read articles into a corpus. Done right after reading, so the articles' strings
 * (two bytes a character for most news text) are garbage once the build starts.
 */
export function toCorpus(articles: Article[]): ArticleCorpus {
  const sizes = articles.map((article) => Buffer.byteLength(article.text, 'utf8'));
  const texts = Buffer.allocUnsafe(sizes.reduce((sum, size) => sum + size, 0));
  let at = 0;
  const stored = articles.map(({ text, ...meta }, i) => {
    texts.write(text, at, 'utf8');
    const entry: StoredArticle = { ...meta, textStart: at, textEnd: at + sizes[i]! };
    at += sizes[i]!;
    return entry;
  });
  return { articles: stored, texts };
}

/** The cleaned text of one stored article. */
export function articleText(store: TextStore, article: StoredArticle): string {
  return store.texts.toString('utf8', article.textStart, article.textEnd);
}

/** Decodes each article's text once while a caller walks chunks grouped by article. */
export function textReader(store: TextStore): (article: StoredArticle) => string {
  let last: { article: StoredArticle; text: string } | null = null;
  return (article) => {
    if (last?.article !== article) last = { article, text: articleText(store, article) };
    return last.text;
  };
}

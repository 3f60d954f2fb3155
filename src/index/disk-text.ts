import { close, fstatSync, openSync, readSync } from 'node:fs';
import type { Article } from '../ingest/types';
import type { StoredArticle } from './types';

/**
 * Every article's cleaned text, UTF-8, one after another. Kept as bytes, not strings: most news
 * text holds curly quotes, which makes a JavaScript string take two bytes a character, and parsing
 * it out of JSON held it twice (756 MB resident for the 21,000-article corpus). A Buffer is one;
 * a loaded index's texts file is another (see `openTextFile`).
 */
export interface TextBytes {
  readonly length: number;
  /** The bytes from `start` to `end`, decoded. */
  toString(encoding: 'utf8', start: number, end: number): string;
}

export interface TextStore {
  texts: TextBytes;
}

/** Articles whose texts live in one UTF-8 buffer: what a build reads and writes. */
export interface ArticleCorpus {
  articles: StoredArticle[];
  texts: Buffer;
}

/** Closes the texts file of an index nothing refers to any more. */
const openFiles = new FinalizationRegistry<{ fd: number; file: string }>(({ fd, file }) =>
  close(fd, (error) => {
    // No caller is left to tell: a process warning says it instead.
    if (error) process.emitWarning(`could not close ${file}: ${error.message}`);
  }),
);

/**
 * An index's texts file, read a passage at a time instead of held in memory: 169 MB less
 * resident for the full corpus, and as much less read before the first answer. Reads are
 * synchronous, so passages stay a plain function of the snapshot; they are a few kilobytes from
 * the page cache (the load's checksum has just read the whole file), microseconds each. The file
 * stays open while the index is in use, so a version folder removed meanwhile still reads.
 */
export function openTextFile(file: string): TextBytes {
  const fd = openSync(file, 'r');
  const { size } = fstatSync(fd);
  const bytes: TextBytes = {
    length: size,
    toString(_encoding, start, end) {
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(end, size) - start));
      let read = 0;
      while (read < buffer.length) {
        const n = readSync(fd, buffer, read, buffer.length - read, start + read);
        if (n === 0) throw new Error(`${file} ended early`);
        read += n;
      }
      return buffer.toString('utf8');
    },
  };
  openFiles.register(bytes, { fd, file });
  return bytes;
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

import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log';
import { urlIdentity } from '../ingest/article';
import { writeJsonAtomically } from './feeds-file';
import type { ExtractedArticle } from './extract';

/**
 * Saved feed articles: one JSON file per story under `<articles>/feeds/<outlet>/`, in the records
 * format the ingest reads (`title`, `text`, `outlet`, `url`, `published`), plus what a person
 * inspecting the folder wants to know (`urls`, `author`, `feed`, `source`, `fetchedAt`).
 *
 * Same canonical address → one file, rewritten when the text changes. The same text under another
 * address → the first file lists both addresses. Similar stories from other outlets stay separate.
 */

export const FEEDS_FOLDER = 'feeds';

export interface SavedArticle {
  title: string;
  text: string;
  outlet: string;
  url: string;
  urls: string[];
  published: string | null;
  author: string | null;
  feed: string | null;
  source: 'page' | 'feed';
  fetchedAt: string;
}

const savedSchema = z.object({
  title: z.string(),
  text: z.string(),
  outlet: z.string(),
  url: z.string(),
  urls: z.array(z.string()).default([]),
  published: z.string().nullable().default(null),
  author: z.string().nullable().default(null),
  feed: z.string().nullable().default(null),
  source: z.enum(['page', 'feed']).default('page'),
  fetchedAt: z.string().default(''),
});

export type SaveOutcome =
  | { kind: 'new'; file: string }
  | { kind: 'changed'; file: string }
  | { kind: 'unchanged'; file: string }
  /** Same text as an article saved under another address; its file now lists this one too. */
  | { kind: 'duplicate'; file: string };

export interface ArticleStore {
  save(article: ExtractedArticle, outlet: string, feed: string | null): Promise<SaveOutcome>;
}

/** Reads what earlier polls saved, so this one knows every address and text already kept. */
export async function openArticleStore(articlesDir: string, log: Logger): Promise<ArticleStore> {
  const root = path.join(articlesDir, FEEDS_FOLDER);
  const byUrl = new Map<string, string>();
  const byText = new Map<string, string>();
  const saved = new Map<string, SavedArticle>();
  const writes = new Map<string, Promise<void>>();

  const remember = (file: string, article: SavedArticle) => {
    saved.set(file, article);
    for (const url of [article.url, ...article.urls]) byUrl.set(identity(url), file);
    byText.set(textHash(article.text), file);
  };

  for (const [file, article] of await readSavedArticles(root, log)) remember(file, article);

  return {
    async save(article, outlet, feed) {
      const sameUrl =
        article.urls.map((u) => byUrl.get(identity(u))).find((f) => f !== undefined) ??
        byUrl.get(identity(article.url));
      const sameText = sameUrl === undefined ? byText.get(textHash(article.text)) : undefined;
      const previous = sameUrl === undefined ? undefined : saved.get(sameUrl);
      const duplicate = sameText === undefined ? undefined : saved.get(sameText);
      const decision = decideSave(article, outlet, feed, { sameUrl: previous, sameText: duplicate });
      const file = sameUrl ?? sameText ?? path.join(root, `${articleFileId(article.url, outlet)}.json`);
      if (decision.kind === 'changed') byText.delete(textHash(previous?.text ?? ''));
      if (decision.write) await write(file, decision.write);
      return { kind: decision.kind, file };
    },
  };

  /**
   * Remembered before the write, so feeds polled in parallel see each other's articles at once;
   * writes of one file queue behind each other and each writes the latest version.
   */
  function write(file: string, article: SavedArticle): Promise<void> {
    remember(file, article);
    const next = (writes.get(file) ?? Promise.resolve()).then(() =>
      writeJsonAtomically(file, saved.get(file) ?? article),
    );
    writes.set(
      file,
      next.catch(() => undefined),
    );
    return next;
  }
}

/**
 * What saving `article` does, given the saved article at one of its addresses (`sameUrl`) or, when
 * none, one with the same text (`sameText`): the outcome and the record to write (null: nothing
 * changes). One rule for the files of a single process and the shared store's rows.
 */
export function decideSave(
  article: ExtractedArticle,
  outlet: string,
  feed: string | null,
  found: { sameUrl?: SavedArticle | undefined; sameText?: SavedArticle | undefined },
  now: string = new Date().toISOString(),
): { kind: SaveOutcome['kind']; write: SavedArticle | null } {
  const previous = found.sameUrl;
  if (previous) {
    const urls = unique([...previous.urls, ...article.urls]);
    // A new title counts only at the article's own address, not at an address merged into it from another outlet.
    const sameTitle = previous.title === article.title || identity(previous.url) !== identity(article.url);
    if (previous.text === article.text && sameTitle) {
      return { kind: 'unchanged', write: urls.length !== previous.urls.length ? { ...previous, urls } : null };
    }
    return {
      kind: 'changed',
      write: {
        ...previous,
        title: article.title,
        text: article.text,
        urls,
        published: article.published ?? previous.published ?? null,
        source: article.source,
        fetchedAt: now,
      },
    };
  }
  if (found.sameText) {
    return { kind: 'duplicate', write: { ...found.sameText, urls: unique([...found.sameText.urls, ...article.urls]) } };
  }
  return { kind: 'new', write: toSaved(article, outlet, feed, now) };
}

/** Where a new article is kept, below the feeds folder and without extension: `<outlet>/<hash of its address>`. */
export function articleFileId(url: string, outlet: string): string {
  return `${slug(outlet)}/${createHash('sha256').update(identity(url)).digest('hex').slice(0, 16)}`;
}

function toSaved(article: ExtractedArticle, outlet: string, feed: string | null, now: string): SavedArticle {
  return {
    title: article.title,
    text: article.text,
    outlet,
    url: article.url,
    urls: article.urls,
    published: article.published,
    author: article.author,
    feed,
    source: article.source,
    fetchedAt: now,
  };
}

/** Every saved article below `root` (the feeds folder) by its file; unreadable ones are skipped with a warning. */
export async function readSavedArticles(root: string, log: Logger): Promise<Map<string, SavedArticle>> {
  const articles = new Map<string, SavedArticle>();
  for (const file of await listJsonFiles(root, log)) {
    try {
      articles.set(file, savedSchema.parse(JSON.parse(await readFile(file, 'utf8'))));
    } catch (error) {
      log.warn(`feeds: ignoring unreadable saved article ${file}`, { error });
    }
  }
  return articles;
}

/** Saved article files; leftovers of a killed write (hidden `.tmp` files of another process) are removed. */
async function listJsonFiles(root: string, log: Logger): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (entry.name.startsWith('.') && entry.name.endsWith('.tmp')) {
      // This process's own are writes in progress (a poll runs beside /add), not leftovers.
      if (entry.name.endsWith(`.${process.pid}.tmp`)) continue;
      await rm(full, { force: true });
      log.debug('feeds: removed an unfinished write', { file: full });
    } else if (entry.name.endsWith('.json') && !entry.name.startsWith('.')) {
      // Hidden files are not articles (the shared store's `.mirror.json`), as for the ingest.
      files.push(full);
    }
  }
  return files.sort();
}

export function identity(url: string): string {
  try {
    return urlIdentity(url);
  } catch {
    return url;
  }
}

export function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex');
}

/** A folder name for an outlet: lowercase letters, digits and dashes. */
export function slug(outlet: string): string {
  return (
    outlet
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'unknown-outlet'
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

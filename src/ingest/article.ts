import { createHash } from 'node:crypto';
import { cleanArticleText } from './clean';
import { deriveTitle } from './title';
import type { Article, ArticleMeta, SourceMeta } from './types';

/**
 * An article as read, before cleaning: raw text, and whatever source metadata was found. `title` is
 * null or blank when the source gives none: one is derived from the text or the URL (`deriveTitle`).
 */
export type ArticleFields = Pick<ArticleMeta, 'id' | 'file'> &
  Partial<SourceMeta> & { title: string | null; text: string };

export const UNKNOWN_OUTLET = 'Unknown outlet';

/** Builds a stored article: cleans the raw text, normalises metadata (deriving a missing title), hashes the result. */
export function makeArticle(fields: ArticleFields): Article {
  const given = oneLine(fields.title ?? '');
  const url = normaliseUrlField(fields.url);
  // Cleaned before a title is derived, so the sentence that becomes the title stays in the text.
  const text = cleanArticleText(fields.text, given);
  const title = given || deriveTitle(text, url);
  const meta: ArticleMeta = {
    id: fields.id,
    file: fields.file,
    title,
    outlet: oneLine(fields.outlet ?? '') || outletFromUrl(url) || UNKNOWN_OUTLET,
    url,
    published: normalisePublished(fields.published),
    show: oneLine(fields.show ?? '') || null,
  };
  return { ...meta, text, contentHash: hashArticle(meta, text) };
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function hashArticle(meta: ArticleMeta, text: string): string {
  const hash = createHash('sha256');
  // Length-prefixed parts, so moving characters between fields always changes the hash.
  for (const part of [meta.id, meta.file, meta.title, meta.outlet, meta.url, meta.published, meta.show, text]) {
    hash.update(part === null ? '-;' : `${part.length};`).update(part ?? '');
  }
  return hash.digest('hex');
}

/** Keeps an http(s) URL as given (trimmed); anything else is not a usable link. */
function normaliseUrlField(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function outletFromUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname.replace(/^www\./i, '') || null;
  } catch {
    return null;
  }
}

/** Same article at a different address? Ignores scheme, www., trailing slash, fragment and tracking parameters. */
export function urlIdentity(url: string): string {
  const parsed = new URL(url);
  for (const key of [...parsed.searchParams.keys()]) {
    if (/^(utm_|fbclid$|gclid$|mc_)/i.test(key)) parsed.searchParams.delete(key);
  }
  parsed.searchParams.sort();
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const pathname = parsed.pathname.replace(/\/+$/, '');
  return `${host}${pathname}${parsed.search}`;
}

/** `YYYY-MM-DD` from ISO, `YYYY/MM/DD` or any date `Date` can parse; null when there is no real date. */
export function normalisePublished(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  const numeric = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/.exec(trimmed);
  if (numeric) return isoDate(Number(numeric[1]), Number(numeric[2]), Number(numeric[3]));
  const parsed = new Date(trimmed);
  if (Number.isNaN(parsed.getTime())) return null;
  // A date written without a time zone parses as local midnight, so read it back in local time.
  return isoDate(parsed.getFullYear(), parsed.getMonth() + 1, parsed.getDate());
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

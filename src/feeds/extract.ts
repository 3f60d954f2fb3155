import { cleanArticleText } from '../ingest/clean';
import { extractHtmlArticle, type HtmlArticle } from '../ingest/html';
import { FetchError, type Fetcher } from './fetch';
import type { FeedItem } from './parse';

/** An article made from a feed item (or a URL given by hand), ready to be saved. */
export interface ExtractedArticle {
  title: string;
  text: string;
  /** The canonical address without tracking parameters. */
  url: string;
  /** Every address this text was seen under (item link, redirect target, canonical). */
  urls: string[];
  published: string | null;
  author: string | null;
  /** The page's own site name, when it gives one. */
  siteName: string | null;
  /** Where the text came from: the article page, or the feed's own content as the fallback. */
  source: 'page' | 'feed';
}

/** Fewer words than this from the page (a script-only shell, a paywall stub) and the feed's text is used instead. */
export const MIN_PAGE_WORDS = 50;

const TRACKING_PARAMETER = /^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$)/i;

/** The address without tracking parameters and fragment, so variants of one link compare equal. */
export function withoutTracking(url: string): string {
  const parsed = new URL(url);
  for (const key of [...parsed.searchParams.keys()]) if (TRACKING_PARAMETER.test(key)) parsed.searchParams.delete(key);
  parsed.hash = '';
  return parsed.href;
}

export type ExtractOutcome = { article: ExtractedArticle } | { skipped: string };

/** Fetches the item's page and extracts its article, falling back to the feed's content. */
export async function articleFromItem(fetcher: Fetcher, item: FeedItem): Promise<ExtractOutcome> {
  if (!item.url) return { skipped: 'the item has no link, and an article needs an address to be cited' };
  const page = await fetchPage(fetcher, item.url);
  const feedText = item.html ? htmlToText(item.html, item.title ?? '') : '';
  const pageWords = 'page' in page ? wordCount(page.page.text) : 0;
  const usePage = 'page' in page && (pageWords >= MIN_PAGE_WORDS || wordCount(feedText) < pageWords);
  const title = item.title ?? ('page' in page ? page.page.title : null);
  // Cleaned as the ingest cleans it (page furniture, the repeated headline), so the text saved is
  // the text indexed and two outlets' copies of one story compare equal.
  const text =
    usePage && 'page' in page
      ? cleanArticleText(page.page.text, page.page.title)
      : cleanArticleText(feedText, title ?? '');
  if (!title) return { skipped: 'no title in the feed or on the page' };
  if (text.trim() === '') {
    return {
      skipped: `no article text (${'reason' in page ? page.reason : 'the page is empty'}; the feed has no content)`,
    };
  }
  const canonical = 'page' in page ? canonicalUrl(page.page.url, page.finalUrl) : withoutTracking(item.url);
  const addresses = [item.url, ...('page' in page ? [page.finalUrl] : []), canonical];
  return {
    article: {
      title,
      text,
      url: canonical,
      urls: unique(addresses.map(withoutTracking)),
      published: item.published ?? ('page' in page ? page.page.published : null),
      author: item.author,
      siteName: 'page' in page ? page.page.outlet : null,
      source: usePage ? 'page' : 'feed',
    },
  };
}

/** An article URL given by hand (`/add url:`): the page alone, no feed to fall back on. */
export async function articleFromUrl(fetcher: Fetcher, url: string): Promise<ExtractOutcome> {
  const page = await fetchPage(fetcher, url);
  if ('reason' in page) return { skipped: page.reason };
  if (!page.page.title) return { skipped: 'the page has no title' };
  const text = cleanArticleText(page.page.text, page.page.title);
  if (wordCount(text) === 0) return { skipped: 'the page has no article text' };
  const canonical = canonicalUrl(page.page.url, page.finalUrl);
  return {
    article: {
      title: page.page.title,
      text,
      url: canonical,
      urls: unique([url, page.finalUrl, canonical].map(withoutTracking)),
      published: page.page.published,
      author: null,
      siteName: page.page.outlet,
      source: 'page',
    },
  };
}

async function fetchPage(
  fetcher: Fetcher,
  url: string,
): Promise<{ page: HtmlArticle; finalUrl: string } | { reason: string }> {
  try {
    const response = await fetcher.fetch({ url, accept: 'text/html,application/xhtml+xml' });
    if (response.status !== 'ok') return { reason: 'the page answered 304 to an unconditional request' };
    if (response.contentType && !/html|xml/i.test(response.contentType)) {
      return { reason: `the page is ${response.contentType.split(';')[0] ?? 'not HTML'}, not HTML` };
    }
    return { page: extractHtmlArticle(response.body), finalUrl: response.url };
  } catch (error) {
    if (error instanceof FetchError) return { reason: error.message };
    return { reason: `page unreadable: ${(error as Error).message}` };
  }
}

function htmlToText(html: string, title: string): string {
  const escapedTitle = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return extractHtmlArticle(
    `<!doctype html><html><head><title>${escapedTitle}</title></head><body><article>${html}</article></body></html>`,
  ).text;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * The page's canonical link (or og:url), resolved against where the page was found, when it stays
 * on the same site; otherwise that address itself. A page may not claim another site's address:
 * that would let one outlet's page overwrite another's article.
 */
export function canonicalUrl(declared: string | null, pageUrl: string): string {
  const site = (url: URL) => url.hostname.toLowerCase().replace(/^www\./, '');
  // An unparseable canonical link is ignored: the address the page was found at stands.
  if (declared && URL.canParse(declared, pageUrl)) {
    const resolved = new URL(declared, pageUrl);
    if (
      (resolved.protocol === 'http:' || resolved.protocol === 'https:') &&
      site(resolved) === site(new URL(pageUrl))
    ) {
      return withoutTracking(resolved.href);
    }
  }
  return withoutTracking(pageUrl);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { FileFields } from './formats';

/**
 * The DOM surface this module uses. The project compiles without the DOM lib, so linkedom's
 * and Readability's own DOM types resolve to nothing; this names what we rely on instead.
 */
interface DomNode {
  nodeType: number;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface DomDocument {
  title: string;
  querySelector(selector: string): DomElement | null;
}

/** What an HTML page says about its article: a file's fields, always with a title. */
export type HtmlArticle = FileFields & { title: string };

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const SKIPPED_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'form',
  'button',
  'figcaption',
  'nav',
  'aside',
  'footer',
]);
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'figure',
  'table',
  'tr',
  'dl',
  'dt',
  'dd',
  'hr',
]);

/** Main text and metadata of a web page, via Readability; paragraphs separated by a blank line. */
export function extractHtmlArticle(html: string): HtmlArticle {
  const { document } = parseHTML(html) as unknown as { document: DomDocument };
  // Metadata first: Readability rewrites the document while it parses.
  const meta = (selector: string) => document.querySelector(selector)?.getAttribute('content')?.trim() || null;
  const outlet = meta('meta[property="og:site_name"]') ?? meta('meta[name="application-name"]');
  const url =
    meta('meta[property="og:url"]') ??
    (document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() || null);
  const published =
    meta('meta[property="article:published_time"]') ??
    meta('meta[name="date"]') ??
    meta('meta[itemprop="datePublished"]') ??
    (document.querySelector('time[datetime]')?.getAttribute('datetime')?.trim() || null);
  const show = meta('meta[name="show"]');
  const pageTitle = document.title.trim();
  const heading = document.querySelector('h1')?.textContent?.trim() ?? '';

  const parsed = new Readability<DomNode>(document, { serializer: (node) => node as DomNode }).parse();
  const content = parsed?.content ?? document.querySelector('body');
  const siteName = outlet ?? (parsed?.siteName?.trim() || null);
  const rawTitle = parsed?.title?.trim() || pageTitle || heading;
  return {
    title: stripSiteSuffix(rawTitle, siteName),
    text: content ? blockText(content) : '',
    outlet: siteName,
    url,
    published: published ?? (parsed?.publishedTime?.trim() || null),
    show,
  };
}

/** "Headline | Site Name" → "Headline" when the suffix is the site's own name. */
function stripSiteSuffix(title: string, siteName: string | null): string {
  if (siteName === null) return title;
  const match = /^(.+?)\s+[|–—-]\s+(.+)$/.exec(title);
  return match?.[1] && match[2]?.trim().toLowerCase() === siteName.toLowerCase() ? match[1].trim() : title;
}

/** Text of a DOM subtree with block elements as paragraphs and <br> as a line break. */
function blockText(root: DomNode): string {
  const parts: string[] = [];
  const walk = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      parts.push((node.nodeValue ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = (node as DomElement).tagName.toLowerCase();
    if (SKIPPED_TAGS.has(tag)) return;
    if (tag === 'br') {
      parts.push('\n');
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) parts.push('\n\n');
    for (let i = 0; i < node.childNodes.length; i++) {
      const child = node.childNodes[i];
      if (child) walk(child);
    }
    if (block) parts.push('\n\n');
  };
  walk(root);
  return parts
    .join('')
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

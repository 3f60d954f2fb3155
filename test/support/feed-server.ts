import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A web server on 127.0.0.1 serving feeds and article pages for the feed tests and the bench.
 * Routes are set per test; every request is recorded with its headers. Feeds served through
 * `feed()` carry an ETag and answer a matching If-None-Match with 304.
 */

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RecordedFeedRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FeedServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: RecordedFeedRequest[];
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

export const DEFAULT_ROBOTS = 'User-agent: *\nDisallow: /private/\n';

export async function startFeedServer(options: { robots?: string } = {}): Promise<FeedServer> {
  const routes = new Map<string, Handler>();
  const requests: RecordedFeedRequest[] = [];
  routes.set('/robots.txt', text(options.robots ?? DEFAULT_ROBOTS, 'text/plain'));
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const handler = routes.get(path) ?? routes.get(path.split('?')[0] ?? path);
    if (handler) handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function text(body: string | Buffer, contentType = 'text/html; charset=utf-8'): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }).end(body);
  };
}

/** A feed whose body is read on every request, with an ETag: unchanged → 304. */
export function feed(body: () => string, contentType = 'application/rss+xml; charset=utf-8'): Handler {
  return (req, res) => {
    const current = body();
    const etag = `"${createHash('sha256').update(current).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': contentType, etag }).end(current);
  };
}

export function redirect(location: string, status = 302): Handler {
  return (_req, res) => void res.writeHead(status, { location }).end();
}

/** Never answers: the request stays open until the client gives up or the server closes. */
export const hang: Handler = () => undefined;

export interface ItemSpec {
  title: string;
  link: string;
  guid?: string;
  published?: string;
  author?: string;
  /** HTML description / content of the item. */
  html?: string;
}

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(title: string, items: ItemSpec[]): string {
  const entries = items.map(
    (item) =>
      `<item><title>${escapeXml(item.title)}</title><link>${escapeXml(item.link)}</link>` +
      `<guid isPermaLink="false">${escapeXml(item.guid ?? item.link)}</guid>` +
      (item.published ? `<pubDate>${item.published}</pubDate>` : '') +
      (item.author ? `<dc:creator>${escapeXml(item.author)}</dc:creator>` : '') +
      (item.html ? `<description>${escapeXml(item.html)}</description>` : '') +
      '</item>',
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>${escapeXml(title)}</title><link>http://example.invalid/</link><description>news</description>${entries.join('')}</channel></rss>`;
}

/**
 * A feed of `count` items shaped like issue 22's (20,000 items in about 4 MB, under FEEDS_MAX_BYTES):
 * title, link to `<origin>/story/<n>`, guid, date. Item 0 is the newest, as feeds list them.
 */
export function manyItemsFeed(count: number, origin: string): string {
  return rss(
    'Big Wire',
    Array.from({ length: count }, (_, i) => ({
      title: `Show ${i} renewed for season ${(i % 9) + 2}`,
      link: `${origin}/story/${i}`,
      published: 'Sun, 01 Nov 2026 10:00:00 GMT',
    })),
  );
}

export function atom(title: string, items: ItemSpec[]): string {
  const entries = items.map(
    (item) =>
      `<entry><title>${escapeXml(item.title)}</title><link rel="alternate" href="${escapeXml(item.link)}"/>` +
      `<id>${escapeXml(item.guid ?? item.link)}</id><updated>${item.published ?? '2026-11-01T10:00:00Z'}</updated>` +
      (item.author ? `<author><name>${escapeXml(item.author)}</name></author>` : '') +
      (item.html ? `<content type="html">${escapeXml(item.html)}</content>` : '') +
      '</entry>',
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${escapeXml(title)}</title><id>urn:feed:${escapeXml(title)}</id><updated>2026-11-01T10:00:00Z</updated>${entries.join('')}</feed>`;
}

/** An article page as news sites publish it: navigation, the article, a footer. */
export function articlePage(page: {
  title: string;
  paragraphs: string[];
  canonical?: string;
  siteName?: string;
  published?: string;
}): string {
  const meta = [
    page.canonical ? `<link rel="canonical" href="${escapeXml(page.canonical)}">` : '',
    page.siteName ? `<meta property="og:site_name" content="${escapeXml(page.siteName)}">` : '',
    page.published ? `<meta property="article:published_time" content="${page.published}">` : '',
  ].join('');
  const body = page.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('\n');
  return `<!doctype html><html><head><title>${escapeXml(page.title)}</title>${meta}</head><body><nav><a href="/">Home</a> <a href="/tv">TV</a></nav><article><h1>${escapeXml(page.title)}</h1>${body}</article><footer>Copyright the outlet</footer></body></html>`;
}

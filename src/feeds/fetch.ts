import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import type { FeedsConfig } from '../config';
import { createHostQueue } from './host-queue';
import { createRobotsRules, type RobotsRules } from './robots';

/**
 * HTTP for feeds and article pages, fetched like a good citizen: a User-Agent naming the bot,
 * conditional GET, robots.txt, one request at a time per host with a pause, a time and size
 * limit, at most 5 redirects, http and https only, and (unless allowed) no loopback, private or
 * link-local address, checked on the address a name resolves to when connecting.
 */

export const MAX_REDIRECTS = 5;

export interface FetchRequest {
  url: string;
  /** Validators from the previous response: an unchanged resource then costs a 304. */
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
}

export type FetchResult =
  | {
      status: 'ok';
      url: string;
      body: string;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    }
  | { status: 'not-modified'; url: string };

/** Why a URL could not be fetched, phrased for logs and for the person who added it. */
export class FetchError extends Error {
  override name = 'FetchError';
}

export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResult>;
}

export type FetcherOptions = Pick<FeedsConfig, 'allowPrivate' | 'userAgent' | 'hostDelayMs' | 'timeoutMs' | 'maxBytes'>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const LONGEST_CRAWL_DELAY_MS = 30_000;

export function createFetcher(options: FetcherOptions): Fetcher {
  const agents = {
    'http:': new RequestFilteringHttpAgent({ allowPrivateIPAddress: options.allowPrivate, keepAlive: true }),
    'https:': new RequestFilteringHttpsAgent({ allowPrivateIPAddress: options.allowPrivate, keepAlive: true }),
  };
  let robots: RobotsRules | null = null;
  const queue = createHostQueue((host) =>
    Math.max(options.hostDelayMs, Math.min(LONGEST_CRAWL_DELAY_MS, robots?.crawlDelayMs(host) ?? 0)),
  );
  const fetchOnce = (url: URL, headers: Record<string, string>) =>
    queue.run(url.host, () => request(url, headers, options, agents));
  robots = createRobotsRules(options.userAgent, async (robotsUrl) => {
    // Redirects are followed (RFC 9309: at least five), e.g. http → https; a loop ends as "no rules".
    let url = robotsUrl;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await fetchOnce(url, { accept: 'text/plain' });
      if (response.status === 200) return { status: 200, body: await response.text() };
      response.discard();
      const location = response.header('location');
      if (!REDIRECTS.has(response.status) || !location) return { status: response.status, body: '' };
      url = parseHttpUrl(new URL(location, url).href);
    }
    return { status: 404, body: '' };
  });
  const rules = robots;

  return {
    async fetch(req: FetchRequest): Promise<FetchResult> {
      let url = parseHttpUrl(req.url);
      for (let hop = 0; ; hop++) {
        if (!(await rules.allowed(url))) throw new FetchError(`robots.txt of ${url.host} disallows ${url.pathname}`);
        const headers: Record<string, string> = { accept: req.accept ?? '*/*' };
        // Validators belong to the address they came from, not to where it redirects.
        if (hop === 0 && req.etag) headers['if-none-match'] = req.etag;
        if (hop === 0 && req.lastModified) headers['if-modified-since'] = req.lastModified;
        const response = await fetchOnce(url, headers);
        if (REDIRECTS.has(response.status)) {
          response.discard();
          const location = response.header('location');
          if (!location) throw new FetchError(`HTTP ${response.status} without a Location header at ${url.href}`);
          if (hop + 1 > MAX_REDIRECTS) throw new FetchError(`more than ${MAX_REDIRECTS} redirects from ${req.url}`);
          url = parseHttpUrl(new URL(location, url).href);
          continue;
        }
        if (response.status === 304) {
          response.discard();
          return { status: 'not-modified', url: url.href };
        }
        if (response.status !== 200) {
          response.discard();
          throw new FetchError(`HTTP ${response.status} from ${url.href}`);
        }
        return {
          status: 'ok',
          url: url.href,
          body: await response.text(),
          contentType: response.header('content-type'),
          etag: response.header('etag'),
          lastModified: response.header('last-modified'),
        };
      }
    },
  };
}

function parseHttpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FetchError(`not a valid address: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(
      `only http and https addresses are fetched, not ${url.protocol.replace(/:$/, '')}: (${value})`,
    );
  }
  return url;
}

interface RawResponse {
  status: number;
  header(name: string): string | null;
  /** The body decoded as text; throws FetchError past the size limit or the time limit. */
  text(): Promise<string>;
  discard(): void;
}

/** One GET; the time limit covers connecting, headers and the whole body. */
function request(
  url: URL,
  headers: Record<string, string>,
  options: FetcherOptions,
  agents: { 'http:': http.Agent; 'https:': https.Agent },
): Promise<RawResponse> {
  const client = url.protocol === 'https:' ? https : http;
  const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
  return new Promise((resolve, reject) => {
    const deadline = { error: null as FetchError | null };
    const timer = setTimeout(() => {
      deadline.error = new FetchError(`no complete answer from ${url.host} within ${options.timeoutMs / 1000} s`);
      req.destroy(deadline.error);
      reject(deadline.error);
    }, options.timeoutMs);
    const req = client.get(
      url,
      {
        agent,
        headers: { 'user-agent': options.userAgent, 'accept-encoding': 'gzip, deflate, br', ...headers },
      },
      (res) => {
        resolve(rawResponse(res, url, options, () => clearTimeout(timer), req, deadline));
      },
    );
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof FetchError ? error : new FetchError(describeNetworkError(error, url)));
    });
  });
}

function rawResponse(
  res: IncomingMessage,
  url: URL,
  options: FetcherOptions,
  done: () => void,
  req: http.ClientRequest,
  deadline: { error: FetchError | null },
): RawResponse {
  const header = (name: string) => {
    const value = res.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  return {
    status: res.statusCode ?? 0,
    header,
    discard() {
      done();
      res.resume();
    },
    text() {
      const declared = Number(header('content-length') ?? NaN);
      if (declared > options.maxBytes) {
        done();
        req.destroy();
        return Promise.reject(new FetchError(tooLarge(url, options.maxBytes)));
      }
      return new Promise<string>((resolve, reject) => {
        const body = decoded(res, header('content-encoding'));
        const chunks: Buffer[] = [];
        let size = 0;
        const fail = (error: Error) => {
          done();
          req.destroy();
          if (deadline.error) reject(deadline.error);
          else
            reject(
              error instanceof FetchError ? error : new FetchError(`reading ${url.href} failed: ${error.message}`),
            );
        };
        body.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            body.destroy();
            fail(new FetchError(tooLarge(url, options.maxBytes)));
            return;
          }
          chunks.push(chunk);
        });
        body.on('error', fail);
        res.on('error', fail);
        body.on('end', () => {
          done();
          resolve(decodeText(Buffer.concat(chunks), header('content-type')));
        });
      });
    },
  };
}

function decoded(res: IncomingMessage, encoding: string | null): Readable {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(createGunzip());
    case 'deflate':
      return res.pipe(createInflate());
    case 'br':
      return res.pipe(createBrotliDecompress());
    default:
      return res;
  }
}

/** The charset the server names, else UTF-8; an unknown charset name falls back to UTF-8 too. */
function decodeText(bytes: Buffer, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function tooLarge(url: URL, maxBytes: number): string {
  return `${url.href} is larger than the ${maxBytes}-byte limit (FEEDS_MAX_BYTES)`;
}

function describeNetworkError(error: Error, url: URL): string {
  // request-filtering-agent's refusal: say what it means and which setting changes it.
  if (/is not allowed/.test(error.message)) {
    return `refused ${url.host}: it resolves to a loopback, private or link-local address (FEEDS_ALLOW_PRIVATE is off)`;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return `cannot reach ${url.host}: ${code ? `${code} ` : ''}${error.message}`.trim();
}

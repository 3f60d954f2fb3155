import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, FetchError, MAX_REDIRECTS, type FetcherOptions } from '../src/feeds/fetch';
import { feed, hang, redirect, rss, startFeedServer, text, type FeedServer } from './support/feed-server';

const options: FetcherOptions = {
  allowPrivate: true,
  userAgent: 'show-news-bot-test/1.0 (+https://example.org/show-news-bot)',
  hostDelayMs: 0,
  // Long enough for the local server to answer on a busy machine; a silent server costs this much.
  timeoutMs: 3_000,
  maxBytes: 1024 * 1024,
};

let server: FeedServer;

beforeAll(async () => {
  server = await startFeedServer();
  server.route(
    '/feed.xml',
    feed(() => rss('Show News', [{ title: 'One', link: `${server.origin}/a` }])),
  );
  server.route('/slow.xml', hang);
  server.route('/huge.html', text(`<html><body>${'x'.repeat(10 * 1024 * 1024)}</body></html>`));
  server.route('/loop/a', redirect('/loop/b'));
  server.route('/loop/b', redirect('/loop/a'));
  server.route('/hop/1', redirect('/hop/2', 301));
  server.route('/hop/2', redirect('/feed.xml', 308));
  server.route(
    '/private/feed.xml',
    feed(() => rss('Hidden', [])),
  );
  server.route('/to-ftp', redirect('ftp://127.0.0.1/file'));
});

afterAll(async () => {
  await server?.close();
});

const fetchError = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(FetchError);
      return (error as Error).message;
    },
  );

describe('fetching feeds like a good citizen', () => {
  it('names the bot in its User-Agent and costs a 304 on the second request of an unchanged feed', async () => {
    const fetcher = createFetcher(options);
    const first = await fetcher.fetch({ url: `${server.origin}/feed.xml` });
    expect(first.status).toBe('ok');
    if (first.status !== 'ok') return;
    expect(first.body).toContain('<title>One</title>');
    expect(first.etag).toMatch(/^".+"$/);
    const second = await fetcher.fetch({ url: `${server.origin}/feed.xml`, etag: first.etag });
    expect(second.status).toBe('not-modified');
    const feedRequests = server.requests.filter((r) => r.path === '/feed.xml');
    expect(feedRequests.at(-1)?.headers['if-none-match']).toBe(first.etag);
    for (const request of feedRequests) expect(request.headers['user-agent']).toBe(options.userAgent);
  });

  it('gives up on a server that never answers after the time limit', async () => {
    const started = Date.now();
    const message = await fetchError(createFetcher(options).fetch({ url: `${server.origin}/slow.xml` }));
    expect(message).toMatch(/no complete answer .* within 3 s/);
    // The server never answers: done well before a busy machine's worst, the limit is what ended it.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses a page over the size limit', async () => {
    const message = await fetchError(createFetcher(options).fetch({ url: `${server.origin}/huge.html` }));
    expect(message).toContain('larger than the 1048576-byte limit');
  });

  it(`follows up to ${MAX_REDIRECTS} redirects and stops a redirect loop`, async () => {
    const fetcher = createFetcher(options);
    const followed = await fetcher.fetch({ url: `${server.origin}/hop/1` });
    expect(followed).toMatchObject({ status: 'ok', url: `${server.origin}/feed.xml` });
    const message = await fetchError(fetcher.fetch({ url: `${server.origin}/loop/a` }));
    expect(message).toContain(`more than ${MAX_REDIRECTS} redirects`);
    expect(server.requests.filter((r) => r.path.startsWith('/loop/')).length).toBe(MAX_REDIRECTS + 1);
  });

  it('fetches only http and https, also after a redirect', async () => {
    const fetcher = createFetcher(options);
    expect(await fetchError(fetcher.fetch({ url: 'file:///etc/passwd' }))).toContain('only http and https');
    expect(await fetchError(fetcher.fetch({ url: `${server.origin}/to-ftp` }))).toContain('only http and https');
  });

  it('honours robots.txt: a disallowed path is not requested', async () => {
    const before = server.requests.length;
    const message = await fetchError(createFetcher(options).fetch({ url: `${server.origin}/private/feed.xml` }));
    expect(message).toBe(`robots.txt of ${new URL(server.origin).host} disallows /private/feed.xml`);
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/robots.txt']);
  });

  it('follows a redirected robots.txt to its rules', async () => {
    const other = await startFeedServer({ robots: '' });
    try {
      other.route('/robots.txt', redirect(`${server.origin}/robots.txt`, 301));
      other.route('/private/page', text('<p>secret</p>'));
      other.route('/public/page', text('<p>open</p>'));
      const fetcher = createFetcher(options);
      expect(await fetchError(fetcher.fetch({ url: `${other.origin}/private/page` }))).toContain(
        'disallows /private/page',
      );
      expect(await fetcher.fetch({ url: `${other.origin}/public/page` })).toMatchObject({
        status: 'ok',
        body: '<p>open</p>',
      });
    } finally {
      await other.close();
    }
  });

  it('refuses loopback, private and link-local addresses unless FEEDS_ALLOW_PRIVATE is on', async () => {
    const strict = createFetcher({ ...options, allowPrivate: false });
    const before = server.requests.length;
    expect(await fetchError(strict.fetch({ url: `${server.origin}/feed.xml` }))).toContain(
      'loopback, private or link-local',
    );
    // A name is checked on the address it resolves to, not on how it is spelled.
    expect(
      await fetchError(strict.fetch({ url: `http://localhost:${new URL(server.origin).port}/feed.xml` })),
    ).toContain('loopback, private or link-local');
    for (const address of ['10.1.2.3', '192.168.0.10', '169.254.169.254', '[::1]']) {
      expect(await fetchError(strict.fetch({ url: `http://${address}/feed.xml` }))).toContain(
        'loopback, private or link-local',
      );
    }
    expect(server.requests.length).toBe(before);
  });

  it('sends requests to one host one at a time, with the pause between them', async () => {
    const fetcher = createFetcher({ ...options, hostDelayMs: 150 });
    const started = Date.now();
    await Promise.all([1, 2, 3].map(() => fetcher.fetch({ url: `${server.origin}/feed.xml` })));
    // robots.txt + three feed requests, each followed by the pause.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150);
  });
});

import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../src/config';
import { openEngine, type Engine } from '../src/engine';
import { createFetcher } from '../src/feeds/fetch';
import { writeFeedsFile, type FeedEntry } from '../src/feeds/feeds-file';
import { runFeedRound, type FeedRound } from '../src/feeds/round';
import { readPollState } from '../src/feeds/state';
import type { SavedArticle } from '../src/feeds/article-files';
import { loadArticles } from '../src/ingest/load';
import { silentLogger } from '../src/log';
import {
  articlePage,
  atom,
  feed,
  hang,
  redirect,
  rss,
  startFeedServer,
  text,
  type FeedServer,
  type ItemSpec,
} from './support/feed-server';
import { sampleWorkspace, testConfig } from './support/sample-index';

const words = (topic: string, n = 80) =>
  Array.from({ length: n }, (_, i) => `${topic}${i % 7 === 0 ? '.' : ''}`).join(' ');
const story = (lead: string) => [
  lead,
  `${words('filler words about the production schedule')}.`,
  'The end of the story.',
];

let server: FeedServer;
let workspace: Awaited<ReturnType<typeof sampleWorkspace>>;
let config: Config;
let engine: Engine;
let rssItems: ItemSpec[];

function page(
  route: string,
  title: string,
  paragraphs: string[],
  extra: { canonical?: string; siteName?: string } = {},
) {
  server.route(route, text(articlePage({ title, paragraphs, ...extra })));
}

async function savedArticles(): Promise<{ file: string; article: SavedArticle }[]> {
  const root = path.join(workspace.articlesDir, 'feeds');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name));
  return Promise.all(
    files.map(async (file) => ({ file, article: JSON.parse(await readFile(file, 'utf8')) as SavedArticle })),
  );
}

function round(feeds: FeedEntry[], cfg: Config = config): Promise<FeedRound> {
  return writeFeedsFile(cfg.feeds.file, { feeds }).then(() =>
    runFeedRound({ engine, config: cfg, log: silentLogger, fetcher: createFetcher(cfg.feeds) }),
  );
}

const result = (r: FeedRound, url: string) => {
  const found = r.results.find((x) => x.url === url);
  if (!found) throw new Error(`no result for ${url}`);
  return found;
};

beforeAll(async () => {
  server = await startFeedServer();
});

afterAll(async () => {
  await server?.close();
});

beforeEach(async () => {
  workspace = await sampleWorkspace('feeds-poll-');
  config = testConfig(workspace, {
    FEEDS_FILE: path.join(workspace.dir, 'feeds.json'),
    FEEDS_STATE_FILE: path.join(workspace.dir, 'feeds-state.json'),
    FEEDS_ALLOW_PRIVATE: 'true',
    FEEDS_HOST_DELAY_MS: '0',
    // Long enough for the local server to answer on a busy machine; a silent feed costs this much.
    FEEDS_TIMEOUT_MS: '3000',
    FEEDS_MAX_BYTES: String(1024 * 1024),
  });
  engine = await openEngine(config, { log: silentLogger });
  const o = server.origin;
  rssItems = [
    {
      title: 'Daredevil season 3 starts filming in Brooklyn',
      link: `${o}/rss/daredevil`,
      published: 'Tue, 11 Apr 2017 10:00:00 EST',
      author: 'Jane Doe',
      html: '<p>Short summary.</p>',
    },
    {
      title: 'Iron Fist gets a second season',
      link: `${o}/rss/iron-fist?utm_source=rss&utm_medium=feed`,
      published: '2017-04-12',
    },
  ];
  page(
    '/rss/daredevil',
    'Daredevil season 3 starts filming in Brooklyn',
    story(
      'Charlie Cox returns as Matt Murdock while Daredevil season 3 starts filming in Brooklyn under showrunner Erik Oleson.',
    ),
    { siteName: 'Marvel Weekly' },
  );
  page(
    '/rss/iron-fist',
    'Iron Fist gets a second season',
    story('Netflix renewed Iron Fist for a second season with Raven Metzner as the new showrunner.'),
  );
  server.route(
    '/rss.xml',
    feed(() => rss('Marvel Weekly', rssItems)),
  );
});

afterEach(async () => {
  await engine?.close();
  await workspace?.cleanup();
});

describe('polling feeds into articles', () => {
  it('saves RSS 2.0 and Atom items as JSON articles the ingest loads, indexes them, and answers about them', async () => {
    const o = server.origin;
    server.route(
      '/atom.xml',
      feed(
        () =>
          atom('Atom TV', [
            {
              title: 'The Defenders finale date set',
              link: `${o}/atom/defenders`,
              published: '2017-04-13T07:00:00+02:00',
              author: 'Bob Smith',
            },
          ]),
        'application/atom+xml',
      ),
    );
    page(
      '/atom/defenders',
      'The Defenders finale date set',
      story('The Defenders finale airs on August 18 with Sigourney Weaver as the villain Alexandra.'),
    );

    const first = await round([{ url: `${o}/rss.xml` }, { url: `${o}/atom.xml`, outlet: 'Atom TV Weekly' }]);
    expect(result(first, `${o}/rss.xml`)).toMatchObject({
      status: 'polled',
      outlet: 'Marvel Weekly',
      new: 2,
      skipped: [],
    });
    expect(result(first, `${o}/atom.xml`)).toMatchObject({ status: 'polled', outlet: 'Atom TV Weekly', new: 1 });
    expect(first.reindex?.changedArticles).toBe(3);

    const saved = await savedArticles();
    expect(saved.map((s) => path.relative(workspace.articlesDir, path.dirname(s.file))).sort()).toEqual([
      'feeds/atom-tv-weekly',
      'feeds/marvel-weekly',
      'feeds/marvel-weekly',
    ]);
    const daredevil = saved.find((s) => s.article.title.startsWith('Daredevil'))?.article;
    expect(daredevil).toMatchObject({
      outlet: 'Marvel Weekly',
      url: `${o}/rss/daredevil`,
      author: 'Jane Doe',
      published: '2017-04-11T15:00:00.000Z',
      source: 'page',
    });
    expect(daredevil?.text).toContain('Charlie Cox returns as Matt Murdock');
    expect(daredevil?.text).not.toContain('Home');
    // Tracking parameters are not part of the address kept and cited.
    expect(saved.find((s) => s.article.title.startsWith('Iron Fist'))?.article.url).toBe(`${o}/rss/iron-fist`);

    const loaded = await loadArticles(workspace.articlesDir, { maxBytes: config.maxArticleBytes });
    const defenders = loaded.articles.find((a) => a.title === 'The Defenders finale date set');
    expect(defenders).toMatchObject({ outlet: 'Atom TV Weekly', url: `${o}/atom/defenders`, published: '2017-04-13' });
    expect(loaded.skipped).toEqual([]);

    const answer = await engine.ask('Who plays the villain in The Defenders finale?');
    expect(answer.answer).toContain('Sigourney Weaver');
    expect(answer.citations[0]).toMatchObject({ outlet: 'Atom TV Weekly', url: `${o}/atom/defenders` });
  });

  it('costs a 304 on the next poll of an unchanged feed, then picks up a new item without re-fetching the old ones', async () => {
    const o = server.origin;
    await round([{ url: `${o}/rss.xml` }]);
    const second = await round([{ url: `${o}/rss.xml` }]);
    expect(result(second, `${o}/rss.xml`).status).toBe('not-modified');
    expect(second.reindex).toBeNull();

    rssItems.unshift({ title: 'Punisher series ordered', link: `${o}/rss/punisher`, published: '2017-04-20' });
    page(
      '/rss/punisher',
      'Punisher series ordered',
      story('Jon Bernthal will star as Frank Castle in the Punisher series ordered by Netflix.'),
    );
    const before = server.requests.length;
    const third = await round([{ url: `${o}/rss.xml` }]);
    expect(result(third, `${o}/rss.xml`)).toMatchObject({ status: 'polled', new: 1, unchanged: 2 });
    expect(
      server.requests
        .slice(before)
        .map((r) => r.path)
        .filter((p) => p !== '/robots.txt'),
    ).toEqual(['/rss.xml', '/rss/punisher']);
    expect((await engine.ask('Who stars as Frank Castle?')).answer).toContain('Jon Bernthal');
  });

  it('records a broken feed, a feed that never answers and a refused address as errors, and still polls the others', async () => {
    const o = server.origin;
    // Cut off in the middle of its second item: the complete item before the break is still read.
    server.route(
      '/broken.xml',
      text(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Cut Off News</title><item><title>Daredevil season 3 starts filming in Brooklyn</title><link>${o}/rss/daredevil</link></item><item><title>Half an ite`,
        'application/rss+xml',
      ),
    );
    server.route('/garbage.xml', text('<html><body><h1>502 Bad Gateway</h1></body></html>', 'application/rss+xml'));
    server.route('/silent.xml', hang);
    const polled = await round([
      { url: `${o}/broken.xml` },
      { url: `${o}/garbage.xml` },
      { url: `${o}/silent.xml` },
      { url: `${o}/rss.xml` },
    ]);
    expect(result(polled, `${o}/broken.xml`)).toMatchObject({ status: 'polled', error: null });
    // Its one whole item is the Daredevil story the other feed also carries: kept once.
    expect((await savedArticles()).map((s) => s.article.title).sort()).toEqual([
      'Daredevil season 3 starts filming in Brooklyn',
      'Iron Fist gets a second season',
    ]);
    expect(result(polled, `${o}/garbage.xml`).status).toBe('failed');
    expect(result(polled, `${o}/garbage.xml`).error).toContain('not a readable RSS or Atom feed');
    expect(result(polled, `${o}/silent.xml`).status).toBe('failed');
    expect(result(polled, `${o}/silent.xml`).error).toContain('within 3 s');
    expect(result(polled, `${o}/rss.xml`)).toMatchObject({ status: 'polled' });
    const state = await readPollState(config.feeds.stateFile, silentLogger);
    expect(state.feeds[`${o}/garbage.xml`]?.lastSuccess).toBeNull();
    expect(state.feeds[`${o}/garbage.xml`]?.lastError).toContain('not a readable');
    expect(state.feeds[`${o}/rss.xml`]?.lastError).toBeNull();
    expect(state.feeds[`${o}/rss.xml`]?.lastSuccess).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('refuses a feed on a private address when FEEDS_ALLOW_PRIVATE is off, without contacting it', async () => {
    const strict = testConfig(workspace, {
      FEEDS_FILE: config.feeds.file,
      FEEDS_STATE_FILE: config.feeds.stateFile,
      FEEDS_ALLOW_PRIVATE: 'false',
    });
    const before = server.requests.length;
    const polled = await round([{ url: `${server.origin}/rss.xml` }], strict);
    expect(result(polled, `${server.origin}/rss.xml`).status).toBe('failed');
    expect(result(polled, `${server.origin}/rss.xml`).error).toContain('loopback, private or link-local');
    expect(server.requests.length).toBe(before);
    expect(await savedArticles()).toEqual([]);
  });

  it("falls back to the feed's own text when the page is only scripts, too large, or a redirect loop", async () => {
    const o = server.origin;
    const fallbackText = (show: string) => `<p>${show} news: ${words(`${show} casting and release details`, 60)}</p>`;
    server.route(
      '/fallback.xml',
      feed(() =>
        rss('Fallback News', [
          { title: 'Luke Cage season 2 villain', link: `${o}/js-only`, html: fallbackText('Luke Cage') },
          { title: 'Jessica Jones season 2 cast', link: `${o}/huge`, html: fallbackText('Jessica Jones') },
          { title: 'Inhumans premiere in IMAX', link: `${o}/loop/a`, html: fallbackText('Inhumans') },
          { title: 'A link with nothing behind it', link: `${o}/empty` },
        ]),
      ),
    );
    server.route(
      '/js-only',
      text(
        '<!doctype html><html><head><title>App</title><script>window.app=1</script></head><body><script src="/app.js"></script><div id="root"></div></body></html>',
      ),
    );
    server.route('/huge', text(`<html><body><p>${'word '.repeat(400_000)}</p></body></html>`));
    server.route('/loop/a', redirect('/loop/b'));
    server.route('/loop/b', redirect('/loop/a'));
    server.route('/empty', text('<!doctype html><html><body><script>1</script></body></html>'));

    const polled = result(await round([{ url: `${o}/fallback.xml` }]), `${o}/fallback.xml`);
    expect(polled.new).toBe(3);
    expect(polled.skipped.map((s) => s.item)).toEqual([`${o}/empty`]);
    expect(polled.skipped[0]?.reason).toContain('no article text');
    const saved = await savedArticles();
    expect(saved.map((s) => s.article.source)).toEqual(['feed', 'feed', 'feed']);
    expect(saved.find((s) => s.article.title.startsWith('Luke Cage'))?.article.text).toContain(
      'Luke Cage news: Luke Cage casting',
    );
  });

  it('collapses duplicates: URL variants to one article, the same text under two URLs to one article listing both, an updated item in place', async () => {
    const o = server.origin;
    const lead = 'Krysten Ritter directs an episode of Jessica Jones season 2, the showrunner confirmed.';
    page('/jj/story', 'Jessica Jones: Krysten Ritter directs', story(lead), { canonical: `${o}/jj/story` });
    page('/jj/story-amp', 'Jessica Jones: Krysten Ritter directs', story(lead), { canonical: `${o}/jj/story` });
    page('/partner/jj-ritter', 'Krysten Ritter directs Jessica Jones', story(lead));
    page(
      '/partner/other',
      'Other outlet on Ritter',
      story('Krysten Ritter will direct an episode, another outlet reports in its own words.'),
    );
    let jjItems: ItemSpec[] = [
      { title: 'Jessica Jones: Krysten Ritter directs', link: `${o}/jj/story?utm_campaign=x`, guid: 'jj-1' },
      { title: 'Jessica Jones: Krysten Ritter directs', link: `${o}/jj/story-amp`, guid: 'jj-1-amp' },
    ];
    server.route(
      '/jj.xml',
      feed(() => rss('JJ News', jjItems)),
    );
    server.route(
      '/partner.xml',
      feed(() =>
        rss('Partner Wire', [
          { title: 'Krysten Ritter directs Jessica Jones', link: `${o}/partner/jj-ritter` },
          { title: 'Other outlet on Ritter', link: `${o}/partner/other` },
        ]),
      ),
    );

    const feeds = [{ url: `${o}/jj.xml` }, { url: `${o}/partner.xml` }];
    const first = await round(feeds);
    const counts = (url: string) => {
      const r = result(first, url);
      return { new: r.new, duplicates: r.duplicates, unchanged: r.unchanged };
    };
    // The two feeds run in parallel, so which outlet saves the syndicated text first varies.
    const total = [counts(`${o}/jj.xml`), counts(`${o}/partner.xml`)].reduce((a, b) => ({
      new: a.new + b.new,
      duplicates: a.duplicates + b.duplicates,
      unchanged: a.unchanged + b.unchanged,
    }));
    expect(total.new).toBe(2);
    expect(total.new + total.duplicates + total.unchanged).toBe(4);

    let saved = await savedArticles();
    expect(saved).toHaveLength(2);
    const ritter = saved.find((s) => s.article.text.includes(lead))?.article;
    expect([...(ritter?.urls ?? [])].sort()).toEqual([`${o}/jj/story`, `${o}/jj/story-amp`, `${o}/partner/jj-ritter`]);
    expect(saved.some((s) => s.article.title === 'Other outlet on Ritter')).toBe(true);

    page('/jj/story', 'Jessica Jones: Krysten Ritter directs', story(`${lead} Filming of her episode wraps in June.`), {
      canonical: `${o}/jj/story`,
    });
    jjItems = [{ ...jjItems[0]!, title: 'Jessica Jones: Krysten Ritter directs (updated)' }];
    const second = await round(feeds);
    expect(result(second, `${o}/jj.xml`)).toMatchObject({ new: 0, changed: 1 });
    saved = await savedArticles();
    expect(saved).toHaveLength(2);
    expect(saved.find((s) => s.article.text.includes('wraps in June'))?.article.title).toBe(
      'Jessica Jones: Krysten Ritter directs (updated)',
    );
    expect(second.reindex?.changedArticles).toBe(1);
  });

  it("does not let a page claim another site's address as its canonical link", async () => {
    const o = server.origin;
    page('/claims', 'A page claiming another address', story('This page says it lives at another outlet entirely.'), {
      canonical: 'https://victim.example/news/story',
    });
    page(
      '/relative',
      'A page with a relative canonical link',
      story('This page names its own address relative to itself.'),
      { canonical: '/relative-canonical?utm_source=x' },
    );
    server.route(
      '/claims.xml',
      feed(() =>
        rss('Claims', [
          { title: 'A page claiming another address', link: `${o}/claims` },
          { title: 'A page with a relative canonical link', link: `${o}/relative` },
        ]),
      ),
    );
    await round([{ url: `${o}/claims.xml` }]);
    const urls = (await savedArticles()).map((s) => s.article.url).sort();
    expect(urls).toEqual([`${o}/claims`, `${o}/relative-canonical`]);
  });

  it('keeps only items that mention a keyword when the feed lists keywords', async () => {
    const polled = await round([{ url: `${server.origin}/rss.xml`, keywords: ['Daredevil'] }]);
    expect(result(polled, `${server.origin}/rss.xml`)).toMatchObject({
      new: 1,
      skipped: [
        {
          item: `${server.origin}/rss/iron-fist?utm_source=rss&utm_medium=feed`,
          reason: 'mentions none of the keywords (Daredevil)',
        },
      ],
    });
  });

  it('says what is wrong with a malformed feeds file', async () => {
    await writeFile(
      config.feeds.file,
      JSON.stringify({
        feeds: [{ url: 'ftp://example.org/feed' }, { url: 'https://example.org/rss', intervalMinutes: -1 }],
      }),
    );
    await expect(
      runFeedRound({ engine, config, log: silentLogger, fetcher: createFetcher(config.feeds) }),
    ).rejects.toThrow(
      /feeds\.0\.url: must be a web address starting with http or https; feeds\.1\.intervalMinutes: .*/,
    );
  });
});

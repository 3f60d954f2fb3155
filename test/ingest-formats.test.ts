import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticles } from '../src/ingest/load';
import type { Article, IngestResult } from '../src/ingest/types';

const fixtures = path.resolve('test/fixtures/ingest');
let dir: string;
let result: IngestResult;

const article = (id: string): Article => {
  const found = result.articles.find((a) => a.id === id);
  if (!found) throw new Error(`${id} did not load; skipped: ${JSON.stringify(result.skipped)}`);
  return found;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ingest-formats-'));
  await copyFile(path.join(fixtures, 'daredevil-season-3.html'), path.join(dir, 'daredevil-season-3.html'));
  await copyFile(path.join(fixtures, 'luke-cage-villain.md'), path.join(dir, 'luke-cage-villain.md'));
  await writeFile(
    path.join(dir, 'punisher.txt'),
    'The Punisher Gets a Release Window\n\nNetflix says The Punisher will arrive before the end of the year.\nJon Bernthal returns as Frank Castle.\n',
  );
  await writeFile(
    path.join(dir, 'no-manifest-entry.txt'),
    'Iron Fist Renewed\n\nIron Fist will return for a second season, the network said on Friday.\n',
  );
  await mkdir(path.join(dir, 'archive'));
  await writeFile(
    path.join(dir, 'archive', 'elektra.txt'),
    'Elektra Returns\n\nElodie Yung is back as Elektra in The Defenders, which premieres in August.\n',
  );
  await writeFile(path.join(dir, '.DS_Store'), Buffer.from([0, 1, 2, 0]));
  await writeFile(
    path.join(dir, 'wire.json'),
    JSON.stringify([
      {
        title: 'Defenders Trailer Lands',
        text: 'The first full trailer for The Defenders shows all four heroes together.',
        url: 'https://www.wire.example/defenders-trailer',
        published: '2017-07-20T16:00:00Z',
      },
      {
        title: 'Punisher Set Photos',
        text: 'New set photos show Frank Castle in his skull vest for the first time.',
        outlet: 'Wire Service',
        show: 'The Punisher',
      },
    ]),
  );
  await writeFile(
    path.join(dir, 'single.json'),
    JSON.stringify({
      title: 'Luke Cage Wins an Award',
      text: 'Luke Cage won an award for its soundtrack.',
      outlet: 'Awards Desk',
    }),
  );
  await writeFile(
    path.join(dir, 'feed.jsonl'),
    [
      JSON.stringify({
        title: 'Iron Fist Showrunner Named',
        text: 'Raven Metzner will run the second season of Iron Fist.',
        url: 'https://feed.example/iron-fist-showrunner',
        published: '2017/04/03',
        show: 'Iron Fist',
      }),
      '',
      JSON.stringify({
        title: 'Daredevil Recast Rumour Denied',
        text: 'Marvel denied reports that a lead role in Daredevil would be recast.',
        outlet: 'Feed Desk',
        published: 'April 5, 2017',
      }),
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      articles: [
        {
          file: 'punisher.txt',
          outlet: 'Frame Rate',
          url: 'https://framerate.example/punisher-window',
          published: '2017-05-01',
          show: 'The Punisher',
        },
        // The markdown file's own front matter must win over this entry; `show` is set there too.
        {
          file: 'luke-cage-villain.md',
          outlet: 'Wrong Outlet',
          url: 'https://wrong.example/x',
          published: '1999-01-01',
          show: 'Wrong Show',
        },
        { file: 'daredevil-season-3.html', show: 'Daredevil' },
        { file: 'wire.json', show: 'The Defenders' },
      ],
    }),
  );
  await writeFile(
    path.join(dir, 'archive', 'manifest.json'),
    JSON.stringify({ articles: [{ file: 'elektra.txt', outlet: 'Archive Weekly' }] }),
  );
  result = await loadArticles(dir, { maxBytes: 1024 * 1024 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadArticles over every accepted format', () => {
  it('loads every article, skips nothing, ignores hidden files and does not treat manifests as articles', () => {
    expect(result.skipped).toEqual([]);
    expect(result.articles.map((a) => a.id)).toEqual([
      'archive/elektra',
      'daredevil-season-3',
      'feed#0',
      'feed#1',
      'luke-cage-villain',
      'no-manifest-entry',
      'punisher',
      'single#0',
      'wire#0',
      'wire#1',
    ]);
  });

  it('.txt: first line is the title, the rest the text, metadata from the manifest', () => {
    expect(article('punisher')).toMatchObject({
      file: 'punisher.txt',
      title: 'The Punisher Gets a Release Window',
      text: 'Netflix says The Punisher will arrive before the end of the year.\nJon Bernthal returns as Frank Castle.',
      outlet: 'Frame Rate',
      url: 'https://framerate.example/punisher-window',
      published: '2017-05-01',
      show: 'The Punisher',
    });
  });

  it('.txt without a manifest entry: unknown outlet, no URL or date', () => {
    expect(article('no-manifest-entry')).toMatchObject({
      outlet: 'Unknown outlet',
      url: null,
      published: null,
      show: null,
    });
  });

  it('files in sub-folders keep their path in id and file, and use their own folder manifest', () => {
    expect(article('archive/elektra')).toMatchObject({
      file: 'archive/elektra.txt',
      title: 'Elektra Returns',
      outlet: 'Archive Weekly',
    });
  });

  it('.md: front matter metadata wins over the manifest, markdown syntax is stripped', () => {
    const md = article('luke-cage-villain');
    expect(md).toMatchObject({
      file: 'luke-cage-villain.md',
      title: 'Luke Cage Season 2 Casts Its Villain',
      outlet: 'The Binge Report',
      url: 'https://bingereport.example/luke-cage-season-2-villain/',
      published: '2017-06-20',
      show: 'Luke Cage',
    });
    expect(md.text).toContain(
      'Mustafa Shakir has joined the cast of Luke Cage as John McIver, better known to comic readers as Bushmaster.',
    );
    expect(md.text).toContain('a man with a ruthless streak');
    expect(md.text).toContain('Filming starts this summer in New York.');
    expect(md.text).toContain('"Harlem has never seen anyone like him," showrunner Cheo Hodari Coker said.');
    expect(md.text).not.toMatch(/[#*>[\]]|\]\(|https?:|shakir\.jpg/);
  });

  it('.html: Readability keeps the story and drops navigation, comments, sidebar, captions and footer', () => {
    const html = article('daredevil-season-3');
    expect(html).toMatchObject({
      file: 'daredevil-season-3.html',
      title: 'Daredevil Season 3 Starts Shooting This Fall',
      outlet: 'Couch Critic',
      url: 'https://www.couchcritic.example/tv/daredevil-season-3-shooting-fall',
      published: '2017-04-14',
      show: 'Daredevil',
    });
    expect(html.text).toContain(
      'Charlie Cox has confirmed that the third season of Daredevil will begin shooting later this year',
    );
    expect(html.text).toContain('with Jessica Jones starting its second season in April on the Upper West Side.');
    for (const furniture of [
      'Skip to content',
      'TV Newsroom',
      'Movie Vault',
      'Subscribe',
      'Dana Whitfield',
      'Photo: Netflix',
      'Bullseye',
      'trucks were everywhere',
      'Comments',
      'Trending',
      'Luke Cage Casts',
      'Copyright',
      'Privacy Policy',
    ]) {
      expect(html.text).not.toContain(furniture);
    }
  });

  it('.html: paragraphs stay separate, one blank line between them', () => {
    const paragraphs = article('daredevil-season-3').text.split('\n\n');
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[1]).toMatch(/^Speaking on the podcast Film and Telly Stuff/);
  });

  it('.json: an array gives one article per record, ids <stem>#<n>; the file fills gaps from the manifest', () => {
    expect(article('wire#0')).toMatchObject({
      file: 'wire.json',
      title: 'Defenders Trailer Lands',
      text: 'The first full trailer for The Defenders shows all four heroes together.',
      outlet: 'wire.example',
      url: 'https://www.wire.example/defenders-trailer',
      published: '2017-07-20',
      show: 'The Defenders',
    });
    expect(article('wire#1')).toMatchObject({
      outlet: 'Wire Service',
      url: null,
      published: null,
      show: 'The Punisher',
    });
  });

  it('.json: a single object is one article', () => {
    expect(article('single#0')).toMatchObject({
      file: 'single.json',
      title: 'Luke Cage Wins an Award',
      outlet: 'Awards Desk',
    });
  });

  it('.jsonl: one article per line, blank lines ignored, dates normalised', () => {
    expect(article('feed#0')).toMatchObject({
      file: 'feed.jsonl',
      title: 'Iron Fist Showrunner Named',
      outlet: 'feed.example',
      published: '2017-04-03',
      show: 'Iron Fist',
    });
    expect(article('feed#1')).toMatchObject({
      title: 'Daredevil Recast Rumour Denied',
      outlet: 'Feed Desk',
      published: '2017-04-05',
    });
  });
});

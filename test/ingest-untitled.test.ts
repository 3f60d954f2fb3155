import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexSummaryEmbed } from '../src/discord/reindex-embeds';
import { openEngine } from '../src/engine';
import { loadArticles } from '../src/ingest/load';
import { deriveTitle, titleFromUrl } from '../src/ingest/title';
import { silentLogger } from '../src/log';
import { runCli } from './support/run-cli';
import { testConfig } from './support/sample-index';

// Made-up articles that come without a headline, next to one that has one.
const untitledRecord = {
  url: 'https://coastscreen.example/tv/harbor-lights-season-two-filming-begins/',
  outlet: 'Coast Screen',
  published: '2022-04-05',
  text: 'Filming on the second season of Harbor Lights began in Lunenburg on April 3, producer Ada Veit said. The cast returns in full.',
};
const datelineRecord = {
  url: 'https://dailyreel.example/2022/05/01/moonfall-inn-casting-news/index.html',
  title: '   ',
  text: 'Updated.\n\nMoonfall Inn has cast Ruth Okafor as the innkeeper, the studio said on Friday.',
};
const titledRecord = {
  title: 'Lantern channel orders a ghost comedy',
  text: 'The Lantern channel ordered Moonfall Inn, a ghost comedy from Pia Sorensen.',
};
const untitledHtml = `<!doctype html><html><head><meta property="og:site_name" content="Set Visit"></head>
<body><article><p>The fishing drama Harbor Lights is filmed in the harbour town of Lunenburg, Nova Scotia, where the crew spends four months every year.</p></article></body></html>`;

let dir: string;
let articlesDir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'untitled-'));
  articlesDir = path.join(dir, 'articles');
  await mkdir(articlesDir);
  await writeFile(
    path.join(articlesDir, 'feed.jsonl'),
    [untitledRecord, datelineRecord, titledRecord].map((r) => JSON.stringify(r)).join('\n'),
  );
  await writeFile(path.join(articlesDir, 'location.html'), untitledHtml);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('deriveTitle', () => {
  it('takes the first sentence, cut at a word when long', () => {
    expect(deriveTitle('Harbor Lights returns in May. More follows.', null)).toBe('Harbor Lights returns in May.');
    const long = deriveTitle(`The streamer ${'really '.repeat(30)}renewed the show. Then more.`, null);
    expect(long.length).toBeLessThanOrEqual(90);
    expect(long).toMatch(/^The streamer really (really )+really…$/);
  });

  it('uses the URL slug when the first sentence is too short to say anything', () => {
    expect(
      deriveTitle(
        'Updated.\n\nRuth Okafor joins the cast.',
        'https://x.example/2022/05/01/moonfall-inn-casting-news/index.html',
      ),
    ).toBe('Moonfall inn casting news');
    expect(deriveTitle('Updated.', null)).toBe('Updated.');
    expect(titleFromUrl('https://x.example/story/69781834007/')).toBeNull();
    expect(titleFromUrl('not a url')).toBeNull();
  });
});

describe('untitled articles', () => {
  it('are loaded with a derived title instead of being skipped, and counted', async () => {
    const result = await loadArticles(articlesDir, { maxBytes: 1024 * 1024 });
    expect(result.skipped).toEqual([]);
    expect(result.untitled).toBe(3);
    const titles = Object.fromEntries(result.articles.map((a) => [a.id, a.title]));
    expect(titles).toEqual({
      'feed#0': 'Filming on the second season of Harbor Lights began in Lunenburg on April 3, producer…',
      'feed#1': 'Moonfall inn casting news',
      'feed#2': 'Lantern channel orders a ghost comedy',
      location: expect.stringMatching(
        /^The fishing drama Harbor Lights is filmed in the harbour town of Lunenburg/,
      ) as string,
    });
    // The sentence that became the title is still in the text, so it can be quoted.
    expect(result.articles.find((a) => a.id === 'feed#0')?.text).toMatch(/^Filming on the second season/);
  });

  it('answer questions, cited under their derived title', async () => {
    const engine = await openEngine(testConfig({ articlesDir, indexDir: path.join(dir, 'index') }), {
      log: silentLogger,
    });
    try {
      const answer = await engine.ask('When did filming begin on the second season of Harbor Lights?');
      expect(answer.abstained).toBe(false);
      expect(answer.answer).toContain('April 3');
      expect(answer.citations[0]).toMatchObject({
        url: untitledRecord.url,
        title: expect.stringMatching(/^Filming on the second season of Harbor Lights/) as string,
      });
    } finally {
      await engine.close();
    }
  });

  it('are counted in the reindex summary', async () => {
    const env = { ARTICLES_DIR: articlesDir, INDEX_DIR: path.join(dir, 'cli-index') };
    const text = await runCli('reindex', [], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Indexed 4 articles');
    expect(text.stdout).toContain('untitled: 3');
    expect(text.stdout).not.toContain('missing title');
    const json = await runCli('reindex', ['--json'], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({ articles: 4, untitled: 3, skipped: [] });
  });
});

describe('the Discord reindex summary', () => {
  it('shows how many articles were indexed untitled', () => {
    const summary = {
      articles: 4,
      chunks: 4,
      changedArticles: 4,
      removedArticles: 0,
      seconds: 0.2,
      skipped: [],
      model: null,
      version: 'v1',
      rebuildReason: null,
    };
    const field = (untitled: number) =>
      reindexSummaryEmbed({ ...summary, untitled }).fields?.find((f) => f.name === 'Untitled')?.value;
    expect(field(3)).toBe('3 (title taken from the text or URL)');
    expect(field(0)).toBeUndefined();
  });
});

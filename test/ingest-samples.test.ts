import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanArticleText } from '../src/ingest/clean';
import { loadArticles } from '../src/ingest/load';
import type { Article, IngestResult } from '../src/ingest/types';

const samplesDir = path.resolve('data/articles');

interface ManifestFile {
  articles: { file: string; outlet: string; url: string; published: string | null; show: string }[];
}

let result: IngestResult;
let manifest: ManifestFile;
const byStem = (stem: string): Article => {
  const article = result.articles.find((a) => a.id === stem);
  if (!article) throw new Error(`sample ${stem} did not load`);
  return article;
};

beforeAll(async () => {
  result = await loadArticles(samplesDir, { maxBytes: 5 * 1024 * 1024 });
  manifest = JSON.parse(await readFile(path.join(samplesDir, 'manifest.json'), 'utf8')) as ManifestFile;
});

describe('the shipped sample articles', () => {
  it('all five load, and the manifest is metadata rather than an article', () => {
    expect(result.skipped).toEqual([]);
    expect(result.articles.map((a) => a.file)).toEqual(manifest.articles.map((m) => m.file));
    expect(result.articles.map((a) => a.id)).toEqual(manifest.articles.map((m) => m.file.replace(/\.txt$/, '')));
  });

  it('takes outlet, URL, date and show from the manifest', () => {
    for (const entry of manifest.articles) {
      const article = result.articles.find((a) => a.file === entry.file);
      expect(article).toMatchObject({
        outlet: entry.outlet,
        url: entry.url,
        published: entry.published,
        show: 'Jessica Jones',
      });
    }
  });

  it('takes the title from the first line, skipping a "Skip to content" link', () => {
    expect(byStem('000_982bcfe2b38982df').title).toBe('Jessica Jones Season 2 Filming Kicks Off');
    expect(byStem('001_30f35525ad3ef242').title).toBe('Production Starts on Jessica Jones Season 2');
    expect(byStem('002_a24f58f24867ad39').title).toBe('Jessica Jones Begins Production On Second Season');
    expect(byStem('003_f48608595cd94a19').title).toBe('Jessica Jones Season 2 Begins Filming');
    expect(byStem('004_e57946503a1cf1e6').title).toBe('Netflix’s ‘Jessica Jones’ Begins Filming Season 2');
  });

  it('does not repeat the title inside the text', () => {
    for (const article of result.articles) expect(article.text).not.toContain(article.title);
  });

  const furniture: [string, string][] = [
    ['002_a24f58f24867ad39', 'Skip to content'],
    ['000_982bcfe2b38982df', 'protected'],
    ['000_982bcfe2b38982df', '09:31 AM EDT'],
    ['000_982bcfe2b38982df', 'Tags'],
    ['001_30f35525ad3ef242', 'Image: Marvel/Netflix'],
    ['001_30f35525ad3ef242', 'Written by'],
    ['001_30f35525ad3ef242', '773 Posts'],
    ['001_30f35525ad3ef242', 'View All Posts'],
    ['001_30f35525ad3ef242', 'Follow Me'],
    ['001_30f35525ad3ef242', 'Brianna Reeves is an editor'],
    ['002_a24f58f24867ad39', 'Photo Courtesy'],
    ['002_a24f58f24867ad39', '1 Comment'],
    ['002_a24f58f24867ad39', 'I believe we will see Will Simpson again'],
    ['002_a24f58f24867ad39', 'Typhoid Mary would be fantastic'],
    ['002_a24f58f24867ad39', 'Leave a Reply'],
    ['002_a24f58f24867ad39', 'bloggers like this'],
    ['003_f48608595cd94a19', 'Jessica Jones season 2 - Krysten Ritter'],
    ['003_f48608595cd94a19', 'NEXT:'],
    ['003_f48608595cd94a19', 'Things We Want In Jessica Jones Season 2'],
    ['003_f48608595cd94a19', 'That 70s Show Eric Dead'],
    ['003_f48608595cd94a19', "That '70s Show Theory"],
    ['003_f48608595cd94a19', 'More in TV News'],
    ['004_e57946503a1cf1e6', 'Filming notices have appeared'],
  ];
  it.each(furniture)('%s: removes page furniture "%s"', (stem, text) => {
    const raw = byStem(stem);
    expect(raw.text).not.toContain(text);
  });

  it('the furniture really is in the raw files (so the removal above means something)', async () => {
    for (const [stem, text] of furniture) {
      const raw = await readFile(path.join(samplesDir, `${stem}.txt`), 'utf8');
      expect(raw.replace(/\u00a0/g, ' ')).toContain(text);
    }
  });

  const reporting: [string, string][] = [
    ['000_982bcfe2b38982df', 'Janet McTeer has been cast in a mystery role'],
    ['000_982bcfe2b38982df', 'Loeb shared, “We are so fortunate to have an actress of Janet’s talent'],
    ['000_982bcfe2b38982df', 'he appeared on the podcast Film and Telly Stuff with Luke and Al.'],
    ['000_982bcfe2b38982df', 'Only time will reveal more.'],
    ['001_30f35525ad3ef242', 'We know each of the 13 episodes are to have female directors at the helm'],
    ['001_30f35525ad3ef242', 'But at least we have The Punisher to look forward to in the next year or so.'],
    ['002_a24f58f24867ad39', 'those infamous pink notices that say “No Parking”'],
    ['002_a24f58f24867ad39', 'Jessica Jones is expected to be released in 2018.'],
    ['003_f48608595cd94a19', 'introduce Luke Cage ahead of his own standalone series'],
    [
      '003_f48608595cd94a19',
      'Jessica Jones Season 2 is expected to air sometime 2018 and the Defenders will premiere summer 2017 on Netflix.',
    ],
    ['003_f48608595cd94a19', 'Source: OLV via MCUexchange.'],
    ['004_e57946503a1cf1e6', 'given superhuman strength and the ability to fly'],
    [
      '004_e57946503a1cf1e6',
      'Ritter will appear as Jessica Jones in Netflix’s The Defenders which will debut later in 2017.',
    ],
  ];
  it.each(reporting)('%s: keeps the reporting "%s"', (stem, sentence) => {
    expect(byStem(stem).text).toContain(sentence);
  });

  it('keeps every article mostly intact: the body is the bulk of the raw file', async () => {
    for (const article of result.articles) {
      const raw = await readFile(path.join(samplesDir, article.file), 'utf8');
      expect(article.text.length).toBeGreaterThan(raw.length * 0.8);
    }
  });

  it('normalises whitespace and the doubled opening quote', () => {
    for (const article of result.articles) {
      expect(article.text).toBe(article.text.trim());
      expect(article.text).not.toMatch(/\n{3,}/);
      expect(article.text).not.toMatch(/[ \t]+\n/);
      expect(article.text).not.toMatch(/ {2}|\u00a0/);
      expect(article.text).not.toContain('““');
    }
  });

  it('cleaning stored text again changes nothing, so re-cleaning never moves citation offsets', () => {
    for (const article of result.articles) expect(cleanArticleText(article.text, article.title)).toBe(article.text);
  });

  it('gives the same content hash on every load', async () => {
    const again = await loadArticles(samplesDir, { maxBytes: 5 * 1024 * 1024 });
    expect(again.articles.map((a) => a.contentHash)).toEqual(result.articles.map((a) => a.contentHash));
    expect(new Set(result.articles.map((a) => a.contentHash)).size).toBe(5);
  });
});

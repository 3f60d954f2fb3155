import { describe, expect, it } from 'vitest';
import { makeArticle, normalisePublished } from '../src/ingest/article';
import { cleanArticleText } from '../src/ingest/clean';

const base = {
  id: 'x',
  file: 'x.txt',
  title: 'Show Renewed',
  text: 'The show was renewed for a third season on Monday.',
};

describe('makeArticle metadata', () => {
  it('falls back to the URL host (without www.) for the outlet, then to "Unknown outlet"', () => {
    expect(makeArticle({ ...base, url: 'https://www.tvline.example/news/renewed' }).outlet).toBe('tvline.example');
    expect(makeArticle({ ...base, url: 'https://deadline.example/renewed' }).outlet).toBe('deadline.example');
    expect(makeArticle({ ...base, outlet: '  TVLine ', url: 'https://www.tvline.example/x' }).outlet).toBe('TVLine');
    expect(makeArticle({ ...base }).outlet).toBe('Unknown outlet');
    expect(makeArticle({ ...base, outlet: '', url: null }).outlet).toBe('Unknown outlet');
  });

  it('keeps only http(s) URLs', () => {
    expect(makeArticle({ ...base, url: ' https://example.com/a ' }).url).toBe('https://example.com/a');
    expect(makeArticle({ ...base, url: 'not a url' }).url).toBeNull();
    expect(makeArticle({ ...base, url: 'javascript:alert(1)' }).url).toBeNull();
  });

  it.each([
    ['2017-04-12', '2017-04-12'],
    ['2017-04-12T23:31:00-04:00', '2017-04-12'],
    ['2017/04/03', '2017-04-03'],
    ['2017/4/3', '2017-04-03'],
    ['April 3, 2017', '2017-04-03'],
    ['3 Apr 2017', '2017-04-03'],
    ['2017-02-30', null],
    ['someday', null],
    ['', null],
    [null, null],
  ])('published %j becomes %j', (input, expected) => {
    expect(normalisePublished(input)).toBe(expected);
    expect(makeArticle({ ...base, published: input }).published).toBe(expected);
  });

  it('the content hash changes with the text and with the metadata, and only then', () => {
    const original = makeArticle({ ...base, outlet: 'TVLine' });
    expect(original.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(makeArticle({ ...base, outlet: 'TVLine' }).contentHash).toBe(original.contentHash);
    expect(makeArticle({ ...base, outlet: 'TVLine', text: `${base.text} More.` }).contentHash).not.toBe(
      original.contentHash,
    );
    expect(makeArticle({ ...base, outlet: 'Deadline' }).contentHash).not.toBe(original.contentHash);
    expect(makeArticle({ ...base, outlet: 'TVLine', show: 'Daredevil' }).contentHash).not.toBe(original.contentHash);
  });
});

describe('cleanArticleText on furniture from other sites', () => {
  it('drops bylines, datelines, skip links, share and credit lines anywhere', () => {
    const raw = [
      'Jump to navigation',
      'By Maria Lopez and Sam Reed',
      'Updated: March 3, 2018 10:15 am ET',
      '',
      'The network confirmed the renewal on Friday, ending weeks of speculation among fans.',
      '',
      'Photo by Jane Doe/Getty Images',
      'READ MORE: Five Shows We Expect to Be Cancelled',
      'Advertisement',
      '',
      'Production is set to begin in the autumn in Atlanta.',
    ].join('\n');
    expect(cleanArticleText(raw, 'Renewal Confirmed')).toBe(
      'The network confirmed the renewal on Friday, ending weeks of speculation among fans.\n\nProduction is set to begin in the autumn in Atlanta.',
    );
  });

  it('cuts the page tail at the first trailer marker and drops the teaser headlines before it', () => {
    const raw = [
      'The network confirmed the renewal on Friday, ending weeks of speculation among fans.',
      '',
      'Five Shows We Expect to Be Cancelled',
      'Why the Finale Divided Viewers',
      '',
      'You May Also Like',
      'Another headline',
      'Share this:',
      'Twitter',
    ].join('\n');
    expect(cleanArticleText(raw, 'Renewal Confirmed')).toBe(
      'The network confirmed the renewal on Friday, ending weeks of speculation among fans.',
    );
  });

  it('a Related block in the middle of a story goes, and the story after it stays', () => {
    const raw = [
      'The network confirmed the renewal on Friday, ending weeks of speculation among fans.',
      '',
      'Related:',
      '',
      'Five Shows We Expect to Be Cancelled',
      '',
      'Is the Finale the Best Episode Yet?',
      '',
      'Production is set to begin in the autumn in Atlanta, the studio said in a statement.',
    ].join('\r\n');
    expect(cleanArticleText(raw, 'Renewal Confirmed')).toBe(
      'The network confirmed the renewal on Friday, ending weeks of speculation among fans.\n\nProduction is set to begin in the autumn in Atlanta, the studio said in a statement.',
    );
  });

  it('a marker before any prose is dropped but does not cut the article', () => {
    const raw =
      'Related\n\nThe network confirmed the renewal on Friday, ending weeks of speculation among fans.\n\nIt returns next year.';
    expect(cleanArticleText(raw, 'Renewal Confirmed')).toBe(
      'The network confirmed the renewal on Friday, ending weeks of speculation among fans.\n\nIt returns next year.',
    );
  });

  it('keeps short headings, dated sentences and list-like lines that are reporting', () => {
    const raw = [
      'The network confirmed the renewal on Friday, ending weeks of speculation among fans.',
      '',
      'What We Know So Far',
      '',
      'Season 4 premieres March 8, 2019',
      '',
      'Episode 1 airs Monday at 9 pm on the network.',
      'Episode 2 airs Tuesday at 9 pm on the network.',
    ].join('\n');
    expect(cleanArticleText(raw, 'Renewal Confirmed')).toBe(raw);
  });

  it('keeps one copy of a line repeated verbatim', () => {
    const line = 'The network confirmed the renewal on Friday, ending weeks of speculation among fans.';
    expect(cleanArticleText(`${line}\n${line}\n\nMore to come.`, 'Renewal')).toBe(`${line}\n\nMore to come.`);
  });
});

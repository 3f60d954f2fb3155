import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkArticle } from '../src/chunk';
import { countWords } from '../src/text/terms';
import { splitSentences } from '../src/text/sentences';
import { sampleArticlesDir } from './support/sample-index';
import { loadArticles } from '../src/ingest/load';

const sentence = (i: number, words: number) =>
  `Sentence ${i} ${Array.from({ length: words - 3 }, (_, w) => `word${i}x${w}`).join(' ')} end.`;

describe('chunkArticle', () => {
  it('gives offsets whose slice is the chunk and which start and end on sentence boundaries', async () => {
    const { articles } = await loadArticles(sampleArticlesDir, { maxBytes: 1_000_000 });
    expect(articles.length).toBe(5);
    for (const article of articles) {
      const chunks = chunkArticle(article);
      const boundaries = splitSentences(article.text);
      const starts = new Set(boundaries.map((s) => s.start));
      const ends = new Set(boundaries.map((s) => s.end));
      expect(chunks.length).toBeGreaterThan(0);
      for (const chunk of chunks) {
        expect(starts.has(chunk.start)).toBe(true);
        expect(ends.has(chunk.end)).toBe(true);
        expect(chunk.id).toBe(`${article.id}#${chunk.index}`);
      }
      // Together the chunks cover the whole text from its first sentence to its last.
      expect(chunks[0]!.start).toBe(boundaries[0]!.start);
      expect(chunks.at(-1)!.end).toBe(boundaries.at(-1)!.end);
    }
  });

  it('keeps chunks between roughly 60 and 200 words, overlapping by one sentence', () => {
    const text = Array.from({ length: 40 }, (_, i) => sentence(i, 20)).join(' ');
    const chunks = chunkArticle({ id: 'a', text });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      const words = countWords(text.slice(chunk.start, chunk.end));
      expect(words).toBeGreaterThanOrEqual(60);
      expect(words).toBeLessThanOrEqual(200);
    }
    for (let i = 1; i < chunks.length; i++) {
      const before = splitSentences(text.slice(chunks[i - 1]!.start, chunks[i - 1]!.end)).at(-1)!.text;
      const after = splitSentences(text.slice(chunks[i]!.start, chunks[i]!.end))[0]!.text;
      expect(after).toBe(before);
    }
  });

  it('cuts a single sentence longer than the maximum at word boundaries', () => {
    const text = `${Array.from({ length: 450 }, (_, i) => `w${i}`).join(' ')}.`;
    const chunks = chunkArticle({ id: 'long', text });
    expect(chunks.length).toBe(3);
    for (const chunk of chunks) {
      const piece = text.slice(chunk.start, chunk.end);
      expect(countWords(piece)).toBeLessThanOrEqual(200);
      expect(piece).toMatch(/^w\d+/);
    }
  });

  it('keeps a short article as one chunk and gives none for an empty one', () => {
    expect(chunkArticle({ id: 's', text: 'Only one short sentence here.' })).toEqual([
      { id: 's#0', articleId: 's', index: 0, start: 0, end: 29 },
    ]);
    expect(chunkArticle({ id: 'e', text: '   ' })).toEqual([]);
  });

  it('never lets a headline line fuse with the paragraph after it', async () => {
    const text = await readFile(path.join(sampleArticlesDir, '003_f48608595cd94a19.txt'), 'utf8');
    const sentences = splitSentences(text);
    expect(sentences.some((s) => s.text === 'Jessica Jones Season 2 Directors')).toBe(true);
  });
});

describe('splitSentences', () => {
  it('ends a sentence at a line end even after an abbreviation-like word, with offsets into the text', () => {
    const text = 'Was he the best? No.\n\nHow about we get inspired? Sales rose 5 p.c. in the U.S.\nThe end.';
    const sentences = splitSentences(text, 100);
    expect(sentences.map((s) => s.text)).toEqual([
      'Was he the best?',
      'No.',
      'How about we get inspired?',
      'Sales rose 5 p.c. in the U.S.',
      'The end.',
    ]);
    for (const s of sentences) expect(text.slice(s.start - 100, s.end - 100)).toBe(s.text);
  });

  it('keeps every word when sbd drops the quotation mark after an abbreviation, each sentence quoted exactly', () => {
    const text =
      'The rules bar non-U.S.citizens," Ann Lee, the director, said in a statement. "We look forward to it."\n\n' +
      'Singles include "Amen," "R.I.C.O.," "Litty" and "Dangerous."\n\nDetails: 8 p.m. Tuesday.';
    const sentences = splitSentences(text);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    // Sentences may cut a word where sbd did ("non-U" | ".S.citizens"), but no character goes missing.
    const covered = sentences.map((s) => s.text).join('');
    expect(covered.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    expect(sentences.map((s) => s.text)).toContain('"We look forward to it."');
    expect(sentences.map((s) => s.text)).toContain('Details: 8 p.m. Tuesday.');
  });
});

describe('countWords', () => {
  it('counts words split by any white space JavaScript knows, and nothing else', () => {
    // Every UTF-16 code unit between two words: a separator exactly when `\s` matches it.
    for (let code = 0; code < 0x10000; code++) {
      const between = String.fromCharCode(code);
      const text = `one${between}two`;
      expect(countWords(text), `U+${code.toString(16)}`).toBe(/\s/.test(between) ? 2 : 1);
    }
    expect(countWords('  Filming began\n\n in Harlem\u00a0— Netflix.  ')).toBe(6);
    expect(countWords('')).toBe(0);
  });
});

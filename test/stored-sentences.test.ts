import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine';
import { buildIndex } from '../src/index/build';
import { currentIndexDir, readIndex, type LoadedIndex } from '../src/index/disk';
import { textReader, toCorpus } from '../src/index/disk-text';
import { chunksFromBytes, chunksToBytes, sentencesToBytes } from '../src/index/files';
import type { StoredArticle, StoredChunk } from '../src/index/types';
import { makeArticle } from '../src/ingest/article';
import { createLogger, silentLogger } from '../src/log';
import { boundsPool, sentenceBounds, sentencesAt, splitSentences } from '../src/text/sentences';
import { sampleWorkspace, testConfig } from './support/sample-index';

/** Made-up articles; each paragraph long enough that an article makes several overlapping chunks. */
function story(id: string, topic: string, paragraphs: number): ReturnType<typeof makeArticle> {
  const body = Array.from(
    { length: paragraphs },
    (_, p) =>
      `The ${topic} crew filmed scene ${p + 1} on the pier at 5 p.m. on Jan. 4 with Dr. Ruiz watching. ` +
      `Producers said the episode runs 52 minutes. "It was cold," Ms. Okafor said, and the U.S. release follows ` +
      `in No.\nSpring, after a second pass by the editors and the score's last mix.`,
  ).join('\n\n');
  return makeArticle({ id, file: `${id}.txt`, title: `${topic} wraps its filming`, text: body });
}

/** Each chunk's stored sentences against splitting its text now, as answering did before they were stored. */
function expectStoredAsSplit(index: LoadedIndex): void {
  const text = textReader(index);
  expect(index.chunks.size).toBeGreaterThan(0);
  for (const chunk of index.chunks.values()) {
    const body = text(index.articles.get(chunk.articleId)!).slice(chunk.start, chunk.end);
    expect(sentencesAt(body, chunk.start, chunk.sentences)).toEqual(splitSentences(body, chunk.start));
  }
}

describe('sentence offsets stored with each chunk', () => {
  it.each([
    ['plain sentences', 'One thing happened. Then another did! Did a third?', 0],
    ['an abbreviation ending a line', 'The vote moved to No.\nNext week it returns.', 17],
    ['a dropped character next to a quote', 'Only non-U.S.citizens," she said, "may apply." The rest wait.', 3],
    ['blank lines and a headline', 'Headline Without A Stop\n\n  Body text follows here.  \n', 250],
    ['no text at all', '   ', 9],
  ])('read back from their offsets, %s gives what splitting gives', (_, text, offset) => {
    expect(sentencesAt(text, offset, sentenceBounds(text, offset))).toEqual(splitSentences(text, offset));
  });

  it("keep each chunk's offsets apart when many chunks share the build's blocks", () => {
    // Blocks of 8 values: the second chunk's 6 do not fit after the first's 4, so a new block starts.
    const allocate = boundsPool(8);
    const texts = ['One. Two.', 'Three. Four. Five.', 'Six.', 'Seven. Eight.'];
    const kept = texts.map((text) => sentenceBounds(text, 40, allocate));
    texts.forEach((text, i) => expect(sentencesAt(text, 40, kept[i]!)).toEqual(splitSentences(text, 40)));
  });

  describe('in an index', () => {
    let dir: string | undefined;
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it('are what splitting each chunk gives, after a build, a reload and an incremental reindex', async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'news-bot-sentences-'));
      const indexDir = path.join(dir, 'index');
      const first = [story('a', 'harbour drama', 6), story('b', 'desert western', 4)];
      const built = await buildIndex({
        indexDir,
        corpus: toCorpus(first),
        embedder: null,
        previous: null,
        log: silentLogger,
      });
      expect(built.index.chunks.size).toBeGreaterThan(first.length);
      // The build's own chunks (which keep where their offsets lie in its blocks) and the saved ones.
      expectStoredAsSplit(built.index);
      const saved = (await readIndex(indexDir))!;
      expectStoredAsSplit(saved);
      for (const chunk of built.index.chunks.values())
        expect([...saved.chunks.get(chunk.label)!.sentences]).toEqual([...chunk.sentences]);

      const previous = (await readIndex(indexDir))!;
      const kept = [...previous.chunks.values()].filter((c) => c.articleId === 'a');
      const next = [first[0]!, story('b', 'desert western remake', 5), story('c', 'office comedy', 3)];
      const rebuilt = await buildIndex({
        indexDir,
        corpus: toCorpus(next),
        embedder: null,
        previous,
        log: silentLogger,
      });
      expect(rebuilt.changedArticles).toBe(2);
      const reloaded = (await readIndex(indexDir))!;
      expectStoredAsSplit(reloaded);
      // The unchanged article's chunks were carried over, offsets and all.
      for (const chunk of kept) expect([...reloaded.chunks.get(chunk.label)!.sentences]).toEqual([...chunk.sentences]);
    });
  });

  it('a sentence outside its chunk is reported as damage, naming the file', () => {
    const article: StoredArticle = {
      id: 'x',
      file: 'x.txt',
      title: 'A title',
      outlet: 'Somewhere',
      url: null,
      published: null,
      show: null,
      contentHash: 'h',
      textStart: 0,
      textEnd: 100,
    };
    const chunk = (sentences: number[]): StoredChunk => ({
      label: 0,
      articleId: 'x',
      index: 0,
      start: 10,
      end: 40,
      sentences: Uint32Array.from(sentences),
    });
    const read = (sentences: number[]) =>
      chunksFromBytes(
        chunksToBytes([chunk(sentences)], () => 0),
        [article],
        sentencesToBytes([chunk(sentences)]),
      );
    expect([...read([10, 20, 22, 40]).get(0)!.sentences]).toEqual([10, 20, 22, 40]);
    expect(() => read([10, 20, 22, 41])).toThrow(/sentences\.bin chunk 0/);
    expect(() => read([22, 30, 10, 20])).toThrow(/sentences\.bin chunk 0/);
    expect(() =>
      chunksFromBytes(
        chunksToBytes([chunk([10, 20])], () => 0),
        [article],
        Buffer.from(Uint32Array.of(2, 10).buffer),
      ),
    ).toThrow(/sentences\.bin is shorter/);
  });

  it('an index written before they were stored is reported as another format and rebuilt before answering', async () => {
    const ws = await sampleWorkspace('news-bot-old-format-');
    try {
      const config = testConfig(ws);
      await (await openEngine(config, { log: silentLogger })).close();
      // What a format-5 index holds: the same files but sentences.bin, and the older format number.
      const versionDir = (await currentIndexDir(ws.indexDir))!;
      await rm(path.join(versionDir, 'sentences.bin'));
      const manifestFile = path.join(versionDir, 'manifest.json');
      const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
      await writeFile(manifestFile, JSON.stringify({ ...manifest, formatVersion: 5 }));

      const lines: string[] = [];
      const engine = await openEngine(config, { log: createLogger({ level: 'debug', write: (l) => lines.push(l) }) });
      expect(
        lines.some((l) => l.includes('"level":"warn"') && l.includes('index format 5') && l.includes('rebuilding it')),
      ).toBe(true);
      expect((await engine.ask('Who is Janet McTeer playing?')).abstained).toBe(false);
      await engine.close();
      const rebuilt = (await currentIndexDir(ws.indexDir))!;
      expect(rebuilt).not.toBe(versionDir);
      expect((await stat(path.join(rebuilt, 'sentences.bin'))).size).toBeGreaterThan(0);
    } finally {
      await ws.cleanup();
    }
  });
});

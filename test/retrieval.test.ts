import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLexicalIndex, loadLexicalIndex } from '../src/index/lexical';
import { fuseScores } from '../src/retrieve/fuse';
import { groupNearDuplicates } from '../src/retrieve/group';
import type { Passage } from '../src/retrieve/types';

const docs = [
  { label: 1, title: 'Casting news', text: 'Janet McTeer joins the cast of Jessica Jones in a mystery role.' },
  { label: 2, title: 'Filming news', text: 'Filming of Jessica Jones season two began on Broadway in New York.' },
  { label: 3, title: 'Podcast', text: 'Charlie Cox appeared on the podcast Film and Telly Stuff.' },
];

describe('BM25 lexical index', () => {
  it('ranks the chunk that holds the rare question terms first, with stemming', () => {
    const index = createLexicalIndex();
    index.add(docs);
    expect(index.search('Who was cast in mysterious roles?', 3)[0]?.label).toBe(1);
    expect(index.search('Which podcasts did Cox appear on?', 3)[0]?.label).toBe(3);
    expect(index.search('filmed on Broadway', 3)[0]?.label).toBe(2);
  });

  it('counts document frequencies of stemmed terms and updates them on remove', () => {
    const index = createLexicalIndex();
    index.add(docs);
    expect(index.documentFrequency('jessica')).toBe(2);
    expect(index.documentFrequency('film')).toBe(2);
    expect(index.documentFrequency('the')).toBe(0);
    index.remove([docs[1]!]);
    expect(index.documentFrequency('jessica')).toBe(1);
    expect(index.documentCount()).toBe(2);
    expect(index.search('Broadway', 3)).toEqual([]);
  });

  it('scores as a fresh index of the same chunks after chunks are removed and added', () => {
    const changed = createLexicalIndex();
    changed.add(docs);
    changed.search('Jessica Jones filming', 3);
    changed.remove([docs[0]!]);
    const renewal = { label: 4, title: 'Renewal', text: 'Jessica Jones is renewed; filming starts in spring.' };
    changed.add([renewal]);
    const fresh = createLexicalIndex();
    fresh.add([docs[1]!, docs[2]!, renewal]);
    for (const query of ['Jessica Jones filming', 'podcast', 'McTeer mystery role']) {
      expect(changed.search(query, 3)).toEqual(fresh.search(query, 3));
    }
  });

  it('answers the same after saving and loading, and keeps taking changes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lexical-'));
    try {
      const index = createLexicalIndex();
      index.add(docs);
      index.remove([docs[2]!]);
      await index.save(path.join(dir, 'lexical.bin'));
      const loaded = await loadLexicalIndex(path.join(dir, 'lexical.bin'));
      expect(loaded.search('mystery role Jessica', 3)).toEqual(index.search('mystery role Jessica', 3));
      expect(loaded.documentFrequency('jessica')).toBe(2);
      expect(loaded.documentCount()).toBe(2);
      expect(loaded.search('podcast', 3)).toEqual([]);
      loaded.add([{ label: 7, title: 'Renewal', text: 'Apple renewed Severance for a third season.' }]);
      expect(loaded.search('Severance renewal', 3)[0]?.label).toBe(7);
      expect(loaded.search('Broadway', 3)[0]?.label).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('saves a loaded index given changes as it saves one index given the same changes in memory', async () => {
    // What an incremental reindex does: load the live version, drop a changed chunk, add its new
    // text and a new chunk sharing the loaded terms, save. The file must be the one a build that
    // never saved in between writes, and the loaded index must answer as that one does.
    const more = [
      { label: 4, title: 'Filming news', text: 'Filming of the ferry drama moved from Broadway to the harbour.' },
      { label: 5, title: 'Podcast', text: 'The podcast about the ferry drama returns for a second season.' },
    ];
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lexical-'));
    try {
      const inMemory = createLexicalIndex();
      inMemory.add(docs);
      await inMemory.save(path.join(dir, 'before.bin'));
      inMemory.remove([docs[1]!]);
      inMemory.add(more);
      await inMemory.save(path.join(dir, 'in-memory.bin'));

      const loaded = await loadLexicalIndex(path.join(dir, 'before.bin'));
      loaded.remove([docs[1]!]);
      loaded.add(more);
      await loaded.save(path.join(dir, 'loaded.bin'));
      const [expected, saved] = await Promise.all([
        readFile(path.join(dir, 'in-memory.bin')),
        readFile(path.join(dir, 'loaded.bin')),
      ]);
      expect(saved.equals(expected)).toBe(true);
      for (const query of ['ferry drama filming', 'Broadway', 'podcast season'])
        expect(loaded.search(query, 5)).toEqual(inMemory.search(query, 5));
      expect(loaded.scoreGroups('ferry podcast', [[4], [5]], 12)).toEqual(
        inMemory.scoreGroups('ferry podcast', [[4], [5]], 12),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged file instead of answering from garbage', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lexical-'));
    try {
      const index = createLexicalIndex();
      index.add(docs);
      await index.save(path.join(dir, 'lexical.bin'));
      const bytes = await readFile(path.join(dir, 'lexical.bin'));
      await writeFile(path.join(dir, 'cut.bin'), bytes.subarray(0, bytes.length - 40));
      await expect(loadLexicalIndex(path.join(dir, 'cut.bin'))).rejects.toThrow(/truncated/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ranks by BM25: a rare term outweighs a common one, a short chunk a long one', () => {
    const index = createLexicalIndex();
    index.add([
      { label: 1, title: '', text: 'season season season news' },
      { label: 2, title: '', text: 'season premiere date announced' },
      { label: 3, title: '', text: 'season finale' },
      { label: 4, title: '', text: 'season cast list' },
      { label: 5, title: '', text: `premiere ${'filler words here '.repeat(30)}` },
      { label: 6, title: '', text: 'premiere tonight' },
    ]);
    const hits = index.search('season premiere', 6);
    const order = hits.map((h) => h.label);
    expect(order[0]).toBe(2);
    // "premiere" (3 chunks) is rarer than "season" (4): alone in an equally short chunk it weighs more.
    expect(order.indexOf(6)).toBeLessThan(order.indexOf(3));
    // The same single mention counts for less in a long chunk.
    expect(order.indexOf(6)).toBeLessThan(order.indexOf(5));
    expect(hits.every((h, i) => i === 0 || h.score <= hits[i - 1]!.score)).toBe(true);
  });
});

describe('BM25 over groups of chunks', () => {
  // Two articles: one in two chunks (labels 0 and 1), one in a single chunk (label 2).
  const chunks = [
    { label: 0, title: 'Strike', text: 'Ferry crews walked out at Kestrel Bay.' },
    { label: 1, title: 'Strike', text: 'The ferry crews want shorter shifts, and the ferry stays in port.' },
    { label: 2, title: 'Round-up', text: 'A ferry, a fair and a new library: the week in brief.' },
    { label: 3, title: 'Weather', text: 'Rain all week, and wind on the coast.' },
  ];
  const groups = [[0, 1], [2]];

  it('scores each group as one document, its chunks counted together', () => {
    const index = createLexicalIndex();
    index.add(chunks);
    const [strike, roundUp] = index.scoreGroups('ferry crews', groups, 20);
    expect(roundUp).toBeGreaterThan(0);
    expect(strike).toBeGreaterThan(roundUp!);
    // A term only the round-up holds counts for it alone; a term no chunk holds counts for none.
    expect(index.scoreGroups('library', groups, 20)).toEqual([0, expect.any(Number)]);
    expect(index.scoreGroups('library', groups, 20)[1]).toBeGreaterThan(0);
    expect(index.scoreGroups('harbourmaster', groups, 20)).toEqual([0, 0]);
  });

  it('scores a group the same whatever other groups are asked about with it', () => {
    // One chunk against 200 holding the term is counted by binary search in the term's postings;
    // asked together with a group of the other 199, by walking the postings: both must agree.
    const many = Array.from({ length: 200 }, (_, label) => ({
      label,
      title: 'Harbour',
      text: `Ferry number ${label} sailed ${label % 3 === 0 ? 'late' : 'on time'} from the harbour.`,
    }));
    const index = createLexicalIndex();
    index.add(many);
    const alone = index.scoreGroups('late ferry harbour', [[3]], 20);
    const others = many.map((c) => c.label).filter((label) => label !== 3);
    const withOthers = index.scoreGroups('late ferry harbour', [[3], others], 20);
    expect(alone[0]).toBeGreaterThan(0);
    expect(withOthers[0]).toBe(alone[0]);
    expect(() => index.scoreGroups('ferry', [[3], [3, 4]], 20)).toThrow(/two groups/);
    expect(index.scoreGroups('late ferry harbour', [[3]], 20)).toEqual(alone);
  });

  it('counts no removed chunk, and scores the same after saving and loading', async () => {
    const index = createLexicalIndex();
    index.add(chunks);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lexical-'));
    try {
      await index.save(path.join(dir, 'lexical.bin'));
      const loaded = await loadLexicalIndex(path.join(dir, 'lexical.bin'));
      expect(loaded.scoreGroups('ferry crews', groups, 20)).toEqual(index.scoreGroups('ferry crews', groups, 20));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    index.remove([chunks[2]!]);
    expect(index.scoreGroups('ferry', groups, 20)[1]).toBe(0);
  });
});

describe('fuseScores', () => {
  it('puts an item both rankings agree on above items only one ranking holds', () => {
    const fused = fuseScores([
      [
        { label: 1, score: 9 },
        { label: 2, score: 6 },
        { label: 3, score: 3 },
      ],
      [
        { label: 4, score: 0.9 },
        { label: 2, score: 0.8 },
        { label: 5, score: 0.1 },
      ],
    ]);
    const order = [...fused].sort((x, y) => y[1] - x[1]).map(([item]) => item);
    expect(order[0]).toBe(2);
    expect(order.slice(1, 3).sort()).toEqual([1, 4]);
    expect(fused.get(1)).toBeCloseTo(1);
  });

  it('returns the single ranking unchanged in order when dense retrieval is off', () => {
    const fused = fuseScores([
      [
        { label: 3, score: 5 },
        { label: 1, score: 4 },
        { label: 2, score: 1 },
      ],
    ]);
    expect([...fused].sort((x, y) => y[1] - x[1]).map(([item]) => item)).toEqual([3, 1, 2]);
  });
});

describe('groupNearDuplicates', () => {
  const passage = (articleId: string, text: string, score: number): Passage => ({
    chunkId: `${articleId}#0`,
    article: {
      id: articleId,
      file: `${articleId}.txt`,
      title: articleId,
      outlet: articleId,
      url: null,
      published: null,
      show: null,
    },
    text,
    start: 0,
    end: text.length,
    score,
  });

  it('groups the same report from several outlets and keeps different reports apart', () => {
    const groups = groupNearDuplicates([
      passage('a', 'Production on Jessica Jones season two began today on Broadway and West 101st Street.', 3),
      passage('b', 'Jessica Jones season two production began today on Broadway and West 101st Street in New York.', 2),
      passage('c', 'Charlie Cox appeared on the podcast Film and Telly Stuff with Luke and Al.', 1),
    ]);
    expect(groups.map((g) => g.passages.map((p) => p.article.id))).toEqual([['a', 'b'], ['c']]);
  });

  it('never groups two passages of the same article', () => {
    const text = 'Production on Jessica Jones season two began today on Broadway.';
    const groups = groupNearDuplicates([passage('a', text, 2), { ...passage('a', text, 1), chunkId: 'a#1' }]);
    expect(groups).toHaveLength(2);
  });
});

import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { readFile, readdir, writeFile, appendFile, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine';
import { loadEmbedder } from '../src/index/embedder';
import { readIndex } from '../src/index/disk';
import { buildIndex } from '../src/index/build';
import { toCorpus } from '../src/index/disk-text';
import { makeArticle } from '../src/ingest/article';
import { fileChecksum } from '../src/index/checksums';
import { createVectorIndex } from '../src/index/vectors';
import type { Embedder } from '../src/index/types';
import { createLogger, silentLogger } from '../src/log';
import { buildFixtureModel, vocabularyFrom } from './support/fixture-model';
import { repoRoot, sampleWorkspace, testConfig } from './support/sample-index';
import { PROCESS_TEST_TIMEOUT_MS, SIGNAL_BOUND_MS } from './support/bounds';

type Workspace = Awaited<ReturnType<typeof sampleWorkspace>>;

let modelsDir: string;
let modelId: string;
let modelWorkspace: Workspace;

beforeAll(async () => {
  modelWorkspace = await sampleWorkspace('news-bot-model-');
  const texts = await Promise.all(
    (await readdir(modelWorkspace.articlesDir))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFile(path.join(modelWorkspace.articlesDir, f), 'utf8')),
  );
  const model = await buildFixtureModel({
    dir: path.join(modelWorkspace.dir, 'models'),
    vocabulary: vocabularyFrom(texts),
  });
  modelsDir = model.modelsDir;
  modelId = model.modelId;
});

afterAll(async () => {
  await modelWorkspace.cleanup();
});

/** The real fixture embedder, counting the texts it is asked to embed. */
async function countingEmbedder(): Promise<{ embedder: Embedder; embedded: string[] }> {
  const real = await loadEmbedder({ modelId, modelsDir, allowRemote: false, log: silentLogger });
  if (!real) throw new Error('fixture model did not load');
  const embedded: string[] = [];
  return {
    embedded,
    embedder: {
      ...real,
      embedDocuments: (texts, onProgress) => {
        embedded.push(...texts);
        return real.embedDocuments(texts, onProgress);
      },
      embedQuery: (text) => real.embedQuery(text),
    },
  };
}

/**
 * Makes the manifest's checksum agree with a file edited by the test, as if a faulty build had
 * written it: what is left to catch it is the shape check, not the checksum.
 */
async function matchChecksum(dir: string, name: string): Promise<void> {
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { checksums: Record<string, string> };
  manifest.checksums[name] = await fileChecksum(path.join(dir, name));
  await writeFile(manifestFile, JSON.stringify(manifest));
}

describe('reindex', () => {
  it('embeds a chunk text that two articles share once, and indexes it under both', async () => {
    const ws = await sampleWorkspace();
    try {
      const base = await readFile(path.join(ws.articlesDir, '000_982bcfe2b38982df.txt'), 'utf8');
      // The same story under the same title from two outlets (a corpus read without the folder's
      // duplicate check, as the eval's is): every chunk of the second repeats one of the first.
      const story = (id: string, url: string) =>
        makeArticle({
          id,
          file: `${id}.txt`,
          title: 'Syndicated story',
          text: base,
          url,
          outlet: null,
          published: null,
        });
      const { embedder, embedded } = await countingEmbedder();
      const { index } = await buildIndex({
        indexDir: ws.indexDir,
        corpus: toCorpus([story('outlet-a', 'https://a.example/story'), story('outlet-b', 'https://b.example/story')]),
        embedder,
        previous: null,
        log: silentLogger,
      });
      const chunks = [...index.chunks.values()];
      expect(new Set(chunks.map((c) => c.articleId))).toEqual(new Set(['outlet-a', 'outlet-b']));
      expect(embedded).toHaveLength(chunks.length / 2);
      // A question answered by the passage finds it in both articles.
      const first = chunks.find((c) => c.articleId === 'outlet-a')!;
      const twin = chunks.find((c) => c.articleId === 'outlet-b' && c.index === first.index)!;
      const hits = index.vectors!.search(index.vectors!.vector(first.label)!, 2);
      expect(new Set(hits.map((h) => h.label))).toEqual(new Set([first.label, twin.label]));
    } finally {
      await ws.cleanup();
    }
  });

  it('chunks and embeds many articles slice by slice: every chunk indexed, progress counted in articles', async () => {
    const ws = await sampleWorkspace();
    try {
      // About 6 chunks an article: more than one of the build's 512-chunk slices.
      const articles = Array.from({ length: 120 }, (_, a) =>
        makeArticle({
          id: `story-${a}`,
          file: `story-${a}.txt`,
          title: `Story ${a}`,
          text: Array.from(
            { length: 40 },
            (_, s) => `Report ${a} line ${s} says the season ${s} finale of show ${a} airs in spring.`,
          ).join(' '),
          url: `https://example.com/story-${a}`,
          outlet: null,
          published: null,
        }),
      );
      const { embedder, embedded } = await countingEmbedder();
      const progress: { phase: string; done: number; total: number }[] = [];
      const { index } = await buildIndex({
        indexDir: path.join(ws.dir, 'with-model'),
        corpus: toCorpus(articles),
        embedder,
        previous: null,
        onProgress: (p) => progress.push(p),
        log: silentLogger,
      });
      const lexicalOnly = await buildIndex({
        indexDir: path.join(ws.dir, 'lexical-only'),
        corpus: toCorpus(articles),
        embedder: null,
        previous: null,
        log: silentLogger,
      });
      const offsets = (chunks: Iterable<{ articleId: string; start: number; end: number }>) =>
        [...chunks].map((c) => `${c.articleId}:${c.start}-${c.end}`).sort();
      expect(index.chunks.size).toBeGreaterThan(512);
      expect(offsets(index.chunks.values())).toEqual(offsets(lexicalOnly.index.chunks.values()));
      expect(embedded).toHaveLength(index.chunks.size);
      expect(index.vectors!.count()).toBe(index.chunks.size);
      const embedding = progress.filter((p) => p.phase === 'embedding');
      expect(embedding[0]).toEqual({ phase: 'embedding', done: 0, total: 120 });
      expect(embedding.at(-1)).toEqual({ phase: 'embedding', done: 120, total: 120 });
      expect(embedding.length).toBeGreaterThan(2);
      // A passage of the last story is found by its words.
      const hits = index.lexical.search('report 119 line 39 finale', 1);
      expect(index.chunks.get(hits[0]!.label)?.articleId).toBe('story-119');
    } finally {
      await ws.cleanup();
    }
  });

  it('embeds only new and changed articles, and drops removed ones', async () => {
    const ws = await sampleWorkspace();
    try {
      const { embedder, embedded } = await countingEmbedder();
      const config = testConfig(ws, { EMBEDDING_MODEL: modelId, MODELS_DIR: modelsDir });
      const engine = await openEngine(config, { log: silentLogger, embedder });
      const firstBuild = embedded.length;
      expect(firstBuild).toBeGreaterThan(5);
      expect(engine.embeddingModel).toBe(modelId);

      embedded.length = 0;
      const unchanged = await engine.reindex();
      expect(unchanged.changedArticles).toBe(0);
      expect(embedded).toEqual([]);

      await appendFile(
        path.join(ws.articlesDir, '004_e57946503a1cf1e6.txt'),
        '\nThe season will be shot in Brooklyn as well.\n',
      );
      await rm(path.join(ws.articlesDir, '001_30f35525ad3ef242.txt'));
      await writeFile(
        path.join(ws.articlesDir, 'new-story.txt'),
        'Severance renewed\n\nApple renewed Severance for a third season on Monday.\n',
      );
      const before = engine.version();
      const summary = await engine.reindex();
      expect(summary).toMatchObject({ articles: 5, changedArticles: 2, removedArticles: 1, rebuildReason: null });
      expect(engine.version()).not.toBe(before);
      // Only chunks of the changed and the new article went through the model.
      expect(
        embedded.every((t) => t.startsWith('Netflix’s ‘Jessica Jones’') || t.startsWith('Severance renewed')),
      ).toBe(true);

      const answer = await engine.ask('Which show did Apple renew for a third season?');
      expect(answer.citations.map((c) => c.file)).toContain('new-story.txt');
      const sources = engine.sources().map((s) => s.outlet);
      expect(sources).not.toContain('GeekFeed');

      const onDisk = await readIndex(ws.indexDir);
      expect(onDisk?.vectors?.count()).toBe(onDisk?.chunks.size);
      expect(onDisk?.lexical.documentCount()).toBe(onDisk?.chunks.size);
    } finally {
      await ws.cleanup();
    }
  });

  it('keeps serving the previous index when a reindex fails', async () => {
    const ws = await sampleWorkspace();
    try {
      const engine = await openEngine(testConfig(ws), { log: silentLogger, embedder: null });
      const version = engine.version();
      await rm(ws.articlesDir, { recursive: true });
      await expect(engine.reindex()).rejects.toThrow(/Cannot read the articles folder .*does not exist/);
      expect(engine.version()).toBe(version);
      expect((await engine.ask('Which podcast did Charlie Cox appear on?')).answer).toMatch(/Film and Telly Stuff/);
      expect((await readFile(path.join(ws.indexDir, 'CURRENT'), 'utf8')).trim()).toBe(version);
    } finally {
      await ws.cleanup();
    }
  });

  it('publishes nothing when the copy of the live vectors cannot be read, and the live version stays', async () => {
    // An incremental build changes a copy of the live vector index on a thread of its own; its
    // failure must fail the build like any other, not publish a version without vectors.
    const ws = await sampleWorkspace();
    try {
      const story = (text: string) =>
        makeArticle({
          id: 'harbour',
          file: 'harbour.txt',
          title: 'Harbour drama renewed',
          text,
          url: null,
          outlet: 'Made-up Weekly',
          published: '2024-03-01',
        });
      const { embedder } = await countingEmbedder();
      const first = await buildIndex({
        indexDir: ws.indexDir,
        corpus: toCorpus([story('The harbour drama was renewed for a second season on Monday.')]),
        embedder,
        previous: null,
        log: silentLogger,
      });
      const live = first.index.manifest.version;
      await writeFile(path.join(first.index.dir, 'vectors.hnsw'), 'not an hnswlib index');
      await expect(
        buildIndex({
          indexDir: ws.indexDir,
          corpus: toCorpus([story('The harbour drama was renewed for a second and a third season.')]),
          embedder,
          previous: first.index,
          log: silentLogger,
        }),
      ).rejects.toThrow(/vector index/i);
      expect((await readFile(path.join(ws.indexDir, 'CURRENT'), 'utf8')).trim()).toBe(live);
      const versions = (await readdir(ws.indexDir)).filter((name) => name.startsWith('v-'));
      expect(versions).toEqual([live]);
    } finally {
      await ws.cleanup();
    }
  });

  it('rebuilds everything when the embedding model changes', async () => {
    const ws = await sampleWorkspace();
    try {
      await openEngine(testConfig(ws), { log: silentLogger, embedder: null });
      const { embedder, embedded } = await countingEmbedder();
      const lines: string[] = [];
      const engine = await openEngine(testConfig(ws), { log: createLogger({ write: (l) => lines.push(l) }), embedder });
      expect(engine.embeddingModel).toBe(modelId);
      expect(embedded.length).toBeGreaterThan(5);
      expect(lines.join('\n')).toMatch(/built with no embedding model.*rebuilding/);
      expect((await readIndex(ws.indexDir))?.manifest.model?.id).toBe(modelId);
    } finally {
      await ws.cleanup();
    }
  });

  it('rebuilds a corrupt index with a clear message instead of failing', async () => {
    const ws = await sampleWorkspace();
    try {
      const first = await openEngine(testConfig(ws), { log: silentLogger, embedder: null });
      const dir = (await readIndex(ws.indexDir))!.dir;
      await writeFile(path.join(dir, 'chunks.bin'), 'trunc');
      const lines: string[] = [];
      const engine = await openEngine(testConfig(ws), {
        log: createLogger({ write: (l) => lines.push(l) }),
        embedder: null,
      });
      expect(lines.join('\n')).toMatch(/unreadable.*rebuilding/);
      expect(engine.version()).not.toBe(first.version());
      expect((await engine.ask('Who is Janet McTeer playing?')).abstained).toBe(false);

      await writeFile(path.join(ws.indexDir, 'CURRENT'), '../../etc\n');
      const again = await openEngine(testConfig(ws), { log: silentLogger, embedder: null });
      expect((await again.ask('Who is Janet McTeer playing?')).abstained).toBe(false);
    } finally {
      await ws.cleanup();
    }
  });

  it('reports well-formed index files of the wrong shape as damaged and rebuilds, never half-loading them', async () => {
    const ws = await sampleWorkspace();
    try {
      await openEngine(testConfig(ws), { log: silentLogger, embedder: null });
      const dir = (await readIndex(ws.indexDir))!.dir;
      const articlesFile = path.join(dir, 'articles.json');
      const stored = JSON.parse(await readFile(articlesFile, 'utf8')) as Record<string, unknown>[];
      // Valid JSON, right count, but every article has lost its outlet: loaded as-is, /sources would list "undefined".
      for (const article of stored) delete article.outlet;
      await writeFile(articlesFile, JSON.stringify(stored));
      await matchChecksum(dir, 'articles.json');
      const lines: string[] = [];
      const log = createLogger({ write: (l) => lines.push(l) });
      const engine = await openEngine(testConfig(ws), { log, embedder: null });
      expect(lines.join('\n')).toMatch(/articles\.json is malformed \(0\.outlet: .*rebuilding/);
      expect(engine.sources().map((s) => s.outlet)).toContain('Gospel Herald');

      const loaded = (await readIndex(ws.indexDir))!;
      const chunksFile = path.join(loaded.dir, 'chunks.bin');
      const columns = await readFile(chunksFile);
      // The second column holds each chunk's article's position in articles.json: one past the end.
      columns.writeUInt32LE(loaded.articles.size, 4 * loaded.chunks.size);
      await writeFile(chunksFile, columns);
      await matchChecksum(loaded.dir, 'chunks.bin');
      lines.length = 0;
      const again = await openEngine(testConfig(ws), { log, embedder: null });
      expect(lines.join('\n')).toMatch(/chunks\.bin chunk 0 names no article.*rebuilding/);
      expect((await again.ask('Who is Janet McTeer playing?')).abstained).toBe(false);
    } finally {
      await ws.cleanup();
    }
  });

  it('reports a chunk listed twice, or a chunk without a vector, as damage and rebuilds', async () => {
    const ws = await sampleWorkspace();
    try {
      const config = testConfig(ws, { EMBEDDING_MODEL: modelId, MODELS_DIR: modelsDir });
      await (await openEngine(config, { log: silentLogger })).close();
      const lines: string[] = [];
      const log = createLogger({ write: (l) => lines.push(l) });

      let loaded = (await readIndex(ws.indexDir))!;
      const chunksFile = path.join(loaded.dir, 'chunks.bin');
      const columns = await readFile(chunksFile);
      // The first column holds the labels: the second chunk takes the first one's.
      columns.writeUInt32LE(columns.readUInt32LE(0), 4);
      await writeFile(chunksFile, columns);
      await matchChecksum(loaded.dir, 'chunks.bin');
      const again = await openEngine(config, { log });
      expect(lines.join('\n')).toMatch(/chunks\.bin holds chunk \d+ twice.*rebuilding/);
      expect((await again.ask('Who is Janet McTeer playing?')).abstained).toBe(false);
      await again.close();

      // A well-formed vector file holding one chunk's point only: the other chunks would never be found by meaning.
      loaded = (await readIndex(ws.indexDir))!;
      const [label] = loaded.chunks.keys();
      const vectors = createVectorIndex(loaded.manifest.model!.dimensions);
      vectors.add(label!, new Float32Array(loaded.manifest.model!.dimensions).fill(1));
      await vectors.save(path.join(loaded.dir, 'vectors.hnsw'));
      await matchChecksum(loaded.dir, 'vectors.hnsw');
      lines.length = 0;
      const third = await openEngine(config, { log });
      expect(lines.join('\n')).toMatch(/the vector index has no point for chunk \d+.*rebuilding/);
      expect((await third.ask('Who is Janet McTeer playing?')).abstained).toBe(false);
      await third.close();
    } finally {
      await ws.cleanup();
    }
  });

  it('refuses a second reindex while one runs, and keeps answering from the old index meanwhile', async () => {
    const ws = await sampleWorkspace();
    try {
      const engine = await openEngine(testConfig(ws), { log: silentLogger, embedder: null });
      const version = engine.version();
      const running = engine.reindex();
      await expect(engine.reindex()).rejects.toThrow(/already running/);
      const during = await engine.ask('Which podcast did Charlie Cox appear on?');
      expect(during.answer).toMatch(/Film and Telly Stuff/);
      await running;
      expect(engine.version()).not.toBe(version);
      await expect(engine.reindex()).resolves.toMatchObject({ articles: 5 });
    } finally {
      await ws.cleanup();
    }
  });

  it(
    'leaves the previous index serving when a reindex process is killed midway',
    async () => {
      const ws = await sampleWorkspace();
      try {
        const env = { EMBEDDING_MODEL: modelId, MODELS_DIR: modelsDir };
        const engine = await openEngine(testConfig(ws, env), { log: silentLogger });
        let liveVersion = engine.version();
        const base = await readFile(path.join(ws.articlesDir, '000_982bcfe2b38982df.txt'), 'utf8');

        // Enough new articles that writing the new version takes a while, so the kill lands mid-write.
        // On a loaded machine the kill can still land after the version is published: that run tested
        // nothing, so it is run again with a fresh batch (the next reindex then has work to write).
        let batches = 0;
        let killedMidWrite = false;
        while (!killedMidWrite && batches < 4) {
          batches += 1;
          const batchDir = path.join(ws.articlesDir, `bulk-${batches}`);
          await mkdir(batchDir);
          for (let i = 0; i < 1500; i++) {
            await writeFile(
              path.join(batchDir, `copy-${i}.txt`),
              `Story copy ${batches}-${i}\n\nThis is edition ${i} of batch ${batches}, number ${i * 7}.\n${base}`,
            );
          }
          const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/reindex.ts'], {
            cwd: repoRoot,
            env: {
              ...process.env,
              ARTICLES_DIR: ws.articlesDir,
              INDEX_DIR: ws.indexDir,
              ALLOW_REMOTE_MODELS: 'false',
              ...env,
            },
            stdio: ['ignore', 'ignore', 'ignore'],
          });
          const exited = new Promise((resolve) => child.once('exit', resolve));
          // Kill the moment the new version's scratch folder appears: the build is then writing it.
          const watcher = watch(ws.indexDir, (_event, name) => {
            if (name?.startsWith('.building-')) child.kill('SIGKILL');
          });
          const killed = setTimeout(() => child.kill('SIGKILL'), SIGNAL_BOUND_MS);
          await exited;
          clearTimeout(killed);
          watcher.close();
          const scratchLeft = (await readdir(ws.indexDir)).some((n) => n.startsWith('.building-'));
          killedMidWrite = child.signalCode === 'SIGKILL' && scratchLeft;
          if (!killedMidWrite) liveVersion = (await readFile(path.join(ws.indexDir, 'CURRENT'), 'utf8')).trim();
        }
        expect(killedMidWrite).toBe(true);

        expect((await readFile(path.join(ws.indexDir, 'CURRENT'), 'utf8')).trim()).toBe(liveVersion);
        const reopened = await openEngine(testConfig(ws, env), { log: silentLogger });
        expect(reopened.version()).toBe(liveVersion);
        expect((await reopened.ask('Which podcast did Charlie Cox appear on?')).answer).toMatch(/Film and Telly Stuff/);

        // The next reindex finishes the job and clears the abandoned scratch folder.
        const summary = await reopened.reindex();
        expect(summary.articles).toBe(5 + 1500 * batches);
        expect((await readdir(ws.indexDir)).filter((n) => n.startsWith('.building-'))).toEqual([]);
      } finally {
        await ws.cleanup();
      }
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});

import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine';
import { ReindexBusyError } from '../src/errors';
import { currentIndexDir } from '../src/index/disk';
import { createLogger } from '../src/log';
import { buildFixtureModel, vocabularyFrom } from './support/fixture-model';
import { sampleWorkspace, testConfig } from './support/sample-index';
import { runCli } from './support/run-cli';

type Workspace = Awaited<ReturnType<typeof sampleWorkspace>>;

const NEW_STORY = 'Severance renewed\n\nApple renewed Severance for a third season on Monday.\n';
let modelsDir: string;
let modelId: string;
let modelWorkspace: Workspace;

beforeAll(async () => {
  modelWorkspace = await sampleWorkspace('news-bot-damage-model-');
  const names = (await readdir(modelWorkspace.articlesDir)).filter((f) => f.endsWith('.txt'));
  const texts = await Promise.all(names.map((f) => readFile(path.join(modelWorkspace.articlesDir, f), 'utf8')));
  const model = await buildFixtureModel({
    dir: path.join(modelWorkspace.dir, 'models'),
    vocabulary: vocabularyFrom([...texts, NEW_STORY]),
  });
  modelsDir = model.modelsDir;
  modelId = model.modelId;
});

afterAll(async () => {
  await modelWorkspace?.cleanup();
});

function recordingLog() {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: 'debug', write: (line) => lines.push(line) }) };
}

/** Overwrites up to three 4 KB blocks (or a third of a small file) with random bytes, in place. */
async function damage(file: string): Promise<void> {
  const size = (await stat(file)).size;
  const block = Math.max(1, Math.min(4096, Math.floor(size / 3)));
  const handle = await open(file, 'r+');
  try {
    for (const at of [0.2, 0.5, 0.8]) await handle.write(randomBytes(block), 0, block, Math.floor((size - block) * at));
  } finally {
    await handle.close();
  }
}

describe('a damaged index is noticed at load; the previous version serves while a rebuild runs', () => {
  it.each(['articles.json', 'texts.bin', 'chunks.bin', 'sentences.bin', 'lexical.bin', 'vectors.hnsw'])(
    'random bytes in %s',
    async (file) => {
      const ws = await sampleWorkspace('news-bot-damage-');
      try {
        const config = testConfig(ws, { EMBEDDING_MODEL: modelId, MODELS_DIR: modelsDir });
        const first = await openEngine(config, { log: recordingLog().log });
        const good = first.version();
        await writeFile(path.join(ws.articlesDir, 'new-story.txt'), NEW_STORY);
        await first.reindex();
        const damagedVersion = first.version();
        await first.close();
        const dir = await currentIndexDir(ws.indexDir);
        await damage(path.join(dir!, file));

        const { lines, log } = recordingLog();
        const engine = await openEngine(config, { log });
        // Reported, and answering at once from the previous good version: the rebuild is still running.
        expect(
          lines.some(
            (l) =>
              l.includes('"level":"warn"') &&
              l.includes(`${file} is damaged`) &&
              l.includes(`previous version ${good}`),
          ),
        ).toBe(true);
        expect(engine.version()).toBe(good);
        await expect(engine.reindex()).rejects.toBeInstanceOf(ReindexBusyError);
        const answer = await engine.ask('Who is Janet McTeer playing?');
        expect(answer.abstained).toBe(false);
        expect(answer.citations[0]?.file).toMatch(/^00\d_/);

        await engine.close(); // waits for the background rebuild
        expect(lines.some((l) => l.includes('Rebuilt the damaged index'))).toBe(true);
        const reopened = recordingLog();
        const again = await openEngine(config, { log: reopened.log });
        expect([good, damagedVersion]).not.toContain(again.version());
        expect(reopened.lines.filter((l) => l.includes('damaged'))).toEqual([]);
        const renewed = await again.ask('Which show did Apple renew for a third season?');
        expect(renewed.citations.map((c) => c.file)).toContain('new-story.txt');
        await again.close();
      } finally {
        await ws.cleanup();
      }
    },
  );

  it('with no previous version to fall back on, the damaged index is reported and rebuilt before answering', async () => {
    const ws = await sampleWorkspace('news-bot-damage-first-');
    try {
      const config = testConfig(ws);
      await (await openEngine(config, { log: recordingLog().log })).close();
      await damage(path.join((await currentIndexDir(ws.indexDir))!, 'lexical.bin'));
      const { lines, log } = recordingLog();
      const engine = await openEngine(config, { log });
      expect(lines.some((l) => l.includes('lexical.bin is damaged') && l.includes('rebuilding it'))).toBe(true);
      expect((await engine.ask('Who is Janet McTeer playing?')).abstained).toBe(false);
      await engine.close();
    } finally {
      await ws.cleanup();
    }
  });

  it('npm run reindex over a damaged index reports it and rebuilds from the previous version (real process)', async () => {
    const ws = await sampleWorkspace('news-bot-damage-cli-');
    try {
      const config = testConfig(ws);
      const first = await openEngine(config, { log: recordingLog().log });
      await writeFile(path.join(ws.articlesDir, 'new-story.txt'), NEW_STORY);
      await first.reindex();
      await first.close();
      await damage(path.join((await currentIndexDir(ws.indexDir))!, 'chunks.bin'));
      const result = await runCli('reindex', ['--json'], {
        env: { ARTICLES_DIR: ws.articlesDir, INDEX_DIR: ws.indexDir },
      });
      expect(result.stderr).toContain('chunks.bin is damaged');
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as { articles: number; changedArticles: number };
      // Incremental from the previous good version: only the article added since then is new.
      expect(summary).toMatchObject({ articles: 6, changedArticles: 1 });
    } finally {
      await ws.cleanup();
    }
  });
});

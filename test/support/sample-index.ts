import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config';
import { openEngine, type Engine } from '../../src/engine';
import { silentLogger } from '../../src/log';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sampleArticlesDir = path.join(repoRoot, 'data/articles');

/** A scratch folder holding a copy of the shipped sample articles and an empty index folder. */
export async function sampleWorkspace(
  prefix = 'news-bot-',
): Promise<{ dir: string; articlesDir: string; indexDir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const articlesDir = path.join(dir, 'articles');
  await cp(sampleArticlesDir, articlesDir, { recursive: true });
  return {
    dir,
    articlesDir,
    indexDir: path.join(dir, 'index'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Config for tests: lexical only unless a fixture model is named, no LLM, no cache surprises. */
export function testConfig(
  workspace: { articlesDir: string; indexDir: string },
  env: Record<string, string> = {},
): Config {
  return loadConfig(
    {
      ARTICLES_DIR: workspace.articlesDir,
      INDEX_DIR: workspace.indexDir,
      ALLOW_REMOTE_MODELS: 'false',
      EMBEDDING_MODEL: 'not-installed/model',
      ...env,
    },
    repoRoot,
  );
}

/** An engine over a scratch folder holding `articles` (file name → text), lexical only; `cleanup` closes and deletes it. */
async function engineOverArticles(
  prefix: string,
  articles: Record<string, string>,
): Promise<{ engine: Engine; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await mkdir(path.join(dir, 'articles'));
  for (const [name, text] of Object.entries(articles)) await writeFile(path.join(dir, 'articles', name), text);
  const engine = await openEngine(
    testConfig({ articlesDir: path.join(dir, 'articles'), indexDir: path.join(dir, 'index') }),
    { log: silentLogger },
  );
  return {
    engine,
    cleanup: async () => {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An engine over `articles` for the tests of one file or `describe` block: opened before them, closed
 * and its scratch folder deleted after. Returns the engine's getter, since it exists only once opened.
 */
export function engineForTests(
  prefix: string,
  articles: Record<string, string>,
  { timeoutMs }: { timeoutMs?: number } = {},
): () => Engine {
  let opened: Awaited<ReturnType<typeof engineOverArticles>> | undefined;
  beforeAll(async () => {
    opened = await engineOverArticles(prefix, articles);
  }, timeoutMs);
  afterAll(async () => {
    await opened?.cleanup();
  });
  return () => {
    if (!opened) throw new Error('the engine is opened in beforeAll: ask it from inside a test or hook');
    return opened.engine;
  };
}

import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { loadConfig } from '../src/config';
import { openEngine } from '../src/engine';
import { silentLogger } from '../src/log';
import { buildFixtureModel, vocabularyFrom } from '../test/support/fixture-model';
import { corpusFiles } from './corpus';

/**
 * The load test's workspace: the articles the bot starts with, the n articles a /reindex adds,
 * an embedding model and a built index of the starting articles. Kept in `--work-dir` between
 * runs (the index of 20,000 articles takes minutes to build); every run starts from a copy of it.
 */

export interface Workspace {
  /** The bot's ARTICLES_DIR. */
  articlesDir: string;
  /** The bot's INDEX_DIR: a fresh copy of `baseIndexDir` for every run. */
  indexDir: string;
  baseIndexDir: string;
  /** A JSONL file of the articles a /reindex adds: moved into `articlesDir` when it starts. */
  reindexFile: string | null;
  modelsDir: string;
  modelId: string;
  /** What the /ask questions are made from. */
  titles: string[];
  articles: number;
  reindexArticles: number;
}

export interface WorkspaceOptions {
  workDir: string;
  /** A folder of articles, or a JSONL corpus file (.jsonl or .jsonl.gz). */
  articles: string;
  limit: number | null;
  reindexArticles: number;
  /** JSONL the reindexed articles come from: the records after the first `limit` of it. */
  reindexFrom: string;
  dimensions: number;
  say: (line: string) => void;
}

const isJsonl = (file: string) => /\.jsonl(\.gz)?$/.test(file);

export async function prepareWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const { workDir, say } = options;
  const articlesDir = path.join(workDir, 'articles');
  const baseIndexDir = path.join(workDir, 'index-base');
  const reindexFile = options.reindexArticles > 0 ? path.join(workDir, 'reindex', 'reindex.jsonl') : null;
  const source = path.resolve(options.articles);
  const sourceFiles = await jsonlFiles(source);
  if (reindexFile && (await jsonlFiles(path.resolve(options.reindexFrom))) === null)
    throw new Error('--reindex-articles needs a JSONL corpus to take the articles from: give --reindex-from');
  const marker = path.join(workDir, 'workspace.json');
  const recipe = JSON.stringify({ ...options, say: undefined, articles: source });

  const complete = existsSync(marker) && (reindexFile === null || existsSync(reindexFile));
  if (!complete || (await readFile(marker, 'utf8')) !== recipe) {
    await refuseForeignFolder(workDir, marker);
    await rm(workDir, { recursive: true, force: true });
    await mkdir(articlesDir, { recursive: true });
    if (sourceFiles === null) {
      await cp(source, articlesDir, { recursive: true });
    } else {
      const written = await copyRecords(
        sourceFiles,
        path.join(articlesDir, 'base.jsonl'),
        0,
        options.limit ?? Infinity,
      );
      say(`${written} articles from ${source}`);
    }
    if (reindexFile) {
      await mkdir(path.dirname(reindexFile), { recursive: true });
      // The records after the ones the bot starts with when both come from one file: new articles.
      const skip = path.resolve(options.reindexFrom) === source ? (options.limit ?? Infinity) : 0;
      const from = (await jsonlFiles(path.resolve(options.reindexFrom))) ?? [];
      const written = await copyRecords(from, reindexFile, skip, options.reindexArticles);
      if (written < options.reindexArticles)
        throw new Error(`${options.reindexFrom} holds only ${written} articles past the first ${skip}`);
    }
    const texts = await articleTexts(articlesDir);
    const model = await buildFixtureModel({
      dir: path.join(workDir, 'models'),
      vocabulary: vocabularyFrom(texts.slice(0, 3000), 30_000),
      dimensions: options.dimensions,
      modelId: 'fixture/loadtest-static-embed',
    });
    say(`building the index of ${texts.length} articles (once per --work-dir) ...`);
    const started = performance.now();
    const engine = await openEngine(botEnvConfig(articlesDir, baseIndexDir, model), { log: silentLogger });
    await engine.close();
    say(`index built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await writeJson(marker, recipe);
  }
  // What an earlier run's /reindex added goes: every run starts from the same articles and index.
  await rm(path.join(articlesDir, 'reindex.jsonl'), { force: true });
  const titles = await articleTitles(articlesDir);
  const indexDir = path.join(workDir, 'index');
  await rm(indexDir, { recursive: true, force: true });
  await cp(baseIndexDir, indexDir, { recursive: true });
  return {
    articlesDir,
    indexDir,
    baseIndexDir,
    reindexFile,
    modelsDir: path.join(workDir, 'models'),
    modelId: 'fixture/loadtest-static-embed',
    titles,
    articles: titles.length,
    reindexArticles: options.reindexArticles,
  };
}

/** `--work-dir` is emptied before it is filled: only when it is new, empty, or an earlier run's. */
async function refuseForeignFolder(workDir: string, marker: string): Promise<void> {
  if (!existsSync(workDir) || existsSync(marker) || (await readdir(workDir)).length === 0) return;
  throw new Error(
    `${workDir} is not empty and holds no earlier load test (workspace.json): give a new or empty folder`,
  );
}

async function writeJson(file: string, text: string): Promise<void> {
  const out = createWriteStream(file);
  out.end(text);
  await finished(out);
}

/** The environment the bot runs with, minus Discord: where articles, index and model are. */
export function modelEnv(articlesDir: string, indexDir: string, model: { modelsDir: string; modelId: string }) {
  return {
    ARTICLES_DIR: articlesDir,
    INDEX_DIR: indexDir,
    MODELS_DIR: model.modelsDir,
    EMBEDDING_MODEL: model.modelId,
    ALLOW_REMOTE_MODELS: 'false',
  };
}

function botEnvConfig(articlesDir: string, indexDir: string, model: { modelsDir: string; modelId: string }) {
  return loadConfig(modelEnv(articlesDir, indexDir, model));
}

/**
 * The JSONL files a source names: itself when it is a .jsonl(.gz) file, a folder's .jsonl.gz
 * files in the bench's order (the shared corpus folder); null for a folder of article files.
 */
async function jsonlFiles(source: string): Promise<string[] | null> {
  if (!(await stat(source)).isDirectory()) {
    if (!isJsonl(source)) throw new Error(`${source} is neither a folder nor a .jsonl(.gz) file`);
    return [source];
  }
  const files = corpusFiles(source);
  return files.length > 0 ? files : null;
}

/** Copies non-empty lines `skip` .. `skip + count` of JSONL(.gz) files, in order; returns how many it copied. */
async function copyRecords(from: string[], to: string, skip: number, count: number): Promise<number> {
  const out = createWriteStream(to);
  let seen = 0;
  let written = 0;
  for (const file of from) {
    if (written >= count) break;
    const input = createReadStream(file);
    const lines = createInterface({
      input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input,
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      seen += 1;
      if (seen <= skip) continue;
      if (written >= count) break;
      if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      written += 1;
    }
    lines.close();
    input.destroy();
  }
  out.end();
  await finished(out);
  return written;
}

/** Each article's text, roughly: for the fixture model's vocabulary. */
async function articleTexts(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith('.jsonl')) {
      for await (const record of jsonlRecords(file))
        texts.push(`${record.title ?? ''}\n${record.text ?? record.body ?? ''}`);
    } else if (/\.(txt|md|html?)$/.test(name)) {
      texts.push(await readFile(file, 'utf8'));
    }
  }
  return texts;
}

/** Article titles to ask about: JSONL titles, or a text file's first line. */
async function articleTitles(dir: string): Promise<string[]> {
  const titles: string[] = [];
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith('.jsonl')) {
      for await (const record of jsonlRecords(file)) if (record.title) titles.push(record.title);
    } else if (/\.(txt|md)$/.test(name)) {
      const first = (await readFile(file, 'utf8')).split('\n').find((line) => line.trim() !== '');
      if (first) titles.push(first.replace(/^#+\s*/, '').trim());
    }
  }
  return titles;
}

interface CorpusRecord {
  title?: string | null;
  text?: string | null;
  body?: string | null;
}

async function* jsonlRecords(file: string): AsyncGenerator<CorpusRecord> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') yield JSON.parse(line) as CorpusRecord;
}

import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config';
import { openEngine, type Engine } from '../engine';
import { loadEmbedder, type DownloadProgress } from '../index/embedder';
import { buildIndexOf } from '../index/reindex';
import type { ReindexProgress } from '../index/types';
import { isJsonlFile, readJsonlFile } from '../ingest/jsonl-file';
import { loadArticles } from '../ingest/load';
import type { SkippedFile } from '../ingest/types';
import type { Logger } from '../log';
import { describeError } from '../errors';

export interface CorpusEngineOptions {
  log: Logger;
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** Reading shows kilobytes of the file read; the other phases count articles or chunks. */
  onProgress?: (progress: ReindexProgress) => void;
}

export interface CorpusEngine {
  engine: Engine;
  articles: number;
  skipped: SkippedFile[];
  /** Articles indexed with a derived title. */
  untitled: number;
  /** Closes the engine and deletes the temporary index. */
  close(): Promise<void>;
}

export class CorpusPathError extends Error {
  override name = 'CorpusPathError';
}

/**
 * An engine over a temporary index of `source`: a folder of articles (read as ARTICLES_DIR is) or
 * one `.jsonl`/`.jsonl.gz` corpus streamed in place. The index lives in a fresh temporary INDEX_DIR,
 * so the configured index is never touched, and is deleted on close.
 */
export async function openCorpusEngine(
  config: Config,
  source: string,
  options: CorpusEngineOptions,
): Promise<CorpusEngine> {
  const kind = await sourceKind(source);
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'eval-index-'));
  const cleanup = () => rm(indexDir, { recursive: true, force: true });
  try {
    const embedder = await loadEmbedder({
      modelId: config.embeddingModel,
      modelsDir: config.modelsDir,
      allowRemote: config.allowRemoteModels,
      log: options.log,
      onDownloadProgress: options.onDownloadProgress,
    });
    const absolute = path.resolve(source);
    options.onProgress?.({ phase: 'reading', done: 0, total: 1 });
    const read =
      kind === 'jsonl'
        ? await readJsonlFile(absolute, {
            onBytes: (done, total) =>
              options.onProgress?.({
                phase: 'reading',
                done: Math.round(done / 1024),
                total: Math.round(total / 1024),
              }),
          })
        : await loadArticles(absolute, { maxBytes: config.maxArticleBytes, log: options.log });
    const built = await buildIndexOf({
      indexDir,
      articles: read.articles,
      embedder,
      onProgress: options.onProgress,
      log: options.log,
    });
    // The engine finds the index built with its model and opens it; it never reindexes here.
    const articlesDir = kind === 'folder' ? absolute : path.dirname(absolute);
    const engine = await openEngine({ ...config, indexDir, articlesDir }, { log: options.log, embedder });
    const skipped = read.skipped;
    return {
      engine,
      articles: built.articles,
      skipped,
      untitled: read.untitled,
      close: async () => {
        await engine.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function sourceKind(source: string): Promise<'folder' | 'jsonl'> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(source)).isDirectory();
  } catch (error) {
    throw new CorpusPathError(`Cannot read the articles ${source}: ${describeError(error)}`);
  }
  if (isFolder) return 'folder';
  if (isJsonlFile(source)) return 'jsonl';
  throw new CorpusPathError(`--articles takes a folder of articles or a .jsonl / .jsonl.gz file, not ${source}`);
}

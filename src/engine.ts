import type { Answer } from './answer/types';
import type { Embedder, ReindexProgress, ReindexSummary, SourceSummary } from './index/types';
import type { Config } from './config';
import type { Logger } from './log';
import { ReindexBusyError } from './errors';
import { loadEmbedder, type DownloadProgress } from './index/embedder';
import { readSnapshot, type IndexSnapshot } from './index/snapshot';
import { reindexFolder } from './index/reindex';
import { answerQuestion, type AskOptions } from './answer/pipeline';
import { createLlmAnswerer } from './answer/llm';
import { createAnswerCache } from './answer/cache';

export type { AskOptions };

/** The answer engine: the one thing both front doors (CLI and Discord) talk to. */
export interface Engine {
  /** Throws QuestionError for an empty, blank or over-long question. */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  sources(): SourceSummary[];
  /** Incremental reindex of the articles folder; throws ReindexBusyError while one is running. Questions keep being answered from the previous index until the swap. */
  reindex(options?: { onProgress?: (progress: ReindexProgress) => void }): Promise<ReindexSummary>;
  /** Changes with every reindex that changes the index. */
  version(): string;
  /** Whether dense retrieval is on (an embedding model loaded). */
  readonly embeddingModel: string | null;
  close(): Promise<void>;
}

export interface EngineOptions {
  log: Logger;
  /** A loaded embedder to use instead of loading `config.embeddingModel` (the bench passes one). */
  embedder?: Embedder | null;
  /** Download progress of the embedding model, on its first use. */
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** Progress of the first build, when there is no usable index yet. */
  onProgress?: (progress: ReindexProgress) => void;
  /** Told of the build opening had to do (no index yet, a damaged one, or another model's); not called when an index loaded. */
  onOpeningBuild?: (summary: ReindexSummary) => void;
}

/**
 * Loads the embedding model and the persisted index, building it first when there is none (or it
 * is damaged), and answers from memory from then on.
 */
export async function openEngine(config: Config, options: EngineOptions): Promise<Engine> {
  const { log } = options;
  const embedder =
    options.embedder !== undefined
      ? options.embedder
      : await loadEmbedder({
          modelId: config.embeddingModel,
          modelsDir: config.modelsDir,
          allowRemote: config.allowRemoteModels,
          log,
          onDownloadProgress: options.onDownloadProgress,
        });

  const opened = await loadOrBuild(config, embedder, log, options.onProgress);
  if (opened.build) options.onOpeningBuild?.(opened.build);
  let live = opened.index;
  let running: Promise<ReindexSummary> | null = null;
  const llm = config.llm.enabled ? createLlmAnswerer(config.llm, log) : null;
  const cache = createAnswerCache({ ttlSeconds: config.answerCacheSeconds });

  return {
    ask: (question, askOptions) => answerQuestion({ index: live, embedder, llm, cache }, question, askOptions),
    sources: () => live.sources(),
    async reindex(reindexOptions = {}) {
      if (running) throw new ReindexBusyError();
      running = reindexFolder({ config, embedder, previous: live, log, onProgress: reindexOptions.onProgress }).then(
        ({ index, summary }) => {
          live = index;
          cache.clear();
          return summary;
        },
      );
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    version: () => live.version,
    embeddingModel: embedder?.modelId ?? null,
    async close() {
      // Its caller was already told of a failure; closing only waits for the files to settle.
      await running?.catch((error: unknown) => log.debug('A reindex running at close failed', { error }));
    },
  };
}

async function loadOrBuild(
  config: Config,
  embedder: Embedder | null,
  log: Logger,
  onProgress?: (progress: ReindexProgress) => void,
): Promise<{ index: IndexSnapshot; build: ReindexSummary | null }> {
  const read = await readSnapshot(config.indexDir);
  if (read.kind === 'damaged') log.warn(`The index ${read.reason}; rebuilding it from ${config.articlesDir}.`);
  const existing = read.kind === 'loaded' ? read.snapshot : null;
  if (existing && existing.modelMismatch(embedder) === null) return { index: existing, build: null };
  if (existing) {
    log.warn(
      `The index was built with ${existing.model ?? 'no embedding model'}, now ${embedder?.modelId ?? 'none'} is in use; rebuilding it.`,
    );
  } else if (read.kind === 'missing') {
    log.info(`Building the index from ${config.articlesDir} (first run).`);
  }
  const { index, summary } = await reindexFolder({ config, embedder, previous: existing, log, onProgress });
  log.info(`Indexed ${summary.articles} articles in ${summary.chunks} chunks (${summary.seconds.toFixed(1)} s).`);
  return { index, build: summary };
}

import type { Answer } from './answer/types';
import type { Embedder, ReindexProgress, ReindexSummary, SourceSummary } from './index/types';
import type { Config } from './config';
import type { Logger } from './log';
import { ReindexBusyError, ReindexFailedError, describeError } from './errors';
import type { DownloadProgress } from './index/embedder';
import {
  loadedIndexOf,
  readPreviousSnapshot,
  readSnapshot,
  snapshotOf,
  type IndexReadResult,
  type IndexSnapshot,
} from './index/snapshot';
import { builtWithoutModel, readIndexVersion } from './index/disk';
import type { ReindexInput } from './index/reindex';
import type { ChildReindexInput } from './index/reindex-process';
import type { AskOptions, RetrieveOnlyOptions } from './answer/pipeline';
import type { Retrieval } from './retrieve/types';
import type { LlmCall } from './answer/llm';
import { createAnswerCache } from './answer/cache';
import { catalogOf, latestStories, matchShows, type LatestStories } from './retrieve/latest';
import { dayOf } from './day';

/*
 * The embedding model (transformers.js, ONNX runtime), the answer modules (wink-nlp, compromise,
 * WordNet), the reader of article files (linkedom, Readability) and the LLM client are imported
 * when first needed rather than with this module: the model and answer modules then load while
 * the index's files are read and hashed on other threads, and a start that does not reindex or
 * ask an LLM never loads the others. Cold start on the full corpus: see docs/benchmarks.md.
 */
const reindexFolder = async (input: ReindexInput) => (await import('./index/reindex')).reindexFolder(input);
const reindexInChildProcess = async (input: ChildReindexInput) =>
  (await import('./index/reindex-process')).reindexInChildProcess(input);

export type { AskOptions, RetrieveOnlyOptions };

/** The answer engine: the one thing both front doors (CLI and Discord) talk to. */
export interface Engine {
  /** Throws QuestionError for an empty, blank or over-long question. */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** The retrieved passages alone, without an answer (the eval ranks articles with it). Rejects with QuestionError like `ask`. */
  retrieve(question: string, options?: RetrieveOnlyOptions): Promise<Retrieval>;
  sources(): SourceSummary[];
  /**
   * The latest stories about a show (every story when null) published by `asOf` (default: now),
   * newest first, reports of one story merged.
   */
  latest(show: string | null, options?: { asOf?: Date }): LatestStories;
  /** Show names the index's headlines name, for autocomplete: matching `typed`, at most 25. */
  shows(typed: string): string[];
  /** The ids of the articles in the live index. */
  articleIds(): Set<string>;
  /** Calls `listener` after every reindex that swapped in a new index; returns the unsubscribe. */
  onReindexed(listener: () => void): () => void;
  /**
   * Incremental reindex of the articles folder, built in a child process; throws ReindexBusyError
   * while one is running and ReindexFailedError when it fails. Questions keep being answered from
   * the previous index until the swap, and from it still after a failure.
   */
  reindex(options?: ReindexOptions): Promise<ReindexSummary>;
  /**
   * Runs `task` as the one thing changing the index (a feed poll writing articles, then reindexing
   * through the function it is given); throws ReindexBusyError while a reindex or another task runs.
   */
  exclusive<T>(task: (reindex: (options?: ReindexOptions) => Promise<ReindexSummary>) => Promise<T>): Promise<T>;
  /**
   * Swaps in a version another process published: `fetch` is given the live version's folder,
   * writes the new version beside it and makes it live on disk, and returns its folder. Runs as the
   * one thing changing the index (throws ReindexBusyError while a reindex runs); when `fetch`
   * throws, the live version keeps serving. Reindex listeners are not called: the process that
   * built the version has told its own.
   */
  adopt(fetch: (liveDir: string) => Promise<string>): Promise<void>;
  /** Changes with every reindex that changes the index. */
  version(): string;
  /** Articles and chunks in the live index. */
  size(): { articles: number; chunks: number };
  /** Whether dense retrieval is on (an embedding model loaded). */
  readonly embeddingModel: string | null;
  close(): Promise<void>;
}

export interface ReindexOptions {
  onProgress?: (progress: ReindexProgress) => void;
}

export interface EngineOptions {
  log: Logger;
  /**
   * A loaded embedder to use instead of loading `config.embeddingModel` (the bench and the eval
   * pass one). Reindexes then build in this process, with it: a child process could not share it.
   */
  embedder?: Embedder | null;
  /** Download progress of the embedding model, on its first use. */
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** Progress of the first build, when there is no usable index yet. */
  onProgress?: (progress: ReindexProgress) => void;
  /** Told of the build opening had to do (no index yet, a damaged one, or another model's); not called when an index loaded. */
  onOpeningBuild?: (summary: ReindexSummary) => void;
  /**
   * When the live index is damaged and its previous version serves instead, rebuild in the
   * background (default). `npm run reindex` turns this off: it is about to reindex anyway.
   */
  rebuildDamagedInBackground?: boolean;
  /** Told of every model call and every finished reindex (the bot's metrics count them). */
  observer?: EngineObserver;
  /**
   * Which embedding model to load. `as-indexed` (default): the configured one, unless the index was
   * built without a model: it then needs none to be searched, so none is loaded, fetched or warned
   * about. `configured`: the configured one whatever the index holds (`npm run reindex`, which is how
   * a lexical-only index gains the model once it can be loaded).
   */
  model?: 'as-indexed' | 'configured';
  /**
   * Load the answer modules (NLP models: about 1 s and 90 MB) while the index loads, so the first
   * question is fast (default). false for a caller that may never ask (listing sources, polling
   * feeds): they load on the first question instead.
   */
  preloadAnswers?: boolean;
  /**
   * Build the /latest catalog of headlines between other work after each load and reindex (the
   * bot: /latest and its autocomplete must answer at once). A one-question command line or the
   * eval leaves it to the first /latest, so it pays nothing at start-up.
   */
  warmLatest?: boolean;
  /**
   * Runs before every build (the first one included) and may return what to run once the build's
   * version is published: replicas write the shared store's feed articles into the articles folder
   * here, and note what the build held (src/db/feed-mirror.ts).
   */
  beforeReindex?: () => Promise<(() => Promise<void>) | void>;
  /**
   * Index versions shared with other processes through PostgreSQL (DATABASE_URL): the latest
   * published one is fetched before the index is read, and every version this engine builds is
   * published. Absent: the index is this process's alone.
   */
  published?: IndexPublication;
}

/** How an engine shares index versions with other replicas (src/index/published.ts). */
export interface IndexPublication {
  /** Makes the latest published version the live one in the index folder when it is not already; throws when it cannot. */
  catchUp(): Promise<void>;
  /** Publishes the finished version folder `dir`, which this process built. */
  publish(dir: string): Promise<void>;
}

export interface EngineObserver {
  llmCall?(call: LlmCall): void;
  reindexed?(summary: ReindexSummary): void;
}

/**
 * Loads the embedding model and the persisted index, building it first when there is none, and
 * answers from memory from then on. A damaged index with a good previous version serves that
 * version while a rebuild runs in the background, so no question waits for the rebuild.
 */
export async function openEngine(config: Config, options: EngineOptions): Promise<Engine> {
  const { log, published } = options;
  const loadModel = async (): Promise<Embedder | null> =>
    options.embedder !== undefined
      ? options.embedder
      : (await import('./index/embedder')).loadEmbedder({
          modelId: config.embeddingModel,
          modelsDir: config.modelsDir,
          allowRemote: config.allowRemoteModels,
          log,
          onDownloadProgress: options.onDownloadProgress,
        });
  let answerModules: Promise<typeof import('./answer/pipeline')> | undefined;
  const answering = () => (answerModules ??= import('./answer/pipeline'));

  if (published) {
    // Before anything is read: a new replica starts from what the others serve instead of building.
    await published
      .catchUp()
      .catch((error: unknown) =>
        log.warn('Could not fetch the latest published index version; opening the local one', { error }),
      );
  }
  // After the catch-up: importing the answer modules holds the event loop for seconds on a busy
  // machine, which would run the fetch's connection and statement timers out.
  if (options.preloadAnswers !== false) void answering();
  /** After a build this process made: a failure to publish leaves it serving here, the others as they were. */
  const publish = async (index: IndexSnapshot) => {
    await published
      ?.publish(loadedIndexOf(index).dir)
      .catch((error: unknown) =>
        log.error('Could not publish the new index version; other replicas keep their version', { error }),
      );
  };
  // The manifest alone says whether the index was built without a model (a small read).
  const modelUnneeded =
    options.embedder === undefined && options.model !== 'configured' && (await builtWithoutModel(config.indexDir));
  // The index read goes first, so its files load on other threads while this one loads modules.
  const [read, loadedEmbedder] = await Promise.all([
    readSnapshot(config.indexDir),
    modelUnneeded ? null : loadModel(),
    options.preloadAnswers === false ? null : answering(),
  ]);
  // Lexical at the peek but damaged at the read (or replaced meanwhile): the build may need the model.
  const stillLexical = read.kind === 'loaded' && read.snapshot.model === null;
  const embedder = modelUnneeded && !stillLexical ? await loadModel() : loadedEmbedder;

  const opened = await loadOrBuild(config, embedder, read, log, options.onProgress, options.beforeReindex);
  if (opened.build) {
    await publish(opened.index);
    options.onOpeningBuild?.(opened.build);
    options.observer?.reindexed?.(opened.build);
  }
  let live = opened.index;
  // The /latest catalog is built between other work, not inside the first /latest someone runs.
  const warmCatalog = () => {
    if (options.warmLatest) setImmediate(() => catalogOf(live)).unref();
  };
  const reindexListeners = new Set<() => void>();
  warmCatalog();
  /** Settles when the running reindex or exclusive task ends; null while none runs. */
  let running: Promise<void> | null = null;
  const { observer } = options;
  const llm = config.llm.enabled
    ? (await import('./answer/llm')).createLlmAnswerer(config.llm, log, (call) => observer?.llmCall?.(call))
    : null;
  const cache = createAnswerCache({ ttlSeconds: config.answerCacheSeconds });

  const swapIn = (index: IndexSnapshot) => {
    live = index;
    cache.clear();
    warmCatalog();
  };

  // Null (lexical only) travels to a child as well as no model at all; a loaded model cannot.
  const buildsInChild = !options.embedder;
  /**
   * A reindex from the live index; questions keep being answered from it until the swap. Built
   * in a child process so the build never blocks this process's event loop (see reindex-process.ts).
   */
  const reindexNow = async (reindexOptions: ReindexOptions = {}): Promise<ReindexSummary> => {
    const input = { previous: live, log, onProgress: reindexOptions.onProgress };
    try {
      const built = await options.beforeReindex?.();
      const { index, summary } = buildsInChild
        ? await reindexInChildProcess({
            ...input,
            // Only what a build reads goes to the child: the config also holds the bot's secrets.
            settings: {
              articlesDir: config.articlesDir,
              indexDir: config.indexDir,
              maxArticleBytes: config.maxArticleBytes,
            },
            model: buildModelOf(config, embedder),
          })
        : await reindexFolder({ ...input, config, embedder });
      await built?.();
      swapIn(index);
      for (const listener of reindexListeners) listener();
      observer?.reindexed?.(summary);
      await publish(index);
      return summary;
    } catch (error) {
      throw error instanceof ReindexFailedError
        ? error
        : new ReindexFailedError(describeError(error), { cause: error });
    }
  };

  /** The one thing changing the index at a time: a reindex, a feed poll ending in one, a background rebuild. */
  const exclusive = async <T>(
    task: (reindex: (options?: ReindexOptions) => Promise<ReindexSummary>) => Promise<T>,
  ): Promise<T> => {
    if (running) throw new ReindexBusyError();
    let release = () => {};
    running = new Promise<void>((resolve) => (release = resolve));
    try {
      return await task(reindexNow);
    } finally {
      running = null;
      release();
    }
  };

  if (opened.damage !== null && options.rebuildDamagedInBackground !== false) {
    void exclusive((reindex) => reindex()).then(
      (summary) => log.info(`Rebuilt the damaged index: version ${summary.version} now serves.`),
      (error: unknown) =>
        log.error('Rebuilding the damaged index failed; the previous version keeps serving', { error }),
    );
  }

  return {
    ask: async (question, askOptions) =>
      (await answering()).answerQuestion({ index: live, embedder, llm, cache }, question, askOptions),
    retrieve: async (question, retrieveOptions) =>
      (await answering()).retrieveForQuestion({ index: live, embedder }, question, retrieveOptions),
    sources: () => live.sources(),
    latest: (show, latestOptions = {}) => latestStories(catalogOf(live), show, dayOf(latestOptions.asOf ?? new Date())),
    shows: (typed) => matchShows(catalogOf(live), typed),
    articleIds: () => new Set(Array.from(live.articles(), (a) => a.id)),
    onReindexed: (listener) => {
      reindexListeners.add(listener);
      return () => void reindexListeners.delete(listener);
    },
    reindex: (reindexOptions = {}) => exclusive((reindex) => reindex(reindexOptions)),
    exclusive,
    adopt: (fetch) =>
      exclusive(async () => {
        const index = snapshotOf(await readIndexVersion(await fetch(loadedIndexOf(live).dir)));
        // The caller checked the published model; this guards a version that says otherwise.
        const mismatch = index.modelMismatch(embedder);
        if (mismatch !== null) throw new Error(`the published version cannot be searched here: ${mismatch}`);
        swapIn(index);
      }),
    version: () => live.version,
    size: () => ({ articles: live.articleCount, chunks: live.chunkCount }),
    embeddingModel: embedder?.modelId ?? null,
    async close() {
      // Its caller is told of a failure; closing only waits for the files to settle.
      await running;
    },
  };
}

/** The model a build process loads: the one this process answers with, from the same place. */
function buildModelOf(config: Config, embedder: Embedder | null) {
  return embedder && { modelId: embedder.modelId, modelsDir: config.modelsDir, allowRemote: config.allowRemoteModels };
}

async function loadOrBuild(
  config: Config,
  embedder: Embedder | null,
  read: IndexReadResult,
  log: Logger,
  onProgress?: (progress: ReindexProgress) => void,
  beforeReindex?: EngineOptions['beforeReindex'],
): Promise<{ index: IndexSnapshot; build: ReindexSummary | null; damage: string | null }> {
  if (read.kind === 'damaged') {
    const previous = await readPreviousSnapshot(config.indexDir);
    if (previous.kind === 'loaded' && previous.snapshot.modelMismatch(embedder) === null) {
      log.warn(
        `The index ${read.reason}; answering from the previous version ${previous.snapshot.version} while it is rebuilt in the background.`,
      );
      return { index: previous.snapshot, build: null, damage: read.reason };
    }
    if (previous.kind === 'damaged') log.warn(`The previous index version cannot be used either: ${previous.reason}`);
    log.warn(`The index ${read.reason}; rebuilding it from ${config.articlesDir}.`);
  }
  const existing = read.kind === 'loaded' ? read.snapshot : null;
  if (existing && existing.modelMismatch(embedder) === null) return { index: existing, build: null, damage: null };
  if (existing) {
    log.warn(
      `The index was built with ${existing.model ?? 'no embedding model'}, now ${embedder?.modelId ?? 'none'} is in use; rebuilding it.`,
    );
  } else if (read.kind === 'missing') {
    log.info(`Building the index from ${config.articlesDir} (first run).`);
  }
  const built = await beforeReindex?.();
  const { index, summary } = await reindexFolder({ config, embedder, previous: existing, log, onProgress });
  await built?.();
  log.info(`Indexed ${summary.articles} articles in ${summary.chunks} chunks (${summary.seconds.toFixed(1)} s).`);
  return { index, build: summary, damage: null };
}

import type { Answer } from './answer/types';
import type { ReindexProgress, ReindexSummary, SourceSummary } from './index/types';
import type { Config } from './config';
import type { Logger } from './log';

export interface AskOptions {
  /** Called with the growing answer text while an LLM streams; never called in extractive mode. */
  onPartial?: (text: string) => void;
}

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
}

export declare function openEngine(config: Config, options: EngineOptions): Promise<Engine>;

import type { LogLevel } from '../log';
import type { ReindexSettings } from './reindex';
import type { ReindexProgress, ReindexSummary } from './types';

/**
 * The messages between the serving process and the reindex process (reindex-worker.ts) over
 * Node's IPC channel: one request in, progress and log lines out, then one outcome.
 */

/** The embedding model the build process loads; the same one the serving process answers with. */
export interface BuildModel {
  modelId: string;
  modelsDir: string | undefined;
  allowRemote: boolean;
}

export interface ReindexRequest {
  settings: ReindexSettings;
  /** Null builds a lexical-only index (the serving process has no embedding model). */
  model: BuildModel | null;
  /** The version folder serving now: unchanged articles keep its chunks and vectors. Null builds everything. */
  basedOnDir: string | null;
}

export type ReindexMessage =
  | { kind: 'progress'; progress: ReindexProgress }
  | { kind: 'log'; level: Exclude<LogLevel, 'silent'>; message: string; fields?: Record<string, unknown> }
  /** Published: `dir` is the new version's folder, already live on disk. */
  | { kind: 'done'; summary: ReindexSummary; dir: string }
  | { kind: 'failed'; message: string };

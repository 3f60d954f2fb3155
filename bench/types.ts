/** What bench/run.ts asks a child to measure. */
export interface SizeJob {
  label: string;
  /** 'full': every measurement; 'ingest': read, clean and build only (the LangChain comparison). */
  mode: 'full' | 'ingest';
  files: string[];
  limit: number | null;
  modelsDir: string;
  modelId: string;
  workDir: string;
  resultFile: string;
  questions: number;
  rawSampleChunks: number;
  batchSize: number;
}

export interface SizeResult {
  label: string;
  /** The last stage completed: 'build', 'raw embedding', 'incremental reindex', 'done'. */
  stage: string;
  /** Why the child stopped early, when it did. */
  failure?: string;
  mode: SizeJob['mode'];
  articles: number;
  chunks: number;
  /** Gunzip, line split and JSON parse. */
  readMs: number;
  /** makeArticle: cleaning and hashing. */
  cleanMs: number;
  modelLoadMs: number;
  /** buildIndex from scratch: chunking, embedding, BM25, saving. */
  buildMs: number;
  buildPhasesMs: Record<string, number>;
  /** From process start to the published index: what "ingest" costs. */
  ingestWallMs: number;
  pipelineChunksPerSec: number;
  indexBytes: number;
  /** Peak RSS when the build has finished. */
  buildPeakRssMb: number;
  peakRssMb?: number;
  /** Same first chunks: in the build (BM25 filled alongside), through embedDocuments alone, and the raw model. */
  rawSample?: {
    chunks: number;
    pipelineChunksPerSec: number;
    pipelineAloneChunksPerSec?: number;
    rawChunksPerSec: number;
  };
  incremental?: { changedArticles: number; ms: number };
  latency?: {
    questions: number;
    abstained: number;
    p50: number;
    p95: number;
    p99: number;
    retrieveP95: number;
    composeP95: number;
  };
}

export interface ColdStartResult {
  /** Child's own clock: from process start to the answer (includes loading tsx and modules). */
  sinceProcessStartMs: number;
  /** openEngine: model and index load. */
  openMs: number;
  askMs: number;
  /** CPU time of the whole process (all threads, user + system) up to the answer: steadier than wall time on a shared machine. */
  cpuMs: number;
  /** Resident memory once the first answer is given: what a serving process holds. */
  rssMb: number;
  /** Peak resident memory up to then. */
  peakRssMb: number;
  /** The machine's 1-minute load average when the answer came (2 cores: above 2, processes waited for a core). */
  loadAverage: number;
  /** The parent's clock, spawn to exit. */
  wallMs?: number;
  abstained: boolean;
}

import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../src/config';
import { openEngine } from '../src/engine';
import { createFetcher } from '../src/feeds/fetch';
import { runFeedRound } from '../src/feeds/round';
import { createLogger } from '../src/log';
import { peakRssMb, percentile } from './stats';

/**
 * One feeds bench run in its own process (so peak RSS is the poller's alone): opens an engine on an
 * empty articles folder, polls every feed of the bench's local servers once, saves and indexes
 * what it extracts, optionally with /ask questions arriving the whole time.
 */

export interface FeedsRunJob {
  articlesDir: string;
  indexDir: string;
  feedsFile: string;
  stateFile: string;
  hostDelayMs: number;
  /** Questions asked back to back during the poll, or none for a quiet run. */
  questions: string[];
  /** A question about the last item served, and its address: cited after the round means it was indexed. */
  lastItemQuestion: string;
  lastItemUrl: string;
  resultFile: string;
}

export interface FeedsRunResult {
  items: number;
  saved: number;
  skipped: number;
  failedFeeds: number;
  pollSeconds: number;
  reindexSeconds: number;
  totalSeconds: number;
  itemsPerSecond: number;
  peakRssMb: number;
  asks: number;
  askP50Ms: number | null;
  askP95Ms: number | null;
  /** Whether the last item served is among the top 5 articles retrieved for its title after the round: it was indexed. */
  lastItemRetrieved: boolean;
  /** Articles in the index before the poll. */
  knownArticles: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as FeedsRunJob;
const config = loadConfig({
  ARTICLES_DIR: job.articlesDir,
  INDEX_DIR: job.indexDir,
  ALLOW_REMOTE_MODELS: 'false',
  FEEDS_FILE: job.feedsFile,
  FEEDS_STATE_FILE: job.stateFile,
  FEEDS_ALLOW_PRIVATE: 'true',
  FEEDS_HOST_DELAY_MS: String(job.hostDelayMs),
  ANSWER_CACHE_SECONDS: '0',
});
// Duplicate records among the seeded corpus articles would flood stderr at warn.
const log = createLogger({ level: 'error' });
// Lexical retrieval, as the target says: no embedding model.
const engine = await openEngine(config, { log, embedder: null });
const known = engine.sources().reduce((sum, s) => sum + s.articles, 0);

const latencies: number[] = [];
let asking = job.questions.length > 0;
const askLoop = (async () => {
  for (let i = 0; asking; i++) {
    const started = performance.now();
    await engine.ask(job.questions[i % job.questions.length] ?? 'news');
    latencies.push(performance.now() - started);
    // Let the poll's I/O callbacks in between questions, as separate interactions would.
    await new Promise((resolve) => setImmediate(resolve));
  }
})();

const started = performance.now();
const round = await runFeedRound({ engine, config, log, fetcher: createFetcher(config.feeds) });
const totalSeconds = (performance.now() - started) / 1000;
asking = false;
await askLoop;

const retrieval = await engine.retrieve(job.lastItemQuestion);
const topArticles = [...new Set(retrieval.groups.flatMap((g) => g.passages.map((p) => p.article.url)))].slice(0, 5);
const items = round.results.reduce(
  (sum, r) => sum + r.new + r.changed + r.unchanged + r.duplicates + r.skipped.length,
  0,
);
const result: FeedsRunResult = {
  items,
  saved: round.results.reduce((sum, r) => sum + r.new + r.changed, 0),
  skipped: round.results.reduce((sum, r) => sum + r.skipped.length, 0),
  failedFeeds: round.results.filter((r) => r.status === 'failed').length,
  pollSeconds: totalSeconds - (round.reindex?.seconds ?? 0),
  reindexSeconds: round.reindex?.seconds ?? 0,
  totalSeconds,
  itemsPerSecond: items / totalSeconds,
  peakRssMb: peakRssMb(),
  asks: latencies.length,
  askP50Ms: latencies.length ? percentile(latencies, 50) : null,
  askP95Ms: latencies.length ? percentile(latencies, 95) : null,
  lastItemRetrieved: topArticles.includes(job.lastItemUrl),
  knownArticles: known,
};
await engine.close();
await writeFile(job.resultFile, JSON.stringify(result));

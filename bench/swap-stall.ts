import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { readSnapshot } from '../src/index/snapshot';
import { describeMachine } from './machine';

/**
 * `npx tsx bench/swap-stall.ts <index-dir> [rounds]`: how long the serving process's event loop
 * stalls while it loads a version a reindex process published (what the engine does at the
 * swap), measured by a 1 ms timer and Node's event-loop delay histogram, `rounds` times.
 */

const indexDir = path.resolve(process.argv[2] ?? 'data/index');
const rounds = Number(process.argv[3] ?? 5);

const histogram = monitorEventLoopDelay({ resolution: 1 });
let longestGapMs = 0;
let last = performance.now();
const ticker = setInterval(() => {
  const now = performance.now();
  longestGapMs = Math.max(longestGapMs, now - last);
  last = now;
}, 1);

const results: { loadMs: number; longestStallMs: number; articles: number; chunks: number }[] = [];
for (let round = 0; round < rounds; round++) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  histogram.reset();
  histogram.enable();
  longestGapMs = 0;
  last = performance.now();
  const started = performance.now();
  const read = await readSnapshot(indexDir);
  const loadMs = performance.now() - started;
  // One more turn of the loop, so a stall at the very end is seen by the timer too.
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  if (read.kind !== 'loaded') throw new Error(`no usable index at ${indexDir} (${read.kind})`);
  results.push({
    loadMs: Math.round(loadMs),
    longestStallMs: Math.round(Math.max(longestGapMs, histogram.max / 1e6)),
    articles: read.snapshot.articleCount,
    chunks: read.snapshot.chunkCount,
  });
}
clearInterval(ticker);

const machine = describeMachine();
const sorted = (key: 'loadMs' | 'longestStallMs') => results.map((r) => r[key]).sort((a, b) => a - b);
const median = (values: number[]) => values[Math.floor(values.length / 2)];
process.stdout.write(
  `${new Date().toISOString()} ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}\n` +
    `${results[0]?.articles} articles, ${results[0]?.chunks} chunks (${indexDir}); ${rounds} loads\n` +
    `load (wall) median ${median(sorted('loadMs'))} ms, max ${Math.max(...sorted('loadMs'))} ms; ` +
    `longest event-loop stall median ${median(sorted('longestStallMs'))} ms, max ${Math.max(...sorted('longestStallMs'))} ms\n`,
);

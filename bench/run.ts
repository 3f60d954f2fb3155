import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { corpusFiles } from './corpus';
import { runFeedsBench } from './feeds';
import { describeMachine } from './machine';
import { chooseModel, type BenchModel } from './model';
import { runPeerBench } from './peer';
import { formatReport, ingestFile, type BenchRun } from './report';
import { compileColdStartProbe } from './compiled-probe';
import type { ColdStartResult, SizeJob, SizeResult } from './types';

/**
 * `npm run bench`: speed, memory and scale on the shared news corpus, each size in a child
 * process. Writes bench/results/<date>.md and bench/results/latest.md.
 */

const repoRoot = path.resolve(import.meta.dirname, '..');

interface BenchOptions {
  corpus: string;
  sizes: (number | 'all')[];
  quick?: boolean;
  file?: string;
  questions: number;
  rawSample: number;
  dimensions: number;
  profile?: boolean;
  heapMb?: number;
  out: string;
  feeds?: boolean;
  feedItems: number;
  feedHosts: number;
  hostDelayMs: number;
  peer?: boolean;
  runs: number;
}

function sizeList(value: string): (number | 'all')[] {
  return value.split(',').map((part) => {
    const trimmed = part.trim();
    if (trimmed === 'all') return 'all';
    const number = Number(trimmed);
    if (!Number.isInteger(number) || number <= 0)
      throw new InvalidArgumentError(`"${trimmed}" is not a positive whole number or "all"`);
    return number;
  });
}

function positive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}

function nonNegative(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return number;
}

const program = new Command()
  .name('bench')
  .description(
    'Measure cleaning, chunking, embedding, build, memory, cold start, latency and incremental reindex on the news corpus.',
  )
  .option('--corpus <dir>', 'corpus folder (gz JSONL)', path.resolve(repoRoot, '../shared/corpus'))
  .option(
    '--sizes <list>',
    'article counts, comma-separated; "all" for the whole corpus',
    sizeList,
    sizeList('1000,5000,all'),
  )
  .option('--quick', '1,000 articles only, no separate news-2022 ingest')
  .option('--file <name>', 'only ingest this corpus file and report time and peak RSS (e.g. news-2022.jsonl.gz)')
  .option('--questions <n>', 'questions for the latency percentiles', positive, 1000)
  .option('--raw-sample <n>', 'chunks the raw-model throughput is measured on', positive, 20000)
  .option(
    '--dimensions <n>',
    'width of the fixture model (the fixture default, as in the peer bench; bge-small has 384)',
    positive,
    32,
  )
  .option(
    '--heap-mb <n>',
    'run the children with --max-old-space-size=<n>: how much of the peak RSS is garbage V8 has not collected yet',
    positive,
  )
  .option('--profile', 'write a V8 CPU profile of every child to bench/results/profiles/')
  .option('--out <dir>', 'results folder', path.join(repoRoot, 'bench/results'))
  .option(
    '--feeds',
    'only the feeds bench: corpus pages served as RSS items on 127.0.0.1, polled, extracted, saved and indexed',
  )
  .option('--feed-items <n>', 'feed items for --feeds', positive, 1000)
  .option('--feed-hosts <n>', 'local servers (outlets) the items are spread over, for --feeds', positive, 40)
  .option(
    '--host-delay-ms <n>',
    'pause between requests to one host, for --feeds (FEEDS_HOST_DELAY_MS; default as configured by default)',
    (v) => nonNegative(v),
    1000,
  )
  .option(
    '--peer',
    'only the LangChain.js comparison: its documented ingest (installed in bench/peer) and ours on the same file (--file, default news-2022.jsonl.gz) and model, in alternation',
  )
  .option('--runs <n>', 'whole-process runs of each side for --peer', positive, 3)
  .showHelpAfterError()
  .action(run);

async function run(options: BenchOptions): Promise<void> {
  if (options.feeds) {
    await runFeedsBench(
      {
        corpus: options.corpus,
        items: options.feedItems,
        hosts: options.feedHosts,
        hostDelayMs: options.hostDelayMs,
        out: options.out,
      },
      repoRoot,
    );
    return;
  }
  if (options.peer) {
    await runPeerBench(
      {
        corpus: options.corpus,
        file: options.file ?? ingestFile,
        runs: options.runs,
        dimensions: options.dimensions,
        out: options.out,
      },
      repoRoot,
      process.env['BENCH_COMMIT'] ?? currentCommit(),
    );
    return;
  }
  const files = corpusFiles(options.corpus);
  if (files.length === 0) {
    process.stdout.write(`No corpus at ${options.corpus} (*.jsonl.gz); nothing to measure.\n`);
    return;
  }
  const started = performance.now();
  const work = await mkdtemp(path.join(tmpdir(), 'bench-'));
  try {
    const model = await chooseModel(files, work, options.dimensions);
    say(`model: ${model.label}`);
    const job = (label: string, mode: SizeJob['mode'], jobFiles: string[], limit: number | null): SizeJob => ({
      label,
      mode,
      files: jobFiles,
      limit,
      modelsDir: model.modelsDir,
      modelId: model.modelId,
      workDir: path.join(work, label.replace(/\W+/g, '-')),
      resultFile: path.join(work, `${label.replace(/\W+/g, '-')}.json`),
      questions: options.questions,
      rawSampleChunks: options.rawSample,
      batchSize: 32,
    });

    const benchRun: BenchRun = {
      date: new Date().toISOString().slice(0, 10),
      machine: describeMachine(),
      commit: process.env['BENCH_COMMIT'] ?? currentCommit(),
      model: model.label,
      nodeFlags: heapFlags(options),
      sizes: [],
      comparison: null,
      totalSeconds: 0,
    };

    if (options.file) {
      const file = files.find((f) => path.basename(f) === options.file);
      if (!file) throw new InvalidArgumentError(`${options.file} is not in ${options.corpus}`);
      benchRun.comparison = await runSize(job(`ingest ${options.file}`, 'ingest', [file], null), options);
    } else {
      const sizes = options.quick ? [1000] : options.sizes;
      for (const size of sizes) {
        const sizeJob = job(
          size === 'all' ? 'all' : size.toLocaleString('en-US'),
          'full',
          files,
          size === 'all' ? null : size,
        );
        const result = await runSize(sizeJob, options);
        if (result === null) continue;
        const indexDir = path.join(sizeJob.workDir, 'index');
        const coldStart = await runColdStart(indexDir, model, options);
        const coldStartCompiled = await runColdStart(indexDir, model, options, await compiledProbe());
        benchRun.sizes.push({ result, coldStart, coldStartCompiled });
      }
      const comparisonFile = files.find((f) => path.basename(f) === ingestFile);
      if (!options.quick && comparisonFile) {
        benchRun.comparison = await runSize(job(`ingest ${ingestFile}`, 'ingest', [comparisonFile], null), options);
      }
    }

    benchRun.totalSeconds = (performance.now() - started) / 1000;
    const report = formatReport(benchRun);
    process.stdout.write(`\n${report}`);
    await mkdir(options.out, { recursive: true });
    await writeFile(path.join(options.out, `${benchRun.date}.md`), report);
    await writeFile(path.join(options.out, 'latest.md'), report);
    // The figures behind the table, for comparing runs.
    await writeFile(path.join(options.out, 'latest.json'), `${JSON.stringify(benchRun, null, 1)}\n`);
    say(`wrote ${path.join(options.out, `${benchRun.date}.md`)} and latest.md`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function runSize(job: SizeJob, options: BenchOptions): Promise<SizeResult | null> {
  say(`${job.label}: ${job.mode === 'full' ? 'measuring' : 'ingesting'} ...`);
  const started = performance.now();
  await mkdir(job.workDir, { recursive: true });
  const outcome = await child(['bench/size-run.ts', JSON.stringify(job)], options, `size-${job.label}`);
  let result: SizeResult;
  try {
    result = JSON.parse(await readFile(job.resultFile, 'utf8')) as SizeResult;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    say(`${job.label}: failed before the build finished: ${outcome.failure}`);
    return null;
  }
  if (outcome.failure) result.failure = outcome.failure;
  say(
    `${job.label}: ${result.articles} articles, ${result.chunks} chunks in ${((performance.now() - started) / 1000).toFixed(0)} s` +
      (outcome.failure ? `; FAILED after stage "${result.stage}": ${outcome.failure}` : ''),
  );
  return result;
}

/** The cold-start probe compiled to JavaScript, compiled once per bench run. */
let compiledProbeFile: Promise<string> | null = null;
const compiledProbe = () => (compiledProbeFile ??= compileColdStartProbe(repoRoot));

/** One cold start: through tsx, or, given `compiledProbe`, the probe compiled to JavaScript and run by plain Node. */
async function runColdStart(
  indexDir: string,
  model: BenchModel,
  options: BenchOptions,
  compiledProbe?: string,
): Promise<ColdStartResult | string> {
  const started = performance.now();
  const outcome = await child(
    [
      compiledProbe ?? 'bench/cold-start.ts',
      indexDir,
      model.modelsDir,
      model.modelId,
      'What happened in the news this week?',
    ],
    options,
    compiledProbe ? 'cold-start-compiled' : 'cold-start',
    compiledProbe ? [] : ['--import', 'tsx'],
  );
  if (outcome.failure) return outcome.failure;
  const wallMs = performance.now() - started;
  const lastLine = outcome.stdout.trim().split('\n').at(-1) ?? '';
  return { ...(JSON.parse(lastLine) as ColdStartResult), wallMs };
}

/**
 * Runs a bench script in a fresh Node process, through tsx unless `loader` says otherwise. Its
 * stderr passes through; a crash (e.g. V8 out of memory) becomes `failure` with the reason
 * rather than ending the whole run.
 */
function child(
  args: string[],
  options: BenchOptions,
  name: string,
  loader = ['--import', 'tsx'],
): Promise<{ stdout: string; failure: string | null }> {
  const profile = options.profile
    ? [
        '--cpu-prof',
        '--cpu-prof-dir',
        path.join(options.out, 'profiles'),
        '--cpu-prof-name',
        `${name.replace(/\W+/g, '-')}-${Date.now()}.cpuprofile`,
      ]
    : [];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...heapFlags(options), ...profile, ...loader, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderrTail = '';
    proc.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
    });
    proc.stderr.on('data', (data: Buffer) => {
      process.stderr.write(data);
      stderrTail = (stderrTail + data.toString()).slice(-20_000);
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (code === 0) return resolve({ stdout, failure: null });
      const outOfMemory = /heap out of memory/i.test(stderrTail);
      const heap = /Mark-Compact[^\n]*?([\d.]+) \(([\d.]+)\) MB/.exec(stderrTail);
      const reason = outOfMemory
        ? `V8 heap out of memory${heap ? ` at ${Math.round(Number(heap[1]))} MB of heap` : ''}`
        : (stderrTail.trim().split('\n').at(-1) ?? '').slice(0, 300);
      resolve({ stdout, failure: `${signal ?? `exit ${code}`}: ${reason}` });
    });
  });
}

/** The commit measured, so a results file says which code it describes. */
function currentCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'bench'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty ? `${commit} + uncommitted changes in src/ or bench/` : commit;
  } catch (error) {
    // Not a git checkout (e.g. an exported snapshot): BENCH_COMMIT can name it.
    return `unknown (${(error as Error).message.split('\n')[0]})`;
  }
}

function heapFlags(options: BenchOptions): string[] {
  return options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : [];
}

function say(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

await program.parseAsync();

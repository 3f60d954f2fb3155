import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { corpusFiles } from './corpus';
import { describeMachine, type Machine } from './machine';
import { chooseModel } from './model';
import type { SizeJob } from './types';
import { buildProcessFlags } from '../src/index/reindex-process';

/**
 * `npm run bench -- --peer`: LangChain.js's documented ingest (bench/peer/, installed there on
 * demand) and ours, on the same corpus file and the same local model, whole processes in
 * alternation, timed from outside by /usr/bin/time (wall time and the kernel's peak RSS).
 */

export interface PeerOptions {
  corpus: string;
  file: string;
  runs: number;
  dimensions: number;
  out: string;
}

interface ProcessRun {
  wallSeconds: number;
  peakRssMb: number;
  cpuSeconds: number;
  /** 1-minute load average when the run started: the machine is shared. */
  loadBefore: number;
}

interface Side {
  runs: ProcessRun[];
  articles: number;
  chunks: number;
  /** Texts sent to the model (ours skips repeated ones). */
  embedded: number;
  tokens: number;
}

export interface PeerReport {
  date: string;
  machine: Machine;
  commit: string;
  model: string;
  file: string;
  ours: Side;
  langchain: Side & { versions: Record<string, string> };
}

const targets = { wallRatio: 0.5, rssRatio: 0.5 };

export async function runPeerBench(options: PeerOptions, repoRoot: string, commit: string): Promise<void> {
  const file = corpusFiles(options.corpus).find((f) => path.basename(f) === options.file);
  if (file === undefined) {
    process.stdout.write(`No ${options.file} in ${options.corpus}; nothing to compare.\n`);
    return;
  }
  if (!existsSync('/usr/bin/time'))
    throw new Error('the peer bench measures with /usr/bin/time (apt-get install time)');
  const peerDir = path.join(repoRoot, 'bench/peer');
  await installPeer(peerDir);
  const work = await mkdtemp(path.join(tmpdir(), 'bench-peer-'));
  try {
    // The fixture the main bench builds: its vocabulary from every corpus file, not this one only.
    const model = await chooseModel(corpusFiles(options.corpus), work, options.dimensions);
    say(`model: ${model.label}`);
    const ourIndex = path.join(work, 'ours');
    const job: SizeJob = {
      label: `ingest ${options.file}`,
      mode: 'ingest',
      files: [file],
      limit: null,
      modelsDir: model.modelsDir,
      modelId: model.modelId,
      workDir: ourIndex,
      resultFile: path.join(work, 'ours.json'),
      questions: 0,
      rawSampleChunks: 0,
      batchSize: 32,
    };
    const peerOut = path.join(work, 'langchain');
    const ours = () =>
      measured(
        [...buildProcessFlags, '--import', 'tsx', 'bench/size-run.ts', JSON.stringify(job)],
        repoRoot,
        path.join(work, 'time'),
      );
    const theirs = () =>
      measured(
        [path.join(peerDir, 'ingest.mjs'), file, model.modelsDir, model.modelId, peerOut],
        repoRoot,
        path.join(work, 'time'),
      );
    const ourRuns: ProcessRun[] = [];
    const peerRuns: ProcessRun[] = [];
    // ABBA order, so a machine getting busier or quieter during the bench favours neither side.
    for (let round = 0; round < options.runs; round++) {
      const order = round % 2 === 0 ? (['ours', 'langchain'] as const) : (['langchain', 'ours'] as const);
      for (const side of order) {
        await rm(side === 'ours' ? ourIndex : peerOut, { recursive: true, force: true });
        await mkdir(ourIndex, { recursive: true });
        const run = side === 'ours' ? await ours() : await theirs();
        (side === 'ours' ? ourRuns : peerRuns).push(run);
        say(
          `${side} run ${round + 1}: ${run.wallSeconds.toFixed(1)} s, ${run.peakRssMb.toFixed(0)} MB (load ${run.loadBefore.toFixed(1)})`,
        );
      }
    }
    // Counting is not part of either measured run.
    const ourCount = JSON.parse(
      await lastLine(
        process.execPath,
        ['--import', 'tsx', 'bench/count-tokens.ts', path.join(ourIndex, 'index'), model.modelsDir, model.modelId],
        repoRoot,
      ),
    ) as { articles: number; chunks: number; embedded: number; tokens: number };
    const peerCount = JSON.parse(
      await lastLine(
        process.execPath,
        [path.join(peerDir, 'ingest.mjs'), file, model.modelsDir, model.modelId, peerOut, '--count-tokens'],
        repoRoot,
      ),
    ) as { articles: number; chunks: number; tokens: number };

    const report: PeerReport = {
      date: new Date().toISOString().slice(0, 10),
      machine: describeMachine(),
      commit,
      model: model.label,
      file: options.file,
      ours: { runs: ourRuns, ...ourCount },
      langchain: { runs: peerRuns, ...peerCount, embedded: peerCount.chunks, versions: await peerVersions(peerDir) },
    };
    const text = formatPeerReport(report);
    process.stdout.write(`\n${text}`);
    await mkdir(options.out, { recursive: true });
    await writeFile(path.join(options.out, `peer-${report.date}.md`), text);
    await writeFile(path.join(options.out, 'peer-latest.md'), text);
    await writeFile(path.join(options.out, 'peer-latest.json'), `${JSON.stringify(report, null, 1)}\n`);
    say(`wrote ${path.join(options.out, `peer-${report.date}.md`)} and peer-latest.md`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `npm ci` in bench/peer when its node_modules is missing or older than its lock file. */
async function installPeer(peerDir: string): Promise<void> {
  const installed = path.join(peerDir, 'node_modules/.package-lock.json');
  const lock = path.join(peerDir, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing LangChain.js in bench/peer (npm ci) ...');
  await new Promise<void>((resolve, reject) => {
    const npm = spawn('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: peerDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    npm.on('error', reject);
    npm.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm ci in ${peerDir} failed (exit ${code})`)),
    );
  });
}

/** One whole Node process under /usr/bin/time: wall seconds, the kernel's peak RSS, CPU seconds. */
async function measured(args: string[], cwd: string, timeFile: string): Promise<ProcessRun> {
  const loadBefore = loadavg()[0] ?? 0;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%e %M %U %S', process.execPath, ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ').slice(0, 200)} failed (exit ${code})`)),
    );
  });
  // /usr/bin/time may put a "Command exited ..." line first; the figures are the last line.
  const fields = (await readFile(timeFile, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number);
  const [wall = NaN, rssKb = NaN, user = NaN, system = NaN] = fields;
  return { wallSeconds: wall, peakRssMb: rssKb / 1024, cpuSeconds: user + system, loadBefore };
}

async function lastLine(command: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await promisify(execFile)(command, args, { cwd, maxBuffer: 16 * 2 ** 20 });
  return stdout.trim().split('\n').at(-1) ?? '';
}

async function peerVersions(peerDir: string): Promise<Record<string, string>> {
  const names = [
    '@langchain/community',
    '@langchain/core',
    '@langchain/textsplitters',
    '@huggingface/transformers',
    'hnswlib-node',
  ];
  const versions: Record<string, string> = {};
  for (const name of names) {
    const manifest = JSON.parse(await readFile(path.join(peerDir, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    };
    versions[name] = manifest.version;
  }
  return versions;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');

export function formatPeerReport(report: PeerReport): string {
  const { ours, langchain } = report;
  const m = report.machine;
  const wall = (side: Side) => median(side.runs.map((r) => r.wallSeconds));
  const rss = (side: Side) => median(side.runs.map((r) => r.peakRssMb));
  const cpu = (side: Side) => median(side.runs.map((r) => r.cpuSeconds));
  // Each round's two runs saw about the same machine (the ABBA pairs run back to back): the ratio
  // is taken within a round, and the median of those is the figure, not the ratio of the medians.
  const paired = (measure: (run: ProcessRun) => number) =>
    median(ours.runs.map((run, i) => measure(run) / measure(langchain.runs[i] ?? run)));
  const wallRatio = paired((run) => run.wallSeconds);
  const rssRatio = paired((run) => run.peakRssMb);
  const roundRatios = ours.runs
    .map((run, i) => (run.wallSeconds / (langchain.runs[i]?.wallSeconds ?? NaN)).toFixed(2))
    .join(', ');
  const verdict = (ratio: number, target: number) => (ratio <= target ? 'met' : '**missed**');
  const perRun = (side: Side) =>
    side.runs
      .map((r) => `${r.wallSeconds.toFixed(1)} s / ${r.peakRssMb.toFixed(0)} MB (load ${r.loadBefore.toFixed(1)})`)
      .join('; ');
  return [
    `# Ingest beside LangChain.js: ${report.file} (${report.date})`,
    '',
    `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}; commit ${report.commit}.`,
    `Model: ${report.model}.`,
    `LangChain.js: ${Object.entries(langchain.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(
        ', ',
      )} (bench/peer); RecursiveCharacterTextSplitter 1000/200 → HuggingFaceTransformersEmbeddings → HNSWLib.fromDocuments → save.`,
    `Each side ${ours.runs.length} whole-process runs in ABBA order, measured by /usr/bin/time; medians below, ratios the median of each round's ratio (wall time: ${roundRatios}).`,
    '',
    '| measure | this engine | LangChain.js | ratio (ours / theirs) | target |',
    '|---|---:|---:|---:|---|',
    `| wall time, s | ${wall(ours).toFixed(1)} | ${wall(langchain).toFixed(1)} | ${wallRatio.toFixed(2)} | ≤ ${targets.wallRatio.toFixed(2)}: ${verdict(wallRatio, targets.wallRatio)} |`,
    `| peak RSS, MB | ${rss(ours).toFixed(0)} | ${rss(langchain).toFixed(0)} | ${rssRatio.toFixed(2)} | ≤ ${targets.rssRatio.toFixed(2)}: ${verdict(rssRatio, targets.rssRatio)} |`,
    `| CPU time (user + system), s | ${cpu(ours).toFixed(1)} | ${cpu(langchain).toFixed(1)} | ${paired((run) => run.cpuSeconds).toFixed(2)} | |`,
    `| articles | ${int(ours.articles)} | ${int(langchain.articles)} | | |`,
    `| chunks | ${int(ours.chunks)} | ${int(langchain.chunks)} | | |`,
    `| texts embedded (ours: repeated chunk texts once) | ${int(ours.embedded)} | ${int(langchain.embedded)} | | |`,
    `| tokens embedded (after truncation) | ${int(ours.tokens)} | ${int(langchain.tokens)} | ${(ours.tokens / langchain.tokens).toFixed(2)} | |`,
    '',
    `Runs (wall / peak RSS, 1-minute load average at the start): this engine ${perRun(ours)}; LangChain.js ${perRun(langchain)}.`,
    '',
  ].join('\n');
}

function say(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

import { execFile } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { openVersionStore } from '../src/db/index-versions';
import { currentIndexDir } from '../src/index/disk';
import { silentLogger } from '../src/log';
import { startPostgres } from '../test/support/postgres';
import { modelEnv, prepareWorkspace } from './loadtest-setup';
import { describeMachine } from './machine';

/**
 * How a new replica comes to serve a large index (issue 24): by fetching the version another
 * replica published through PostgreSQL, or by building it from the articles itself. Both run the
 * same child (replica-start-child.ts) under /usr/bin/time, from an empty INDEX_DIR to a first
 * answer, so their CPU, wall time and peak memory compare directly.
 *
 *   npx tsx bench/replica-start.ts --articles /work/shared/corpus --limit 20000 --work-dir /tmp/replica-start
 */

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');

interface Measured {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  child: Record<string, unknown>;
}

/** Runs the child under GNU time and reads its figures. */
async function measure(env: Record<string, string>): Promise<Measured> {
  const { stdout, stderr } = await run(
    '/usr/bin/time',
    [
      '-v',
      process.execPath,
      path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'),
      path.join(repoRoot, 'bench/replica-start-child.ts'),
    ],
    { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env }, maxBuffer: 16 * 1024 * 1024 },
  );
  const field = (name: string) => Number(new RegExp(`${name}: ([\\d.:]+)`).exec(stderr)?.[1]?.split(':').pop() ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(stderr)?.[1] ?? '';
  const wallSeconds = wall.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
  return {
    wallSeconds,
    cpuSeconds: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'),
    maxRssMb: field('Maximum resident set size \\(kbytes\\)') / 1024,
    child: JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>,
  };
}

const program = new Command()
  .option('--articles <path>', 'a folder of articles or JSONL corpus', path.join(repoRoot, 'data/articles'))
  .option('--limit <n>', 'first n records of a corpus', (v) => Number(v))
  .option('--dimensions <n>', 'fixture model dimensions', (v) => Number(v), 384)
  .requiredOption('--work-dir <dir>', 'kept between runs: the articles, model and built index')
  .option(
    '--build-child',
    'also measure a new replica building the index itself (the first run measures its own build)',
  )
  .action(
    async (options: {
      articles: string;
      limit?: number;
      dimensions: number;
      workDir: string;
      buildChild?: boolean;
    }) => {
      const say = (line: string) => process.stderr.write(`${line}\n`);
      const machine = describeMachine();
      // The first run builds the index of the articles here (the workspace keeps it): what a replica
      // that builds for itself pays, measured in this process (its worker threads included).
      const buildCpu = process.cpuUsage();
      const buildStarted = performance.now();
      const workspace = await prepareWorkspace({
        workDir: options.workDir,
        articles: options.articles,
        limit: options.limit ?? null,
        reindexArticles: 0,
        reindexFrom: options.articles,
        dimensions: options.dimensions,
        say,
      });
      const buildCpuUsed = process.cpuUsage(buildCpu);
      const workspaceSeconds = (performance.now() - buildStarted) / 1000;
      const env = modelEnv(workspace.articlesDir, '', workspace);
      const fresh = async (name: string) => {
        const dir = path.join(options.workDir, name);
        await rm(dir, { recursive: true, force: true });
        return dir;
      };

      const built = options.buildChild
        ? await measure({ ...env, INDEX_DIR: await fresh('index-built') })
        : { workspaceSeconds, workspaceCpuSeconds: (buildCpuUsed.user + buildCpuUsed.system) / 1e6 };

      const postgres = await startPostgres();
      try {
        const versions = await openVersionStore(postgres.url, silentLogger);
        const versionDir = await currentIndexDir(workspace.baseIndexDir);
        if (versionDir === null) throw new Error('the workspace holds no index');
        const cpu = process.cpuUsage();
        const publishStarted = performance.now();
        const published = await versions.publish(versionDir);
        const publishSeconds = (performance.now() - publishStarted) / 1000;
        const used = process.cpuUsage(cpu);
        await versions.close();
        say(`fetching the published version (${(published.bytes / 1e6).toFixed(0)} MB) in a new replica ...`);
        const fetchedDir = await fresh('index-fetched');
        const fetched = await measure({ ...env, INDEX_DIR: fetchedDir, DATABASE_URL: postgres.url });
        const files = await readdir(fetchedDir);
        const load = os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ');
        process.stdout.write(
          `${JSON.stringify(
            {
              machine,
              articles: workspace.articles,
              dimensions: options.dimensions,
              versionBytes: published.bytes,
              publish: { seconds: publishSeconds, cpuSeconds: (used.user + used.system) / 1e6 },
              built,
              fetched: { ...fetched, files },
              load,
            },
            null,
            1,
          )}\n`,
        );
      } finally {
        await postgres.stop();
      }
    },
  );

await program.parseAsync();

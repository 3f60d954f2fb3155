import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../bench/loadtest-report';
import { repoRoot, sampleArticlesDir } from './support/sample-index';
import { PROCESS_TEST_TIMEOUT_MS, SIGNAL_BOUND_MS } from './support/bounds';

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'loadtest-smoke-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** 30 distinct articles as JSONL corpus records, made from the sample articles' text. */
async function writeCorpus(file: string): Promise<void> {
  const names = (await readdir(sampleArticlesDir)).filter((n) => n.endsWith('.txt'));
  const texts = await Promise.all(names.map((n) => readFile(path.join(sampleArticlesDir, n), 'utf8')));
  const records = Array.from({ length: 30 }, (_, i) => ({
    title: `Production update number ${i}`,
    text: `Update ${i} of the production diary.\n${texts[i % texts.length]}`,
    outlet_domain: `outlet${i % 4}.example`,
    publish_date: '2017/04/12',
  }));
  await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n'));
}

describe('npm run loadtest', { timeout: TIMEOUT }, () => {
  it('drives the real bot through the fake Discord with a /reindex during the load, and reports it', async () => {
    const corpus = path.join(dir, 'corpus.jsonl');
    const json = path.join(dir, 'result.json');
    await writeCorpus(corpus);
    // --grace: how long the answers may take after the last /ask; generous, the run ends once all are in.
    const args = ['--duration', '2', '--rate', '5', '--grace', String(SIGNAL_BOUND_MS / 1000)];
    args.push('--articles', corpus, '--limit', '20');
    args.push('--reindex-articles', '10', '--reindex-at', '0.5', '--dimensions', '16', '--json', json);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/loadtest.ts', ...args], {
      cwd: repoRoot,
      timeout: TIMEOUT,
    });
    const result = JSON.parse(await readFile(json, 'utf8')) as LoadResult;
    expect(result).toMatchObject({ sent: 10, answered: 10, articles: 20 });
    expect(result.firstResponseMs?.max).toBeGreaterThanOrEqual(result.firstResponseMs?.p50 ?? Infinity);
    expect(result.reindex).toMatchObject({ articles: 10, outcome: 'Reindex finished' });
    expect(result.botRssMb.peak).toBeGreaterThan(0);
    expect(stdout).toContain('answered 10 / 10');
    expect(stdout).toMatch(/\/reindex of 10 new articles: Reindex finished in [\d.]+ s/);
  });

  it('--saturate steps the rate up and reports the highest one every /ask was answered at, with CPU per answer', async () => {
    const json = path.join(dir, 'saturation.json');
    // Two short steps (5 and 10 a second), no refining: what is reported, not how fast.
    const args = ['--saturate', '--rate', '5', '--step-seconds', '1', '--step-factor', '2', '--max-rate', '10'];
    args.push('--refine', '0', '--grace', String(SIGNAL_BOUND_MS / 1000), '--json', json);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/loadtest.ts', ...args], {
      cwd: repoRoot,
      timeout: TIMEOUT,
    });
    const result = JSON.parse(await readFile(json, 'utf8')) as {
      saturations: { steps: { rate: number; outcome: { sent: number }; cpu: { seconds: Record<string, number> } }[] }[];
    };
    const steps = result.saturations[0]?.steps ?? [];
    expect(steps.map((s) => [s.rate, s.outcome.sent])).toEqual([
      [5, 5],
      [10, 10],
    ]);
    expect(steps[0]?.cpu.seconds['bots']).toBeGreaterThan(0);
    expect(stdout).toMatch(/maximum sustained: /);
  });

  it('refuses a reindex without a corpus to take the articles from, saying which option to give', async () => {
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bench/loadtest.ts', '--duration', '1', '--reindex-articles', '10'],
      { cwd: repoRoot, timeout: TIMEOUT },
    );
    await expect(run).rejects.toMatchObject({ stderr: expect.stringMatching(/--reindex-from/) as unknown });
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTokenizerPool } from '../src/index/tokenizer-pool';
import { silentLogger } from '../src/log';
import { buildFixtureModel, vocabularyFrom, type FixtureModel } from './support/fixture-model';

let dir: string;
let fixture: FixtureModel;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tokenizer-pool-'));
  fixture = await buildFixtureModel({ dir, vocabulary: vocabularyFrom(['the show was renewed for a season']) });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('refuses, with the reason, every request a worker that ran out of memory cannot answer', async () => {
  const pool = createTokenizerPool({
    threads: 1,
    model: { modelId: fixture.modelId, modelsDir: fixture.modelsDir, allowRemote: false },
    log: silentLogger,
    workerOldSpaceMb: 8,
  });
  const text = 'the show was renewed for a season '.repeat(400);
  const results = await Promise.allSettled(
    Array.from({ length: 60 }, () => pool.tokenize(Array.from({ length: 32 }, () => text))),
  );
  await pool.close();
  // Each request is answered or refused with the reason (the embedder then tokenises on its own
  // thread); none is left as a rejection nobody handles, which would end the process mid-reindex.
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(refused.length).toBeGreaterThan(0);
  for (const { reason } of refused) expect(String(reason)).toMatch(/memory|stopped/);
});

it('tokenises on its threads when the process runs from another folder', async () => {
  // The bot or a CLI may be started from any folder; the workers must still find their loader.
  const elsewhere = await mkdtemp(path.join(tmpdir(), 'tokenizer-pool-cwd-'));
  const cwd = process.cwd();
  process.chdir(elsewhere);
  const pool = createTokenizerPool({
    threads: 1,
    model: { modelId: fixture.modelId, modelsDir: fixture.modelsDir, allowRemote: false },
    log: silentLogger,
  });
  try {
    const tensors = await pool.tokenize(['the show was renewed']);
    expect(Object.keys(tensors)).toContain('input_ids');
  } finally {
    await pool.close();
    process.chdir(cwd);
    await rm(elsewhere, { recursive: true, force: true });
  }
});

import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { openEngine, type Engine } from '../src/engine';
import { silentLogger } from '../src/log';
import { evaluate } from '../src/eval/run';
import { parseQaFile, totalScores, type ItemScore } from '../src/eval/score';

// The shipped sample set, scored over the real engine on a copy of the shipped sample articles.
const qaFile = path.resolve('test/fixtures/eval/sample-qa.json');

let dir: string;
let engine: Engine;
let scores: ItemScore[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'eval-sample-'));
  await cp(path.resolve('data/articles'), path.join(dir, 'articles'), { recursive: true });
  const config = loadConfig(
    { ARTICLES_DIR: path.join(dir, 'articles'), INDEX_DIR: path.join(dir, 'index'), ALLOW_REMOTE_MODELS: 'false' },
    dir,
  );
  engine = await openEngine(config, { log: silentLogger });
  scores = await evaluate(engine, parseQaFile(await readFile(qaFile, 'utf8'), qaFile));
});

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run eval on the sample questions', () => {
  it('answers, cites and abstains correctly on every item', () => {
    const failures = scores
      .filter((s) => !(s.answerOk && s.sourceOk && s.abstainOk))
      .map((s) => ({
        id: s.id,
        answer: s.answerOk,
        source: s.sourceOk,
        abstain: s.abstainOk,
        cited: s.cited,
        text: s.answer,
      }));
    expect(failures).toEqual([]);
    expect(totalScores(scores)).toMatchObject({ answer: 1, source: 1, abstain: 1 });
  });
});

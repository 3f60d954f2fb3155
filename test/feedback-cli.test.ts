import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log';
import { openStore, type NewAnswer } from '../src/db/store';
import { PROCESS_TEST_TIMEOUT_MS, SIGNAL_BOUND_MS } from './support/bounds';
import { tsxArgs } from './support/child-process';

const run = promisify(execFile);
let dir: string;

const answer = (id: string, question: string, abstained = false): NewAnswer => ({
  id,
  question,
  answer: abstained ? "The indexed articles don't say." : 'Filming started in New York [1].',
  mode: 'extractive',
  abstained,
  citations: [],
  indexVersion: 'v1',
  guildId: 'g1',
  channelId: 'c1',
  threadId: null,
  public: true,
  askedBy: 'u0',
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'feedback-cli-'));
  const store = await openStore({ databaseUrl: undefined, embeddedDir: path.join(dir, 'store') }, silentLogger);
  await store.saveAnswer(answer('answer-good-0001', 'Where is Jessica Jones filmed?'));
  await store.saveAnswer(answer('answer-bad-00001', 'Who plays Trish?'));
  await store.vote({
    answerId: 'answer-good-0001',
    userId: 'u1',
    vote: 1,
    comment: null,
    guildId: 'g1',
    channelId: 'c1',
  });
  await store.vote({
    answerId: 'answer-bad-00001',
    userId: 'u1',
    vote: -1,
    comment: 'Names the wrong actress',
    guildId: 'g1',
    channelId: 'c1',
  });
  for (const [i, q] of ['When is Luke Cage back?', 'when is luke cage back', 'Is Iron Fist cancelled?'].entries()) {
    await store.saveAnswer(answer(`answer-decl-000${i}`, q, true));
  }
  await store.close();
}, PROCESS_TEST_TIMEOUT_MS);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run feedback', () => {
  it('prints the votes, the worst-rated answers with comments, and the most-asked declined questions', async () => {
    const { stdout } = await run(process.execPath, tsxArgs('src/cli/feedback.ts'), {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, DATABASE_DIR: path.join(dir, 'store') },
      timeout: SIGNAL_BOUND_MS,
    });
    expect(stdout).toContain('Answers stored: 5   👍 1   👎 1');
    const worst = stdout.slice(stdout.indexOf('Worst-rated'), stdout.indexOf('Most-asked'));
    expect(worst).toContain('-1  (👍 0 👎 1)  Who plays Trish?');
    expect(worst).toContain('wrong: Names the wrong actress');
    expect(worst).not.toContain('Jessica Jones');
    const declined = stdout.slice(stdout.indexOf('Most-asked'));
    expect(declined).toMatch(
      /2×\s+(When is Luke Cage back\?|when is luke cage back)\n\s+1×\s+Is Iron Fist cancelled\?/,
    );
  });
});

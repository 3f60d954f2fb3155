import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInputLine } from '../src/cli/ask-input';
import { runCli } from './support/run-cli';
import { day } from './support/day';

// A made-up show: renewed in 2021, cancelled in 2022.
const renewed = 'https://coastscreen.example/harbor-lights-renewed';
const cancelled = 'https://dailyreel.example/harbor-lights-cancelled';
// Dated far ahead: no question asked today may use it.
const revived = 'https://dailyreel.example/harbor-lights-revived';
const articles = {
  'renewed.md': `---\ntitle: Harbor Lights renewed for a second season\noutlet: Coast Screen\nurl: ${renewed}\npublished: 2021-03-01\n---\nThe streamer renewed Harbor Lights for a second season, showrunner Mara Quill said on Monday.\n`,
  'cancelled.md': `---\ntitle: Harbor Lights cancelled after two seasons\noutlet: Daily Reel\nurl: ${cancelled}\npublished: 2022-06-10\n---\nThe streamer cancelled Harbor Lights after two seasons, showrunner Mara Quill said on Friday.\n`,
  'revived.md': `---\ntitle: Harbor Lights revived for a third season\noutlet: Daily Reel\nurl: ${revived}\npublished: 2999-01-01\n---\nThe streamer revived Harbor Lights for a third season, showrunner Mara Quill said on Tuesday.\n`,
};
const QUESTION = 'Did the streamer renew or cancel Harbor Lights?';

interface JsonLine {
  question: string;
  answer?: string;
  error?: string;
  citations?: { url: string | null }[];
}

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-as-of-'));
  await mkdir(path.join(dir, 'articles'));
  for (const [name, text] of Object.entries(articles)) await writeFile(path.join(dir, 'articles', name), text);
  env = { ARTICLES_DIR: path.join(dir, 'articles'), INDEX_DIR: path.join(dir, 'index') };
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const urls = (line: JsonLine) => (line.citations ?? []).map((c) => c.url);

describe('parseInputLine', () => {
  const fallback = day('2022-01-01');

  it('reads plain text and {question, asOf} objects, with the default day (--as-of, else today) for lines without one', () => {
    expect(parseInputLine('Who plays Mara?', fallback)).toEqual({ question: 'Who plays Mara?', asOf: '2022-01-01' });
    expect(parseInputLine('{"question": "Who plays Mara?", "asOf": "2021-05-05"}', fallback)).toEqual({
      question: 'Who plays Mara?',
      asOf: '2021-05-05',
    });
    expect(parseInputLine(' {"question": "Who plays Mara?"}', fallback)).toEqual({
      question: 'Who plays Mara?',
      asOf: '2022-01-01',
    });
  });

  it('explains a line that starts like JSON but is not a question object', () => {
    expect(parseInputLine('{oops', fallback)).toMatchObject({
      error: expect.stringMatching(/must be a JSON object/) as string,
    });
    expect(parseInputLine('{"q": "Who?"}', fallback)).toMatchObject({
      error: expect.stringMatching(/"question"/) as string,
    });
    expect(parseInputLine('{"question": "Who?", "asOf": "2021-02-30"}', fallback)).toEqual({
      question: 'Who?',
      error: expect.stringMatching(/"asOf" "2021-02-30" is not a date YYYY-MM-DD/) as string,
    });
    expect(parseInputLine('{"question": "Who?", "asOf": 20210505}', fallback)).toMatchObject({
      error: expect.stringMatching(/asOf/) as string,
    });
  });
});

describe('npm run ask as of a day', () => {
  it('leaves out articles published after --as-of', async () => {
    const then = await runCli('ask', ['--json', '--as-of', '2021-12-31', QUESTION], { env });
    expect(then.code, then.stderr).toBe(0);
    const answer = JSON.parse(then.stdout) as JsonLine;
    expect(urls(answer)).toContain(renewed);
    expect(urls(answer)).not.toContain(cancelled);
  }, 60_000);

  it('asks as of today without --as-of, as the bot does', async () => {
    const now = await runCli('ask', ['--json', QUESTION], { env });
    expect(now.code, now.stderr).toBe(0);
    expect(urls(JSON.parse(now.stdout) as JsonLine)).toContain(cancelled);

    const revival = 'Was Harbor Lights revived for a third season?';
    const today = await runCli('ask', ['--json', revival], { env });
    expect(urls(JSON.parse(today.stdout) as JsonLine)).not.toContain(revived);
    const later = await runCli('ask', ['--json', '--as-of', '2999-12-31', revival], { env });
    expect(urls(JSON.parse(later.stdout) as JsonLine)).toContain(revived);
  });

  it('refuses a bad --as-of with exit code 2 before opening the index', async () => {
    const fresh = { ...env, INDEX_DIR: path.join(dir, 'untouched-index') };
    for (const bad of ['2021-02-30', 'yesterday']) {
      const result = await runCli('ask', ['--as-of', bad, QUESTION], { env: fresh });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--as-of "${bad}" is not a date; give it as YYYY-MM-DD`);
      expect(result.stdout).toBe('');
    }
    await expect(access(fresh.INDEX_DIR)).rejects.toThrow(/ENOENT/);
  });

  it('reads JSON lines with their own asOf on standard input, and explains bad lines', async () => {
    const stdin = [
      JSON.stringify({ question: QUESTION, asOf: '2021-12-31' }),
      QUESTION,
      JSON.stringify({ question: QUESTION }),
      '{"question": "Was it renewed?", "asOf": "2021-13-01"}',
      '{not json',
    ].join('\n');
    const result = await runCli('ask', ['--json', '--as-of', '2022-12-31', '-'], { env, stdin });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonLine);
    expect(lines).toHaveLength(5);
    expect(urls(lines[0]!)).not.toContain(cancelled);
    // Lines without a date of their own are asked as of --as-of.
    expect(urls(lines[1]!)).toContain(cancelled);
    expect(urls(lines[2]!)).toContain(cancelled);
    expect(lines[3]).toEqual({ question: 'Was it renewed?', error: expect.stringMatching(/YYYY-MM-DD/) as string });
    expect(lines[4]).toEqual({
      question: '{not json',
      error: expect.stringMatching(/must be a JSON object/) as string,
    });
  });
});

import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInputLine } from '../src/cli/ask-input';
import { runCli } from './support/run-cli';

// A made-up show: renewed in 2021, cancelled in 2022.
const renewed = 'https://coastscreen.example/harbor-lights-renewed';
const cancelled = 'https://dailyreel.example/harbor-lights-cancelled';
const articles = {
  'renewed.md': `---\ntitle: Harbor Lights renewed for a second season\noutlet: Coast Screen\nurl: ${renewed}\npublished: 2021-03-01\n---\nThe streamer renewed Harbor Lights for a second season, showrunner Mara Quill said on Monday.\n`,
  'cancelled.md': `---\ntitle: Harbor Lights cancelled after two seasons\noutlet: Daily Reel\nurl: ${cancelled}\npublished: 2022-06-10\n---\nThe streamer cancelled Harbor Lights after two seasons, showrunner Mara Quill said on Friday.\n`,
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
  it('reads plain text and {question, asOf} objects, with --as-of as the default day', () => {
    expect(parseInputLine('Who plays Mara?')).toEqual({ question: 'Who plays Mara?' });
    expect(parseInputLine('Who plays Mara?', '2022-01-01')).toEqual({
      question: 'Who plays Mara?',
      asOf: '2022-01-01',
    });
    expect(parseInputLine('{"question": "Who plays Mara?", "asOf": "2021-05-05"}', '2022-01-01')).toEqual({
      question: 'Who plays Mara?',
      asOf: '2021-05-05',
    });
    expect(parseInputLine(' {"question": "Who plays Mara?"}')).toEqual({ question: 'Who plays Mara?' });
  });

  it('explains a line that starts like JSON but is not a question object', () => {
    expect(parseInputLine('{oops')).toMatchObject({ error: expect.stringMatching(/must be a JSON object/) as string });
    expect(parseInputLine('{"q": "Who?"}')).toMatchObject({ error: expect.stringMatching(/"question"/) as string });
    expect(parseInputLine('{"question": "Who?", "asOf": 20210505}')).toMatchObject({
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

    const now = JSON.parse((await runCli('ask', ['--json', QUESTION], { env })).stdout) as JsonLine;
    expect(urls(now)).toContain(cancelled);
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

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { formatAnswer } from '../src/cli/format';
import { TERMINAL_CHARACTER_RULES, terminalJson, terminalText } from '../src/cli/terminal-text';
import { openStore, type FeedbackReport } from '../src/db/store';
import { silentLogger } from '../src/log';
import type { Answer } from '../src/answer/types';
import { zeroTimings } from './support/timings';

const run = promisify(execFile);

/** Anything a terminal acts on or hides: every control and format character except line feed. */
const UNSAFE = /[^\P{Cc}\n]|\p{Cf}/u;

/** Screen clear, colours, a window title, an OSC 8 link with both terminators, cursor moves, bidi and zero-width. */
const HOSTILE =
  '\u001b[2J\u001b[H\u001b[31mred\u001b[0m \u001b]0;pwned\u0007title \u001b]8;;http://evil.example/a\u0007click me\u001b]8;;\u0007 ' +
  '\u001b]8;;http://evil.example/b\u001b\\also\u001b]8;;\u001b\\ \u009b2J back\u0008\u0008 \u202etxt.exe\u202c zero\u200bwidth\u2066\ufeff';

describe('terminal text rules', () => {
  it.each(TERMINAL_CHARACTER_RULES.map((rule) => [rule.name, rule] as const))('%s', (_name, rule) => {
    expect(terminalText(rule.example.raw)).toBe(rule.example.printed);
    expect(rule.example.raw.replace(rule.pattern, '')).not.toBe(rule.example.raw);
  });

  it('removes whole escape sequences, not just their ESC, and keeps the words', () => {
    const out = terminalText(HOSTILE);
    expect(out).not.toMatch(UNSAFE);
    expect(out).not.toContain('[2J');
    expect(out).not.toContain('evil.example');
    expect(out).toBe('red title click me also  back txt.exe zerowidth');
  });

  it('keeps ordinary text with its line breaks, accents and emoji', () => {
    const text = 'Crème brûlée 🍮 — “Season 2”\nsecond line\twith a tab';
    expect(terminalText(text)).toBe(text);
  });

  it('writes JSON a script reads back unchanged but a terminal cannot act on', () => {
    const value = { comment: HOSTILE, tag: 'flag\u{e0067}' };
    const json = terminalJson(value);
    expect(json).not.toMatch(UNSAFE);
    expect(JSON.parse(json)).toEqual(value);
  });

  it("prints an answer's article text inert: title, outlet, quote, URL", () => {
    const answer: Answer = {
      question: 'q',
      short: null,
      answer: `It airs in May [1]. ${HOSTILE}`,
      abstained: false,
      mode: 'extractive',
      citations: [
        {
          n: 1,
          file: 'a.txt',
          outlet: `Daily\u001b[5m Blink`,
          title: `Title\u202e`,
          url: 'https://example.com/\u001b]8;;x\u0007',
          published: '2021-05-01',
          quote: `It airs in May.${HOSTILE}`,
        },
      ],
      timings: zeroTimings,
    };
    const out = formatAnswer(answer);
    expect(out).not.toMatch(UNSAFE);
    expect(out).toContain('[1] Daily Blink: "Title" (2021-05-01)');
  });
});

describe('npm run feedback with escape sequences in what members wrote', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lets no control character reach the terminal, as text or as JSON', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'feedback-escapes-'));
    const store = await openStore({ databaseUrl: undefined, embeddedDir: path.join(dir, 'store') }, silentLogger);
    const base = {
      mode: 'extractive' as const,
      citations: [],
      indexVersion: 'v1',
      guildId: 'g1',
      channelId: 'c1',
      threadId: null,
      public: true,
      askedBy: 'u0',
    };
    await store.saveAnswer({
      ...base,
      id: 'answer-esc-00001',
      question: `Who hosts the quiz show?${HOSTILE}`,
      answer: `A comedian [1].${HOSTILE}`,
      abstained: false,
    });
    await store.saveAnswer({ ...base, id: 'answer-esc-00002', question: `${HOSTILE}?`, answer: 'x', abstained: true });
    await store.vote({
      answerId: 'answer-esc-00001',
      userId: 'u1',
      vote: -1,
      comment: `Wrong host ${HOSTILE}`,
      guildId: 'g1',
      channelId: 'c1',
    });
    await store.close();

    const cli = (args: string[]) =>
      run(
        process.execPath,
        [path.resolve('node_modules/tsx/dist/cli.mjs'), path.resolve('src/cli/feedback.ts'), ...args],
        {
          cwd: dir,
          env: { PATH: process.env.PATH ?? '', HOME: dir ?? '', DATABASE_DIR: path.join(dir ?? '', 'store') },
          timeout: 60_000,
        },
      );
    const { stdout } = await cli([]);
    expect(stdout).toContain('wrong: Wrong host red title click me also back txt.exe zerowidth');
    expect(stdout).toContain('Who hosts the quiz show?red');
    expect(stdout).not.toMatch(UNSAFE);
    expect(stdout).not.toContain('evil.example');

    const { stdout: json } = await cli(['--json']);
    expect(json).not.toMatch(UNSAFE);
    expect((JSON.parse(json) as FeedbackReport).worst[0]?.comments[0]).toBe(`Wrong host ${HOSTILE}`);
  }, 120_000);
});

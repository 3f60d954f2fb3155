import { rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Citation } from '../src/answer/types';
import { sampleWorkspace } from './support/sample-index';
import { runCli } from './support/run-cli';
import { startFakeOpenAI } from './support/fake-openai';
import { readIndex } from '../src/index/disk';
import { articleText } from '../src/index/disk-text';
import { readSnapshot } from '../src/index/snapshot';
import { retrieve } from '../src/retrieve/retrieve';
import { selectSources } from '../src/answer/llm/prompt';

type Workspace = Awaited<ReturnType<typeof sampleWorkspace>>;
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let ws: Workspace;

beforeAll(async () => {
  ws = await sampleWorkspace('news-bot-cli-');
});
afterAll(async () => {
  await ws.cleanup();
});

/** Runs a CLI script as a real process over the sample workspace. */
function run(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<Run> {
  return runCli(script, args, {
    ...options,
    env: { ARTICLES_DIR: ws.articlesDir, INDEX_DIR: ws.indexDir, ...options.env },
  });
}

interface JsonAnswer {
  question: string;
  short: string | null;
  answer: string;
  abstained: boolean;
  mode: string;
  note?: string;
  citations: Citation[];
  timings: Record<string, number>;
}

describe('npm run ask', () => {
  it('builds the index on first use and answers with cited, quotable sources as JSON', async () => {
    const result = await run('ask', ['--json', 'Who is Janet McTeer playing?']);
    expect(result.code).toBe(0);
    // The one warning of a first run without the model, as a readable line though stderr is a pipe.
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/WARN: Embedding model not-installed\/model could not be loaded .*lexical only/),
    ]);
    const answer = JSON.parse(result.stdout) as JsonAnswer;
    expect(answer).toMatchObject({ question: 'Who is Janet McTeer playing?', abstained: false, mode: 'extractive' });
    expect(answer.answer.toLowerCase()).toContain('undisclosed');
    // The short answer leads the answer text, and --json carries it on its own.
    // "cast in a mystery role … an undisclosed character": the role is not known, and the answer says so.
    expect(answer.short).toBe('Undisclosed');
    expect(answer.answer.startsWith(`${answer.short}: `)).toBe(true);
    // The quotation names no one, and neither does the sentence before it (Jeph Loeb is quoted only
    // later in the article): so the answer attributes it to no one.
    expect(answer.answer).not.toContain('(per ');
    expect(answer.citations[0]).toMatchObject({
      n: 1,
      file: '000_982bcfe2b38982df.txt',
      outlet: 'Gospel Herald',
      title: 'Jessica Jones Season 2 Filming Kicks Off',
      url: 'https://www.gospelherald.com/articles/70115/20170412/jessica-jones-season-2-filming-kicks.htm',
      published: '2017-04-12',
    });
    expect(Object.keys(answer.timings)).toContain('totalMs');
    const index = await readIndex(ws.indexDir);
    for (const citation of answer.citations) {
      const article = [...index!.articles.values()].find((a) => a.file === citation.file);
      expect(articleText(index!, article!)).toContain(citation.quote);
      expect(answer.answer).toContain(`[${citation.n}]`);
    }
  });

  it('prints a readable answer with numbered sources, and no warning over an index built without the model', async () => {
    const result = await run('ask', ['Which podcast did Charlie Cox appear on?']);
    expect(result.code).toBe(0);
    // The index holds no vectors, so the model is not looked for again.
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/Film and Telly Stuff.*\[1\]/);
    expect(result.stdout).toMatch(
      /Sources:\n\[1\] Gospel Herald: "Jessica Jones Season 2 Filming Kicks Off" \(2017-04-12\)/,
    );
  });

  it('declines a question the articles do not answer', async () => {
    const answer = JSON.parse((await run('ask', ['--json', 'Who directed Black Panther?'])).stdout) as JsonAnswer;
    expect(answer.abstained).toBe(true);
    expect(answer.short).toBeNull();
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toMatch(/I couldn't find who directed Black Panther in the indexed articles/);
  });

  it('reads questions from standard input, one JSON object per line, explaining bad ones', async () => {
    const result = await run('ask', ['-'], {
      stdin: `Which podcast did Charlie Cox appear on?\n\nWhat color were the No Parking notices?\n${'x'.repeat(1001)}\n`,
    });
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Partial<JsonAnswer> & { error?: string });
    expect(lines).toHaveLength(3);
    expect(lines[0]?.answer).toMatch(/Film and Telly Stuff/);
    expect(lines[1]?.answer).toMatch(/pink/);
    expect(lines[2]?.error).toMatch(/1001 characters.*under 1000/);
  });

  it('exits with code 2 and a clear message for an empty or over-long question', async () => {
    for (const question of ['', '   ']) {
      const result = await run('ask', [question]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Please ask a question/);
      expect(result.stdout).toBe('');
    }
    const long = await run('ask', ['a'.repeat(1001)]);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/under 1000/);
  });
});

describe('npm run sources and npm run reindex', () => {
  it('lists outlets with article counts and latest dates', async () => {
    const result = await run('sources', []);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/Gospel Herald\s+1\s+2017-04-12/);
    expect(result.stdout).toMatch(/Soda\s+1\s+-/);
  });

  it('builds the index once on a first run', async () => {
    const fresh = await sampleWorkspace('news-bot-cli-first-');
    try {
      const result = await run('reindex', ['--json'], {
        env: { ARTICLES_DIR: fresh.articlesDir, INDEX_DIR: fresh.indexDir },
      });
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as { articles: number; changedArticles: number; rebuildReason: string };
      // Built twice, the summary would be the second build's: nothing new or changed.
      expect(summary).toMatchObject({ articles: 5, changedArticles: 5, rebuildReason: 'no previous index' });
    } finally {
      await fresh.cleanup();
    }
  });

  it('reindexes and names every skipped file with its reason', async () => {
    await writeFile(path.join(ws.articlesDir, 'broken.txt'), Buffer.from([0x47, 0x00, 0x01, 0x02]));
    await writeFile(path.join(ws.articlesDir, 'empty.md'), '');
    try {
      const result = await run('reindex', []);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Indexed 5 articles in \d+ chunks/);
      expect(result.stdout).toMatch(/broken\.txt: .*binary/);
      expect(result.stdout).toMatch(/empty\.md: .*empty/);
    } finally {
      await Promise.all(['broken.txt', 'empty.md'].map((f) => rm(path.join(ws.articlesDir, f))));
    }
  });
});

describe('npm run ask with an OpenAI-compatible server', () => {
  it('answers in llm mode with only valid citations', async () => {
    const fake = await startFakeOpenAI();
    try {
      // The model is shown numbered sources; cite the one that holds the claim, as a good model would.
      const n = await sourceNumberHolding('Who is Janet McTeer playing?', 'an undisclosed character');
      fake.setDefault({
        kind: 'text',
        text: `Janet McTeer plays an undisclosed character who will have an enormous impact on Jessica’s life [${n}]. She also won an Oscar [7].`,
      });
      const result = await run('ask', ['--json', 'Who is Janet McTeer playing?'], {
        env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'fake-model', ANSWER_CACHE_SECONDS: '0' },
      });
      expect(result.code).toBe(0);
      const answer = JSON.parse(result.stdout) as JsonAnswer;
      expect(answer.mode).toBe('llm');
      expect(answer.answer).toMatch(/undisclosed character.*\[1\]/);
      expect(answer.answer).not.toMatch(/\[7\]|Oscar/);
      expect(answer.citations.map((c) => c.n)).toEqual([1]);
      expect(answer.citations[0]?.quote).toMatch(/undisclosed character/);
      expect(fake.requests[0]?.body.model).toBe('fake-model');
    } finally {
      await fake.close();
    }
  });

  it('falls back to the extractive answer with a note when the server is down', async () => {
    const port = await closedPort();
    const result = await run('ask', ['--json', 'Who is Janet McTeer playing?'], {
      env: { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_TIMEOUT_MS: '2000', LLM_MAX_RETRIES: '1' },
    });
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as JsonAnswer;
    expect(answer.mode).toBe('extractive');
    expect(answer.note).toMatch(/extractive/i);
    expect(answer.answer.toLowerCase()).toContain('undisclosed');
  });
});

/** The number the LLM prompt gives the retrieved passage holding `text`. */
async function sourceNumberHolding(question: string, text: string): Promise<number> {
  const read = await readSnapshot(ws.indexDir);
  if (read.kind !== 'loaded') throw new Error('no index built yet');
  const index = read.snapshot;
  const sources = selectSources(await retrieve(index, null, question));
  const source = sources.find((s) => s.passage.text.includes(text));
  if (!source) throw new Error(`no retrieved passage holds "${text}"`);
  return source.n;
}

/** A loopback port nothing listens on: bound once, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

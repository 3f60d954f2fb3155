import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log';
import { boundedRemoteText, createRedactor } from '../src/redact';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai';
import { sampleWorkspace } from './support/sample-index';
import { runCli } from './support/run-cli';

const KEY = 'sk-FAKEq7Rk2mWx9Lp4Tz8Vb1Nc6Yd3Hf0Js5Gu9876';

describe('createRedactor', () => {
  const redact = createRedactor([KEY, 'discord-secret-token']);

  it.each([
    ['the configured key', `key ${KEY} used`],
    ['a key echoed in part', 'Incorrect API key provided: sk-FAKE...9876. You can find your key at …'],
    ['a key masked with stars', 'key sk-FA**********76 rejected'],
    ['another OpenAI-style key', 'sk-proj-Ab12Cd34Ef56Gh78Ij90'],
    ['a Discord bot token', 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a bearer header', 'Authorization: Bearer abc123def456ghi789'],
    ['an api_key pair', '{"api_key":"hunter2hunter2"}'],
    ['a Hugging Face token', 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz123456'],
    ['a long random run', 'token Xk29fLq0Zr7Pw3Ym8Nd5Bt1Hc6Vg4Js2Ae'],
  ])('replaces %s', (_name, text) => {
    const out = redact(text);
    expect(out).toContain('[redacted]');
    expect(out).not.toMatch(/sk-FAKE|9876|hunter2|abc123def|GaBcDe|AbCdEfGh|Xk29fLq0|discord-secret-token|Ab12Cd34/);
  });

  it('leaves ordinary log text alone: words, hex hashes, index versions, file names, URLs', () => {
    const text =
      'index v-mh3k2x9-a1b2c3 built from 000_982bcfe2b38982df.txt sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 at https://www.gospelherald.com/articles/70115/20170412/jessica-jones-season-2-filming-kicks.htm';
    expect(redact(text)).toBe(text);
  });
});

describe('boundedRemoteText', () => {
  it('cuts a long server message and says how much was left out', () => {
    expect(boundedRemoteText('x'.repeat(1_000), 300)).toBe(`${'x'.repeat(300)}… (700 more characters not logged)`);
    expect(boundedRemoteText('short')).toBe('short');
  });
});

describe('the logger', () => {
  it('cuts a long error message and redacts a key shape no one configured', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    log.warn('request failed', {
      error: new Error(`upstream said: token=${'Zq9'.repeat(20)} ${'body '.repeat(2_000)}`),
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(1_300);
    expect(lines[0]).toContain('more characters not logged');
    expect(lines[0]).toContain('token=[redacted]');
  });
});

describe('a remote error that echoes part of the key never reaches the log (real process)', () => {
  let openai: FakeOpenAI;
  let ws: Awaited<ReturnType<typeof sampleWorkspace>>;
  beforeAll(async () => {
    openai = await startFakeOpenAI();
    ws = await sampleWorkspace('news-bot-redact-');
  });
  afterAll(async () => {
    await openai?.close();
    await ws?.cleanup();
  });

  it('npm run ask with a 400 body echoing the key: answers extractively, logs the failure without the key, cut short', async () => {
    openai.setDefault({
      kind: 'status',
      status: 400,
      message: `Incorrect API key provided: sk-FAKE...9876. Bearer ${KEY} ${'padding '.repeat(200)}`,
    });
    const result = await runCli('ask', ['--json', 'Who is Janet McTeer playing?'], {
      env: {
        ARTICLES_DIR: ws.articlesDir,
        INDEX_DIR: ws.indexDir,
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: openai.baseURL,
        LLM_MAX_RETRIES: '0',
      },
    });
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as { mode: string; note?: string };
    expect(answer.mode).toBe('extractive');
    expect(answer.note).toMatch(/returned an error/);
    const failure = result.stderr.split('\n').find((line) => line.includes('llm answer failed'));
    expect(failure).toContain('[redacted]');
    expect(failure).toContain('more characters not logged');
    expect(result.stderr).not.toMatch(/sk-FAKE|\.\.\.9876|q7Rk2mWx/);
  });
});

describe('the logger by field name', () => {
  it('replaces fields named for secrets by path, whatever their value looks like', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    log.info('started', {
      config: { discord: { token: 'plain-words' }, llm: { apiKey: 'also-plain' } },
      request: { authorization: 'letmein', url: 'http://127.0.0.1/' },
      databaseUrl: 'postgres://bot:hunter2@db/bot',
    });
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry.config).toEqual({ discord: { token: '[redacted]' }, llm: { apiKey: '[redacted]' } });
    expect(entry.request).toEqual({ authorization: '[redacted]', url: 'http://127.0.0.1/' });
    expect(entry.databaseUrl).toBe('[redacted]');
  });

  it('writes nothing below its level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    log.info('routine');
    log.warn('unusual');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['unusual']);
  });
});

import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine';
import { writeFeedsFile } from '../src/feeds/feeds-file';
import { readPollState } from '../src/feeds/state';
import { silentLogger } from '../src/log';
import { articlePage, feed, rss, startFeedServer, text, type FeedServer, type Handler } from './support/feed-server';
import { PROCESS_TEST_TIMEOUT_MS, until } from './support/bounds';
import { repoRoot, sampleWorkspace, testConfig } from './support/sample-index';

/** `npm run feeds -- poll` as a real process, killed in the middle of a poll and then run again. */

const ITEMS = 16;
const SHOWS = [
  'Daredevil',
  'Iron Fist',
  'Luke Cage',
  'Punisher',
  'Defenders',
  'Inhumans',
  'Runaways',
  'Cloak',
  'Gifted',
  'Legion',
  'Agents',
  'Carter',
  'Elektra',
  'Blade',
  'Morbius',
  'Hulk',
];

let server: FeedServer;
let workspace: Awaited<ReturnType<typeof sampleWorkspace>>;
let env: Record<string, string>;

/** Stories the first poll gets; the rest are held back until it has been killed, however busy the machine. */
const ANSWERED_BEFORE_KILL = 3;
let storiesAsked = 0;
let releaseHeld: () => void = () => {};
const held = new Promise<void>((resolve) => (releaseHeld = resolve));
const gated =
  (handler: Handler): Handler =>
  (req, res) => {
    storiesAsked += 1;
    if (storiesAsked <= ANSWERED_BEFORE_KILL) handler(req, res);
    else void held.then(() => handler(req, res));
  };

beforeAll(async () => {
  server = await startFeedServer();
  workspace = await sampleWorkspace('feeds-kill-');
  const items = SHOWS.slice(0, ITEMS).map((show, i) => ({
    title: `${show} news item ${i}`,
    link: `${server.origin}/story/${i}`,
  }));
  server.route(
    '/feed.xml',
    feed(() => rss('Slow Wire', items)),
  );
  items.forEach((item, i) => {
    const lead = `The ${SHOWS[i]} showrunner named codeword${i} as the secret title of the next season.`;
    server.route(
      `/story/${i}`,
      gated(
        text(
          articlePage({
            title: item.title,
            paragraphs: [lead, Array.from({ length: 60 }, () => 'more words on the production').join(' ')],
          }),
        ),
      ),
    );
  });
  env = {
    ARTICLES_DIR: workspace.articlesDir,
    INDEX_DIR: workspace.indexDir,
    ALLOW_REMOTE_MODELS: 'false',
    EMBEDDING_MODEL: 'not-installed/model',
    FEEDS_FILE: path.join(workspace.dir, 'feeds.json'),
    FEEDS_STATE_FILE: path.join(workspace.dir, 'feeds-state.json'),
    FEEDS_ALLOW_PRIVATE: 'true',
    FEEDS_HOST_DELAY_MS: '0',
  };
  await writeFeedsFile(env.FEEDS_FILE!, { feeds: [{ url: `${server.origin}/feed.xml` }] });
}, PROCESS_TEST_TIMEOUT_MS);

afterAll(async () => {
  await server?.close();
  await workspace?.cleanup();
});

function startPoll() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/feeds.ts', 'poll'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function savedFiles(): Promise<string[]> {
  const root = path.join(workspace.articlesDir, 'feeds');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('a poll killed mid-way', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('leaves the index serving, and the next poll completes it', async () => {
    const serving = await openEngine(testConfig(workspace), { log: silentLogger });
    const before = (await serving.ask('Who is Janet McTeer playing?')).answer;

    const first = startPoll();
    await until(
      'the first poll to save the stories it was given',
      async () => (await savedFiles()).filter((f) => f.endsWith('.json')).length >= ANSWERED_BEFORE_KILL || null,
      { detail: () => first.output().stderr },
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    releaseHeld();

    const afterKill = await savedFiles();
    expect(afterKill.length).toBeLessThan(ITEMS);
    // Every file left is whole: articles are written through a temporary file and a rename.
    for (const file of afterKill.filter((f) => f.endsWith('.json'))) JSON.parse(await readFile(file, 'utf8'));
    expect((await serving.ask('Who is Janet McTeer playing?')).answer).toBe(before);
    const reopened = await openEngine(testConfig(workspace), { log: silentLogger });
    expect((await reopened.ask('Who is Janet McTeer playing?')).answer).toBe(before);
    await reopened.close();

    const second = startPoll();
    const outcome = await second.exited;
    expect(outcome.code, second.output().stderr).toBe(0);
    expect(second.output().stdout).toMatch(/Index updated: \d+ articles, \d+ new or changed/);
    expect((await savedFiles()).filter((f) => f.endsWith('.json'))).toHaveLength(ITEMS);
    expect(await readdir(path.join(workspace.articlesDir, 'feeds', 'slow-wire'))).not.toContain(
      expect.stringMatching(/\.tmp$/),
    );
    expect((await readPollState(env.FEEDS_STATE_FILE!, silentLogger)).pendingReindex).toBe(false);

    const fresh = await openEngine(testConfig(workspace), { log: silentLogger });
    for (const i of [0, ITEMS - 1]) {
      expect((await fresh.ask(`What secret title did the ${SHOWS[i]} showrunner name?`)).answer).toContain(
        `codeword${i}`,
      );
    }
    await fresh.close();
    await serving.close();
  });
});

import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFeedsFile } from '../src/feeds/feeds-file';
import { PROCESS_TEST_TIMEOUT_MS, until } from './support/bounds';
import { exitCodeWithin, tsxArgs } from './support/child-process';
import { embedsOf, startFakeDiscord, type FakeDiscord } from './support/fake-discord';
import { articlePage, atom, feed, rss, startFeedServer, text, type FeedServer } from './support/feed-server';

/** `npm start` as a process with a feeds file listing two feeds of the local server: the index stays current on its own. */

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
let workDir: string;
let fake: FakeDiscord;
let server: FeedServer;

const paragraphs = (lead: string) => [lead, `${Array.from({ length: 70 }, () => 'and more on the season').join(' ')}.`];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'feeds-process-'));
  await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
  fake = await startFakeDiscord();
  server = await startFeedServer();
  const o = server.origin;
  server.route(
    '/rss.xml',
    feed(() => rss('Runaways Report', [{ title: 'Runaways casts its parents', link: `${o}/runaways` }])),
  );
  server.route(
    '/runaways',
    text(
      articlePage({
        title: 'Runaways casts its parents',
        paragraphs: paragraphs('Annie Wersching and Kevin Weisman play parents in the Runaways series on Hulu.'),
      }),
    ),
  );
  server.route(
    '/atom.xml',
    feed(
      () => atom('Cloak Wire', [{ title: 'Cloak and Dagger lands on Freeform', link: `${o}/cloak` }]),
      'application/atom+xml',
    ),
  );
  server.route(
    '/cloak',
    text(
      articlePage({
        title: 'Cloak and Dagger lands on Freeform',
        paragraphs: paragraphs('Olivia Holt and Aubrey Joseph lead Cloak and Dagger, set in New Orleans.'),
      }),
    ),
  );
  await writeFeedsFile(path.join(workDir, 'data', 'feeds.json'), {
    feeds: [{ url: `${o}/rss.xml` }, { url: `${o}/atom.xml` }],
  });
});

afterAll(async () => {
  await fake?.close();
  await server?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('npm start with feeds', { timeout: TIMEOUT }, () => {
  it('polls both feeds, indexes their items while serving, answers about them, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, tsxArgs('src/discord/main.ts'), {
      cwd: workDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: workDir,
        DISCORD_TOKEN: 'fake-feeds-process-token-0123',
        DISCORD_API_URL: fake.apiUrl,
        ARTICLES_DIR: path.join(workDir, 'articles'),
        INDEX_DIR: path.join(workDir, 'index'),
        ALLOW_REMOTE_MODELS: 'false',
        ASK_COOLDOWN_SECONDS: '0',
        FEEDS_ALLOW_PRIVATE: 'true',
        FEEDS_HOST_DELAY_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    try {
      await fake.waitForConnection();
      await until('a feed poll to be indexed', () => log.includes('feeds: index updated') || null, {
        detail: () => log,
      });
      expect(log).toMatch(/"new":1.*"msg":"feeds: http:\/\/127\.0\.0\.1:\d+\/rss\.xml polled"/);
      expect(log).toMatch(/"new":1.*"msg":"feeds: http:\/\/127\.0\.0\.1:\d+\/atom\.xml polled"/);

      const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'Who leads Cloak and Dagger?' }]);
      const edit = await fake.nextRequest(
        (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).length > 0,
      );
      const shown = embedsOf(edit)
        .map((e) => [e.description ?? '', ...(e.fields ?? []).map((f) => `${f.name}\n${f.value}`)].join('\n'))
        .join('\n');
      expect(shown).toContain('Olivia Holt');
      expect(shown).toContain('Cloak Wire');

      child.kill('SIGTERM');
      expect(await exitCodeWithin(child), log).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exitCodeWithin(child);
      }
    }
  });
});

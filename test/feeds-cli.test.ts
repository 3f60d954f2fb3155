import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/sample-index';
import { PROCESS_TEST_TIMEOUT_MS, SIGNAL_BOUND_MS } from './support/bounds';

/** `npm run feeds -- add|list|remove` as a user runs them: a real process, the feeds file on disk. */

const run = promisify(execFile);
let dir: string;
let feedsFile: string;

async function feeds(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return feedsWith({}, ...args);
}

async function feedsWith(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/feeds.ts', ...args], {
      cwd: repoRoot,
      timeout: SIGNAL_BOUND_MS,
      env: { ...process.env, FEEDS_FILE: feedsFile, FEEDS_STATE_FILE: path.join(dir, 'state.json'), ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

function expectFailure(outcome: { code: number; stderr: string }, message: string): void {
  expect(outcome.code).toBe(1);
  expect(outcome.stderr).toContain(message);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'feeds-cli-'));
  feedsFile = path.join(dir, 'feeds.json');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run feeds', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('adds, lists and removes feeds in the feeds file, refusing bad input with a message', async () => {
    expect((await feeds('list')).stdout).toContain('No feeds in');
    expect(
      await feeds(
        'add',
        'https://example.org/tv.rss',
        '--outlet',
        'Example TV',
        '--keywords',
        'Daredevil, Luke Cage',
        '--interval',
        '15',
      ),
    ).toMatchObject({ code: 0 });
    expect(JSON.parse(await readFile(feedsFile, 'utf8'))).toEqual({
      feeds: [
        {
          url: 'https://example.org/tv.rss',
          outlet: 'Example TV',
          keywords: ['Daredevil', 'Luke Cage'],
          intervalMinutes: 15,
        },
      ],
    });
    expectFailure(await feeds('add', 'https://example.org/tv.rss'), 'is already in');
    expectFailure(await feeds('add', 'javascript:alert(1)'), 'must be a web address starting with http or https');
    // Refused when added, not only at every poll after: the cloud metadata address is link-local.
    expectFailure(
      await feedsWith({ FEEDS_ALLOW_PRIVATE: 'false' }, 'add', 'http://169.254.169.254/latest/meta-data/'),
      'Not added: 169.254.169.254 is a link-local address; feeds are fetched only from public addresses (FEEDS_ALLOW_PRIVATE is off).',
    );
    // The setting the tests poll their 127.0.0.1 server with lets it be added too.
    expect(await feedsWith({ FEEDS_ALLOW_PRIVATE: 'true' }, 'add', 'http://127.0.0.1:9/feed.xml')).toMatchObject({
      code: 0,
    });
    expect(await feeds('remove', 'http://127.0.0.1:9/feed.xml')).toMatchObject({ code: 0 });

    const listed = await feeds('list');
    expect(listed.stdout).toContain(
      'https://example.org/tv.rss (Example TV; keywords: Daredevil, Luke Cage; every 15 min)',
    );
    expect(listed.stdout).toContain('never polled');

    expect(await feeds('remove', 'https://example.org/tv.rss')).toMatchObject({ code: 0 });
    expectFailure(await feeds('remove', 'https://example.org/tv.rss'), 'is not in');

    await writeFile(feedsFile, '{ "feeds": [ { "link": "https://example.org" } ] }');
    const broken = await feeds('list');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/is not a valid feeds file: feeds\.0\.url: .*; feeds\.0: Unrecognized key/);
  });
});

import { constants } from 'node:fs';
import { access, chmod, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../src/ingest/load';
import { createLogger } from '../src/log';
import type { IngestResult } from '../src/ingest/types';

const GOOD =
  'Defenders Premiere Date Set\n\nThe Defenders will premiere on Netflix on August 18, the streaming service announced.\n';
const made: string[] = [];

/** A fresh articles folder holding `good.txt` plus whatever `setup` adds. */
async function folderWith(setup: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ingest-bad-'));
  made.push(dir);
  await writeFile(path.join(dir, 'good.txt'), GOOD);
  await setup(dir);
  return dir;
}

function expectGoodLoaded(result: IngestResult) {
  const good = result.articles.find((a) => a.id === 'good');
  expect(good?.text).toBe('The Defenders will premiere on Netflix on August 18, the streaming service announced.');
}

afterEach(async () => {
  for (const dir of made.splice(0)) {
    await chmod(path.join(dir, 'locked.txt'), 0o644).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

const cases: { name: string; file: string; reason: RegExp; setup: (dir: string) => Promise<void> }[] = [
  {
    name: 'an empty file',
    file: 'empty.txt',
    reason: /^empty: /,
    setup: (d) => writeFile(path.join(d, 'empty.txt'), ''),
  },
  {
    name: 'a whitespace-only file',
    file: 'blank.md',
    reason: /^empty: /,
    setup: (d) => writeFile(path.join(d, 'blank.md'), ' \n\t\n  \n'),
  },
  {
    name: 'a file that is only page furniture',
    file: 'furniture.txt',
    reason: /^empty: no article text after cleaning$/,
    setup: (d) =>
      writeFile(path.join(d, 'furniture.txt'), 'Skip to content\n\nA Headline\n\nImage: Netflix\nLeave a Reply\n'),
  },
  {
    name: 'a binary file',
    file: 'photo.txt',
    reason: /^binary: /,
    setup: (d) =>
      writeFile(
        path.join(d, 'photo.txt'),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      ),
  },
  {
    name: 'a file that is not UTF-8',
    file: 'latin1.txt',
    reason: /^undecodable: not valid UTF-8/,
    setup: (d) =>
      writeFile(
        path.join(d, 'latin1.txt'),
        Buffer.from('Caf\u00e9 Society Renewed\n\nThe caf\u00e9 drama returns in the spring.\n', 'latin1'),
      ),
  },
  {
    name: 'an unsupported file type',
    file: 'press-kit.pdf',
    reason: /^unsupported file type \.pdf$/,
    setup: (d) => writeFile(path.join(d, 'press-kit.pdf'), '%PDF-1.4 press kit'),
  },
  {
    name: 'a broken symbolic link (unreadable even for root)',
    file: 'moved.txt',
    reason: /^unreadable: /,
    setup: (d) => symlink(path.join(d, 'no-such-target.txt'), path.join(d, 'moved.txt')),
  },
  {
    name: 'a .json file that is not JSON',
    file: 'broken.json',
    reason: /^bad JSON: /,
    setup: (d) => writeFile(path.join(d, 'broken.json'), '{"title": "Half a record", "text": '),
  },
  {
    name: 'a .json record without text',
    file: 'records.json',
    reason: /^record 1: missing text$/,
    setup: (d) =>
      writeFile(
        path.join(d, 'records.json'),
        JSON.stringify([{ title: 'Kept Record', text: 'Iron Fist gets a second season.' }, { title: 'No Text' }]),
      ),
  },
];

describe('bad input is skipped with a reason and the good files still load', () => {
  it.each(cases)('$name', async ({ file, reason, setup }) => {
    const result = await loadArticles(await folderWith(setup), { maxBytes: 1024 * 1024 });
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]?.file).toBe(file);
    expect(result.skipped[0]?.reason).toMatch(reason);
    expectGoodLoaded(result);
  });

  it('the good record next to a bad one in a .json file still loads', async () => {
    const dir = await folderWith((d) =>
      writeFile(
        path.join(d, 'records.json'),
        JSON.stringify([{ title: 'No Text' }, { title: 'Kept Record', text: 'Iron Fist gets a second season.' }]),
      ),
    );
    const result = await loadArticles(dir, { maxBytes: 1024 * 1024 });
    expect(result.skipped).toEqual([{ file: 'records.json', reason: 'record 0: missing text' }]);
    expect(result.articles.find((a) => a.id === 'records#1')?.title).toBe('Kept Record');
  });

  it('a bad JSON line among good lines: that line is reported, the others load with stable ids', async () => {
    const dir = await folderWith((d) =>
      writeFile(
        path.join(d, 'feed.jsonl'),
        [
          JSON.stringify({ title: 'First Story', text: 'Luke Cage season two starts filming in June.' }),
          '{"title": "Broken", "text": ',
          JSON.stringify({ title: 'Third Story', text: 'Jessica Jones season two gets a new villain.' }),
        ].join('\n'),
      ),
    );
    const result = await loadArticles(dir, { maxBytes: 1024 * 1024 });
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]).toMatchObject({ file: 'feed.jsonl' });
    expect(result.skipped[0]?.reason).toMatch(/^line 2: bad JSON: /);
    expect(result.articles.map((a) => a.id)).toEqual(['feed#0', 'feed#2', 'good']);
  });

  it('an oversized file is skipped by its size without being read', async () => {
    // A 3 GB sparse file: reading it would fail (Node cannot buffer it), so an "oversized" reason proves the size check came first.
    const dir = await folderWith(async (d) => {
      const handle = await open(path.join(d, 'huge.txt'), 'w');
      await handle.truncate(3 * 1024 ** 3);
      await handle.close();
    });
    const result = await loadArticles(dir, { maxBytes: 5 * 1024 * 1024 });
    expect(result.skipped.map((s) => s.file)).toEqual(['huge.txt']);
    expect(result.skipped[0]?.reason).toMatch(/^oversized: 3221225472 bytes/);
    expectGoodLoaded(result);
  });

  it('a file just over maxBytes is skipped, one at the limit loads', async () => {
    const long = `Long Story\n\n${Array.from({ length: 20 }, (_, i) => `Report ${i} says The Defenders premieres on August 18.`).join('\n')}`;
    const dir = await folderWith((d) => writeFile(path.join(d, 'long.txt'), long));
    const size = Buffer.byteLength(GOOD);
    const atLimit = await loadArticles(dir, { maxBytes: Buffer.byteLength(long) });
    expect(Buffer.byteLength(long)).toBeGreaterThan(size);
    expect(atLimit.skipped).toEqual([]);
    const over = await loadArticles(dir, { maxBytes: size });
    expect(over.skipped.map((s) => s.file)).toEqual(['long.txt']);
    expect(over.skipped[0]?.reason).toMatch(/^oversized: /);
    expectGoodLoaded(over);
  });

  it('the same story at the same URL (www., slash, tracking parameters aside) is a duplicate of the first file', async () => {
    const dir = await folderWith(async (d) => {
      await writeFile(
        path.join(d, 'a-story.md'),
        '---\ntitle: Punisher Trailer\nurl: https://www.example.com/punisher/\n---\nThe Punisher trailer is out.\n',
      );
      await writeFile(
        path.join(d, 'b-story.md'),
        '---\ntitle: Punisher Trailer Arrives\nurl: http://example.com/punisher?utm_source=feed\n---\nNetflix released the Punisher trailer today.\n',
      );
    });
    const result = await loadArticles(dir, { maxBytes: 1024 * 1024 });
    expect(result.skipped).toEqual([{ file: 'b-story.md', reason: 'duplicate of a-story.md (same URL)' }]);
    expect(result.articles.map((a) => a.id)).toEqual(['a-story', 'good']);
  });

  it('the same text under another name is a duplicate of the first file', async () => {
    const dir = await folderWith((d) =>
      writeFile(path.join(d, 'zz-copy.txt'), GOOD.replace('Defenders Premiere Date Set', 'Copied Headline')),
    );
    const result = await loadArticles(dir, { maxBytes: 1024 * 1024 });
    expect(result.skipped).toEqual([{ file: 'zz-copy.txt', reason: 'duplicate of good.txt (same text)' }]);
    expect(result.articles.map((a) => a.id)).toEqual(['good']);
  });

  it('a duplicate record in a .jsonl file names the line and the earlier file', async () => {
    const dir = await folderWith((d) =>
      writeFile(
        path.join(d, 'wire.jsonl'),
        JSON.stringify({
          title: 'Wire Copy',
          text: 'The Defenders will premiere on Netflix on August 18, the streaming service announced.',
        }),
      ),
    );
    const result = await loadArticles(dir, { maxBytes: 1024 * 1024 });
    expect(result.skipped).toEqual([{ file: 'wire.jsonl', reason: 'line 1: duplicate of good.txt (same text)' }]);
  });

  it('a file without read permission is skipped as unreadable, or loads when the user can read it anyway (root)', async () => {
    const dir = await folderWith(async (d) => {
      await writeFile(path.join(d, 'locked.txt'), 'Locked Story\n\nThis story sits behind file permissions.\n');
      await chmod(path.join(d, 'locked.txt'), 0o000);
    });
    const readable = await access(path.join(dir, 'locked.txt'), constants.R_OK).then(
      () => true,
      () => false,
    );
    const result = await loadArticles(dir, { maxBytes: 1024 * 1024 });
    if (readable) {
      expect(result.skipped).toEqual([]);
      expect(result.articles.map((a) => a.id)).toEqual(['good', 'locked']);
    } else {
      expect(result.skipped).toEqual([{ file: 'locked.txt', reason: 'unreadable: permission denied' }]);
    }
    expectGoodLoaded(result);
  });

  it.each([
    ['not JSON', '{ "articles": [ '],
    ['the wrong shape', JSON.stringify({ articles: 'good.txt' })],
  ])('a manifest that is %s is reported once and every file still loads without it', async (_label, manifest) => {
    const dir = await folderWith(async (d) => {
      await writeFile(path.join(d, 'manifest.json'), manifest);
      await writeFile(path.join(d, 'second.txt'), 'Second Story\n\nLuke Cage season two begins filming in June.\n');
    });
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    const result = await loadArticles(dir, { maxBytes: 1024 * 1024, log });
    expect(lines.filter((line) => line.includes('"level":"warn"') && line.includes('manifest.json'))).toHaveLength(1);
    expect(result.skipped.map((s) => s.file)).toEqual(['manifest.json']);
    expect(result.skipped[0]?.reason).toMatch(/^manifest ignored/);
    expect(result.articles.map((a) => [a.id, a.outlet])).toEqual([
      ['good', 'Unknown outlet'],
      ['second', 'Unknown outlet'],
    ]);
  });

  it('an articles folder that does not exist is an error that names it', async () => {
    const missing = path.join(os.tmpdir(), 'ingest-no-such-folder-for-test');
    await expect(loadArticles(missing, { maxBytes: 1024 })).rejects.toThrow(
      `Cannot read the articles folder ${missing}: it does not exist`,
    );
  });
});

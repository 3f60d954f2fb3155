import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../src/ingest/load';

const made: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

const STORY = (n: number) =>
  `Story ${n} headline\n\nThe Defenders episode ${n} premieres on Netflix on August 18, the streaming service announced.\n`;

describe('ingest reads only inside the articles folder', () => {
  it('follows symbolic links whose target is inside, and skips links to a file or folder outside with a reason', async () => {
    const outside = await tempDir('outside-');
    await writeFile(
      path.join(outside, 'secret.txt'),
      'Root password\n\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
    );
    await mkdir(path.join(outside, 'machine'));
    await writeFile(
      path.join(outside, 'machine', 'hosts.txt'),
      'Hosts file\n\n127.0.0.1 localhost internal-db.example\n',
    );

    const dir = await tempDir('articles-');
    await writeFile(path.join(dir, 'real.txt'), STORY(1));
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub', 'nested.txt'), STORY(2));
    await symlink(path.join(dir, 'real.txt'), path.join(dir, 'z-alias.txt'));
    await symlink(path.join(dir, 'sub'), path.join(dir, 'z-folder'));
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'passwd.txt'));
    await symlink(path.join(outside, 'machine'), path.join(dir, 'machine'));
    await symlink('/', path.join(dir, 'root'));

    const result = await loadArticles(dir, { maxBytes: 1024 * 1024 });
    const texts = result.articles.map((a) => a.text).join('\n');
    expect(texts).not.toContain('daemon:x');
    expect(texts).not.toContain('localhost');
    expect(result.articles.map((a) => a.id).sort()).toEqual(['real', 'sub/nested']);
    // The links inside are read: they hold the same text as the files they point at, so they show up as duplicates.
    const reasons = new Map(result.skipped.map((s) => [s.file, s.reason]));
    for (const outside of ['passwd.txt', 'machine/', 'root/']) {
      expect(reasons.get(outside)).toMatch(/^outside the articles folder/);
    }
    expect(reasons.get('z-alias.txt')).toBe('duplicate of real.txt (same text)');
    // z-folder is sub/ again: a folder reached twice is read once (that also stops link loops).
    expect(result.skipped).toHaveLength(4);
  });

  it('does not read a manifest.json that links outside, so its content cannot leak into a skip reason', async () => {
    const outside = await tempDir('outside-manifest-');
    await writeFile(path.join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
    const dir = await tempDir('articles-manifest-');
    await writeFile(path.join(dir, 'real.txt'), STORY(4));
    await symlink(path.join(outside, 'passwd'), path.join(dir, 'manifest.json'));
    const result = await loadArticles(dir, { maxBytes: 1024 * 1024 });
    expect(result.articles.map((a) => a.id)).toEqual(['real']);
    expect(result.skipped.map((s) => s.file)).toEqual(['manifest.json']);
    expect(result.skipped[0]?.reason).toMatch(/^outside the articles folder/);
    expect(JSON.stringify(result)).not.toContain('root:x');
  });

  it('reads a folder given through a symbolic link (the articles folder itself may be a link)', async () => {
    const real = await tempDir('real-articles-');
    await writeFile(path.join(real, 'one.txt'), STORY(3));
    const holder = await tempDir('link-holder-');
    const link = path.join(holder, 'articles');
    await symlink(real, link);
    const result = await loadArticles(link, { maxBytes: 1024 * 1024 });
    expect(result.articles.map((a) => a.id)).toEqual(['one']);
    expect(result.skipped).toEqual([]);
  });
});

describe('size limits apply per article in .jsonl and .json files', () => {
  it('a 20 MB .jsonl of small records loads whole under a 5 MB limit', async () => {
    const dir = await tempDir('big-jsonl-');
    const out = createWriteStream(path.join(dir, 'dump.jsonl'));
    let bytes = 0;
    let count = 0;
    const filler = 'The showrunner talked about the casting of the new season at length. '.repeat(80);
    while (bytes < 20 * 1024 * 1024) {
      const line = `${JSON.stringify({ title: `Record ${count}`, text: `Record number ${count} says: ${filler}`, outlet: 'Dump' })}\n`;
      bytes += Buffer.byteLength(line);
      count += 1;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');

    const result = await loadArticles(dir, { maxBytes: 5 * 1024 * 1024 });
    expect(count).toBeGreaterThan(3_000);
    expect(result.skipped).toEqual([]);
    expect(result.articles).toHaveLength(count);
    expect(result.articles.at(-1)?.id).toBe(`dump#${count - 1}`);
  });

  it('a record over the limit is skipped alone; the records around it load with stable ids', async () => {
    const dir = await tempDir('record-limit-');
    const small = (n: number) =>
      JSON.stringify({ title: `Small ${n}`, text: `Small record ${n} about Luke Cage season two.` });
    const huge = JSON.stringify({ title: 'Huge', text: 'word '.repeat(3_000) });
    await writeFile(path.join(dir, 'feed.jsonl'), [small(0), huge, '', small(2)].join('\n'));
    const result = await loadArticles(dir, { maxBytes: 4_000 });
    expect(result.articles.map((a) => a.id)).toEqual(['feed#0', 'feed#2']);
    expect(result.skipped.map((s) => s.file)).toEqual(['feed.jsonl']);
    expect(result.skipped[0]?.reason).toMatch(/^line 2: oversized: 15\d\d\d bytes/);
  });

  it('a .json array larger than the limit is read record by record', async () => {
    const dir = await tempDir('big-json-');
    const records = Array.from({ length: 300 }, (_, n) => ({
      title: `Array ${n}`,
      text: `Array record ${n}: ${'Iron Fist news. '.repeat(20)}`,
    }));
    records.splice(150, 0, { title: 'Too big', text: 'x '.repeat(5_000) });
    await writeFile(path.join(dir, 'dump.json'), `${JSON.stringify(records, null, 1)}\n`);
    const result = await loadArticles(dir, { maxBytes: 8_000 });
    expect(result.articles).toHaveLength(300);
    expect(result.articles[150]?.id).toBe('dump#151');
    expect(result.skipped.map((s) => s.file)).toEqual(['dump.json']);
    expect(result.skipped[0]?.reason).toMatch(/^record 150: oversized: /);
  });

  it('a large .json that breaks part-way keeps the records before the break and reports it', async () => {
    const dir = await tempDir('broken-json-');
    const records = Array.from({ length: 50 }, (_, n) => ({
      title: `Item ${n}`,
      text: `Item ${n} about Jessica Jones filming.`,
    }));
    const text = JSON.stringify(records);
    await writeFile(path.join(dir, 'cut.json'), text.slice(0, Math.floor(text.length * 0.6)));
    const result = await loadArticles(dir, { maxBytes: 500 });
    expect(result.articles.length).toBeGreaterThan(20);
    expect(result.articles.length).toBeLessThan(50);
    expect(result.skipped.map((s) => s.file)).toEqual(['cut.json']);
    expect(result.skipped[0]?.reason).toMatch(/: bad JSON: /);
  });
});

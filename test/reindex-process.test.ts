import { watch } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReindexProgress } from '../src/index/types';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import { FAKE_ADMIN_GUILD_ID, FAKE_OWNER_ID, embedsOf, type FakeDiscord } from './support/fake-discord';
import { PROCESS_TEST_TIMEOUT_MS } from './support/bounds';

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
let bot: BotHarness;
let fake: FakeDiscord;

beforeAll(async () => {
  bot = await startBotHarness({ name: 'reindex-process-', env: { ADMIN_GUILD_ID: FAKE_ADMIN_GUILD_ID } });
  fake = bot.fake;
}, TIMEOUT);

afterAll(async () => bot?.close(), TIMEOUT);

/** `count` distinct stories in a folder of their own below the articles folder, replacing an earlier `edition`. */
async function addStories(count: number, edition: string): Promise<string> {
  const dir = path.join(bot.articlesDir, 'bulk');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  const base = await readFile(path.join(bot.articlesDir, '000_982bcfe2b38982df.txt'), 'utf8');
  for (let i = 0; i < count; i++) {
    await writeFile(
      path.join(dir, `story-${i}.txt`),
      `Story number ${i}\n\nThis is the ${edition} edition of story ${i}, with ${i * 7} extras.\n${base}`,
    );
  }
  return dir;
}

let userCounter = 400_000_000_000_000_000n;
function ask(question: string) {
  userCounter += 1n;
  return fake.sendCommand('ask', [{ name: 'question', type: 3, value: question }], { userId: userCounter.toString() });
}

/** The bot's answer to an /ask: the edit of its deferred reply that carries the answer embed. */
function answerTo(token: string) {
  return fake.nextRequest((r) => r.method === 'PATCH' && r.path.includes(token) && embedsOf(r).length > 0);
}

describe('reindexing in a child process', { timeout: TIMEOUT }, () => {
  it('keeps the event loop ticking and /ask answered while 2,000 new articles are indexed', async () => {
    await addStories(2000, 'first');
    const before = bot.engine.version();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    /** The tick count when each phase was first reported. */
    const ticksAt = new Map<ReindexProgress['phase'], number>();
    let finished = false;
    /** Whether the /ask sent when chunking began was answered before the reindex finished. */
    const answeredBeforeFinish: Promise<boolean>[] = [];
    try {
      const summary = await bot.engine.reindex({
        onProgress: (progress) => {
          if (!ticksAt.has(progress.phase)) ticksAt.set(progress.phase, ticks);
          if (progress.phase === 'chunking' && answeredBeforeFinish.length === 0) {
            const asked = ask('Which podcast did Charlie Cox appear on?');
            answeredBeforeFinish.push(answerTo(asked.token).then(() => !finished));
          }
        },
      });
      finished = true;
      expect(summary).toMatchObject({ articles: 2005, changedArticles: 2000 });
    } finally {
      clearInterval(timer);
    }
    // In this process chunking, BM25 and the files' writing would be one synchronous stretch
    // from the first chunking report to the saving one: no timer could fire in between.
    expect(ticksAt.get('saving')! - ticksAt.get('chunking')!).toBeGreaterThan(0);
    expect(await Promise.all(answeredBeforeFinish)).toEqual([true]);
    expect(bot.engine.version()).not.toBe(before);
    const after = await answerTo(ask('What is story number 1234 about?').token);
    expect(JSON.stringify(embedsOf(after))).toContain('Story number 1234');
  });

  it('shows a failed /reindex to the operator and keeps answering from the index as it was', async () => {
    const version = bot.engine.version();
    const moved = `${bot.articlesDir}-moved`;
    await rm(moved, { recursive: true, force: true });
    await rename(bot.articlesDir, moved);
    try {
      const sent = fake.sendCommand('reindex', [], { userId: FAKE_OWNER_ID, guildId: FAKE_ADMIN_GUILD_ID });
      const failed = await fake.nextRequest(
        (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r)[0]?.title === 'Reindex failed',
      );
      const embed = embedsOf(failed)[0];
      expect(embed?.description).toMatch(/Cannot read the articles folder .*does not exist/);
      expect(embed?.description).toContain('still answered from the index as it was');
      expect(embed?.footer?.text).toContain(version);
      expect(bot.engine.version()).toBe(version);
      const answer = await answerTo(ask('Which podcast did Charlie Cox appear on?').token);
      expect(JSON.stringify(embedsOf(answer))).toMatch(/Film and Telly Stuff/);
    } finally {
      await rename(moved, bot.articlesDir);
    }
  });

  it('reports a build process killed midway as a failed reindex; the old version serves and the next reindex works', async () => {
    const dir = await addStories(1500, 'second');
    await rm(path.join(dir, 'story-7.txt'));
    const version = bot.engine.version();
    let killed: number | null = null;
    // The build process names its scratch folder after its pid: kill it the moment it starts writing.
    const watcher = watch(path.join(bot.workDir, 'index'), (_event, name) => {
      const pid = /^\.building-(\d+)-/.exec(name ?? '')?.[1];
      if (pid && killed === null) {
        killed = Number(pid);
        process.kill(killed, 'SIGKILL');
      }
    });
    try {
      await expect(bot.engine.reindex()).rejects.toThrow(/reindex process was killed \(SIGKILL\) before finishing/);
    } finally {
      watcher.close();
    }
    expect(killed).not.toBe(process.pid);
    expect(bot.engine.version()).toBe(version);
    expect((await readFile(path.join(bot.workDir, 'index', 'CURRENT'), 'utf8')).trim()).toBe(version);

    const summary = await bot.engine.reindex();
    expect(summary).toMatchObject({ articles: 1504, changedArticles: 1499, removedArticles: 501 });
    expect((await readdir(path.join(bot.workDir, 'index'))).filter((n) => n.startsWith('.building-'))).toEqual([]);
  });
});

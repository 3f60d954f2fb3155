import { spawn } from 'node:child_process';
import { readFileSync, watch } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine';
import { silentLogger } from '../src/log';
import { repoRoot, sampleWorkspace, testConfig } from './support/sample-index';

/** `npm run reindex` killed with SIGKILL while its build process runs: the build process goes too. */

let workspace: Awaited<ReturnType<typeof sampleWorkspace>>;

beforeAll(async () => {
  workspace = await sampleWorkspace('reindex-orphan-');
  // An index to build on, then enough new stories that the build is still running when its parent dies.
  await (await openEngine(testConfig(workspace), { log: silentLogger })).close();
  const base = await readFile(path.join(workspace.articlesDir, '000_982bcfe2b38982df.txt'), 'utf8');
  const dir = path.join(workspace.articlesDir, 'bulk');
  await mkdir(dir);
  for (let i = 0; i < 3000; i++)
    await writeFile(
      path.join(dir, `story-${i}.txt`),
      `Story number ${i}\n\nStory ${i}, with ${i * 7} extras.\n${base}`,
    );
}, 120_000);

afterAll(async () => workspace?.cleanup());

/** Whether the process still runs: one that has exited but is not yet reaped (a zombie) does not. */
function running(pid: number): boolean {
  try {
    // Linux: the state letter follows the command name in parentheses.
    return !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

describe('the reindex build process', { timeout: 120_000 }, () => {
  it('exits when the process that started it is killed', async () => {
    let buildPid: number | null = null;
    const started = new Promise<number>((resolve) => {
      // The build process names its scratch folder after its pid.
      const watcher = watch(workspace.indexDir, (_event, name) => {
        const pid = /^\.building-(\d+)-/.exec(name ?? '')?.[1];
        if (pid && buildPid === null) {
          buildPid = Number(pid);
          watcher.close();
          resolve(buildPid);
        }
      });
    });
    const parent = spawn(process.execPath, ['--import', 'tsx', 'src/cli/reindex.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ARTICLES_DIR: workspace.articlesDir,
        INDEX_DIR: workspace.indexDir,
        ALLOW_REMOTE_MODELS: 'false',
        EMBEDDING_MODEL: 'not-installed/model',
      },
      stdio: 'ignore',
    });
    const parentExited = new Promise((resolve) => parent.once('exit', resolve));
    const pid = await started;
    expect(pid).not.toBe(parent.pid);
    parent.kill('SIGKILL');
    await parentExited;
    const killedAt = Date.now();
    // Generous: the watchdog looks every 100 ms, but this machine may be busy with other work.
    while (running(pid) && Date.now() - killedAt < 30_000) await new Promise((resolve) => setTimeout(resolve, 20));
    const orphaned = running(pid);
    if (orphaned) process.kill(pid, 'SIGKILL');
    expect(orphaned, 'the build process outlived its parent by 30 s').toBe(false);
  });
});

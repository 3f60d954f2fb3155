/**
 * A real PostgreSQL 15 server for tests, started from Debian's `postgresql-15` binaries in a temp
 * folder, on 127.0.0.1 at a free port, and stopped and removed afterwards. As root (CI) the server
 * runs as the `postgres` user, which PostgreSQL requires.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SIGNAL_BOUND_MS } from './bounds';

const run = promisify(execFile);
export const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  url: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
  /** Shuts the server down (connections refused), keeping its data for `start`. */
  shutDown(): Promise<void>;
  /** Starts the server shut down by `shutDown` again. */
  start(): Promise<void>;
  /**
   * Hangs the server: SIGSTOP to the postmaster and every backend, so connections are accepted
   * by the kernel but nothing is ever answered. Returns the paused pids for `resume`.
   */
  pause(): Promise<number[]>;
  /** SIGCONT to the pids `pause` stopped. */
  resume(pids: number[]): void;
  /** The postmaster's pid and its backends' and workers' (the load test counts their CPU time). */
  pids(): Promise<number[]>;
}

/** Why no server can be started here, or null when one can. */
export function postgresMissing(): string | null {
  if (!existsSync(path.join(POSTGRES_BIN, 'initdb'))) {
    return `PostgreSQL 15 is not installed (${POSTGRES_BIN}/initdb missing): apt-get install postgresql-15`;
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function postgresIds(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
}

/** The free port just found can be taken by someone else (another copy of the suite) before the server binds it. */
const START_ATTEMPTS = 3;

/** Starts the server on a free port and returns the port, trying another port when the first was taken meanwhile. */
async function startServer(
  dir: string,
  data: string,
  options: { uid?: number; gid?: number },
  fixedPort?: number,
): Promise<number> {
  const log = path.join(dir, 'log');
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    try {
      await run(
        path.join(POSTGRES_BIN, 'pg_ctl'),
        [
          '-D',
          data,
          '-l',
          log,
          '-w',
          '-t',
          String(SIGNAL_BOUND_MS / 1000),
          '-o',
          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
          'start',
        ],
        options,
      );
      return port;
    } catch (error) {
      const taken = (await readFile(log, 'utf8').catch(() => '')).includes('could not bind');
      if (!taken || fixedPort !== undefined || attempt === START_ATTEMPTS) throw error;
    }
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'store-pg-'));
  const data = path.join(dir, 'data');
  const ids = await postgresIds();
  if (ids) {
    await chmod(dir, 0o700);
    await chown(dir, ids.uid, ids.gid);
  }
  const options = ids ? { uid: ids.uid, gid: ids.gid } : {};
  await run(
    path.join(POSTGRES_BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'],
    options,
  );
  const port = await startServer(dir, data, options);
  // A restart after `shutDown` takes the same port: the url the tests hold names it.
  const start = () => startServer(dir, data, options, port);
  const serverPids = async () => {
    const postmaster = Number((await readFile(path.join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return [postmaster, ...(await childrenOf(postmaster))];
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async shutDown() {
      await run(path.join(POSTGRES_BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], options);
    },
    async start() {
      await start();
    },
    async pause() {
      const pids = await serverPids();
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      return pids;
    },
    pids: serverPids,
    resume(pids) {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    },
    async stop() {
      try {
        await run(path.join(POSTGRES_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], options);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Processes whose parent is `pid` (PostgreSQL's backends and background workers), from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name (which may hold spaces) start after its closing parenthesis.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}

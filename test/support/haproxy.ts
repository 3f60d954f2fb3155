/**
 * A real HAProxy (Debian's `haproxy`) in front of HTTP backends for tests: round robin, TCP health
 * checks so a dead backend leaves the rotation, on 127.0.0.1 at a free port; stopped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exitCodeWithin } from './child-process';

export const HAPROXY_BIN = '/usr/sbin/haproxy';
/** Response header naming the backend (`r0`, `r1`…, in the order given) that took the request. */
export const REPLICA_HEADER = 'x-replica';

export interface TestHaproxy {
  /** http://127.0.0.1:PORT */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Why no HAProxy can be started here, or null when one can. */
export function haproxyMissing(): string | null {
  return existsSync(HAPROXY_BIN) ? null : `HAProxy is not installed (${HAPROXY_BIN} missing): apt-get install haproxy`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `backends`: host:port of each server. */
export async function startHaproxy(backends: string[], timeoutMs = 15_000): Promise<TestHaproxy> {
  const dir = await mkdtemp(path.join(tmpdir(), 'haproxy-'));
  const port = await freePort();
  const config = [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    // A request whose backend refused the connection is sent to another one; never one a backend
    // received, which it may have acted on (an interaction must not be answered twice).
    '  retries 2',
    '  option redispatch',
    '  retry-on conn-failure',
    'frontend interactions',
    `  bind 127.0.0.1:${port}`,
    // Which backend took each request (also on HAProxy's own 502): the load test counts a killed replica's losses apart.
    `  http-after-response set-header ${REPLICA_HEADER} %s`,
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    ...backends.map((backend, i) => `  server r${i} ${backend} check inter 500ms fall 2 rise 1`),
    '',
  ].join('\n');
  const file = path.join(dir, 'haproxy.cfg');
  await writeFile(file, config);
  const child: ChildProcess = spawn(HAPROXY_BIN, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`HAProxy did not start: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      if ((await exitCodeWithin(child, 5_000)) === 'timeout') child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { Command, InvalidArgumentError } from 'commander';
import { openStore, type NewAnswer } from '../src/db/store';
import { createLogger } from '../src/log';
import { startPostgres } from '../test/support/postgres';

/**
 * CPU that PostgreSQL and the store's client spend on the statements of one /ask over a server: the server's
 * settings and the bot's thread, the member's cooldown, the answer. Starts PostgreSQL 15 (Debian's) on
 * 127.0.0.1, runs `--asks` of them `--concurrency` at a time, and reads the server's CPU from /proc (all its
 * processes). `--unprepared` sends the same statements unnamed (parsed and planned every time), as before
 * the store prepared them. Usage: npx tsx bench/store-statements.ts [--asks 3000] [--unprepared]
 */

const TICKS_PER_SECOND = 100;

function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return number;
}

const options = new Command()
  .option('--asks <n>', '/ask statement sets measured', positiveInt, 3000)
  .option('--concurrency <n>', 'sets in flight at once', positiveInt, 8)
  .option('--unprepared', 'send every statement unnamed (parsed and planned each time)', false)
  .parse()
  .opts<{ asks: number; concurrency: number; unprepared: boolean }>();

if (options.unprepared) {
  // node-postgres prepares a statement given a name; without one it parses and plans it each time.
  const query = Object.getOwnPropertyDescriptor(pg.Client.prototype, 'query')?.value as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config] = args;
    if (config && typeof config === 'object' && 'name' in config) args[0] = { ...config, name: undefined };
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** CPU seconds of a process and its children (PostgreSQL's backends are the postmaster's children). */
function serverSeconds(root: number): number {
  const ticks = (pid: string) => {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(fields[1]), ticks: fields.slice(11, 15).reduce((a, b) => a + Number(b), 0) };
    } catch {
      // Gone between the listing and the read: a backend that ended, counted in its parent's reaped time.
      return null;
    }
  };
  let total = ticks(String(root))?.ticks ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = ticks(entry);
    if (stat?.ppid === root) total += stat.ticks;
  }
  return total / TICKS_PER_SECOND;
}

const server = await startPostgres();
const store = await openStore(
  { databaseUrl: server.url, embeddedDir: null },
  createLogger({ level: 'error', write: () => undefined }),
);
const answer = (i: number): NewAnswer => ({
  id: `bench-${i}`,
  question: 'Who is behind an invented drama about a lighthouse keeper?',
  answer: 'An answer of about the usual length. '.repeat(20),
  mode: 'extractive',
  abstained: false,
  citations: [
    {
      n: 1,
      file: 'invented.txt',
      outlet: 'Invented Outlet',
      title: 'An invented drama finds its lead',
      url: 'https://example.com/invented',
      published: '2024-01-01',
      quote: 'A quote of some length. '.repeat(8),
    },
  ],
  indexVersion: 'v1',
  guildId: '900000000000000003',
  channelId: '900000000000000004',
  threadId: null,
  public: true,
  askedBy: String(i),
});
const ask = async (i: number) => {
  await store.askPlace({ guildId: '900000000000000003', channelId: '900000000000000004' });
  await store.takeCooldown(`900000000000000003:${i}`, 10);
  await store.saveAnswer(answer(i));
};
try {
  const root = (await server.pids())[0];
  if (root === undefined) throw new Error('no PostgreSQL process found');
  // Warm: every connection of the pool open, every statement seen.
  await Promise.all(Array.from({ length: 200 }, (_, i) => ask(-1 - i)));
  const [serverBefore, clientBefore] = [serverSeconds(root), process.cpuUsage()];
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.asks) await ask(next++);
    }),
  );
  const client = process.cpuUsage(clientBefore);
  const perAsk = (seconds: number) => `${((seconds * 1000) / options.asks).toFixed(3)} ms`;
  process.stdout.write(
    `${options.asks} asks (${options.unprepared ? 'unprepared' : 'prepared'} statements): PostgreSQL ` +
      `${perAsk(serverSeconds(root) - serverBefore)} of CPU per /ask, this process ` +
      `${perAsk((client.user + client.system) / 1e6)}\n`,
  );
} finally {
  await store.close();
  await server.stop();
}

import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFeedsFile } from '../../src/feeds/feeds-file';
import { exitCodeWithin, tsxNodeArgs } from './child-process';
import { startFakeDiscord } from './fake-discord';
import { articlePage, manyItemsFeed, startFeedServer, text } from './feed-server';

/**
 * `npm start` (src/discord/main.ts through tsx) with one feed of `items` items, while members send
 * `/ask` at `asksPerSecond` and a probe asks /healthz every 100 ms: what a test asserts on and
 * what bench/feeds-stall.ts reports. The feed is answered only once the asking has begun, so the
 * whole poll happens under it.
 */

export interface Probe {
  sentAt: number;
  /** When the acknowledgement (interaction callback) or the /healthz answer arrived; null if never. */
  answeredAt: number | null;
}

export interface LargeFeedRun {
  /** When the bot was sent the feed, and when it logged the feed as polled (null: not within the time allowed). */
  pollStartedAt: number;
  pollEndedAt: number | null;
  asks: Probe[];
  healthz: Probe[];
  /** The poll's log line. */
  polledLine: string | null;
  /** The end of the bot's log, to show when the run went wrong. */
  logTail: string;
}

export async function runLargeFeedPoll(options: {
  items: number;
  asksPerSecond: number;
  maxItemsPerPoll: number;
  /** How long the poll may take before the run gives up on it. */
  pollLimitMs: number;
}): Promise<LargeFeedRun> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'large-feed-'));
  const fake = await startFakeDiscord();
  const server = await startFeedServer();
  let child: ReturnType<typeof spawn> | undefined;
  try {
    await cp(path.resolve('data/articles'), path.join(workDir, 'articles'), { recursive: true });
    const o = server.origin;
    const body = manyItemsFeed(options.items, o);
    let releaseFeed: () => void = () => undefined;
    const feedReleased = new Promise<void>((resolve) => (releaseFeed = resolve));
    server.route('/big.xml', (_req, res) => {
      void feedReleased.then(() =>
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body),
      );
    });
    for (let i = 0; i < options.maxItemsPerPoll; i++) {
      const title = `Show ${i} renewed for season ${(i % 9) + 2}`;
      const lead = `The network renewed show ${i}; the writers room opens in spring with ${i} new staff writers.`;
      server.route(
        `/story/${i}`,
        text(articlePage({ title, paragraphs: [lead, `${'More on the renewal. '.repeat(40)}`] })),
      );
    }
    await writeFeedsFile(path.join(workDir, 'data', 'feeds.json'), { feeds: [{ url: `${o}/big.xml` }] });

    child = spawn(process.execPath, tsxNodeArgs('src/discord/main.ts'), {
      cwd: workDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: workDir,
        DISCORD_TOKEN: 'fake-large-feed-token-0123',
        DISCORD_API_URL: fake.apiUrl,
        ARTICLES_DIR: path.join(workDir, 'articles'),
        INDEX_DIR: path.join(workDir, 'index'),
        ALLOW_REMOTE_MODELS: 'false',
        ASK_COOLDOWN_SECONDS: '0',
        METRICS_PORT: '0',
        LOG_FORMAT: 'json',
        FEEDS_ALLOW_PRIVATE: 'true',
        FEEDS_HOST_DELAY_MS: '0',
        FEEDS_MAX_ITEMS_PER_POLL: String(options.maxItemsPerPoll),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    let pollEndedAt: number | null = null;
    let polledLine: string | null = null;
    const onLog = (chunk: Buffer) => {
      log += chunk.toString();
      if (pollEndedAt !== null) return;
      const line = log.split('\n').find((l) => /big\.xml (polled|failed)/.test(l));
      if (line) {
        pollEndedAt = Date.now();
        polledLine = line;
      }
    };
    child.stderr?.on('data', onLog);
    child.stdout?.on('data', onLog);

    const healthzUrl = await waitFor(
      () => /"healthz":"([^"]+)"/.exec(log)?.[1] ?? null,
      180_000,
      () => log,
    );
    await fake.waitForConnection(180_000);

    const asks: { sentAt: number; id: string }[] = [];
    const healthz: Probe[] = [];
    let user = 500_000_000_000_000_000n;
    const asking = setInterval(() => {
      user += 1n;
      const sentAt = Date.now();
      const sent = fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'Which show was renewed?' }], {
        userId: user.toString(),
      });
      asks.push({ sentAt, id: sent.id });
    }, 1000 / options.asksPerSecond);
    const probing = setInterval(() => {
      const probe: Probe = { sentAt: Date.now(), answeredAt: null };
      healthz.push(probe);
      http
        .get(healthzUrl, { timeout: 30_000 }, (res) => {
          res.resume();
          probe.answeredAt = Date.now();
        })
        .on('error', () => undefined);
    }, 100);

    // A second of asking before the feed arrives, then the poll under load.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pollStartedAt = Date.now();
    releaseFeed();
    await waitFor(
      () => pollEndedAt,
      options.pollLimitMs,
      () => log,
    ).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    clearInterval(asking);
    clearInterval(probing);
    // The last acknowledgements and probes still on their way.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return {
      pollStartedAt,
      pollEndedAt,
      polledLine,
      logTail: log
        .split('\n')
        .filter((line) => !line.includes('"msg":"interaction"'))
        .join('\n')
        .slice(-3000),
      asks: asks.map(({ sentAt, id }) => ({ sentAt, answeredAt: fake.callbacks(id)[0]?.at ?? null })),
      healthz,
    };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exitCodeWithin(child, 10_000);
    }
    await fake.close();
    await server.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function waitFor<T>(value: () => T | null, limitMs: number, context: () => string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = value();
    if (found !== null) return found;
    if (Date.now() - started > limitMs) throw new Error(`timed out after ${limitMs} ms:\n${context().slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

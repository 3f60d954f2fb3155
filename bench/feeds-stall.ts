import os from 'node:os';
import { runLargeFeedPoll, type Probe } from '../test/support/large-feed-run';
import { describeMachine } from './machine';

/**
 * `npx tsx bench/feeds-stall.ts [items]`: npm start polling one feed of 20,000 items (issue 22)
 * while /ask arrives 5 a second and /healthz is asked every 100 ms. Prints how long each waited
 * for its acknowledgement or answer during the poll; targets: every /ask within 1 s, /healthz
 * within 200 ms throughout.
 */

const items = Number(process.argv[2] ?? 20_000);
const loadBefore = os.loadavg();
const run = await runLargeFeedPoll({ items, asksPerSecond: 5, maxItemsPerPoll: 100, pollLimitMs: 600_000 });
const end = run.pollEndedAt ?? Date.now();
const during = (probes: Probe[]) => probes.filter((p) => p.sentAt >= run.pollStartedAt && p.sentAt <= end);
const summary = (probes: Probe[], targetMs: number) => {
  const waits = probes.map((p) => (p.answeredAt === null ? Infinity : p.answeredAt - p.sentAt)).sort((a, b) => a - b);
  const at = (q: number) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))] ?? null;
  return {
    count: waits.length,
    unanswered: waits.filter((w) => w === Infinity).length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: waits.at(-1) ?? null,
    overTarget: waits.filter((w) => w > targetMs).length,
  };
};
console.log(
  JSON.stringify(
    {
      machine: describeMachine(),
      loadBefore: loadBefore.map((l) => Number(l.toFixed(2))),
      loadAfter: os.loadavg().map((l) => Number(l.toFixed(2))),
      items,
      pollSeconds: run.pollEndedAt === null ? null : (run.pollEndedAt - run.pollStartedAt) / 1000,
      polled: run.polledLine && (JSON.parse(run.polledLine) as unknown),
      askAckDuringPoll: summary(during(run.asks), 1000),
      askAckAll: summary(run.asks, 1000),
      healthzDuringPoll: summary(during(run.healthz), 200),
    },
    null,
    2,
  ),
);

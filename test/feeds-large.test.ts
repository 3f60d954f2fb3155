import { describe, expect, it } from 'vitest';
import { runLargeFeedPoll } from './support/large-feed-run';

/**
 * Issue 22: a 20,000-item feed (about 4 MB, under the 5 MB limit) froze the bot while it was
 * parsed. Now the bot keeps acknowledging /ask and answering /healthz while it polls that feed.
 * The timing targets (1 s, 200 ms) are measured by bench/feeds-stall.ts, not asserted here.
 */

describe('polling a 20,000-item feed', { timeout: 240_000 }, () => {
  it('acknowledges every /ask and answers /healthz while the poll runs', async () => {
    const run = await runLargeFeedPoll({ items: 20_000, asksPerSecond: 5, maxItemsPerPoll: 5, pollLimitMs: 120_000 });
    expect(run.pollEndedAt, `the poll did not end within 120 s:\n${run.logTail}`).not.toBeNull();
    expect(run.polledLine).toMatch(/"new":5/);
    expect(run.polledLine).toMatch(/"left":19995/);
    const during = <T extends { sentAt: number; answeredAt: number | null }>(probes: T[]) =>
      probes.filter((p) => p.sentAt >= run.pollStartedAt && p.answeredAt !== null && p.answeredAt <= run.pollEndedAt!);
    expect(
      run.asks.filter((a) => a.answeredAt === null),
      'unacknowledged /ask',
    ).toEqual([]);
    // The parse alone takes seconds: acknowledgements and health answers kept coming meanwhile.
    expect(during(run.asks).length).toBeGreaterThanOrEqual(2);
    expect(during(run.healthz).length).toBeGreaterThanOrEqual(5);
    expect(run.healthz.filter((h) => h.answeredAt === null).length).toBeLessThanOrEqual(1);
  });
});

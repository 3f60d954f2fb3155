import { performance } from 'node:perf_hooks';
import { readFeedDocument } from '../src/feeds/feed-items';
import { readFeedDocumentOffThread } from '../src/feeds/parse-thread';
import { rss } from '../test/support/feed-server';
import os from 'node:os';
import { describeMachine } from './machine';

/**
 * `npx tsx bench/feeds-parse.ts [items...]`: how long a feed of N items takes to parse and pick
 * items from, on this thread and through the parse thread, with the heap it needed. Items are
 * shaped like issue 22's feed (20,000 items in 3.8 MB: title, link, guid, date, a short summary).
 */

export function bigFeed(count: number, origin = 'http://127.0.0.1:9'): string {
  return rss(
    'Big Wire',
    Array.from({ length: count }, (_, i) => ({
      title: `Show ${i} renewed for season ${(i % 9) + 2}`,
      link: `${origin}/story/${i}`,
      published: 'Sun, 01 Nov 2026 10:00:00 GMT',
    })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = process.argv.slice(2).map(Number);
  console.log(JSON.stringify({ ...describeMachine(), load: os.loadavg().map((l) => Number(l.toFixed(2))) }));
  for (const count of counts.length > 0 ? counts : [1000, 4000, 20_000]) {
    const xml = bigFeed(count);
    const request = { xml, baseUrl: 'http://127.0.0.1:9/feed.xml', seen: {}, limit: 100 };
    const heapBefore = process.memoryUsage().heapUsed;
    let started = performance.now();
    const here = readFeedDocument(request);
    const hereMs = performance.now() - started;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    started = performance.now();
    const off = await readFeedDocumentOffThread(request);
    const offMs = performance.now() - started;
    console.log(
      JSON.stringify({
        items: count,
        mb: Number((Buffer.byteLength(xml) / 2 ** 20).toFixed(2)),
        parseMs: Math.round(hereMs),
        offThreadMs: Math.round(offMs),
        heapGrowthMb: Math.round(heapMb),
        picked: off.items.length,
        left: off.left,
        same: here.left === off.left,
      }),
    );
  }
}

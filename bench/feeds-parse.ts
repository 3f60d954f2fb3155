import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseFeed } from '@rowanmanning/feed-parser';
import { readFeedDocument } from '../src/feeds/feed-items';
import { readFeedDocumentOffThread } from '../src/feeds/parse-thread';
import { manyItemsFeed } from '../test/support/feed-server';
import { describeMachine } from './machine';

/**
 * `npx tsx bench/feeds-parse.ts [items...] [--before]`: how long a feed of N items (shaped like
 * issue 22's, see manyItemsFeed) takes to parse and pick items from, on this thread and through
 * the parse thread. `--before` also times feed-parser read as before the fix (the feed's link and
 * authors walked again for every item): quadratic, so keep N small (minutes at 20,000).
 */

const args = process.argv.slice(2);
const before = args.includes('--before');
const counts = args.filter((a) => a !== '--before').map(Number);
console.log(JSON.stringify({ ...describeMachine(), load: os.loadavg().map((l) => Number(l.toFixed(2))) }));
for (const count of counts.length > 0 ? counts : [1000, 4000, 20_000]) {
  const xml = manyItemsFeed(count, 'http://127.0.0.1:9');
  const request = { xml, baseUrl: 'http://127.0.0.1:9/feed.xml', seen: {}, limit: 100 };
  let started = performance.now();
  const here = readFeedDocument(request);
  const parseMs = performance.now() - started;
  started = performance.now();
  const off = await readFeedDocumentOffThread(request);
  const offThreadMs = performance.now() - started;
  let beforeMs: number | null = null;
  if (before) {
    started = performance.now();
    readUnpinned(xml);
    beforeMs = performance.now() - started;
  }
  console.log(
    JSON.stringify({
      items: count,
      mb: Number((Buffer.byteLength(xml) / 2 ** 20).toFixed(2)),
      beforeMs: beforeMs === null ? null : Math.round(beforeMs),
      parseMs: Math.round(parseMs),
      offThreadMs: Math.round(offThreadMs),
      picked: off.items.length,
      left: off.left,
      same: here.left === off.left && here.unchanged === off.unchanged,
    }),
  );
}

/** The fields src/feeds/parse.ts reads, read as it read them before the fix. */
function readUnpinned(xml: string): number {
  let read = 0;
  for (const item of parseFeed(xml).items) {
    if (item.id ?? item.url) read += 1;
    void [item.title, item.published, item.updated, item.authors, item.content, item.description];
  }
  return read;
}

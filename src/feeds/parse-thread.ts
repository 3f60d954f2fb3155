import { Worker } from 'node:worker_threads';
import { workerEntryCode } from '../worker-entry';
import type { DocumentRequest, FeedDocument } from './feed-items';
import { FeedParseError } from './parse';

export type ParseResponse = { document: FeedDocument } | { error: string; unreadable: boolean };

export const PARSE_THREAD = {
  /**
   * The thread's V8 old space: a 4.9 MB feed of 20,000 items parsed in 96 MB and not in 48 MB
   * (bench/feeds-parse.ts, 2026-12-06); 256 leaves room for feeds of longer items up to the 5 MB
   * FEEDS_MAX_BYTES, and a document that needs more is refused rather than let grow.
   */
  oldSpaceMb: 256,
  /** A parse that runs longer is stopped: 20,000 items parse in 3-4 s on a loaded 2-vCPU machine. */
  timeLimitMs: 60_000,
} as const;

/**
 * Parses a feed document on a thread of its own and picks the items to handle, so a large feed
 * never stalls the bot's event loop (interaction acknowledgements, /healthz). Throws
 * FeedParseError for a document that is not a feed, too big to parse or too slow to parse.
 */
export function readFeedDocumentOffThread(request: DocumentRequest): Promise<FeedDocument> {
  return new Promise((resolve, reject) => {
    const worker = startParseWorker(request);
    const timer = setTimeout(() => {
      finish(() => reject(new FeedParseError(`parsing took longer than ${PARSE_THREAD.timeLimitMs / 1000} s`)));
    }, PARSE_THREAD.timeLimitMs);
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      settle();
      void worker.terminate();
    };
    worker.once('message', (response: ParseResponse) =>
      finish(() => {
        if ('document' in response) resolve(response.document);
        else if (response.unreadable) reject(new FeedParseError(response.error));
        else reject(new Error(`feed parse thread: ${response.error}`));
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new FeedParseError(`the feed needs more than ${PARSE_THREAD.oldSpaceMb} MB to parse`)
            : error,
        ),
      ),
    );
    worker.once('exit', (code) => finish(() => reject(new Error(`the feed parse thread stopped (exit code ${code})`))));
  });
}

/** Starts parse-worker beside this module (see workerEntryCode). */
function startParseWorker(request: DocumentRequest): Worker {
  return new Worker(workerEntryCode(import.meta.url, 'parse-worker'), {
    eval: true,
    workerData: request,
    resourceLimits: { maxOldGenerationSizeMb: PARSE_THREAD.oldSpaceMb },
  });
}

import { parentPort, workerData } from 'node:worker_threads';
import { readFeedDocument, type DocumentRequest } from './feed-items';
import { FeedParseError } from './parse';
import type { ParseResponse } from './parse-thread';

/**
 * The parse thread's program: one feed document in `workerData`, one answer posted back. A
 * 5 MB feed of 20,000 items takes seconds to parse; here that costs the bot's event loop nothing.
 */

const port = parentPort;
if (port === null) throw new Error('parse-worker.ts runs as a worker thread only');
try {
  port.postMessage({ document: readFeedDocument(workerData as DocumentRequest) } satisfies ParseResponse);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  port.postMessage({ error: message, unreadable: error instanceof FeedParseError } satisfies ParseResponse);
}

import { createHash } from 'node:crypto';
import { parseFeedDocument, type FeedItem } from './parse';

/** A feed item with the fingerprint it is remembered by once handled. */
export interface PendingItem extends FeedItem {
  print: string;
}

/** What one poll takes from a feed document: the items it handles now, and what it leaves. */
export interface FeedDocument {
  title: string | null;
  /** New or changed items, in the feed's order (newest first in most feeds), at most `limit`. */
  items: PendingItem[];
  /** Items already handled with this fingerprint. */
  unchanged: number;
  /** New or changed items past `limit`: the next poll takes them. */
  left: number;
  /** The remembered fingerprints of items still in the document; items gone from it are forgotten. */
  seen: Record<string, string>;
}

export interface DocumentRequest {
  xml: string;
  baseUrl: string;
  /** Item key → fingerprint of the item as last handled. */
  seen: Record<string, string>;
  limit: number;
}

/** Parses the document and picks what to handle: all of it is the parse thread's work (see parse-thread.ts). */
export function readFeedDocument(request: DocumentRequest): FeedDocument {
  const parsed = parseFeedDocument(request.xml, request.baseUrl);
  const items: PendingItem[] = [];
  const seen: Record<string, string> = {};
  const taken = new Set<string>();
  let unchanged = 0;
  let left = 0;
  for (const item of parsed.items) {
    // A key listed twice is one item: the first listing counts.
    if (taken.has(item.key)) continue;
    taken.add(item.key);
    const print = fingerprint(item);
    const previous = request.seen[item.key];
    if (previous !== undefined) seen[item.key] = previous;
    if (previous === print) unchanged += 1;
    else if (items.length < request.limit) items.push({ ...item, print });
    else left += 1;
  }
  return { title: parsed.title, items, unchanged, left, seen };
}

function fingerprint(item: FeedItem): string {
  return createHash('sha256')
    .update(JSON.stringify([item.title, item.url, item.updated, item.html]))
    .digest('hex')
    .slice(0, 16);
}

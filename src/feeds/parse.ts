import { parseFeed } from '@rowanmanning/feed-parser';

/** One feed item, whatever the format (RSS 2.0, Atom, RDF/RSS 1.0) it came in. */
export interface FeedItem {
  /** Stable key across polls: the item's guid/id, else its link. */
  key: string;
  title: string | null;
  url: string | null;
  /** ISO timestamp, from any of the date forms feeds use; null when none parses. */
  published: string | null;
  updated: string | null;
  author: string | null;
  /** The item's HTML: full content when the feed carries it, else its summary. */
  html: string | null;
}

export interface ParsedFeed {
  title: string | null;
  items: FeedItem[];
}

export class FeedParseError extends Error {
  override name = 'FeedParseError';
}

/**
 * How many cuts after an earlier closing item tag are tried when a document does not parse: the
 * break of a truncated feed lies in its last item, so the first cut nearly always reads; each try
 * is a whole parse, so only a few are made.
 */
const CUTS_TRIED = 3;

const ITEM_END = /<\/(?:[\w.-]+:)?(?:item|entry)\s*>/gi;

/**
 * Parses a feed document; throws FeedParseError when nothing feed-like can be read from it. A
 * document that breaks (cut off inside a tag, an unclosed CDATA section or comment) keeps the
 * complete items before the break: it is read again cut after the last whole item.
 */
export function parseFeedDocument(xml: string, baseUrl: string): ParsedFeed {
  let firstError: Error;
  try {
    return readFeed(xml, baseUrl);
  } catch (error) {
    firstError = error as Error;
  }
  const ends = [...xml.matchAll(ITEM_END)].map((match) => match.index + match[0].length);
  for (const end of ends.reverse().slice(0, CUTS_TRIED)) {
    try {
      const parsed = readFeed(xml.slice(0, end), baseUrl);
      if (parsed.items.length > 0) return parsed;
    } catch {
      // The break lies before this cut too: the next earlier item end is tried.
      continue;
    }
  }
  throw new FeedParseError(`not a readable RSS or Atom feed: ${firstError.message}`);
}

function readFeed(xml: string, baseUrl: string): ParsedFeed {
  const feed = parseFeed(xml);
  // feed-parser 2.1.5 reads the feed's link and authors again for every item (to resolve a
  // relative link, and as the item's authors when it names none), walking all the channel's
  // children each time: 20,000 items took minutes. Read once, they cost nothing per item.
  Object.defineProperty(feed, 'url', { value: feed.url });
  Object.defineProperty(feed, 'authors', { value: feed.authors });
  const items: FeedItem[] = [];
  for (const item of feed.items) {
    const url = absoluteUrl(item.url, baseUrl);
    const key = item.id?.trim() || url;
    if (!key) continue;
    items.push({
      key,
      title: item.title?.trim() || null,
      url,
      published: item.published?.toISOString() ?? item.updated?.toISOString() ?? null,
      updated: item.updated?.toISOString() ?? null,
      author: item.authors.map((a) => a.name?.trim()).find((name) => !!name) ?? null,
      html: item.content ?? item.description ?? null,
    });
  }
  return { title: feed.title?.trim() || null, items };
}

function absoluteUrl(value: string | null, base: string): string | null {
  if (!value) return null;
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return null;
  }
}

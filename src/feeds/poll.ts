import type { Logger } from '../log';
import { articleFromItem } from './extract';
import { FetchError, type Fetcher } from './fetch';
import type { FeedEntry } from './feeds-file';
import type { PendingItem } from './feed-items';
import { FeedParseError } from './parse';
import { readFeedDocumentOffThread } from './parse-thread';
import { emptyFeedState, type PollState } from './state';
import type { ArticleStore } from './article-files';
import { wholeWords } from '../text/regexp';

/** What one poll did with one feed: the log line and the CLI summary are made from this. */
export interface FeedPollResult {
  url: string;
  outlet: string;
  status: 'polled' | 'not-modified' | 'failed';
  error: string | null;
  new: number;
  changed: number;
  unchanged: number;
  duplicates: number;
  /** New or changed items past the per-poll limit, or not reached before the poll was stopped: the next check takes them. */
  left: number;
  skipped: { item: string; reason: string }[];
}

export interface PollInput {
  feeds: FeedEntry[];
  fetcher: Fetcher;
  store: ArticleStore;
  state: PollState;
  /** Persists `state` whole; called before a feed's first item, before the first article is written and after each feed. */
  saveState: () => Promise<void>;
  /** Records one handled item at once (the state's journal), so a killed poll does not fetch it again. */
  saveSeen: (feed: string, key: string, print: string) => Promise<void>;
  /** New or changed items handled per feed and poll (FEEDS_MAX_ITEMS_PER_POLL). */
  maxItems: number;
  /** Stops a poll between two items (shutting down); what is left is taken at the next check. */
  signal?: AbortSignal;
  log: Logger;
}

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/** Polls the feeds in parallel (requests to one host still go one at a time); never throws for one feed's failure. */
export function pollFeeds(input: PollInput): Promise<FeedPollResult[]> {
  return Promise.all(input.feeds.map((feed) => pollFeed(feed, input)));
}

async function pollFeed(feed: FeedEntry, input: PollInput): Promise<FeedPollResult> {
  const { fetcher, state, log } = input;
  const feedState = (state.feeds[feed.url] ??= emptyFeedState());
  feedState.lastAttempt = new Date().toISOString();
  const result: FeedPollResult = {
    url: feed.url,
    outlet: feed.outlet ?? hostOf(feed.url),
    status: 'polled',
    error: null,
    new: 0,
    changed: 0,
    unchanged: 0,
    duplicates: 0,
    left: 0,
    skipped: [],
  };
  try {
    const response = await fetcher.fetch({
      url: feed.url,
      etag: feedState.etag,
      lastModified: feedState.lastModified,
      accept: FEED_ACCEPT,
    });
    if (response.status === 'not-modified') {
      // The validators are those of the last document handled in full: nothing is left of it.
      result.status = 'not-modified';
      feedState.itemsLeft = false;
    } else {
      const document = await readFeedDocumentOffThread({
        xml: response.body,
        baseUrl: response.url,
        seen: feedState.seen,
        limit: input.maxItems,
      });
      result.outlet = feed.outlet ?? document.title ?? result.outlet;
      result.unchanged = document.unchanged;
      feedState.seen = document.seen;
      if (document.items.length > 0) {
        // Saved first, so a poll killed from here on is taken up again at the next start.
        feedState.itemsLeft = true;
        await input.saveState();
      }
      let handled = 0;
      for (const item of document.items) {
        if (input.signal?.aborted) break;
        await handleItem(item, feed, result, input);
        handled += 1;
      }
      result.left = document.left + document.items.length - handled;
      feedState.itemsLeft = result.left > 0;
      // Kept only once the whole document is handled: a 304 must not hide the items left.
      if (!feedState.itemsLeft) {
        feedState.etag = response.etag;
        feedState.lastModified = response.lastModified;
      }
    }
    feedState.lastSuccess = new Date().toISOString();
    feedState.lastError = null;
  } catch (error) {
    if (!(error instanceof FetchError || error instanceof FeedParseError)) throw error;
    result.status = 'failed';
    result.error = error.message;
    feedState.lastError = error.message;
  }
  await input.saveState();
  logResult(result, log);
  return result;
}

async function handleItem(item: PendingItem, feed: FeedEntry, result: FeedPollResult, input: PollInput): Promise<void> {
  const feedState = input.state.feeds[feed.url] ?? emptyFeedState();
  const label = item.url ?? item.key;
  let outcome: Awaited<ReturnType<typeof articleFromItem>>;
  try {
    outcome = await articleFromItem(input.fetcher, item);
  } catch (error) {
    // A page or feed text the HTML parser chokes on costs that item only.
    outcome = { skipped: `extraction failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if ('skipped' in outcome) {
    result.skipped.push({ item: label, reason: outcome.skipped });
  } else if (feed.keywords && !mentionsAny(`${outcome.article.title}\n${outcome.article.text}`, feed.keywords)) {
    result.skipped.push({ item: label, reason: `mentions none of the keywords (${feed.keywords.join(', ')})` });
  } else {
    if (!input.state.pendingReindex) {
      input.state.pendingReindex = true;
      await input.saveState();
    }
    const saved = await input.store.save(outcome.article, result.outlet, feed.url);
    if (saved.kind === 'new') result.new += 1;
    else if (saved.kind === 'changed') result.changed += 1;
    else if (saved.kind === 'duplicate') result.duplicates += 1;
    else result.unchanged += 1;
    if (outcome.article.source === 'feed')
      input.log.info('feeds: used the feed text, the page gave too little', { item: label });
  }
  feedState.seen[item.key] = item.print;
  await input.saveSeen(feed.url, item.key, item.print);
}

/** Whether the text mentions one of the keywords as whole words, ignoring case. */
export function mentionsAny(text: string, keywords: string[]): boolean {
  const lower = text.toLowerCase();
  return keywords.some((keyword) => wholeWords(keyword.toLowerCase()).test(lower));
}

function logResult(result: FeedPollResult, log: Logger): void {
  const counts = {
    new: result.new,
    changed: result.changed,
    unchanged: result.unchanged,
    duplicates: result.duplicates,
    skipped: result.skipped.length,
    left: result.left,
  };
  if (result.status === 'failed')
    log.warn(`feeds: ${result.url} failed: ${result.error ?? ''}`, { outlet: result.outlet });
  else if (result.status === 'not-modified')
    log.info(`feeds: ${result.url} not modified (304)`, { outlet: result.outlet });
  else log.info(`feeds: ${result.url} polled`, { outlet: result.outlet, ...counts });
  for (const skip of result.skipped) log.info(`feeds: skipped ${skip.item}: ${skip.reason}`, { feed: result.url });
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

import type { Config } from '../config';
import type { Engine } from '../engine';
import { ReindexBusyError } from '../errors';
import type { ReindexSummary } from '../index/types';
import type { Logger } from '../log';
import type { Fetcher } from './fetch';
import { fileFeedStore, type FeedStore } from './feed-store';
import { pollFeeds, type FeedPollResult } from './poll';

export interface FeedRound {
  results: FeedPollResult[];
  /** The incremental reindex that followed, or null when nothing new or changed was saved (or a reindex was running). */
  reindex: ReindexSummary | null;
}

export interface FeedRoundInput {
  engine: Engine;
  config: Config;
  log: Logger;
  fetcher: Fetcher;
  /** Where the feeds, their state and their articles are kept: the shared store's, or by default the files. */
  feeds?: FeedStore;
  /** Poll only these feed URLs (the scheduler's due feeds); all listed feeds when left out. */
  only?: Set<string>;
  /** Stops the poll between two items, and skips its reindex (the next round runs it). */
  signal?: AbortSignal;
}

/**
 * One poll of the feeds and, when it saved new or changed articles, the engine's incremental
 * reindex. The fetching (one page a second per host) holds no lock: a /reindex or /add meanwhile
 * goes ahead. Only the reindex is a busy period of the engine; when another one is running, the
 * saved articles stay marked as waiting and the next check indexes them. Questions are answered
 * from the previous index throughout.
 */
export async function runFeedRound(input: FeedRoundInput): Promise<FeedRound> {
  const { engine, config, log } = input;
  const kept = input.feeds ?? fileFeedStore(config, log);
  const { feeds } = await kept.readFeeds();
  const state = await kept.readState();
  const store = await kept.openArticles();
  const write = serialized();
  const saveState = () => write(() => kept.writeState(state, { foldJournal: true }));
  const saveSeen = (feed: string, key: string, print: string) => write(() => kept.appendSeen(feed, key, print));
  const chosen = input.only ? feeds.filter((feed) => input.only?.has(feed.url)) : feeds;
  const results = await pollFeeds({
    feeds: chosen,
    fetcher: input.fetcher,
    store,
    state,
    saveState,
    saveSeen,
    maxItems: config.feeds.maxItemsPerPoll,
    signal: input.signal,
    log,
  });
  // Stopped (shutting down): the saved articles stay marked as waiting, and the next start indexes them.
  if (!state.pendingReindex || input.signal?.aborted) return { results, reindex: null };
  let summary: ReindexSummary;
  try {
    summary = await engine.exclusive((reindex) => reindex());
  } catch (error) {
    if (!(error instanceof ReindexBusyError)) throw error;
    log.info('feeds: a reindex is running; the saved articles are indexed at the next check');
    return { results, reindex: null };
  }
  state.pendingReindex = false;
  await saveState();
  log.info('feeds: index updated', {
    articles: summary.articles,
    changed: summary.changedArticles,
    seconds: Number(summary.seconds.toFixed(1)),
  });
  return { results, reindex: summary };
}

/** Writes never run at once and land in the order they were asked for. */
function serialized(): (write: () => Promise<void>) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (write) => {
    const next = tail.then(write);
    tail = next.catch(() => undefined);
    return next;
  };
}

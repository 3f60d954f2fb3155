import type { Config } from '../config';
import type { Engine } from '../engine';
import type { ReindexSummary } from '../index/types';
import type { Logger } from '../log';
import type { Fetcher } from './fetch';
import { readFeedsFile } from './feeds-file';
import { pollFeeds, type FeedPollResult } from './poll';
import { readPollState, writePollState } from './state';
import { openArticleStore } from './article-files';

export interface FeedRound {
  results: FeedPollResult[];
  /** The incremental reindex that followed, or null when nothing new or changed was saved. */
  reindex: ReindexSummary | null;
}

export interface FeedRoundInput {
  engine: Engine;
  config: Config;
  log: Logger;
  fetcher: Fetcher;
  /** Poll only these feed URLs (the scheduler's due feeds); all listed feeds when left out. */
  only?: Set<string>;
}

/**
 * One poll of the feeds and, when it saved new or changed articles, the engine's incremental
 * reindex: one busy period of the engine, so it never overlaps another poll or a /reindex
 * (throws ReindexBusyError then). Questions are answered from the previous index throughout.
 */
export function runFeedRound(input: FeedRoundInput): Promise<FeedRound> {
  const { engine, config, log } = input;
  return engine.exclusive(async (reindex) => {
    const { feeds } = await readFeedsFile(config.feeds.file);
    const state = await readPollState(config.feeds.stateFile, log);
    const store = await openArticleStore(config.articlesDir, log);
    const saveState = serialized(() => writePollState(config.feeds.stateFile, state));
    const chosen = input.only ? feeds.filter((feed) => input.only?.has(feed.url)) : feeds;
    const results = await pollFeeds({ feeds: chosen, fetcher: input.fetcher, store, state, saveState, log });
    if (!state.pendingReindex) return { results, reindex: null };
    const summary = await reindex();
    state.pendingReindex = false;
    await saveState();
    log.info('feeds: index updated', {
      articles: summary.articles,
      changed: summary.changedArticles,
      seconds: Number(summary.seconds.toFixed(1)),
    });
    return { results, reindex: summary };
  });
}

/** Calls never run at once: the last call's write always lands last. */
function serialized(write: () => Promise<void>): () => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return () => {
    const next = tail.then(write);
    tail = next.catch(() => undefined);
    return next;
  };
}

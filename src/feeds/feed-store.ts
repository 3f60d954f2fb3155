import type { Config } from '../config';
import type { Logger } from '../log';
import { openArticleStore, type ArticleStore } from './article-files';
import { addFeed, readFeedsFile, removeFeed, type FeedEntry, type FeedsFile } from './feeds-file';
import { appendSeen, readPollState, writePollState, type PollState } from './state';

/**
 * Where the feeds, their polling state and the articles they bring in are kept. One process alone
 * (the embedded store) keeps files: the feeds file, the state file and its journal, one JSON file
 * per article under `<articles>/feeds/`. Replicas sharing PostgreSQL keep them in its tables
 * (feed-store-sql.ts), so whichever replica holds the lease polls from where the last one stopped.
 */
export interface FeedStore {
  /** Where the feeds are listed, for messages: the feeds file's path, or "the shared store". */
  readonly where: string;
  readFeeds(): Promise<FeedsFile>;
  /** FeedsFileError when the entry is invalid, already listed, or on a refused address. */
  addFeed(entry: FeedEntry, options: { allowPrivate: boolean }): Promise<FeedEntry>;
  /** False when the feed was not listed; its saved articles stay. */
  removeFeed(url: string): Promise<boolean>;
  /** `items: false` when only the feeds' last polls are wanted (/sources): the shared store then reads no item rows. */
  readState(options?: { items?: boolean }): Promise<PollState>;
  /** Persists the state whole; `foldJournal` once the state holds every item `appendSeen` recorded. */
  writeState(state: PollState, options?: { foldJournal?: boolean }): Promise<void>;
  /** Records one handled item at once, so a poll killed after it does not fetch it again. */
  appendSeen(feed: string, key: string, print: string): Promise<void>;
  /** Where this poll's (or /add's) articles are saved; knows every article saved before. */
  openArticles(): Promise<ArticleStore>;
}

export type FeedPlaces = Pick<Config, 'articlesDir'> & { feeds: Pick<Config['feeds'], 'file' | 'stateFile'> };

/** The files of a single process: what the bot has always kept. */
export function fileFeedStore(config: FeedPlaces, log: Logger): FeedStore {
  const { file, stateFile } = config.feeds;
  return {
    where: file,
    readFeeds: () => readFeedsFile(file),
    addFeed: (entry, options) => addFeed(file, entry, options),
    removeFeed: (url) => removeFeed(file, url),
    readState: () => readPollState(stateFile, log),
    writeState: (state, options) => writePollState(stateFile, state, options),
    appendSeen: (feed, key, print) => appendSeen(stateFile, feed, key, print),
    openArticles: () => openArticleStore(config.articlesDir, log),
  };
}

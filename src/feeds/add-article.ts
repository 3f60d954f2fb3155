import type { Config } from '../config';
import type { Engine } from '../engine';
import type { ReindexSummary } from '../index/types';
import type { Logger } from '../log';
import { articleFromUrl } from './extract';
import { createFetcher, type Fetcher } from './fetch';
import { fileFeedStore, type FeedStore } from './feed-store';
import type { SaveOutcome } from './article-files';

export type AddArticleResult =
  | { added: true; title: string; outlet: string; url: string; saved: SaveOutcome; reindex: ReindexSummary | null }
  | { added: false; reason: string };

/**
 * One article by its address (`/add url:`): fetched by the same rules as feeds, extracted, saved
 * beside the feed articles and indexed, as one busy period of the engine (ReindexBusyError while
 * a poll or a reindex runs).
 */
export function addArticleByUrl(input: {
  engine: Engine;
  config: Config;
  log: Logger;
  url: string;
  /** The shared store's feeds; the files by default. */
  feeds?: FeedStore;
  fetcher?: Fetcher;
}): Promise<AddArticleResult> {
  const { config, log } = input;
  const fetcher = input.fetcher ?? createFetcher(config.feeds);
  const kept = input.feeds ?? fileFeedStore(config, log);
  return input.engine.exclusive(async (reindex) => {
    const outcome = await articleFromUrl(fetcher, input.url);
    if ('skipped' in outcome) {
      log.info(`feeds: /add skipped ${input.url}: ${outcome.skipped}`);
      return { added: false, reason: outcome.skipped };
    }
    const { article } = outcome;
    const outlet = article.siteName ?? new URL(article.url).hostname.replace(/^www\./, '');
    const store = await kept.openArticles();
    // As for a poll: if the process dies before the reindex, the next scheduled check runs it.
    const state = await kept.readState();
    const wasPending = state.pendingReindex;
    state.pendingReindex = true;
    await kept.writeState(state);
    const saved = await store.save(article, outlet, null);
    log.info(`feeds: /add ${saved.kind} ${article.url}`, { outlet, file: saved.file });
    const summary = saved.kind === 'new' || saved.kind === 'changed' || wasPending ? await reindex() : null;
    state.pendingReindex = false;
    await kept.writeState(state);
    return { added: true, title: article.title, outlet, url: article.url, saved, reindex: summary };
  });
}

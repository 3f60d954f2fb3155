import { Command, InvalidArgumentError } from 'commander';
import { ReindexBusyError } from '../errors';
import { createFetcher } from '../feeds/fetch';
import { FeedsFileError, type FeedEntry } from '../feeds/feeds-file';
import { fileFeedStore, type FeedStore } from '../feeds/feed-store';
import type { Config } from '../config';
import type { Logger } from '../log';
import { FEED_LEASE, LEASE_DEFAULTS, LeaseLostError, acquireLease, releaseLease, type LeaseGrant } from '../db/lease';
import type { FeedPollResult } from '../feeds/poll';
import { runFeedRound, type FeedRound } from '../feeds/round';
import { describeFeedStatus, readFeedStatuses } from '../feeds/status';
import { loadConfigOrExit } from '../startup';
import { exitWith, openCliEngine } from './open-engine';
import { cliLogger } from './logger';

/** `npm run feeds -- poll|list|add <url>|remove <url>`: the feeds file and one poll from the command line. */

const program = new Command().name('feeds').description('Manage the RSS/Atom feeds the bot polls, or poll them once.');

program
  .command('poll')
  .description('Poll every listed feed once, save new or changed articles, update the index, and print a summary.')
  .option('--json', 'print the summary as JSON')
  .action(async (options: { json?: boolean }) => {
    const loaded = loadConfigOrExit();
    const kept = await openFeeds(loaded, cliLogger(loaded, options.json === true), { poll: true });
    const { config, log, engine } = await openCliEngine({
      quiet: options.json === true,
      answers: false,
      beforeReindex: kept.beforeReindex,
    });
    try {
      const round = await runFeedRound({
        engine,
        config,
        log,
        fetcher: createFetcher(config.feeds),
        feeds: kept.feeds,
      });
      process.stdout.write(options.json ? `${JSON.stringify(round)}\n` : `${formatRound(round)}\n`);
    } catch (error) {
      if (error instanceof ReindexBusyError || error instanceof FeedsFileError || error instanceof LeaseLostError)
        exitWith(error.message, 1);
      throw error;
    } finally {
      await engine.close();
      await kept.close();
    }
  });

program
  .command('list')
  .description('The listed feeds with their last successful poll and last error.')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfigOrExit();
    const kept = await openFeeds(config, cliLogger(config, true));
    const statuses = await readFeedStatuses(kept.feeds)
      .catch(fileProblem)
      .finally(() => kept.close());
    if (options.json) {
      process.stdout.write(`${JSON.stringify(statuses)}\n`);
      return;
    }
    if (statuses.length === 0)
      process.stdout.write(`No feeds in ${kept.feeds.where}. Add one with: npm run feeds -- add <url>\n`);
    for (const status of statuses) {
      const extras = [
        status.outlet,
        status.keywords ? `keywords: ${status.keywords.join(', ')}` : null,
        status.intervalMinutes ? `every ${status.intervalMinutes} min` : null,
      ];
      process.stdout.write(
        `${status.url}${extras.some(Boolean) ? ` (${extras.filter(Boolean).join('; ')})` : ''}\n  ${describeFeedStatus(status)}\n`,
      );
    }
  });

program
  .command('add <url>')
  .description('Add a feed to the feeds file; the bot polls it at its next check.')
  .option('--outlet <name>', 'outlet name shown in citations (default: the feed title)')
  .option('--keywords <list>', 'comma-separated: keep only items mentioning one of these')
  .option('--interval <minutes>', 'minutes between polls (default 30)', minutes)
  .action(async (url: string, options: { outlet?: string; keywords?: string; interval?: number }) => {
    const config = loadConfigOrExit();
    const entry: FeedEntry = { url };
    if (options.outlet) entry.outlet = options.outlet;
    if (options.keywords)
      entry.keywords = options.keywords
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean);
    if (options.interval) entry.intervalMinutes = options.interval;
    const kept = await openFeeds(config, cliLogger(config, true));
    await kept.feeds
      .addFeed(entry, config.feeds)
      .catch(fileProblem)
      .finally(() => kept.close());
    process.stdout.write(`Added ${url} to ${kept.feeds.where}.\n`);
  });

program
  .command('remove <url>')
  .description('Remove a feed from the feeds file (its saved articles stay).')
  .action(async (url: string) => {
    const config = loadConfigOrExit();
    const kept = await openFeeds(config, cliLogger(config, true));
    const removed = await kept.feeds
      .removeFeed(url)
      .catch(fileProblem)
      .finally(() => kept.close());
    if (!removed) exitWith(`${url} is not in ${kept.feeds.where}.`, 1);
    process.stdout.write(`Removed ${url} from ${kept.feeds.where}.\n`);
  });

/**
 * The feeds file, or with DATABASE_URL the replicas' shared feeds. A poll from the command line
 * then takes the feed lease for its length, as a replica would: refused while a replica holds it.
 */
async function openFeeds(
  config: Config,
  log: Logger,
  options: { poll?: boolean } = {},
): Promise<{ feeds: FeedStore; beforeReindex?: () => Promise<() => Promise<void>>; close: () => Promise<void> }> {
  if (!config.store.databaseUrl) return { feeds: fileFeedStore(config, log), close: () => Promise.resolve() };
  // The store's modules (PGlite, pg) load only for a shared store.
  const [{ openStore }, { sharedFeedStore }, { feedMirror, importFeedFilesOnce }] = await Promise.all([
    import('../db/store'),
    import('../db/feeds'),
    import('../db/feed-mirror'),
  ]);
  const store = await openStore(config.store, log);
  await importFeedFilesOnce(store.sql, config, log);
  const mirror = feedMirror(store.sql, config.articlesDir, log);
  let grant: LeaseGrant | null = null;
  if (options.poll) {
    // Long enough for a poll from the command line; released at the end.
    grant = await acquireLease(store.sql, FEED_LEASE, `cli:${process.pid}`, LEASE_DEFAULTS.cliPollMs);
    if (grant === null) {
      await store.close();
      exitWith('A bot replica holds the feed lease and polls the feeds; this poll would compete with it.', 1);
    }
  }
  const held = grant;
  return {
    feeds: sharedFeedStore({ sql: store.sql, mirror, lease: held ? () => held : undefined }),
    beforeReindex: () => mirror.sync(),
    async close() {
      if (held) await releaseLease(store.sql, held);
      await store.close();
    },
  };
}

function minutes(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a positive number of minutes');
  return number;
}

function fileProblem(error: unknown): never {
  if (error instanceof FeedsFileError) exitWith(error.message, 1);
  throw error;
}

export function formatRound(round: FeedRound): string {
  const lines = round.results.map(formatResult);
  if (round.results.length === 0) lines.push('No feeds to poll.');
  lines.push(
    round.reindex
      ? `Index updated: ${round.reindex.articles} articles, ${round.reindex.changedArticles} new or changed, in ${round.reindex.seconds.toFixed(1)} s.`
      : 'Nothing new or changed; the index is as it was.',
  );
  return lines.join('\n');
}

function formatResult(result: FeedPollResult): string {
  if (result.status === 'failed') return `${result.url} (${result.outlet}): FAILED: ${result.error ?? ''}`;
  if (result.status === 'not-modified') return `${result.url} (${result.outlet}): not modified`;
  const head = `${result.url} (${result.outlet}): ${result.new} new, ${result.changed} changed, ${result.unchanged} unchanged, ${result.duplicates} duplicates, ${result.skipped.length} skipped${result.left > 0 ? `, ${result.left} left for the next poll` : ''}`;
  return [head, ...result.skipped.map((s) => `  skipped ${s.item}: ${s.reason}`)].join('\n');
}

await program.parseAsync();

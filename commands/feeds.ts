import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext, CommandScope } from '../src/discord/context';
import { inertText } from '../src/discord/inert-text';
import { LIMITS, trimText } from '../src/discord/limits';
import { discordFeedStatusStyle } from '../src/discord/timestamps';
import { operatorCommand, refuseUnlessOperator } from '../src/discord/operator';
import { reply } from '../src/discord/reply';
import { feedStoreFor } from '../src/db/feeds';
import { FeedsFileError, isHttpUrl, type FeedEntry } from '../src/feeds/feeds-file';
import { describeFeedStatus, readFeedStatuses } from '../src/feeds/status';

export const data = operatorCommand(
  'feeds',
  'List, add or remove the RSS/Atom feeds the bot polls (the bot operator only).',
)
  .addSubcommand((sub) =>
    sub.setName('list').setDescription('The feeds, with their last successful poll and last error.'),
  )
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Add a feed; the bot polls it within a minute.')
      .addStringOption((o) =>
        o
          .setName('url')
          .setDescription('Address of the RSS or Atom feed (http or https).')
          .setRequired(true)
          .setMaxLength(2000),
      )
      .addStringOption((o) =>
        o.setName('outlet').setDescription('Outlet name in citations (default: the feed title).').setMaxLength(100),
      )
      .addStringOption((o) =>
        o
          .setName('keywords')
          .setDescription('Comma-separated: keep only items mentioning one of these.')
          .setMaxLength(500),
      )
      .addNumberOption((o) =>
        o.setName('interval').setDescription('Minutes between polls (default 30).').setMinValue(1).setMaxValue(10_080),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Stop polling a feed (its saved articles stay).')
      .addStringOption((o) =>
        o.setName('url').setDescription('Address of the feed, as listed.').setRequired(true).setMaxLength(2000),
      ),
  );

/** Same as /reindex: what the bot knows belongs to its operator, not to one server's admins. */
export const scope: CommandScope = 'operator';

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  if (!(await refuseUnlessOperator(interaction, context.operators))) return;
  const { config, log } = context;
  const feeds = feedStoreFor(config, context.store, log);
  const answer = (content: string) =>
    reply(interaction, { content: trimText(content, LIMITS.content), flags: MessageFlags.Ephemeral });
  try {
    switch (interaction.options.getSubcommand()) {
      case 'list': {
        const statuses = await readFeedStatuses(feeds);
        if (statuses.length === 0) return await answer('No feeds yet. Add one with `/feeds add url:<feed address>`.');
        const lines = statuses.map(
          (s) =>
            `• ${inertText(`${s.outlet ? `${s.outlet} ` : ''}${s.url}`, { oneLine: true })}: ${describeFeedStatus(s, discordFeedStatusStyle)}`,
        );
        return await answer(`**Feeds (${statuses.length})**\n${lines.join('\n')}`);
      }
      case 'add': {
        const entry: FeedEntry = { url: interaction.options.getString('url', true).trim() };
        // Said in the bot's own words: the file's error would echo the address through inertText.
        if (!isHttpUrl(entry.url)) {
          return await answer(
            "That is not a feed's web address. Give the whole address, starting with `https://` or `http://`, e.g. `https://example.com/feed.xml`.",
          );
        }
        const outlet = interaction.options.getString('outlet');
        const keywords = interaction.options.getString('keywords');
        const interval = interaction.options.getNumber('interval');
        if (outlet) entry.outlet = outlet;
        if (keywords)
          entry.keywords = keywords
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean);
        if (interval) entry.intervalMinutes = interval;
        const added = await feeds.addFeed(entry, config.feeds);
        log.info('feeds: feed added', { url: added.url, user: interaction.user.id });
        return await answer(
          `Added ${inertText(added.url, { oneLine: true })}. It is polled within ${config.feeds.checkSeconds} s, then every ${added.intervalMinutes ?? 30} min.`,
        );
      }
      case 'remove': {
        const url = interaction.options.getString('url', true);
        const removed = await feeds.removeFeed(url);
        if (removed) log.info('feeds: feed removed', { url, user: interaction.user.id });
        const shown = inertText(url, { oneLine: true });
        return await answer(
          removed ? `Removed ${shown}; its saved articles stay in the index.` : `${shown} is not in the feeds list.`,
        );
      }
    }
  } catch (error) {
    if (!(error instanceof FeedsFileError)) throw error;
    await answer(inertText(error.message));
  }
}

import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIEmbed } from 'discord.js';
import type { SourceSummary } from '../index/types';
import { describeFeedStatus, type FeedStatus } from '../feeds/status';
import { inertText, visibleText } from './inert-text';
import { LIMITS, trimText } from './limits';
import { countOf } from './plural';
import { discordFeedStatusStyle, discordTime } from './timestamps';

export const SOURCES_PAGE_SIZE = 20;
const COLOR = 0x2f855a;
const OUTLET_NAME_MAX = 100;

/** Outlets whose name contains `filter` (case-insensitive), names starting with it first. */
export function matchOutlets(sources: SourceSummary[], filter: string): SourceSummary[] {
  const needle = filter.trim().toLowerCase();
  const sorted = [...sources].sort((a, b) => b.articles - a.articles || a.outlet.localeCompare(b.outlet));
  if (!needle) return sorted;
  const hits = sorted.filter((s) => s.outlet.toLowerCase().includes(needle));
  const starts = hits.filter((s) => s.outlet.toLowerCase().startsWith(needle));
  return [...starts, ...hits.filter((s) => !s.outlet.toLowerCase().startsWith(needle))];
}

function outletLine(s: SourceSummary): string {
  const count = countOf(s.articles, 'article');
  const when = s.latest ? discordTime(s.latest.slice(0, 10), 'D') : null;
  const latest = when ? `, latest ${when}` : '';
  return `**${inertText(trimText(s.outlet, OUTLET_NAME_MAX), { oneLine: true })}**: ${count}${latest}`;
}

/** customId of a page button; the filter rides along so paging needs no server-side state. */
export function pageButtonId(page: number, filter: string, direction: 'prev' | 'next'): string {
  const head = `sources:page:${page}:${direction}:`;
  return head + filter.slice(0, LIMITS.customId - head.length);
}

export function parsePageButtonId(customId: string): { page: number; filter: string } | null {
  const match = /^sources:page:(\d+):(?:prev|next):(.*)$/s.exec(customId);
  if (!match?.[1]) return null;
  return { page: Number(match[1]), filter: match[2] ?? '' };
}

export interface SourcesPage {
  embeds: APIEmbed[];
  components: ActionRowBuilder<ButtonBuilder>[];
}

/** One page of the outlet list, with Previous/Next buttons when there is more than one page. */
export function sourcesPage(
  sources: SourceSummary[],
  filter: string,
  requestedPage: number,
  feeds: FeedStatus[] = [],
): SourcesPage {
  const matches = matchOutlets(sources, filter);
  const pages = Math.max(1, Math.ceil(matches.length / SOURCES_PAGE_SIZE));
  const page = Math.min(Math.max(0, requestedPage), pages - 1);
  const articles = matches.reduce((sum, s) => sum + s.articles, 0);

  if (matches.length === 0) {
    const description = filter.trim()
      ? `No outlet matches "${inertText(trimText(filter.trim(), OUTLET_NAME_MAX), { oneLine: true })}".`
      : 'The index holds no articles yet. An admin can run /reindex.';
    return { embeds: [withFeeds({ title: 'Sources', description, color: COLOR }, feeds)], components: [] };
  }

  const shown = matches.slice(page * SOURCES_PAGE_SIZE, (page + 1) * SOURCES_PAGE_SIZE);
  const heading = filter.trim()
    ? `Sources matching "${inertText(trimText(filter.trim(), 60), { oneLine: true })}"`
    : 'Sources';
  const embed: APIEmbed = {
    title: trimText(`${heading}: ${countOf(matches.length, 'outlet')}, ${countOf(articles, 'article')}`, LIMITS.title),
    description: trimText(shown.map(outletLine).join('\n'), LIMITS.description),
    color: COLOR,
    footer: { text: `Page ${page + 1} of ${pages}` },
  };
  withFeeds(embed, feeds);
  if (pages === 1) return { embeds: [embed], components: [] };

  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(pageButtonId(page - 1, filter, 'prev'))
      .setLabel('Previous')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page === 0),
    new ButtonBuilder()
      .setCustomId(pageButtonId(page + 1, filter, 'next'))
      .setLabel('Next')
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page === pages - 1),
  );
  return { embeds: [embed], components: [row] };
}

/** A "Feeds" field: each feed's last successful poll and its error, if any. */
function withFeeds(embed: APIEmbed, feeds: FeedStatus[]): APIEmbed {
  if (feeds.length === 0) return embed;
  const lines = feeds.map(
    (f) =>
      `**${inertText(trimText(f.outlet ?? f.url, OUTLET_NAME_MAX), { oneLine: true })}**: ${describeFeedStatus(f, discordFeedStatusStyle)}`,
  );
  embed.fields = [{ name: `Feeds (${feeds.length})`, value: trimText(lines.join('\n'), LIMITS.fieldValue) }];
  return embed;
}

/** Autocomplete choices for the outlet option: at most 25, names within 100 characters. */
export function outletChoices(sources: SourceSummary[], typed: string): { name: string; value: string }[] {
  return matchOutlets(sources, typed)
    .slice(0, LIMITS.choices)
    .map((s) => ({
      name: trimText(visibleText(`${s.outlet} (${s.articles})`), LIMITS.choiceName),
      value: s.outlet.slice(0, LIMITS.choiceValue),
    }));
}

import type { APIEmbed } from 'discord.js';
import type { ReindexProgress, ReindexSummary } from '../index/types';
import { inertText, visibleText } from './inert-text';
import { LIMITS, trimText } from './limits';
import { countOf } from './plural';

const COLOR = 0x805ad5;
const MAX_SKIPPED_SHOWN = 15;

/**
 * How each phase reads while it runs. Reading and saving report only start and end (0 of 1, 1 of
 * 1), so they get a sentence rather than a count; the others count what they work through.
 */
export const PROGRESS_WORDING: Record<ReindexProgress['phase'], { label: string; unit: string | null }> = {
  reading: { label: 'Reading the articles folder…', unit: null },
  chunking: { label: 'Splitting articles into passages', unit: 'article' },
  embedding: { label: 'Embedding', unit: 'article' },
  indexing: { label: 'Indexing passages', unit: 'passage' },
  saving: { label: 'Saving the index…', unit: null },
};

export function reindexProgressEmbed(progress: ReindexProgress): APIEmbed {
  const { label, unit } = PROGRESS_WORDING[progress.phase];
  const pct = progress.total > 0 ? ` (${Math.floor((progress.done / progress.total) * 100)}%)` : '';
  const count = unit ? `: ${progress.done.toLocaleString('en-US')} of ${countOf(progress.total, unit)}${pct}` : '';
  return { title: 'Reindexing', description: `${label}${count}`, color: COLOR };
}

export function reindexSummaryEmbed(summary: ReindexSummary): APIEmbed {
  const fields = [
    { name: 'Articles', value: String(summary.articles), inline: true },
    { name: 'Chunks', value: String(summary.chunks), inline: true },
    { name: 'Changed', value: String(summary.changedArticles), inline: true },
    { name: 'Removed', value: String(summary.removedArticles), inline: true },
    { name: 'Seconds', value: summary.seconds.toFixed(1), inline: true },
    {
      name: 'Retrieval',
      value: trimText(
        summary.model ? `hybrid (${inertText(summary.model, { oneLine: true })})` : 'lexical only',
        LIMITS.fieldValue,
      ),
      inline: true,
    },
  ];
  if (summary.untitled > 0) {
    fields.push({ name: 'Untitled', value: `${summary.untitled} (title taken from the text or URL)`, inline: false });
  }
  if (summary.rebuildReason) {
    fields.push({
      name: 'Full rebuild',
      value: trimText(inertText(summary.rebuildReason), LIMITS.fieldValue),
      inline: false,
    });
  }
  if (summary.skipped.length > 0) {
    const lines = summary.skipped
      .slice(0, MAX_SKIPPED_SHOWN)
      .map((s) => trimText(`${inertText(s.file, { oneLine: true })}: ${inertText(s.reason, { oneLine: true })}`, 200));
    const more = summary.skipped.length - MAX_SKIPPED_SHOWN;
    if (more > 0) lines.push(`…and ${more} more`);
    fields.push({
      name: `Skipped files (${summary.skipped.length})`,
      value: trimText(lines.join('\n'), LIMITS.fieldValue),
      inline: false,
    });
  }
  return {
    title: 'Reindex finished',
    color: COLOR,
    fields,
    footer: { text: trimText(visibleText(`index version ${summary.version}`), LIMITS.footer) },
  };
}

/** A reindex that failed: why, and that the version serving before still answers. */
export function reindexFailedEmbed(reason: string, servingVersion: string): APIEmbed {
  return {
    title: 'Reindex failed',
    description: trimText(
      `${inertText(reason)}\n\nNothing changed: questions are still answered from the index as it was.`,
      LIMITS.description,
    ),
    color: 0xc53030,
    footer: { text: trimText(visibleText(`index version ${servingVersion}`), LIMITS.footer) },
  };
}

import { Command } from 'commander';
import type { ReindexSummary } from '../index/types';
import { reindexProgressBar } from './progress';
import { cliLogger } from './logger';
import { loadConfigOrExit } from '../startup';
import { openEngine } from '../engine';
import { openIndexSharing } from '../index/published';

const program = new Command()
  .name('reindex')
  .description(
    'Read the articles folder and update the index: only new or changed articles are embedded again. The previous index keeps serving until the new one is complete.',
  )
  .option('--json', 'print the summary as JSON')
  .action(async (options: { json?: boolean }) => {
    const config = loadConfigOrExit();
    const log = cliLogger(config, options.json === true);
    const started = performance.now();
    const bar = reindexProgressBar();
    const opening: { build?: ReindexSummary } = {};
    // With DATABASE_URL the reindex starts from the version the replicas serve, and publishes its result to them.
    const sharing = await openIndexSharing(config, log);
    const engine = await openEngine(config, {
      log,
      onProgress: bar.onProgress,
      onOpeningBuild: (summary) => (opening.build = summary),
      rebuildDamagedInBackground: false,
      // The configured model, even over a lexical-only index: a reindex is how the index gains it.
      model: 'configured',
      published: sharing,
    });
    // A first run (or a damaged index without a good previous version, or a new model) has just
    // built the index while opening: that build is this reindex. Otherwise the index loaded (or its
    // previous version did, the live one being damaged), and is updated now.
    const openSeconds = (performance.now() - started) / 1000;
    const summary = opening.build ?? (await engine.reindex({ onProgress: bar.onProgress }));
    bar.stop();
    await engine.close();
    await sharing?.close();
    const loadSeconds = openSeconds - (opening.build?.seconds ?? 0);
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(`${formatSummary(summary, loadSeconds)}\n`);
  });

function formatSummary(summary: ReindexSummary, loadSeconds: number): string {
  const lines = [
    `Indexed ${summary.articles} articles in ${summary.chunks} chunks (${summary.changedArticles} new or changed, ${summary.removedArticles} removed) in ${summary.seconds.toFixed(1)} s` +
      (loadSeconds > 1 ? ` (plus ${loadSeconds.toFixed(1)} s loading the model and index).` : '.'),
    `Retrieval: ${summary.model ? `hybrid (BM25 + ${summary.model})` : 'lexical only (BM25): no embedding model loaded'}.`,
  ];
  if (summary.rebuildReason && summary.rebuildReason !== 'no previous index')
    lines.push(`Full rebuild: ${summary.rebuildReason}.`);
  if (summary.untitled > 0)
    lines.push(`untitled: ${summary.untitled} (indexed with a title taken from the text or URL)`);
  if (summary.skipped.length > 0) {
    lines.push(`Skipped ${summary.skipped.length} file(s):`);
    for (const s of summary.skipped) lines.push(`  ${s.file}: ${s.reason}`);
  }
  return lines.join('\n');
}

await program.parseAsync();

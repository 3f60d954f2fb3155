/**
 * /latest at corpus scale: builds the story catalog from the shared corpus's headlines (once per
 * index load in the bot), then times `latestStories` plus the Discord embed for the show names
 * the catalog offers, a made-up miss, and "every story". Prints the catalog's top show names and
 * a few merged stories so the merging can be read, not only timed.
 *
 *   npx tsx bench/latest.ts [corpus dir] [article limit]
 */
import path from 'node:path';
import { latestEmbed } from '../src/discord/latest-embeds';
import type { ArticleMeta } from '../src/ingest/types';
import { buildCatalog, latestStories, matchShows } from '../src/retrieve/latest';
import { corpusFiles, readCorpus } from './corpus';
import { describeMachine } from './machine';
import { percentile } from './stats';

const dir = process.argv[2] ?? '/work/shared/corpus';
const limit = Number(process.argv[3] ?? Infinity);

const articles: ArticleMeta[] = [];
for await (const fields of readCorpus(
  corpusFiles(dir).filter((f) => path.basename(f).startsWith('news-')),
  limit,
)) {
  const day = fields.published?.replace(/\//g, '-').slice(0, 10) ?? null;
  articles.push({
    id: fields.id ?? `${articles.length}`,
    file: fields.file ?? '',
    title: fields.title ?? '',
    outlet: fields.outlet ?? 'unknown',
    url: fields.url ?? null,
    published: day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null,
    show: null,
  });
}

const catalogStart = performance.now();
const catalog = buildCatalog(articles);
const catalogMs = performance.now() - catalogStart;

const asOf = new Date();
const shows = catalog.shows.map((s) => s.name);
const queries = [...shows, 'Made Up Show That Is Not There', null];
const samples: number[] = [];
let merged = 0;
let stories = 0;
const examples: string[] = [];
for (let round = 0; round < 5; round++) {
  for (const show of queries) {
    const started = performance.now();
    const latest = latestStories(catalog, show, asOf.toISOString().slice(0, 10));
    latestEmbed(latest, asOf);
    samples.push(performance.now() - started);
    if (round > 0) continue;
    stories += latest.stories.length;
    for (const story of latest.stories) {
      if (story.articles.length < 2) continue;
      merged += 1;
      if (examples.length < 40)
        examples.push(`${show ?? '(all)'}: ${story.articles.map((a) => `${a.outlet}: ${a.title}`).join(' || ')}`);
    }
  }
}
const autocompleteStart = performance.now();
for (const typed of ['a', 'the', 'st', 'house', 'x']) matchShows(catalog, typed);
const autocompleteMs = (performance.now() - autocompleteStart) / 5;

const machine = describeMachine();
console.log(
  `machine: ${machine.cpus} vCPU ${machine.cpuModel}, Node ${machine.node}, load ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `articles: ${articles.length} (${catalog.entries.length} dated); catalog built in ${catalogMs.toFixed(1)} ms; ${shows.length} show names`,
);
console.log(
  `top shows: ${catalog.shows
    .slice(0, 30)
    .map((s) => `${s.name} (${s.headlines})`)
    .join(', ')}`,
);
console.log(
  `/latest over ${samples.length} calls (${queries.length} names × 5): p50 ${percentile(samples, 50).toFixed(2)} ms, p95 ${percentile(samples, 95).toFixed(2)} ms, max ${Math.max(...samples).toFixed(2)} ms`,
);
console.log(
  `stories listed: ${stories}; merged from 2+ reports: ${merged}; autocomplete ${autocompleteMs.toFixed(2)} ms`,
);
for (const e of examples) console.log(`  merged: ${e}`);

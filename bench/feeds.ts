import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFeedsFile } from '../src/feeds/feeds-file';
import type { ArticleFields } from '../src/ingest/article';
import { articlePage, feed, rss, startFeedServer, text, type FeedServer } from '../test/support/feed-server';
import { corpusFiles, readCorpus } from './corpus';
import type { FeedsRunJob, FeedsRunResult } from './feeds-run';
import { describeMachine } from './machine';

/**
 * `npm run bench -- --feeds`: 1,000 feed items served by local web servers on 127.0.0.1, their
 * pages built from the shared corpus texts (read in place), polled, extracted, saved and indexed
 * with lexical retrieval: once quietly and once with /ask questions arriving the whole time.
 */

type TitledArticle = ArticleFields & { title: string };

export interface FeedsBenchOptions {
  corpus: string;
  items: number;
  hosts: number;
  hostDelayMs: number;
  out: string;
}

const TARGET_SECONDS = 60;

export async function runFeedsBench(options: FeedsBenchOptions, repoRoot: string): Promise<void> {
  const files = corpusFiles(options.corpus);
  if (files.length === 0) {
    process.stdout.write(`No corpus at ${options.corpus} (*.jsonl.gz); nothing to measure.\n`);
    return;
  }
  // Feed items always carry a title; corpus records without one are left out.
  const served: TitledArticle[] = [];
  const seeded: TitledArticle[] = [];
  for await (const fields of readCorpus(files, options.items * 2)) {
    const title = fields.title;
    if (title) (served.length < options.items ? served : seeded).push({ ...fields, title });
  }

  const servers = await Promise.all(
    Array.from({ length: options.hosts }, () => startFeedServer({ robots: 'User-agent: *\nAllow: /\n' })),
  );
  const work = await mkdtemp(path.join(tmpdir(), 'bench-feeds-'));
  try {
    const feedUrls = serve(servers, served);
    const last = served.length - 1;
    const lastUrl = `${servers[last % servers.length]!.origin}/a/${last}`;
    const questions = seeded.slice(0, 300).map((a) => a.title);
    const runs: { label: string; result: FeedsRunResult }[] = [];
    for (const [label, asking] of [
      ['quiet', false],
      ['under /ask load', true],
    ] as const) {
      say(`feeds: ${label} ...`);
      const dir = path.join(work, label.replace(/\W+/g, '-'));
      const job: FeedsRunJob = {
        articlesDir: path.join(dir, 'articles'),
        indexDir: path.join(dir, 'index'),
        feedsFile: path.join(dir, 'feeds.json'),
        stateFile: path.join(dir, 'feeds-state.json'),
        hostDelayMs: options.hostDelayMs,
        questions: asking ? questions : [],
        lastItemQuestion: served[last]!.title,
        lastItemUrl: lastUrl,
        resultFile: path.join(dir, 'result.json'),
      };
      await mkdir(job.articlesDir, { recursive: true });
      // Articles already known before the poll, so /ask does real retrieval work meanwhile.
      // In files of 100, each well under MAX_ARTICLE_BYTES.
      for (let start = 0; start < seeded.length; start += 100) {
        const records = seeded
          .slice(start, start + 100)
          .map((a) =>
            JSON.stringify({ title: a.title, text: a.text, outlet: a.outlet, url: a.url, published: a.published }),
          );
        await writeFile(path.join(job.articlesDir, `known-${start / 100}.jsonl`), records.join('\n'));
      }
      await writeFeedsFile(job.feedsFile, { feeds: feedUrls.map((url) => ({ url })) });
      await child(repoRoot, ['bench/feeds-run.ts', JSON.stringify(job)]);
      const result = JSON.parse(await readFile(job.resultFile, 'utf8')) as FeedsRunResult;
      say(
        `feeds: ${label}: ${result.items} items in ${result.totalSeconds.toFixed(1)} s (${result.itemsPerSecond.toFixed(1)}/s), peak RSS ${Math.round(result.peakRssMb)} MB`,
      );
      runs.push({ label, result });
    }
    const report = formatFeedsReport(options, runs, runs[0]?.result.knownArticles ?? 0);
    process.stdout.write(`\n${report}`);
    await mkdir(options.out, { recursive: true });
    const date = new Date().toISOString().slice(0, 10);
    await writeFile(path.join(options.out, `feeds-${date}.md`), report);
    await writeFile(path.join(options.out, 'feeds-latest.md'), report);
    say(`wrote ${path.join(options.out, `feeds-${date}.md`)} and feeds-latest.md`);
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await rm(work, { recursive: true, force: true });
  }
}

/** Spreads the articles over the servers (one outlet each): an RSS feed per server and one page per item. */
function serve(servers: FeedServer[], articles: TitledArticle[]): string[] {
  const byServer = servers.map(() => [] as { title: string; link: string; published?: string }[]);
  articles.forEach((article, i) => {
    const server = servers[i % servers.length]!;
    const link = `${server.origin}/a/${i}`;
    const paragraphs = article.text
      .split(/\n+/)
      .map((p) => p.trim())
      .filter(Boolean);
    server.route(
      `/a/${i}`,
      text(
        articlePage({
          title: article.title,
          paragraphs,
          siteName: article.outlet ?? undefined,
          published: article.published ?? undefined,
        }),
      ),
    );
    byServer[i % servers.length]!.push({
      title: article.title,
      link,
      published: article.published ? new Date(article.published).toUTCString() : undefined,
    });
  });
  return servers.map((server, h) => {
    const xml = rss(`Bench Outlet ${h + 1}`, byServer[h]!);
    server.route(
      '/feed.xml',
      feed(() => xml),
    );
    return `${server.origin}/feed.xml`;
  });
}

function formatFeedsReport(
  options: FeedsBenchOptions,
  runs: { label: string; result: FeedsRunResult }[],
  known: number,
): string {
  const m = describeMachine();
  const row = (name: string, value: (r: FeedsRunResult) => string) =>
    `| ${name} | ${runs.map((run) => value(run.result)).join(' | ')} |`;
  const ms = (v: number | null) => (v === null ? '–' : v.toFixed(1));
  return [
    `# Feeds bench, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}. Lexical retrieval (no embedding model).`,
    `${options.items} items from ../shared/corpus texts as article pages, ${options.hosts} local servers on 127.0.0.1 (one outlet and one RSS feed each), ${options.hostDelayMs} ms pause between requests to one host, ${known.toLocaleString('en-US')} other corpus articles already indexed. /ask load: questions (corpus titles) asked back to back in the same process for the whole round.`,
    '',
    `| measure | ${runs.map((r) => r.label).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
    row('items polled', (r) => String(r.items)),
    row(
      'saved (new or changed) / same text or address as another item / skipped',
      (r) => `${r.saved} / ${r.items - r.saved - r.skipped} / ${r.skipped}`,
    ),
    row('failed feeds', (r) => String(r.failedFeeds)),
    row('poll (fetch, extract, save), s', (r) => r.pollSeconds.toFixed(1)),
    row('incremental reindex, s', (r) => r.reindexSeconds.toFixed(1)),
    row('total, s', (r) => r.totalSeconds.toFixed(1)),
    row('items per second', (r) => r.itemsPerSecond.toFixed(1)),
    row('peak RSS, MB', (r) => String(Math.round(r.peakRssMb))),
    row('/ask answered during the poll (p50 / p95 ms)', (r) =>
      r.asks ? `${r.asks} (${ms(r.askP50Ms)} / ${ms(r.askP95Ms)})` : '–',
    ),
    row('last item in the top 5 retrieved for its title after the round', (r) => (r.lastItemRetrieved ? 'yes' : 'no')),
    row(`target: all in under ${TARGET_SECONDS} s`, (r) =>
      r.totalSeconds < TARGET_SECONDS && r.items >= options.items ? 'met' : '**missed**',
    ),
    '',
  ].join('\n');
}

function child(repoRoot: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${args[0]} ended with ${signal ?? `exit ${code}`}`)),
    );
  });
}

function say(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

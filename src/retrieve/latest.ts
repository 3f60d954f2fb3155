import type { ArticleMeta } from '../ingest/types';
import { contentTerms, words } from '../text/terms';
import { jaccard } from '../text/overlap';
import { alternation, numberWords } from '../answer/lexicon';

/**
 * "What's new with <show>?": the most recent stories about a show up to a day, newest first, one
 * entry per story however many outlets carried it. A story is an article whose headline names
 * the show (or whose metadata says it covers it); reports of one story are headlines about the
 * same thing within a few days of each other.
 */

/** Tuning values for /latest, each with the figure behind it. */
export const LATEST_DEFAULTS = {
  /** Stories listed: ten one-line entries fill an embed without scrolling on a phone. */
  stories: 10,
  /**
   * Days within which two headlines can be one story, counted from the story's newest report.
   * Outlets follow a scoop within a day or two; a longer window would join a re-run of old news
   * ("season 2 filming") to the story it repeats.
   */
  windowDays: 3,
  /**
   * Share of headline terms (show name left out) two reports must share (Jaccard). Rewordings of
   * one item ("Netflix renews Harbor Lights for a third season" / "Harbor Lights renewed for
   * season 3 at Netflix": netflix, renew, season of 5 terms) sit at 0.4–0.6; two stories about one
   * show share about one term ("season") of 6–8, about 0.15. Read on the corpus: 14 of the 17
   * merges bench/latest.ts lists join one event, 1 joins two stories (bench/results/latest-2026-12-06.md).
   */
  sameStory: 0.34,
  /** A quoted or "<Name> Season N" title must head this many headlines to be offered as a show. */
  minHeadlines: 2,
  /** Show names offered; Discord shows at most 25 autocomplete choices anyway. */
  shows: 25,
} as const;

/** One article as the catalog keeps it. */
interface Entry {
  article: ArticleMeta;
  /** Lowercased words of the headline and show, joined by single spaces and padded with one. */
  haystack: string;
  /** Stemmed content terms of the headline; made when a query first needs them (most never are). */
  terms: string[] | null;
  /** Days since 1970 of its published day. */
  day: number;
}

/** The index's articles prepared once per index load: dated ones newest first, and the show names. */
export interface StoryCatalog {
  entries: Entry[];
  /** Word → positions in `entries` of the headlines holding it, ascending (newest first). */
  postings: Map<string, number[]>;
  /** Show names found in headlines and metadata, most headlines first. */
  shows: { name: string; headlines: number }[];
}

/** A story: its first report (headline and link) and every outlet that carried it, first first. */
export interface Story {
  title: string;
  url: string | null;
  /** The day it was first reported (`YYYY-MM-DD`). */
  published: string;
  outlets: string[];
  articles: ArticleMeta[];
}

export interface LatestStories {
  /** The show as asked, or null for every story. */
  show: string | null;
  stories: Story[];
  /** Articles about the show up to the day, before merging. */
  matched: number;
}

const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const phrase = (text: string) => ` ${words(text).join(' ')} `;

const catalogs = new WeakMap<object, StoryCatalog>();

/**
 * The catalog of an index version, built on first use and kept while the version serves: a
 * reindex makes a new snapshot, so a new catalog (433 ms for 19,406 headlines on a loaded 2-vCPU
 * machine, bench/latest.ts, 2026-12-06).
 */
export function catalogOf(snapshot: { articles(): Iterable<ArticleMeta> }): StoryCatalog {
  let catalog = catalogs.get(snapshot);
  if (!catalog) {
    catalog = buildCatalog(snapshot.articles());
    catalogs.set(snapshot, catalog);
  }
  return catalog;
}

export function buildCatalog(articles: Iterable<ArticleMeta>): StoryCatalog {
  const entries: Entry[] = [];
  const undatedShows: ArticleMeta[] = [];
  for (const article of articles) {
    // An undated article cannot be placed among the latest; it still names shows.
    if (!article.published) {
      undatedShows.push(article);
      continue;
    }
    entries.push({
      article,
      haystack: phrase(`${article.title} ${article.show ? `| ${article.show}` : ''}`),
      terms: null,
      day: dayNumber(article.published),
    });
  }
  entries.sort((a, b) => b.day - a.day || (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0));
  const postings = new Map<string, number[]>();
  for (const [i, entry] of entries.entries()) {
    for (const word of new Set(entry.haystack.trim().split(' '))) {
      const list = postings.get(word);
      if (list) list.push(i);
      else postings.set(word, [i]);
    }
  }
  return { entries, postings, shows: showNames([...entries.map((e) => e.article), ...undatedShows]) };
}

/** Quoted titles in headlines: ‘Harbor Lights’, "Harbor Lights", “Harbor Lights”. */
const QUOTED_TITLE = /(?:^|[\s(:])[‘'"“]([A-Z0-9][^‘’'"“”]{1,60}?)[’'"”](?=[\s,.:;!?)]|$)/gu;
/** Title-cased words right before "Season N": "Harbor Lights Season 3 …", "Harbor Lights season two". */
const BEFORE_SEASON = new RegExp(
  `(?<![\\p{L}'‘’"“])((?:[A-Z0-9][\\p{L}\\p{N}&.-]*(?:['’]\\p{L}+)?\\s+){1,5})(?:Season|season|Series|series)\\s+(?:\\d+|${alternation(numberWords.slice(1, 11))})\\b`,
  'gu',
);
/** Leading words that are not part of a show's name ("Netflix's Harbor Lights Season 2"). */
const NOT_A_NAME_START = /^(?:the\s+)?(?:[\p{L}]+['’]s\s+)+/iu;

/**
 * Show names the index knows: the articles' own `show`, then titles quoted in headlines or
 * followed by "Season N" at least `minHeadlines` times. About 120 ms for 19,406 headlines on a
 * loaded 2-vCPU machine (2026-12-06), once per index version.
 */
export function showNames(articles: ArticleMeta[]): { name: string; headlines: number }[] {
  const counts = new Map<string, { forms: Map<string, number>; headlines: number; fromMeta: boolean }>();
  const note = (raw: string, fromMeta: boolean) => {
    const name = raw
      .replace(NOT_A_NAME_START, '')
      .replace(/^[\s'‘’"“”:.,-]+|[\s'‘’"“”:,-]+$/gu, '')
      .trim();
    const key = words(name).join(' ');
    if (key.length < 2 || key.split(' ').length > 6) return;
    const entry = counts.get(key) ?? { forms: new Map<string, number>(), headlines: 0, fromMeta: false };
    entry.forms.set(name, (entry.forms.get(name) ?? 0) + 1);
    entry.headlines += 1;
    entry.fromMeta ||= fromMeta;
    counts.set(key, entry);
  };
  for (const article of articles) {
    if (article.show) note(article.show, true);
    const seen = new Set<string>();
    for (const match of article.title.matchAll(QUOTED_TITLE)) seen.add(match[1] ?? '');
    for (const match of article.title.matchAll(BEFORE_SEASON)) seen.add(match[1] ?? '');
    for (const name of seen) if (name) note(name, false);
  }
  return [...counts.values()]
    .filter((c) => c.fromMeta || c.headlines >= LATEST_DEFAULTS.minHeadlines)
    .map((c) => ({ name: [...c.forms].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '', headlines: c.headlines }))
    .sort((a, b) => b.headlines - a.headlines || a.name.localeCompare(b.name));
}

/** Show names for autocomplete: those starting with what was typed first, then containing it. */
export function matchShows(catalog: StoryCatalog, typed: string, limit: number = LATEST_DEFAULTS.shows): string[] {
  const needle = words(typed).join(' ');
  if (!needle) return catalog.shows.slice(0, limit).map((s) => s.name);
  const starts: string[] = [];
  const contains: string[] = [];
  for (const { name } of catalog.shows) {
    const key = words(name).join(' ');
    if (key.startsWith(needle)) starts.push(name);
    else if (key.includes(needle)) contains.push(name);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}

/**
 * The latest stories about `show` (every story when null) published on or before `asOfDay`
 * (`YYYY-MM-DD`, null: no limit), newest first, reports of one story merged. Scans the catalog
 * newest first and stops once `stories` stories are complete, so it costs in proportion to how
 * far back the show's latest stories go, not to the index.
 */
export function latestStories(
  catalog: StoryCatalog,
  show: string | null,
  asOfDay: string | null,
  options: { stories?: number } = {},
): LatestStories {
  const wanted = options.stories ?? LATEST_DEFAULTS.stories;
  const needle = show ? phrase(show) : null;
  if (needle !== null && needle.trim() === '') return { show, stories: [], matched: 0 };
  const showTerms = new Set(show ? contentTerms(show) : []);
  const lastDay = asOfDay ? dayNumber(asOfDay) : Infinity;
  /** Stories being gathered, newest first, with each report's headline terms. */
  const open: { entries: Entry[]; terms: Set<string>[]; newest: number }[] = [];
  let matched = 0;
  for (const entry of candidates(catalog, needle)) {
    if (entry.day > lastDay) continue;
    // Every story that could still gain a report is older than the window from here on: done.
    if (open.length >= wanted && (open[wanted - 1]?.newest ?? Infinity) - entry.day > LATEST_DEFAULTS.windowDays) break;
    if (needle !== null && !entry.haystack.includes(needle)) continue;
    matched += 1;
    entry.terms ??= contentTerms(entry.article.title);
    const terms = new Set(entry.terms.filter((t) => !showTerms.has(t)));
    // Like any one report of the story: a chain of rewordings stays one story.
    const story = open.find(
      (s) =>
        s.newest - entry.day <= LATEST_DEFAULTS.windowDays &&
        s.terms.some((t) => jaccard(t, terms) >= LATEST_DEFAULTS.sameStory),
    );
    if (story) {
      story.entries.push(entry);
      story.terms.push(terms);
    } else {
      open.push({ entries: [entry], terms: [terms], newest: entry.day });
    }
  }
  const stories = open.slice(0, wanted).map((s) => storyOf(s.entries));
  // A story is dated by its first report; merging can reorder stories a day or two apart.
  stories.sort((a, b) => b.published.localeCompare(a.published));
  // Named as the headlines name it ("harbor lights" typed, "Harbor Lights" shown).
  const known = needle && catalog.shows.find((s) => phrase(s.name) === needle)?.name;
  return { show: known || show, stories, matched };
}

/**
 * The entries that can hold `needle`, newest first: those whose headline has its rarest word (the
 * phrase is checked after), so a show costs its own headlines, not the index. Null: every entry.
 */
function* candidates(catalog: StoryCatalog, needle: string | null): Generator<Entry> {
  if (needle === null) {
    yield* catalog.entries;
    return;
  }
  let rarest: number[] | undefined;
  for (const word of needle.trim().split(' ')) {
    const list = catalog.postings.get(word) ?? [];
    if (rarest === undefined || list.length < rarest.length) rarest = list;
  }
  for (const i of rarest ?? []) yield catalog.entries[i]!;
}

/** The entries newest first: the first report gives the headline and link; outlets in order of reporting. */
function storyOf(entries: Entry[]): Story {
  const byAge = [...entries].reverse();
  const first = byAge[0]!.article;
  const outlets: string[] = [];
  for (const e of byAge) if (!outlets.includes(e.article.outlet)) outlets.push(e.article.outlet);
  return {
    title: first.title,
    url: first.url,
    published: first.published ?? '',
    outlets,
    articles: byAge.map((e) => e.article),
  };
}

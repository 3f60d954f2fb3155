/**
 * How often "Outlets differ" fires, and on what, on questions made from the corpus itself rather
 * than from a development set: for each show the /latest catalog finds in a corpus's headlines,
 * templated questions of the slots the detector reads (premiere and finale dates, renewal, episode
 * and season counts; per season when headlines name one), asked as of the day after the show's
 * latest headline. Prints the counts and every flagged answer with its values, outlets, days and
 * quoted sentences, so the flags can be read and judged (docs/experiments/disagreements.md).
 * Lexical retrieval, extractive answers; each corpus's index is built once below the cache folder.
 *
 *   npx tsx bench/disagreement-scan.ts [--shows N] [--cache dir] corpus.jsonl.gz…
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createAnswerCache } from '../src/answer/cache';
import { answerQuestion, retrieveForQuestion } from '../src/answer/pipeline';
import { questionRelation, statementsOf } from '../src/answer/relations';
import { contradicts, readValue, type SlotValue } from '../src/answer/disagreement-values';
import { disagreementDefaults, findDisagreement, subjectKeys } from '../src/answer/disagreement';
import { contentTerms } from '../src/text/terms';
import { termWeight } from '../src/index/term-weight';
import type { IndexSnapshot } from '../src/index/snapshot';
import { readJsonlFile } from '../src/ingest/jsonl-file';
import type { Relation } from '../src/answer/relations';
import { splitSentences } from '../src/text/sentences';
import type { Retrieval } from '../src/retrieve/types';
import { cachedCorpusIndex } from '../src/eval/candidates';
import { buildCatalog } from '../src/retrieve/latest';
import { numberWords, ordinalWords } from '../src/answer/lexicon';
import { dayNumber, parseDay, type Day } from '../src/day';
import type { ArticleMeta } from '../src/ingest/types';
import type { Answer } from '../src/answer/types';
import { describeMachine } from './machine';

const { values: flags, positionals: corpora } = parseArgs({
  allowPositionals: true,
  options: {
    /** Shows per corpus, most headlines first: keeps a run to minutes on a loaded machine. */
    shows: { type: 'string', default: '80' },
    /** Seasons asked about per show, latest first. */
    seasons: { type: 'string', default: '2' },
    /** Days asked on per show: the day after each of its newest headlines. */
    days: { type: 'string', default: '6' },
    /** Also ask of every title a headline quotes once (most are films, books, songs or sayings). */
    quoted: { type: 'boolean', default: false },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'disagreement-scan') },
  },
});
if (corpora.length === 0) {
  process.stderr.write('usage: npx tsx bench/disagreement-scan.ts [--shows N] [--cache dir] corpus.jsonl.gz…\n');
  process.exit(2);
}

interface ShowQuestions {
  show: string;
  asOf: Day;
  questions: string[];
}

const seasonWord = `\\d{1,2}|${numberWords.join('|')}|${ordinalWords.join('|')}`;
const seasonInTitle = new RegExp(`\\bseason\\s+(${seasonWord})\\b|\\b(${ordinalWords.join('|')})\\s+season\\b`, 'gi');

function seasonNumber(word: string): number | null {
  const lower = word.toLowerCase();
  if (/^\d+$/.test(lower)) return Number(lower);
  const cardinal = numberWords.indexOf(lower);
  if (cardinal > 0) return cardinal;
  const ordinal = ordinalWords.indexOf(lower);
  return ordinal >= 0 ? ordinal + 1 : null;
}

function nextDay(day: string): Day {
  const next = new Date(`${day}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return parseDay(next.toISOString().slice(0, 10))!;
}

/**
 * The templated questions for each of the catalog's shows, asked as of the day after each of its
 * headlines (newest `dayLimit` days): a rival report is in reach only in the news cycle it was written in.
 */
function questionsOf(
  articles: ArticleMeta[],
  showLimit: number,
  seasonLimit: number,
  dayLimit: number,
  quotedToo: boolean,
): ShowQuestions[] {
  const catalog = buildCatalog(articles);
  const out: ShowQuestions[] = [];
  // The catalog's shows (two headlines or more), then, with --quoted, every other title a headline quotes.
  const names = catalog.shows.map((show) => show.name);
  if (quotedToo) {
    const known = new Set(names.map((name) => name.toLowerCase()));
    for (const article of articles) {
      for (const match of article.title.matchAll(quotedTitle)) {
        const name = match[1]!.trim();
        if (!known.has(name.toLowerCase()) && name.split(/\s+/).length <= 6) names.push(name);
        known.add(name.toLowerCase());
      }
    }
  }
  for (const name of names.slice(0, showLimit)) {
    const needle = name.toLowerCase();
    const about = articles.filter((a) => a.published !== null && a.title.toLowerCase().includes(needle));
    const days = [...new Set(about.map((a) => a.published!))].sort().reverse().slice(0, dayLimit);
    for (const day of days) {
      // The seasons its headlines name up to that day, latest named first.
      const seasons = new Map<number, string>();
      for (const article of about.filter((a) => a.published! <= day)) {
        for (const match of article.title.matchAll(seasonInTitle)) {
          const n = seasonNumber(match[1] ?? match[2] ?? '');
          if (n !== null && n > 0 && n < 40 && (seasons.get(n) ?? '') < article.published!)
            seasons.set(n, article.published!);
        }
      }
      const questions = [`When does ${name} premiere?`, `When is the ${name} finale?`, `When was ${name} renewed?`];
      questions.push(`How many seasons does ${name} have?`, `How many episodes does ${name} have?`);
      const recent = [...seasons].sort((a, b) => b[1].localeCompare(a[1])).slice(0, seasonLimit);
      for (const [n] of recent) {
        questions.push(
          `When does ${name} season ${n} premiere?`,
          `How many episodes does ${name} season ${n} have?`,
          `When is the ${name} season ${n} finale?`,
        );
      }
      out.push({ show: name, asOf: nextDay(day), questions });
    }
  }
  return out;
}

function describeFlag(question: string, asOf: Day, answer: Answer): string {
  const lines = [`Q: ${question} (as of ${asOf}) → **${answer.short ?? ''}** (${answer.disagreement!.about})`];
  for (const value of answer.disagreement!.values) {
    lines.push(`  value "${value.value}"${value.picked ? ' (picked)' : ''}`);
    for (const report of value.reports) {
      lines.push(`    ${report.outlet}, ${report.published ?? 'undated'} — ${report.title}`);
      lines.push(`      "${report.quote.replace(/\s+/g, ' ').slice(0, 400)}"`);
    }
  }
  return lines.join('\n');
}

interface LooseStatement {
  outlet: string;
  published: string | null;
  title: string;
  sentence: string;
  text: string;
  value: SlotValue;
}

/**
 * The detector's chance to fire, read loosely: two outlets whose retrieved passages state values of
 * the asked slot that contradict each other, in reports within the detector's news cycle, with none
 * of its subject, one-value-per-article or bold-answer rules. The first such pair, or null.
 */
function loosePair(question: string, retrieval: Retrieval): [LooseStatement, LooseStatement] | null {
  const asked = questionRelation(question);
  if (asked === null || (asked.wants !== 'date' && asked.wants !== 'count')) return null;
  const kind = asked.wants;
  const found: LooseStatement[] = [];
  for (const passage of retrieval.groups.flatMap((g) => g.passages)) {
    for (const { text: sentence } of splitSentences(passage.text)) {
      for (const statement of statementsOf(asked.relation, sentence)) {
        for (const fill of statement.slots) {
          if (fill.slot !== kind) continue;
          const text = sentence.slice(fill.start, fill.end).trim();
          const value = readValue(kind, text, passage.article.published);
          if (value === null) continue;
          const { outlet, published, title } = passage.article;
          found.push({ outlet, published, title, sentence, text, value });
        }
      }
    }
  }
  for (const a of found) {
    for (const b of found) {
      const [x, y] = [dayNumber(a.published), dayNumber(b.published)];
      const sameCycle = x !== null && y !== null && Math.abs(x - y) <= disagreementDefaults.maxReportDaysApart;
      if (a.outlet < b.outlet && sameCycle && contradicts(a.value, b.value, disagreementDefaults.maxDatesApart))
        return [a, b];
    }
  }
  return null;
}

function describePair(question: string, asOf: Day, short: string | null, pair: LooseStatement[]): string {
  const lines = [`Q: ${question} (as of ${asOf}) → **${short ?? '(none)'}**`];
  for (const s of pair) {
    lines.push(`  "${s.text}" — ${s.outlet}, ${s.published ?? 'undated'} — ${s.title}`);
    lines.push(`      "${s.sentence.replace(/\s+/g, ' ').slice(0, 400)}"`);
  }
  return lines.join('\n');
}

/** The relations the detector reads, the slot each is asked for, and the question asked of a show. */
const askedOf: { relation: Relation; kind: 'date' | 'count'; ask: (show: string, season: string) => string }[] = [
  { relation: 'premiere', kind: 'date', ask: (show, season) => `When does ${show}${season} premiere?` },
  { relation: 'finale', kind: 'date', ask: (show, season) => `When is the ${show}${season} finale?` },
  { relation: 'renewal', kind: 'date', ask: (show) => `When was ${show} renewed?` },
  { relation: 'episodes', kind: 'count', ask: (show, season) => `How many episodes does ${show}${season} have?` },
  { relation: 'seasons', kind: 'count', ask: (show) => `How many seasons does ${show} have?` },
];
const slotWords = /\b(?:premier|debut|return|launch|arriv|final|end|renew|episode|season)/i;

/** A title a headline quotes: ‘Harbor Lights’, "Harbor Lights", “Harbor Lights”. */
const quotedTitle = /(?:^|[\s(:])[‘'"“]([A-Z0-9][^‘’'"“”]{1,60}?)[’'"”](?=[\s,.:;!?)]|$)/gu;

interface Reported extends LooseStatement {
  show: string;
  season: string;
  relation: Relation;
}

/**
 * Where the corpus itself has two outlets stating contradicting values for one show's slot: every
 * sentence (in an article whose headline or sentence names a catalog show, and no other) read for
 * the detector's relations, grouped by show, relation and season; pairs from two outlets within the
 * detector's news cycle whose values contradict. One pair per group, the closest in time.
 */
async function corpusPairs(
  corpus: string,
  shows: string[],
): Promise<{ pairs: [Reported, Reported][]; slots: number; shared: number }> {
  const { articles } = await readJsonlFile(corpus);
  const lowered = shows.map((show) => ({ show, needle: show.toLowerCase() }));
  const groups = new Map<string, Reported[]>();
  for (const article of articles) {
    if (article.published === null) continue;
    // Shows named in the headline: the catalog's, and any title the headline quotes (named once is enough here).
    const quoted = [...article.title.matchAll(quotedTitle)].map((m) => ({ show: m[1]!, needle: m[1]!.toLowerCase() }));
    const inTitle = [...lowered.filter((s) => article.title.toLowerCase().includes(s.needle)), ...quoted].filter(
      (s, i, all) => all.findIndex((t) => t.needle === s.needle) === i,
    );
    for (const { text: sentence } of splitSentences(article.text)) {
      if (!slotWords.test(sentence)) continue;
      const inSentence = lowered.filter((s) => sentence.toLowerCase().includes(s.needle));
      const named = inSentence.length > 0 ? inSentence : inTitle;
      if (named.length !== 1) continue;
      const { show } = named[0]!;
      const keys = subjectKeys(sentence);
      const season = [...(keys.size > 0 ? keys : subjectKeys(article.title))].sort().join(' ');
      for (const { relation, kind } of askedOf) {
        for (const statement of statementsOf(relation, sentence)) {
          for (const fill of statement.slots) {
            if (fill.slot !== kind) continue;
            const text = sentence.slice(fill.start, fill.end).trim();
            const value = readValue(kind, text, article.published);
            if (value === null) continue;
            const { outlet, published, title } = article;
            const key = `${show}\u0000${relation}\u0000${season}`;
            const reported = { outlet, published, title, sentence, text, value, show, season, relation };
            groups.set(key, [...(groups.get(key) ?? []), reported]);
          }
        }
      }
    }
  }
  const pairs: [Reported, Reported][] = [];
  let shared = 0;
  for (const group of groups.values()) {
    const cycle = (a: Reported, b: Reported) =>
      Math.abs((dayNumber(a.published) ?? 0) - (dayNumber(b.published) ?? 0)) <=
      disagreementDefaults.maxReportDaysApart;
    if (group.some((a) => group.some((b) => a.outlet < b.outlet && cycle(a, b)))) shared += 1;
    let best: [Reported, Reported] | null = null;
    let bestGap = Infinity;
    for (const a of group) {
      for (const b of group) {
        const gap = Math.abs((dayNumber(a.published) ?? 0) - (dayNumber(b.published) ?? 0));
        if (a.outlet < b.outlet && gap <= disagreementDefaults.maxReportDaysApart && gap < bestGap) {
          if (!contradicts(a.value, b.value, disagreementDefaults.maxDatesApart)) continue;
          best = [a, b];
          bestGap = gap;
        }
      }
    }
    if (best !== null) pairs.push(best);
  }
  return { pairs, slots: groups.size, shared };
}

/**
 * The detector itself over every sentence of the retrieved passages (the answer reads its best 48),
 * with each article taken as its own outlet when `perArticle`: how it would fire with the outlet rule
 * off, so that its other rules can be read on reports that exist (one outlet moving a date). Null
 * when it does not fire.
 */
function widerReading(
  index: IndexSnapshot,
  question: string,
  picked: string,
  retrieval: Retrieval,
  perArticle: boolean,
): string | null {
  const passages = retrieval.groups.flatMap((g) => g.passages);
  const articles = new Map(passages.map((p) => [p.article.id, p.article]));
  const evidence = passages.flatMap((p) =>
    splitSentences(p.text).map((sentence) => ({ text: sentence.text, articleId: p.article.id, score: 0 })),
  );
  const detected = findDisagreement({
    question,
    relation: questionRelation(question),
    picked,
    evidence,
    questionWeights: new Map(contentTerms(question).map((term) => [term, termWeight(index, term)])),
    articleOf: (id) => {
      const article = articles.get(id);
      return article && { ...article, outlet: perArticle ? `${article.outlet} (${id})` : article.outlet };
    },
  });
  if (detected === null) return null;
  const lines = [`Q: ${question} → **${picked}** (${detected.relation})`];
  for (const value of detected.values) {
    lines.push(`  value "${value.text}"${value.picked ? ' (picked)' : ''}`);
    for (const st of value.statements) {
      const article = articles.get(st.articleId)!;
      lines.push(`    ${article.outlet}, ${st.published ?? 'undated'} — ${article.title}`);
      lines.push(`      "${evidence[st.evidence]!.text.replace(/\s+/g, ' ').slice(0, 400)}"`);
    }
  }
  return lines.join('\n');
}

const showLimit = Number(flags.shows);
const seasonLimit = Number(flags.seasons);
const machine = describeMachine();
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`machine: ${machine.cpus} vCPU ${machine.cpuModel}, Node ${machine.node}, load ${load()}`);
let totalAsked = 0;
let totalAnswered = 0;
let totalFlagged = 0;
const started = process.cpuUsage();
for (const corpus of corpora) {
  process.stderr.write(`Indexing ${corpus} (once; kept in ${flags.cache})…\n`);
  const index = await cachedCorpusIndex(corpus, flags.cache);
  const articles = [...index.articles()];
  const pipeline = { index, embedder: null, llm: null, cache: createAnswerCache({ ttlSeconds: 0 }) };
  let asked = 0;
  let answered = 0;
  const flagged: string[] = [];
  const loose: string[] = [];
  const wider: string[] = [];
  const perArticle: string[] = [];
  for (const { asOf, questions } of questionsOf(articles, showLimit, seasonLimit, Number(flags.days), flags.quoted)) {
    for (const question of questions) {
      asked += 1;
      const answer = await answerQuestion(pipeline, question, { asOf });
      if (answer.short !== null && !answer.abstained) answered += 1;
      if (answer.disagreement) flagged.push(describeFlag(question, asOf, answer));
      const retrieval = await retrieveForQuestion(pipeline, question, { asOf });
      const pair = loosePair(question, retrieval);
      if (answer.short !== null) {
        const wide = widerReading(index, question, answer.short, retrieval, false);
        if (wide !== null) wider.push(`(as of ${asOf}) ${wide}`);
        const own = widerReading(index, question, answer.short, retrieval, true);
        if (own !== null) perArticle.push(`(as of ${asOf}) ${own}`);
      }
      if (pair !== null) loose.push(describePair(question, asOf, answer.short, pair));
    }
  }
  console.log(
    `\n${path.basename(corpus)}: ${articles.length} articles; ${asked} questions, ${answered} with a short answer, ${flagged.length} flagged (load ${load()})`,
  );
  for (const [i, flag] of flagged.entries()) console.log(`\n#${i + 1} ${flag}`);
  console.log(
    `\n${path.basename(corpus)}: ${loose.length} answers where two outlets' passages state contradicting values (loose reading)`,
  );
  for (const [i, pair] of loose.entries()) console.log(`\nloose ${i + 1} ${pair}`);
  console.log(
    `\n${path.basename(corpus)}: detector over every retrieved sentence: ${wider.length} flagged; with each article its own outlet: ${perArticle.length}`,
  );
  for (const [i, flag] of wider.entries()) console.log(`\nwider ${i + 1} ${flag}`);
  for (const [i, flag] of perArticle.entries()) console.log(`\nper-article ${i + 1} ${flag}`);
  // The questions where the corpus gives the detector its chance: asked as of the day after the later report.
  const { pairs, slots, shared } = await corpusPairs(
    corpus,
    buildCatalog(articles).shows.map((show) => show.name),
  );
  let pairFlags = 0;
  const pairLines: string[] = [];
  for (const pair of pairs) {
    const [a, b] = pair;
    const season = a.season.startsWith('season:') ? ` season ${a.season.split(' ')[0]!.slice('season:'.length)}` : '';
    const question = askedOf.find((q) => q.relation === a.relation)!.ask(a.show, season);
    const asOf = nextDay([a.published!, b.published!].sort()[1]!);
    const answer = await answerQuestion(pipeline, question, { asOf });
    asked += 1;
    if (answer.disagreement) pairFlags += 1;
    const outcome = answer.disagreement ? describeFlag(question, asOf, answer) : 'not flagged';
    pairLines.push(`${describePair(question, asOf, answer.short, pair)}\n  → ${outcome}`);
  }
  console.log(
    `\n${path.basename(corpus)}: ${slots} show slots stated, ${shared} by two outlets in one news cycle, ${pairs.length} where two outlets' sentences contradict (corpus scan); ${pairFlags} of their questions flagged`,
  );
  for (const [i, line] of pairLines.entries()) console.log(`\npair ${i + 1} ${line}`);
  totalFlagged += pairFlags;
  totalAsked += asked;
  totalAnswered += answered;
  totalFlagged += flagged.length;
}
const cpu = process.cpuUsage(started);
console.log(
  `\ntotal: ${totalAsked} questions, ${totalAnswered} with a short answer, ${totalFlagged} flagged; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s; load ${load()}`,
);

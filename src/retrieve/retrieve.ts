import type { Embedder } from '../index/types';
import type { ChunkFilter, IndexSnapshot } from '../index/snapshot';
import type { ArticleMeta } from '../ingest/types';
import type { EvidenceGroup, Passage, Retrieval } from './types';
import { fuseScores } from './fuse';
import { groupNearDuplicates } from './group';
import { publishedBy } from './as-of';
import { asksAboutRecentEvents, recencyFactor } from './recency';
import { dayNumber, type Day } from '../day';
import { contentTerms, titleTermSet } from '../text/terms';
import { termWeight } from '../index/term-weight';
import { retrievalDefaults } from './defaults';

const { passagesPerArticle, titleWeight, supportWeight, articleWeight } = retrievalDefaults;

export interface RetrieveOptions {
  /** Candidates taken from each ranking before fusion. */
  candidates?: number;
  /** Passages kept after ranking. */
  limit?: number;
  /** Articles published after this day are not retrieved (undated ones are), and recent ones rank first. */
  asOf?: Day | null;
  /** How many of the best articles' other passages come along as `further` (retrievalDefaults.furtherArticles). */
  furtherArticles?: number;
  /** The question's terms by how telling each is, when the question was read already (answer/profile.ts). */
  weights?: Map<string, number>;
}

/**
 * Hybrid retrieval: BM25 and dense scores fused, then ranked per article (its best chunks, its
 * whole text's BM25, a question term in its title, its age against the question's date),
 * near-duplicates grouped.
 */
export async function retrieve(
  index: IndexSnapshot,
  embedder: Embedder | null,
  question: string,
  options: RetrieveOptions = {},
): Promise<Retrieval> {
  const candidates = options.candidates ?? retrievalDefaults.candidates;
  const limit = options.limit ?? retrievalDefaults.limit;
  const asOf = options.asOf ?? null;
  const accept = asOf ? publishedByLabel(index, asOf) : undefined;
  const rankings = [index.searchLexical(question, candidates, accept)];

  const dense = index.canSearchDense(embedder);
  if (dense) {
    const vector = await embedder.embedQuery(question);
    rankings.push(index.searchDense(vector, candidates, accept));
  }

  const weights = options.weights ?? queryWeights(index, question);
  const ranked = rankArticles(index, question, weights, fuseScores(rankings), asOf);
  const picked = pickChunks(ranked, limit);
  const scores = new Map(picked);
  const passages: Passage[] = index.passages(picked.map(([label]) => label)).map((passage) => ({
    chunkId: `${passage.article.id}#${passage.chunkIndex}`,
    article: passage.article,
    text: passage.text,
    start: passage.start,
    end: passage.end,
    sentences: passage.sentences,
    score: scores.get(passage.label)!,
  }));
  const groups = groupNearDuplicates(passages);
  const further = furtherPassages(index, groups, options.furtherArticles ?? retrievalDefaults.furtherArticles);
  return { question, groups, mode: dense ? 'hybrid' : 'lexical', further };
}

/** The chunks of the first `count` articles that retrieval did not pick, as passages in text order. */
function furtherPassages(index: IndexSnapshot, groups: EvidenceGroup[], count: number): Passage[] {
  const picked = groups.flatMap((g) => g.passages);
  const have = new Set(picked.map((p) => p.chunkId));
  const articles = [...new Set(picked.map((p) => p.article.id))].slice(0, count);
  const labels = articles.flatMap((id) => index.articleChunkLabels(id));
  return index
    .passages([...labels])
    .filter((p) => !have.has(`${p.article.id}#${p.chunkIndex}`))
    .map((p) => ({
      chunkId: `${p.article.id}#${p.chunkIndex}`,
      article: p.article,
      text: p.text,
      start: p.start,
      end: p.end,
      sentences: p.sentences,
      score: 0,
    }));
}

interface RankedArticle {
  article: ArticleMeta;
  score: number;
  /** Its matching chunks as [label, score], best first; scores carry the article's factors. */
  chunks: [number, number][];
}

function rankArticles(
  index: IndexSnapshot,
  question: string,
  weights: Map<string, number>,
  chunkScores: Map<number, number>,
  asOf: Day | null,
): RankedArticle[] {
  const totalWeight = [...weights.values()].reduce((sum, w) => sum + w, 0) || 1;
  const asOfDay = dayNumber(asOf);
  const recent = asOfDay !== null && asksAboutRecentEvents(question);
  const byArticle = new Map<string, { article: ArticleMeta; chunks: [number, number][] }>();
  for (const [label, score] of chunkScores) {
    const article = index.articleOf(label);
    if (!article) continue;
    const entry = byArticle.get(article.id) ?? { article, chunks: [] };
    entry.chunks.push([label, score]);
    byArticle.set(article.id, entry);
  }
  const articleScores = wholeArticleShares(index, question, [...byArticle.keys()]);
  const ranked: RankedArticle[] = [];
  for (const { article, chunks } of byArticle.values()) {
    chunks.sort((a, b) => b[1] - a[1]);
    let inTitle = 0;
    for (const term of titleTermSet(article.title)) inTitle += weights.get(term) ?? 0;
    const published = dayNumber(article.published);
    const age = asOfDay === null || published === null ? null : asOfDay - published;
    const factor = (1 + (titleWeight * inTitle) / totalWeight) * (asOfDay === null ? 1 : recencyFactor(age, recent));
    const support =
      (chunks.length > 1 ? supportWeight * chunks[1]![1] : 0) + articleWeight * (articleScores.get(article.id) ?? 0);
    ranked.push({
      article,
      score: (chunks[0]![1] + support) * factor,
      chunks: chunks.map(([label, score]): [number, number] => [label, score * factor]),
    });
  }
  return ranked.sort((a, b) => b.score - a.score);
}

/** Every article's best chunks first, then, while room is left, their further ones. */
function pickChunks(ranked: RankedArticle[], limit: number): [number, number][] {
  const picked: [number, number][] = [];
  for (const round of [0, 1]) {
    for (const { chunks } of ranked) {
      if (picked.length >= limit) break;
      const share = round === 0 ? chunks.slice(0, passagesPerArticle) : chunks.slice(passagesPerArticle);
      picked.push(...share.slice(0, limit - picked.length));
    }
  }
  return picked;
}

/** How telling each of the question's terms is. */
function queryWeights(index: IndexSnapshot, question: string): Map<string, number> {
  return new Map(contentTerms(question).map((term) => [term, termWeight(index, term)]));
}

/** Each candidate article's whole-text BM25 as a share of the best candidate's, by article id. */
function wholeArticleShares(index: IndexSnapshot, question: string, articleIds: string[]): Map<string, number> {
  const scores = index.scoreArticles(question, articleIds);
  const best = Math.max(0, ...scores);
  return new Map(best > 0 ? articleIds.map((id, i): [string, number] => [id, scores[i]! / best]) : []);
}

/** Accepts the chunks of articles published by `day` (or undated); a label not in the index is not accepted. */
function publishedByLabel(index: IndexSnapshot, day: Day): ChunkFilter {
  return (label) => {
    const published = index.publishedOf(label);
    return published !== undefined && publishedBy(published, day);
  };
}

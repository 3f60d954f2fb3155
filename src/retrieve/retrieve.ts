import type { Embedder } from '../index/types';
import type { ChunkFilter, IndexSnapshot } from '../index/snapshot';
import type { Passage, Retrieval } from './types';
import { fuseRankings } from './fuse';
import { groupNearDuplicates } from './group';
import { publishedBy } from './as-of';

export interface RetrieveOptions {
  /** Candidates taken from each ranking before fusion. */
  candidates?: number;
  /** Passages kept after fusion. */
  limit?: number;
  /** `YYYY-MM-DD` (see `asOfDay`): articles published after this day are not retrieved; undated ones are. */
  asOf?: string | null;
}

/** Hybrid retrieval: BM25 and dense rankings fused by reciprocal rank, near-duplicates grouped. */
export async function retrieve(
  index: IndexSnapshot,
  embedder: Embedder | null,
  question: string,
  options: RetrieveOptions = {},
): Promise<Retrieval> {
  const candidates = options.candidates ?? 40;
  const limit = options.limit ?? 12;
  const accept = options.asOf ? publishedByLabel(index, options.asOf) : undefined;
  const rankings: number[][] = [index.searchLexical(question, candidates, accept).map((hit) => hit.label)];

  const dense = index.canSearchDense(embedder);
  if (dense) {
    const vector = await embedder.embedQuery(question);
    rankings.push(index.searchDense(vector, candidates, accept).map((hit) => hit.label));
  }

  const fused = [...fuseRankings(rankings)].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const scores = new Map(fused);
  const passages: Passage[] = index.passages(fused.map(([label]) => label)).map((passage) => ({
    chunkId: `${passage.article.id}#${passage.chunkIndex}`,
    article: passage.article,
    text: passage.text,
    start: passage.start,
    end: passage.end,
    score: scores.get(passage.label)!,
  }));
  return { question, groups: groupNearDuplicates(passages), mode: dense ? 'hybrid' : 'lexical' };
}

/** Accepts the chunks of articles published by `day` (or undated); a label not in the index is not accepted. */
function publishedByLabel(index: IndexSnapshot, day: string): ChunkFilter {
  return (label) => {
    const published = index.publishedOf(label);
    return published !== undefined && publishedBy(published, day);
  };
}

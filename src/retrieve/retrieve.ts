import type { Embedder } from '../index/types';
import { articleText, type LoadedIndex } from '../index/store';
import type { Passage, Retrieval } from './types';
import { fuseRankings } from './fuse';
import { groupNearDuplicates } from './group';

export interface RetrieveOptions {
  /** Candidates taken from each ranking before fusion. */
  candidates?: number;
  /** Passages kept after fusion. */
  limit?: number;
}

/** Hybrid retrieval: BM25 and dense rankings fused by reciprocal rank, near-duplicates grouped. */
export async function retrieve(
  index: LoadedIndex,
  embedder: Embedder | null,
  question: string,
  options: RetrieveOptions = {},
): Promise<Retrieval> {
  const candidates = options.candidates ?? 40;
  const limit = options.limit ?? 12;
  const rankings: number[][] = [index.lexical.search(question, candidates).map((hit) => hit.label)];

  const dense = embedder !== null && index.vectors !== null && index.manifest.model?.id === embedder.modelId;
  if (dense) {
    const vector = await embedder.embedQuery(question);
    rankings.push(index.vectors!.search(vector, candidates).map((hit) => hit.label));
  }

  const fused = [...fuseRankings(rankings)].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const passages: Passage[] = [];
  const texts = new Map<string, string>();
  for (const [label, score] of fused) {
    const chunk = index.chunks.get(label);
    const article = chunk && index.articles.get(chunk.articleId);
    if (!chunk || !article) continue;
    const text = texts.get(article.id) ?? articleText(index, article);
    texts.set(article.id, text);
    passages.push({
      chunkId: `${article.id}#${chunk.index}`,
      article: { id: article.id, file: article.file, title: article.title, outlet: article.outlet, url: article.url, published: article.published, show: article.show },
      text: text.slice(chunk.start, chunk.end),
      start: chunk.start,
      end: chunk.end,
      score,
    });
  }
  return { question, groups: groupNearDuplicates(passages), mode: dense ? 'hybrid' : 'lexical' };
}

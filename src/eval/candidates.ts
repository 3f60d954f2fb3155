import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { answerCandidatesFor } from '../answer/extractive';
import { featureArray } from '../answer/features';
import { plainQuestion, validateQuestion } from '../answer/question';
import { buildIndexOf } from '../index/reindex';
import { readSnapshot, type IndexSnapshot } from '../index/snapshot';
import { readJsonlFile } from '../ingest/jsonl-file';
import { silentLogger } from '../log';
import { retrieve } from '../retrieve/retrieve';
import { correctSpelling } from '../retrieve/spelling';
import type { QuizItem } from './quiz';
import { sameArticleKey } from './quiz';
import { bestOver, exactMatch, tokenF1 } from './squad';

/**
 * The training harness's rows: for every question, every candidate short answer the bot weighs,
 * with its features and whether it is right. Retrieval and candidates are exactly the bot's
 * (default settings, lexical retrieval, asked as of the question's day); only the choice among the
 * candidates is left to the model.
 */
export interface CandidateRow {
  text: string;
  features: number[];
  /** SQuAD exact match and F1 against the gold answers (0 for an unanswerable question). */
  exactMatch: number;
  f1: number;
  /** The first sentence that states it is a gold article's: the answer would cite one. */
  goldCited: boolean;
}

export interface QuestionRows {
  set: string;
  id: string;
  /** Questions of one group are never split between training and test folds. */
  group: string;
  type: string;
  /** False when the bot declines before weighing candidates (no passage speaks to the question). */
  answerable: boolean;
  /** The corpus answers it (the set gives answers). */
  hasAnswer: boolean;
  /** A gold article is among the best passages (what a not-sure answer cites). */
  goldInBest: boolean;
  candidates: CandidateRow[];
}

export interface CandidateSet {
  name: string;
  questions: QuizItem[];
  corpus: string;
  /** A question's group: its story or its quiz week, so the folds never share one. */
  group: (item: QuizItem) => string;
}

/**
 * An index of `corpus`, built once below `cacheDir` and reused while the corpus file is unchanged
 * (the harness is run over and over while features are tried).
 */
export async function cachedCorpusIndex(corpus: string, cacheDir: string): Promise<IndexSnapshot> {
  const { size, mtimeMs } = await stat(corpus);
  const key = createHash('sha256')
    .update(`${path.resolve(corpus)}:${size}:${mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const indexDir = path.join(cacheDir, `${path.basename(corpus).replace(/\W+/g, '-')}-${key}`);
  const cached = await readSnapshot(indexDir).catch(() => null);
  if (cached?.kind === 'loaded') return cached.snapshot;
  await rm(indexDir, { recursive: true, force: true });
  await mkdir(indexDir, { recursive: true });
  const { articles } = await readJsonlFile(corpus);
  await buildIndexOf({ indexDir, articles, embedder: null, log: silentLogger });
  const built = await readSnapshot(indexDir);
  if (built.kind !== 'loaded') throw new Error(`the index of ${corpus} could not be read back`);
  return built.snapshot;
}

/** Every question's candidates, in file order. */
export async function candidateRows(set: CandidateSet, index: IndexSnapshot): Promise<QuestionRows[]> {
  const rows: QuestionRows[] = [];
  for (const item of set.questions) {
    // As the bot asks (pipeline.ts): a misspelt word is searched for as the word the index knows.
    const question = validateQuestion(item.question);
    const searchFor = correctSpelling(plainQuestion(question) || question, index).text;
    const retrieval = await retrieve(index, null, searchFor, { asOf: item.questionDate });
    const urls = new Map<string, string | null>();
    for (const passage of retrieval.groups.flatMap((g) => g.passages))
      urls.set(passage.article.id, passage.article.url);
    const gold = new Set(item.goldUrls.map(sameArticleKey));
    const isGold = (articleId: string | undefined) => {
      const url = articleId === undefined ? null : (urls.get(articleId) ?? null);
      return url !== null && gold.has(sameArticleKey(url));
    };
    const found = answerCandidatesFor(searchFor, retrieval, index, item.questionDate);
    const best = retrieval.groups[0]?.passages[0];
    rows.push({
      set: set.name,
      id: item.id,
      group: `${set.name}:${set.group(item)}`,
      type: item.type ?? (item.answers.length === 0 ? 'unanswerable' : 'unknown'),
      answerable: found.answerable,
      hasAnswer: item.answers.length > 0,
      goldInBest: best !== undefined && isGold(best.article.id),
      candidates: found.candidates.map((c) => ({
        text: c.text,
        features: featureArray(c.features),
        exactMatch: item.answers.length === 0 ? 0 : bestOver(exactMatch, c.text, item.answers),
        f1: item.answers.length === 0 ? 0 : bestOver(tokenF1, c.text, item.answers),
        goldCited: isGold(found.articles[c.sentences[0]!]),
      })),
    });
  }
  return rows;
}

/** sha256 of the files a model is trained from, in order: the training data's identity. */
export async function filesHash(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) hash.update(await readFile(file));
  return hash.digest('hex');
}

import { z } from 'zod';
import type { IndexManifest, StoredArticle, StoredChunk } from './store';
import { describeIssues } from '../errors';

/**
 * Shape checks for an index version's JSON files, so a damaged or foreign file is reported as
 * damaged (and rebuilt) instead of being half-loaded into a working-looking index.
 */

const count = z.number().int().nonnegative();
const text = z.string();
const optionalText = z.string().nullable();

const manifestSchema = z.object({
  formatVersion: z.number().int(),
  version: z.string().regex(/^v-[\w-]+$/),
  createdAt: z.string(),
  model: z.object({ id: z.string().min(1), dimensions: z.number().int().positive() }).nullable(),
  nextLabel: count,
  articleCount: count,
  chunkCount: count,
  contentHashes: z.record(z.string(), z.string()),
  checksums: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
}) satisfies z.ZodType<IndexManifest>;

const articlesSchema = z.array(
  z
    .object({
      id: z.string().min(1),
      file: text,
      title: text,
      outlet: text,
      url: optionalText,
      published: optionalText,
      show: optionalText,
      contentHash: text,
      textStart: count,
      textEnd: count,
    })
    .refine((article) => article.textStart <= article.textEnd, 'textEnd is before textStart'),
) satisfies z.ZodType<StoredArticle[]>;

/** chunks.json holds one `[label, articleId, index, start, end]` row per chunk. */
export type ChunkRow = [label: number, articleId: string, index: number, start: number, end: number];

/** The parsed manifest; throws naming the first problems when it is not one. */
export function checkManifest(json: unknown, expectedFormat: number): IndexManifest {
  const format = (json as { formatVersion?: unknown } | null)?.formatVersion;
  // Named first: an index from another version of the bot is the likeliest mismatch.
  if (format !== expectedFormat) throw new Error(`format ${String(format)} is not ${expectedFormat}`);
  return parseWith(manifestSchema, json, 'manifest.json');
}

export function checkArticles(json: unknown): StoredArticle[] {
  return parseWith(articlesSchema, json, 'articles.json');
}

/**
 * Chunk rows, checked by hand rather than by a schema: the full corpus has 200,000 of them, and
 * zod took 130 to 330 ms over them (2026-11-30, 2 shared cores), which cold start would pay.
 */
export function checkChunks(json: unknown, articles: ReadonlyMap<string, StoredArticle>): StoredChunk[] {
  if (!Array.isArray(json)) throw new Error('chunks.json is not a list of rows');
  return json.map((row: unknown, i) => {
    if (!isChunkRow(row)) throw new Error(`chunks.json row ${i} is not [label, articleId, index, start, end]`);
    const [label, articleId, index, start, end] = row;
    if (!articles.has(articleId))
      throw new Error(`chunks.json row ${i} names an unknown article "${articleId.slice(0, 80)}"`);
    if (start > end) throw new Error(`chunks.json row ${i} ends before it starts`);
    return { label, articleId, index, start, end };
  });
}

function isChunkRow(row: unknown): row is ChunkRow {
  return (
    Array.isArray(row) &&
    row.length === 5 &&
    isCount(row[0]) &&
    typeof row[1] === 'string' &&
    isCount(row[2]) &&
    isCount(row[3]) &&
    isCount(row[4])
  );
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new Error(`${file} is malformed (${describeIssues(parsed.error, 3).join('; ')})`);
}

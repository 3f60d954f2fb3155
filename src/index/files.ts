import { z } from 'zod';
import type { IndexManifest, StoredArticle, StoredChunk } from './types';
import { describeIssues } from '../errors';

/**
 * Shape checks for an index version's files, so a damaged or foreign file is reported as
 * damaged (and rebuilt) instead of being half-loaded into a working-looking index.
 */

const count = z.number().int().nonnegative();

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

/** The parsed manifest; throws naming the first problems when it is not one. */
export function checkManifest(json: unknown, expectedFormat: number): IndexManifest {
  const format = (json as { formatVersion?: unknown } | null)?.formatVersion;
  // Named first: an index from another version of the bot is the likeliest mismatch.
  if (format !== expectedFormat)
    throw new Error(
      `it was written in index format ${String(format)}; this version of the bot reads format ${expectedFormat}`,
    );
  return parseWith(manifestSchema, json, 'manifest.json');
}

/**
 * The stored articles, checked by hand rather than by a schema: zod took 0.1 to 0.2 s over the
 * full corpus's 21,631 (2026-11-30, 2 shared cores), which every cold start would pay.
 */
export function checkArticles(json: unknown): StoredArticle[] {
  if (!Array.isArray(json)) throw new Error('articles.json is not a list of articles');
  return json.map((entry: unknown, i) => {
    const problem = articleProblem(entry);
    if (problem !== null) throw new Error(`articles.json is malformed (${i}.${problem})`);
    const article = entry as StoredArticle;
    const { id, file, title, outlet, url, published, show, contentHash, textStart, textEnd } = article;
    return { id, file, title, outlet, url, published, show, contentHash, textStart, textEnd };
  });
}

const articleFields = {
  id: 'text',
  file: 'text',
  title: 'text',
  outlet: 'text',
  url: 'optional text',
  published: 'optional text',
  show: 'optional text',
  contentHash: 'text',
  textStart: 'count',
  textEnd: 'count',
} as const satisfies Record<keyof StoredArticle, 'text' | 'optional text' | 'count'>;

/** What is wrong with one stored article, as `field: problem`; null when nothing is. */
function articleProblem(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null) return ': not an article';
  const fields = entry as Record<string, unknown>;
  for (const [field, kind] of Object.entries(articleFields)) {
    const value = fields[field];
    const fits =
      kind === 'count' ? isCount(value) : typeof value === 'string' || (kind === 'optional text' && value === null);
    if (!fits) return `${field}: expected ${kind === 'count' ? 'a count' : kind}, got ${describeValue(value)}`;
  }
  if (fields.id === '') return 'id: empty';
  if ((fields.textStart as number) > (fields.textEnd as number)) return 'textEnd: before textStart';
  return null;
}

function describeValue(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
}

/*
 * chunks.bin: five columns of little-endian uint32, one value per chunk each: label, the
 * article's position in articles.json, the chunk's index in its article, start and end offsets.
 * Read as views without parsing: the JSON rows it replaced took 0.3 s to parse and check for the
 * full corpus's 202,530 chunks (2026-11-30, 2 shared cores).
 */
const chunkColumns = 5;

/** The bytes of chunks.bin for `chunks`; `articlePosition` gives each chunk's article's position in articles.json. */
export function chunksToBytes(chunks: StoredChunk[], articlePosition: (articleId: string) => number): Buffer {
  const n = chunks.length;
  const columns = new Uint32Array(n * chunkColumns);
  chunks.forEach((chunk, i) => {
    columns[i] = chunk.label;
    columns[n + i] = articlePosition(chunk.articleId);
    columns[2 * n + i] = chunk.index;
    columns[3 * n + i] = chunk.start;
    columns[4 * n + i] = chunk.end;
  });
  return Buffer.from(columns.buffer, columns.byteOffset, columns.byteLength);
}

/*
 * sentences.bin: little-endian uint32, first each chunk's sentence count (in chunks.bin's order),
 * then every chunk's sentences as start and end offsets in its article, one chunk after another.
 * What splitting each chunk at answer time found (sbd, ~1.2 ms a question at 20,000 articles,
 * 2026-12-07), for ~8 bytes a sentence: 14 MB for the 20,000-article bench index.
 */

/** The bytes of sentences.bin for `chunks`, in the order chunksToBytes wrote them. */
export function sentencesToBytes(chunks: StoredChunk[]): Buffer {
  // Each chunk's `sentences` read once a pass: a chunk may make a fresh view each time it is asked
  // (a build's chunks do, see `BuiltChunk`), and four views a chunk were 800,000 at 20,000 articles.
  let total = 0;
  for (const chunk of chunks) total += chunk.sentences.length;
  const values = new Uint32Array(chunks.length + total);
  let at = chunks.length;
  chunks.forEach((chunk, i) => {
    const sentences = chunk.sentences;
    values[i] = sentences.length / 2;
    values.set(sentences, at);
    at += sentences.length;
  });
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * The chunks in chunks.bin, checked against their articles; throws naming the first bad one.
 * Kept as the file's columns, a chunk's object made when it is asked for: 202,530 objects and
 * a Map of them took about 0.1 s of each cold start on the full corpus (2026-11-30).
 */
export function chunksFromBytes(
  bytes: Buffer,
  articles: readonly StoredArticle[],
  sentenceBytes: Buffer,
): ReadonlyMap<number, StoredChunk> {
  if (bytes.length % (4 * chunkColumns) !== 0) throw new Error('chunks.bin is not a whole number of chunks');
  const columns = uint32View(bytes);
  const n = columns.length / chunkColumns;
  const labels = columns.subarray(0, n);
  let maxLabel = -1;
  for (let i = 0; i < n; i++) {
    const article = articles[columns[n + i]!];
    if (article === undefined) throw new Error(`chunks.bin chunk ${i} names no article`);
    const start = columns[3 * n + i]!;
    const end = columns[4 * n + i]!;
    if (start > end) throw new Error(`chunks.bin chunk ${i} ends before it starts`);
    // Offsets count UTF-16 units, never more than the article's UTF-8 bytes.
    if (article.textStart + end > article.textEnd) throw new Error(`chunks.bin chunk ${i} ends after its article`);
    maxLabel = Math.max(maxLabel, labels[i]!);
  }
  const rowOf = new Int32Array(maxLabel + 1).fill(-1);
  for (let i = 0; i < n; i++) {
    if (rowOf[labels[i]!] !== -1) throw new Error(`chunks.bin holds chunk ${labels[i]} twice`);
    rowOf[labels[i]!] = i;
  }
  const { values, firstOf } = sentencesFromBytes(sentenceBytes, columns, n);
  return new ChunkTable(columns, n, rowOf, articles, values, firstOf);
}

/**
 * sentences.bin read against its chunks (see `sentencesToBytes`): where each chunk row's offsets
 * start among `values`. Throws naming the first chunk whose sentences do not lie in order inside it.
 */
function sentencesFromBytes(
  bytes: Buffer,
  columns: Uint32Array,
  n: number,
): { values: Uint32Array; firstOf: Uint32Array } {
  if (bytes.length % 4 !== 0 || bytes.length < 4 * n) throw new Error('sentences.bin is shorter than its chunks');
  const values = uint32View(bytes);
  const firstOf = new Uint32Array(n + 1);
  let at = n;
  for (let i = 0; i < n; i++) {
    firstOf[i] = at;
    const start = columns[3 * n + i]!;
    const end = columns[4 * n + i]!;
    const stop = at + 2 * values[i]!;
    if (stop > values.length) throw new Error('sentences.bin is shorter than its chunks');
    let last = start;
    for (; at < stop; at += 2) {
      if (values[at]! < last || values[at]! > values[at + 1]! || values[at + 1]! > end)
        throw new Error(`sentences.bin chunk ${i} has a sentence outside it or out of order`);
      last = values[at + 1]!;
    }
  }
  if (at !== values.length) throw new Error('sentences.bin is longer than its chunks');
  firstOf[n] = at;
  return { values, firstOf };
}

/** A little-endian uint32 view of `bytes`; typed-array views need 4-byte alignment, which a copy has when the read buffer does not. */
function uint32View(bytes: Buffer): Uint32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
}

/** Chunks by label, read from chunks.bin's columns (see `chunksFromBytes`). */
class ChunkTable implements ReadonlyMap<number, StoredChunk> {
  constructor(
    private readonly columns: Uint32Array,
    readonly size: number,
    private readonly rowOf: Int32Array,
    private readonly articles: readonly StoredArticle[],
    private readonly sentenceValues: Uint32Array,
    /** Row → where its sentences start in `sentenceValues`; row n → their end. */
    private readonly firstSentenceOf: Uint32Array,
  ) {}

  get(label: number): StoredChunk | undefined {
    const row = this.rowOf[label];
    return row === undefined || row < 0 ? undefined : this.chunkAt(row);
  }

  has(label: number): boolean {
    return (this.rowOf[label] ?? -1) >= 0;
  }

  forEach(callback: (chunk: StoredChunk, label: number, map: ReadonlyMap<number, StoredChunk>) => void): void {
    for (const [label, chunk] of this.entries()) callback(chunk, label, this);
  }

  *entries(): MapIterator<[number, StoredChunk]> {
    for (let row = 0; row < this.size; row++) yield [this.columns[row]!, this.chunkAt(row)];
  }

  *keys(): MapIterator<number> {
    for (let row = 0; row < this.size; row++) yield this.columns[row]!;
  }

  *values(): MapIterator<StoredChunk> {
    for (let row = 0; row < this.size; row++) yield this.chunkAt(row);
  }

  [Symbol.iterator](): MapIterator<[number, StoredChunk]> {
    return this.entries();
  }

  private chunkAt(row: number): StoredChunk {
    const { columns, size: n } = this;
    return {
      label: columns[row]!,
      articleId: this.articles[columns[n + row]!]!.id,
      index: columns[2 * n + row]!,
      start: columns[3 * n + row]!,
      end: columns[4 * n + row]!,
      sentences: this.sentenceValues.subarray(this.firstSentenceOf[row], this.firstSentenceOf[row + 1]),
    };
  }
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new Error(`${file} is malformed (${describeIssues(parsed.error, 3).join('; ')})`);
}

import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import path from 'node:path';
import type { IndexManifest, StoredArticle, StoredChunk, VectorIndex } from './types';
import { loadLexicalIndex, type LexicalIndex } from './lexical';
import { loadVectorIndex } from './vectors';
import { changesOnThread, type VectorChanges } from './vector-changes';
import { describeError } from '../errors';
import { checkArticles, checkManifest, chunksFromBytes, chunksToBytes, sentencesToBytes } from './files';
import { startHashing, verifyChecksums, ChecksumMismatchError, type Checksums } from './checksums';
import { openTextFile, type TextBytes } from './disk-text';

/**
 * On disk an index is a folder per version below INDEX_DIR and a `CURRENT` file naming the live
 * one. A build writes a new folder and then replaces `CURRENT` by rename, which is atomic, so a
 * crash or kill at any point leaves the previous version serving. The version a build started
 * from stays on disk, named by `PREVIOUS`, so that a live version found damaged at load has a
 * good one to fall back on while it is rebuilt.
 */

/**
 * 4: the manifest holds a checksum of every file. 5: chunks in binary columns (chunks.bin), not JSON rows.
 * 6: each chunk's sentence offsets (sentences.bin). An index of an older format does not load and is
 * rebuilt, as a damaged one is (see `IndexUnreadableError`).
 */
export const formatVersion = 6;

export interface LoadedIndex {
  manifest: IndexManifest;
  dir: string;
  articles: Map<string, StoredArticle>;
  /** Every article's cleaned text (see `TextBytes` in disk-text.ts): the file for a loaded version, a buffer for a fresh build. */
  texts: TextBytes;
  chunks: ReadonlyMap<number, StoredChunk>;
  lexical: LexicalIndex;
  vectors: VectorIndex | null;
}

export class IndexUnreadableError extends Error {
  override name = 'IndexUnreadableError';
}

const files = {
  current: 'CURRENT',
  previous: 'PREVIOUS',
  manifest: 'manifest.json',
  articles: 'articles.json',
  texts: 'texts.bin',
  chunks: 'chunks.bin',
  sentences: 'sentences.bin',
  lexical: 'lexical.bin',
  vectors: 'vectors.hnsw',
};

/** The files a version folder may hold: all a version fetched from another process may write. */
export const versionFileNames: readonly string[] = [
  files.manifest,
  files.articles,
  files.texts,
  files.chunks,
  files.sentences,
  files.lexical,
  files.vectors,
];
export const manifestFileName = files.manifest;

/** The folder a pointer file (`CURRENT`, `PREVIOUS`) names, or null when there is no such file. */
async function pointedDir(indexDir: string, pointer: string): Promise<string | null> {
  let name: string;
  try {
    name = (await readFile(path.join(indexDir, pointer), 'utf8')).trim();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  if (!/^v-[\w-]+$/.test(name))
    throw new IndexUnreadableError(`${pointer} names no index version ("${name.slice(0, 40)}")`);
  return path.join(indexDir, name);
}

/** The live version's folder, or null when no index has been built yet. */
export function currentIndexDir(indexDir: string): Promise<string | null> {
  return pointedDir(indexDir, files.current);
}

/**
 * Whether the live index was built without an embedding model, from its manifest alone (a small
 * file, read before the rest), so that opening it need not load a model it holds no vectors for.
 * False when there is no index yet or its manifest cannot be read: a build may then need the model.
 */
export async function builtWithoutModel(indexDir: string): Promise<boolean> {
  try {
    const dir = await currentIndexDir(indexDir);
    if (dir === null) return false;
    const manifest: unknown = JSON.parse(await readFile(path.join(dir, files.manifest), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'model' in manifest && manifest.model === null;
  } catch (error) {
    // The full read that follows reports the damage; here it only means "not known to be lexical".
    if (error instanceof IndexUnreadableError || error instanceof SyntaxError || isNotFound(error)) return false;
    throw error;
  }
}

/** Loads the live index; null when there is none; IndexUnreadableError when it is damaged. */
export async function readIndex(indexDir: string): Promise<LoadedIndex | null> {
  const dir = await currentIndexDir(indexDir);
  if (dir === null) return null;
  try {
    return await readIndexVersion(dir);
  } catch (error) {
    throw new IndexUnreadableError(`index at ${dir} is unreadable: ${describeError(error)}`);
  }
}

/**
 * The version that was live before the current one, when the current one cannot be read: null
 * when there is none, IndexUnreadableError when it is damaged too.
 */
export async function readPreviousIndex(indexDir: string): Promise<LoadedIndex | null> {
  const [dir, current] = await Promise.all([
    pointedDir(indexDir, files.previous),
    currentIndexDir(indexDir).catch(() => null),
  ]);
  if (dir === null || dir === current) return null;
  try {
    return await readIndexVersion(dir);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw new IndexUnreadableError(`previous index at ${dir} is unreadable: ${describeError(error)}`);
  }
}

/**
 * Loads one version folder. Its files are hashed on another thread while this one parses them,
 * and nothing is returned before every checksum matched: a damaged version is never served,
 * even for the first question.
 */
export async function readIndexVersion(dir: string): Promise<LoadedIndex> {
  const manifest = checkManifest(JSON.parse(await readFile(path.join(dir, files.manifest), 'utf8')), formatVersion);
  // Damage that still parses (flipped bytes inside a posting list, a vector, a text) would
  // otherwise change answers silently.
  const verified = settled(verifyChecksums(dir, manifest.checksums));
  const parsing = parseParts(dir, manifest);
  // hnswlib reads its file on the thread pool, so it loads while the rest is parsed. Every chunk
  // has a vector and every other point was removed: the chunks say which points are live.
  const vectorsLoaded = settled(
    manifest.model
      ? loadVectorIndex(path.join(dir, files.vectors), manifest.model.dimensions, () =>
          parsing.then(({ chunks }) => chunks.keys()),
        )
      : Promise.resolve(null),
  );
  try {
    const { articles, texts, chunks, lexical } = await parsing;
    const vectors = outcome(await vectorsLoaded);
    outcome(await verified);
    return { manifest, dir, articles, texts, chunks, lexical, vectors };
  } catch (error) {
    // A damaged file fails its checksum and often its parse too: the checksum names the cause.
    const verification = await verified;
    if (verification.error instanceof ChecksumMismatchError) throw verification.error;
    throw error;
  }
}

/** A version's files other than the vectors, read, parsed and checked against each other. */
async function parseParts(
  dir: string,
  manifest: IndexManifest,
): Promise<Pick<LoadedIndex, 'articles' | 'texts' | 'chunks' | 'lexical'>> {
  const [articlesBytes, texts, chunksBytes, sentenceBytes, lexical] = await Promise.all([
    readFile(path.join(dir, files.articles)),
    Promise.resolve(openTextFile(path.join(dir, files.texts))),
    readFile(path.join(dir, files.chunks)),
    readFile(path.join(dir, files.sentences)),
    loadLexicalIndex(path.join(dir, files.lexical)),
  ]);
  // A serving process loads each version a reindex publishes: a turn of the event loop between
  // the parts keeps interactions flowing instead of waiting for the whole load in one stretch.
  await nextTurn();
  const articleList = checkArticles(JSON.parse(articlesBytes.toString('utf8')));
  if (articleList.some((a) => a.textEnd > texts.length)) throw new Error(`${files.texts} is shorter than its articles`);
  const articles = new Map(articleList.map((a) => [a.id, a]));
  await nextTurn();
  const chunks = chunksFromBytes(chunksBytes, articleList, sentenceBytes);
  if (articles.size !== manifest.articleCount || chunks.size !== manifest.chunkCount) {
    throw new Error('article or chunk count differs from the manifest');
  }
  return { articles, texts, chunks, lexical };
}

type Settled<T> = { value: T; error?: undefined } | { error: unknown };

/** A promise that never rejects, so one started early cannot go unhandled while others are awaited. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function outcome<T>(result: Settled<T>): T {
  if ('value' in result) return result.value;
  throw result.error;
}

/**
 * Fresh, independent copies of a version's mutable parts, for a build to change without touching
 * the live ones: BM25 read here, the vectors on a thread of their own (see `changesOnThread`),
 * which reads its file meanwhile.
 */
export async function copyMutableParts(
  previous: LoadedIndex,
): Promise<{ lexical: LexicalIndex; vectors: VectorChanges | null }> {
  const vectors = previous.manifest.model
    ? changesOnThread({
        file: path.join(previous.dir, files.vectors),
        dimensions: previous.manifest.model.dimensions,
        live: Uint32Array.from(previous.chunks.keys()),
      })
    : null;
  try {
    return { lexical: await loadLexicalIndex(path.join(previous.dir, files.lexical)), vectors };
  } catch (error) {
    await vectors?.close();
    throw error;
  }
}

/**
 * Writes a complete version into a scratch folder, then makes it live. `basedOn` is the version
 * the build started from: it stays on disk as `PREVIOUS`. Returns the loaded result.
 */
export async function publishIndex(
  indexDir: string,
  parts: Omit<LoadedIndex, 'dir' | 'manifest' | 'texts' | 'vectors'> & {
    texts: Buffer;
    vectors: VectorChanges | null;
    manifest: Omit<IndexManifest, 'version' | 'formatVersion' | 'createdAt' | 'checksums'>;
  },
  basedOn: string | null = null,
): Promise<LoadedIndex> {
  const version = `v-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const scratch = await scratchDirFor(indexDir, version);
  // Asked first: on another thread, the vectors are written while this one makes the other files.
  const vectorsFile = path.join(scratch, files.vectors);
  const vectorsSaved = parts.vectors?.save(vectorsFile);
  const articleList = [...parts.articles.values()];
  const articlePositions = new Map(articleList.map((article, i) => [article.id, i]));
  const chunkList = [...parts.chunks.values()];
  const chunkBytes = chunksToBytes(chunkList, (id) => articlePositions.get(id)!);
  const writes: [name: string, written: Promise<void>][] = [
    [files.articles, writeFile(path.join(scratch, files.articles), JSON.stringify(articleList))],
    [files.texts, writeFile(path.join(scratch, files.texts), parts.texts)],
    [files.chunks, writeFile(path.join(scratch, files.chunks), chunkBytes)],
    [files.sentences, writeFile(path.join(scratch, files.sentences), sentencesToBytes(chunkList))],
    [files.lexical, parts.lexical.save(path.join(scratch, files.lexical))],
  ];
  if (vectorsSaved) writes.push([files.vectors, vectorsSaved]);
  // The index to answer from, read back (when it was changed on another thread) while the files are hashed.
  const answering = settled(
    vectorsSaved && parts.vectors
      ? vectorsSaved.then(() => parts.vectors!.index(vectorsFile, () => parts.chunks.keys()))
      : Promise.resolve(null),
  );
  // Each file is hashed from disk, so the checksums are of the bytes that were really written, on
  // a thread of its own as soon as it is written: hashing the texts while this thread still writes
  // BM25's postings, not everything afterwards here (0.7 s of this thread at 20,000 articles, 2026-12-07).
  const hashing = startHashing();
  let checksums: Checksums;
  try {
    const sums = await Promise.all(
      writes.map(async ([name, written]) => {
        await written;
        return [name, await hashing.checksum(path.join(scratch, name))] as const;
      }),
    );
    checksums = Object.fromEntries(sums);
  } finally {
    await hashing.close();
  }
  const vectors = outcome(await answering);
  const manifest: IndexManifest = {
    ...parts.manifest,
    formatVersion,
    version,
    createdAt: new Date().toISOString(),
    checksums,
  };
  // The manifest goes last: a folder without one is never mistaken for a finished version.
  await writeFile(path.join(scratch, files.manifest), JSON.stringify(manifest, null, 1));

  const finalDir = await makeLive(indexDir, scratch, version, basedOn);
  return { ...parts, vectors, manifest, dir: finalDir };
}

/**
 * An empty folder below `indexDir` to write `version` into before it is complete: named for this
 * process, so that the next build clears it once this process is gone (see removeStaleVersions).
 */
export async function scratchDirFor(indexDir: string, version: string): Promise<string> {
  await mkdir(indexDir, { recursive: true });
  const scratch = path.join(indexDir, `.building-${process.pid}-${version}`);
  await mkdir(scratch);
  return scratch;
}

/**
 * Makes the complete version in `scratch` (manifest written last) the live one: renamed to its
 * version folder, then `CURRENT` replaced atomically; `basedOn` (the version serving until now)
 * stays on disk as `PREVIOUS` and every other version is deleted. Returns the version folder.
 */
export async function makeLive(
  indexDir: string,
  scratch: string,
  version: string,
  basedOn: string | null,
): Promise<string> {
  const finalDir = path.join(indexDir, version);
  // A folder of that name that is not live (a version fetched again after a rollback) is replaced whole.
  if (version !== basedOn) await rm(finalDir, { recursive: true, force: true });
  await rename(scratch, finalDir);
  if (basedOn !== null && basedOn !== version) await writePointer(indexDir, files.previous, basedOn);
  await writePointer(indexDir, files.current, version);
  await removeStaleVersions(indexDir, basedOn === null ? [version] : [version, basedOn]);
  return finalDir;
}

/** Replaces a pointer file by rename, which is atomic: a reader sees the old name or the new one. */
async function writePointer(indexDir: string, pointer: string, version: string): Promise<void> {
  const tmp = path.join(indexDir, `${pointer}.${process.pid}.tmp`);
  await writeFile(tmp, `${version}\n`);
  await rename(tmp, path.join(indexDir, pointer));
}

/** Deletes versions other than `keep`, and scratch folders of builds whose process is gone. */
export async function removeStaleVersions(indexDir: string, keep: string[]): Promise<void> {
  const entries = await readdir(indexDir, { withFileTypes: true });
  await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && !keep.includes(entry.name))
      .filter((entry) => entry.name.startsWith('v-') || isAbandonedScratch(entry.name))
      .map((entry) => rm(path.join(indexDir, entry.name), { recursive: true, force: true })),
  );
}

function isAbandonedScratch(name: string): boolean {
  const match = /^\.building-(\d+)-/.exec(name);
  if (!match) return false;
  const pid = Number(match[1]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    // kill(pid, 0) throws when no such process exists: its build can never finish.
    return true;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

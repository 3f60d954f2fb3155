import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../log';
import { makeArticle } from './article';
import { createDeduplicator } from './dedupe';
import { parseMarkdown, parseText, type FileFields } from './formats';
import { extractHtmlArticle } from './html';
import { MANIFEST_NAME, parseManifest, type ManifestEntry } from './manifest';
import {
  isProblem,
  parseJsonRecords,
  toRecord,
  type ParsedRecords,
  type RecordFields,
  type RecordProblem,
} from './records';
import { streamJsonArray, streamJsonLines, type StreamedRecord } from './record-stream';
import type { Article, IngestResult, SkippedFile, SourceMeta } from './types';
import { describeError } from '../errors';

export interface LoadOptions {
  /** Articles larger than this are skipped: a whole file without being read, a .json/.jsonl record on its own. */
  maxBytes: number;
  log?: Logger;
}

const SUPPORTED = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.json', '.jsonl']);
const PARALLEL_FILES = 8;
const EMPTY_AFTER_CLEANING = 'empty: no article text after cleaning';

interface FoundFile {
  /** Path below the articles folder, '/'-separated. */
  rel: string;
  abs: string;
  /** The articles folder with every symbolic link resolved: nothing outside it is read. */
  root: string;
}

const OUTSIDE = 'outside the articles folder: a symbolic link to somewhere else is not followed';

/** An article read from a file, with where it came from for duplicate messages. */
interface Candidate {
  article: Article;
  /** The source gave no title; the article's title was derived. */
  untitled: boolean;
  label: string;
  /** Prefix for reasons about this article: '' for a plain file, 'line 3: ' for a record. */
  prefix: string;
}

interface FileOutcome {
  candidates: Candidate[];
  skipped: SkippedFile[];
}

/**
 * Reads every article file below `dir` in sorted order. A bad file is skipped with a reason and
 * never stops the load; only an unreadable `dir` throws.
 */
export async function loadArticles(dir: string, options: LoadOptions): Promise<IngestResult> {
  const log = options.log ?? silentLogger;
  try {
    await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'it does not exist' : code === 'ENOTDIR' ? 'it is not a folder' : fileProblem(error);
    throw new Error(`Cannot read the articles folder ${dir}: ${why}`, { cause: error });
  }
  const skipped: SkippedFile[] = [];
  const found = await listFiles(await realpath(dir), skipped);
  const manifestFiles = found.filter((f) => path.posix.basename(f.rel) === MANIFEST_NAME);
  const articleFiles = found.filter((f) => path.posix.basename(f.rel) !== MANIFEST_NAME);
  const manifest = await loadManifests(manifestFiles, skipped, log);

  const outcomes = await mapInOrder(articleFiles, PARALLEL_FILES, (file) =>
    readArticleFile(file, manifest.get(file.rel) ?? null, options.maxBytes),
  );

  const articles: Article[] = [];
  const duplicateOf = createDeduplicator();
  let untitled = 0;
  outcomes.forEach((outcome, i) => {
    const file = articleFiles[i]?.rel ?? '';
    skipped.push(...outcome.skipped);
    for (const { article, label, prefix, untitled: derived } of outcome.candidates) {
      const duplicate = duplicateOf(article, label);
      if (duplicate !== null) {
        skipped.push({ file, reason: `${prefix}${duplicate}` });
        continue;
      }
      articles.push(article);
      if (derived) untitled += 1;
    }
  });

  for (const skip of skipped) log.debug('ingest: skipped file', { file: skip.file, reason: skip.reason });
  log.info('ingest: articles read', { dir, articles: articles.length, untitled, skipped: skipped.length });
  return { articles, skipped, untitled };
}

/** Whether `target` (a real path) is `root` or lies below it. */
function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Every non-hidden file below `root` (a real path), sorted by path; unreadable sub-folders are
 * reported, not fatal. A symbolic link is followed only when its target lies inside `root`: a
 * link to /etc/passwd or to / would otherwise put the machine's files into answers.
 */
async function listFiles(root: string, skipped: SkippedFile[]): Promise<FoundFile[]> {
  const files: FoundFile[] = [];
  const visited = new Set<string>();
  const visit = async (absDir: string, relDir: string) => {
    const real = await realpath(absDir);
    if (!isInside(root, real)) {
      skipped.push({ file: `${relDir}/`, reason: OUTSIDE });
      return;
    }
    if (visited.has(real)) return; // a symlink loop
    visited.add(real);
    const entries = await readdir(absDir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(absDir, entry.name);
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        // A broken link is listed as a file so that reading it reports why it was skipped.
        isDirectory = await stat(abs).then(
          (s) => s.isDirectory(),
          () => false,
        );
        // Checked here too, not only when an article is read: a manifest.json is read on its own.
        const target = await realpath(abs).catch(() => null);
        if (target !== null && !isInside(root, target)) {
          skipped.push({ file: isDirectory ? `${rel}/` : rel, reason: OUTSIDE });
          continue;
        }
      }
      if (!isDirectory) {
        files.push({ rel, abs, root });
        continue;
      }
      try {
        await visit(abs, rel);
      } catch (error) {
        skipped.push({ file: `${rel}/`, reason: `unreadable folder: ${fileProblem(error)}` });
      }
    }
  };
  await visit(root, '');
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

async function loadManifests(
  files: FoundFile[],
  skipped: SkippedFile[],
  log: Logger,
): Promise<Map<string, ManifestEntry>> {
  const merged = new Map<string, ManifestEntry>();
  for (const file of files) {
    const folder = path.posix.dirname(file.rel) === '.' ? '' : path.posix.dirname(file.rel);
    let problem: string;
    try {
      const result = parseManifest(await readFile(file.abs, 'utf8'), folder);
      if ('entries' in result) {
        for (const [key, entry] of result.entries) merged.set(key, entry);
        continue;
      }
      problem = result.problem;
    } catch (error) {
      problem = `unreadable: ${fileProblem(error)}`;
    }
    const reason = `manifest ignored (articles load without its metadata): ${problem}`;
    log.warn(`ingest: ${file.rel} ${reason}`, { file: file.rel });
    skipped.push({ file: file.rel, reason });
  }
  return merged;
}

async function readArticleFile(
  file: FoundFile,
  manifest: ManifestEntry | null,
  maxBytes: number,
): Promise<FileOutcome> {
  const skip = (reason: string): FileOutcome => ({ candidates: [], skipped: [{ file: file.rel, reason }] });
  const ext = path.posix.extname(file.rel).toLowerCase();
  if (!SUPPORTED.has(ext))
    return skip(ext === '' ? 'unsupported file type (no extension)' : `unsupported file type ${ext}`);

  // Resolved again at read time: a link swapped after listing must not lead outside either.
  let real: string;
  let size: number;
  try {
    real = await realpath(file.abs);
    if (!isInside(file.root, real)) return skip(OUTSIDE);
    const info = await stat(real);
    if (!info.isFile()) return skip('not a regular file');
    size = info.size;
  } catch (error) {
    return skip(`unreadable: ${fileProblem(error)}`);
  }
  const stem = file.rel.slice(0, file.rel.length - ext.length);
  // A .jsonl file, or a .json array too big to read at once, holds many articles: the limit is per record.
  if (ext === '.jsonl' || (ext === '.json' && size > maxBytes)) {
    const records = ext === '.jsonl' ? streamJsonLines(real, maxBytes) : streamJsonArray(real, maxBytes);
    try {
      return await streamedOutcome(file.rel, stem, records, manifest);
    } catch (error) {
      return skip(`unreadable: ${fileProblem(error)}`);
    }
  }
  if (size > maxBytes) return skip(`oversized: ${size} bytes is over the ${maxBytes}-byte limit (MAX_ARTICLE_BYTES)`);

  let bytes: Buffer;
  try {
    bytes = await readFile(real);
  } catch (error) {
    return skip(`unreadable: ${fileProblem(error)}`);
  }
  if (bytes.length > maxBytes)
    return skip(`oversized: ${bytes.length} bytes is over the ${maxBytes}-byte limit (MAX_ARTICLE_BYTES)`);
  if (bytes.includes(0)) return skip('binary: file contains NUL bytes, not text');
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return skip('undecodable: not valid UTF-8 text');
  }
  if (source.trim() === '') return skip('empty: file has no text');

  if (ext === '.json') return recordsOutcome(file.rel, stem, source, manifest);

  let fields: FileFields;
  try {
    fields =
      ext === '.txt'
        ? parseText(source)
        : ext === '.html' || ext === '.htm'
          ? extractHtmlArticle(source)
          : parseMarkdown(source);
  } catch (error) {
    return skip(`unparseable ${ext.slice(1)}: ${fileProblem(error)}`);
  }
  const article = makeArticle({ id: stem, file: file.rel, ...withManifest(fields, manifest), title: fields.title });
  if (article.text === '') return skip(EMPTY_AFTER_CLEANING);
  return { candidates: [{ article, label: file.rel, prefix: '', untitled: isBlank(fields.title) }], skipped: [] };
}

function recordsOutcome(rel: string, stem: string, source: string, manifest: ManifestEntry | null): FileOutcome {
  let parsed: ParsedRecords;
  try {
    parsed = parseJsonRecords(source);
  } catch (error) {
    return { candidates: [], skipped: [{ file: rel, reason: `bad JSON: ${fileProblem(error)}` }] };
  }
  const outcome: FileOutcome = { candidates: [], skipped: [] };
  for (const problem of parsed.problems) addRecord(outcome, rel, stem, problem, manifest);
  for (const record of parsed.records) addRecord(outcome, rel, stem, record, manifest);
  return outcome;
}

/** Records arriving one at a time from a streamed file; only the cleaned articles are kept. */
async function streamedOutcome(
  rel: string,
  stem: string,
  records: AsyncIterable<StreamedRecord>,
  manifest: ManifestEntry | null,
): Promise<FileOutcome> {
  const outcome: FileOutcome = { candidates: [], skipped: [] };
  for await (const item of records) {
    addRecord(outcome, rel, stem, isProblem(item) ? item : toRecord(item.value, item.index, item.where), manifest);
  }
  return outcome;
}

function addRecord(
  outcome: FileOutcome,
  rel: string,
  stem: string,
  record: RecordFields | RecordProblem,
  manifest: ManifestEntry | null,
): void {
  if (isProblem(record)) {
    outcome.skipped.push({ file: rel, reason: `${record.where}: ${record.reason}` });
    return;
  }
  const article = makeArticle({
    id: `${stem}#${record.index}`,
    file: rel,
    ...withManifest(record, manifest),
    title: record.title,
  });
  if (article.text === '') outcome.skipped.push({ file: rel, reason: `${record.where}: ${EMPTY_AFTER_CLEANING}` });
  else {
    const untitled = isBlank(record.title);
    outcome.candidates.push({ article, label: `${rel} ${record.where}`, prefix: `${record.where}: `, untitled });
  }
}

/** The file's own metadata wins; the manifest fills what the file leaves out. */
function withManifest(own: SourceMeta & { text: string }, manifest: ManifestEntry | null) {
  return {
    text: own.text,
    outlet: own.outlet ?? manifest?.outlet ?? null,
    url: own.url ?? manifest?.url ?? null,
    published: own.published ?? manifest?.published ?? null,
    show: own.show ?? manifest?.show ?? null,
  };
}

function isBlank(title: string | null): boolean {
  return title === null || title.trim() === '';
}

async function mapInOrder<T, R>(items: T[], parallel: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

/** What went wrong reading a file, in words for the skipped-files list. */
function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'not found (a broken symbolic link, or removed while reading)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return describeError(error);
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { describeError } from '../errors';
import { makeArticle } from './article';
import { createDeduplicator } from './dedupe';
import { isProblem, toRecord } from './records';
import type { Article, IngestResult, SkippedFile } from './types';

/** Whether `file` is a corpus `readJsonlFile` reads: `.jsonl`, or `.jsonl.gz` read through gunzip. */
export function isJsonlFile(file: string): boolean {
  return /\.jsonl(\.gz)?$/i.test(file);
}

export interface JsonlReadOptions {
  /** Called as the file is read: bytes of the file (compressed, for .gz) read so far, and its size. */
  onBytes?: (done: number, total: number) => void;
}

/**
 * Streams one large JSONL corpus (optionally gzipped) in place, line by line, with the same record
 * rules, cleaning and duplicate checks as a `.jsonl` file in the articles folder. Article ids are
 * `<name>#<n>` as there; a bad line is skipped with its reason and the rest still load.
 */
export async function readJsonlFile(file: string, options: JsonlReadOptions = {}): Promise<IngestResult> {
  const { size } = await stat(file);
  const name = path.basename(file).replace(/\.gz$/i, '');
  const stem = name.replace(/\.jsonl$/i, '');
  const raw = createReadStream(file);
  const input = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
  // A broken gzip stream ends the read with its error instead of hanging the line reader.
  raw.on('error', (error) => input.destroy(error));
  const lines = createInterface({ input, crlfDelay: Infinity });

  const articles: Article[] = [];
  const skipped: SkippedFile[] = [];
  const duplicateOf = createDeduplicator();
  let untitled = 0;
  let lineNumber = 0;
  let index = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const where = `line ${lineNumber}`;
    const n = index++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      skipped.push({ file: name, reason: `${where}: bad JSON: ${describeError(error)}` });
      continue;
    }
    const record = toRecord(value, n, where);
    if (isProblem(record)) {
      skipped.push({ file: name, reason: `${where}: ${record.reason}` });
      continue;
    }
    const article = makeArticle({ ...record, id: `${stem}#${n}`, file: name });
    const duplicate =
      article.text === '' ? 'empty: no article text after cleaning' : duplicateOf(article, `${name} ${where}`);
    if (duplicate !== null) skipped.push({ file: name, reason: `${where}: ${duplicate}` });
    else {
      articles.push(article);
      if (record.title === null || record.title.trim() === '') untitled += 1;
    }
    if (n % 200 === 0) options.onBytes?.(raw.bytesRead, size);
  }
  options.onBytes?.(size, size);
  return { articles, skipped, untitled };
}

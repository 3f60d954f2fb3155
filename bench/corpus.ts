import { createReadStream, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { ArticleFields } from '../src/ingest/article';

/**
 * Streams the shared benchmark corpus (gz JSONL) record by record, as article fields for
 * `makeArticle`. Nothing is copied: the files are read in place.
 */

/** news-2022, -2023, -2024 first (the newest-style articles), then the BBC set. */
export function corpusFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((name) => name.endsWith('.jsonl.gz'));
  const rank = (name: string) => (name.startsWith('news-') ? 0 : 1);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((name) => path.join(dir, name));
}

interface NewsRecord {
  doc_id?: string;
  url?: string;
  outlet_domain?: string;
  outlet?: string;
  title?: string;
  publish_date?: string;
  text?: string;
  body?: string;
}

/** One record as the fields of an article; null when it has no title or no text. */
export function recordToFields(record: NewsRecord, fileName: string, line: number): ArticleFields | null {
  const text = record.text ?? record.body ?? '';
  const title = record.title ?? '';
  if (text.trim() === '' || title.trim() === '') return null;
  const file = fileName.replace(/\.gz$/, '');
  const stem = file.replace(/\.jsonl$/, '');
  return {
    // The line number keeps ids unique even if a doc_id repeats.
    id: `${stem}#${line}`,
    file,
    title,
    text,
    outlet: record.outlet_domain ?? record.outlet ?? null,
    url: record.url ?? null,
    published: record.publish_date ?? null,
  };
}

/** Yields up to `limit` articles' fields from the files in order. */
export async function* readCorpus(files: string[], limit = Infinity): AsyncGenerator<ArticleFields> {
  let count = 0;
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let line = 0;
    for await (const text of lines) {
      line += 1;
      if (text.trim() === '') continue;
      const fields = recordToFields(JSON.parse(text) as NewsRecord, path.basename(file), line);
      if (fields === null) continue;
      yield fields;
      count += 1;
      if (count >= limit) {
        lines.close();
        return;
      }
    }
  }
}

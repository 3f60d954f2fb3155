import matter from 'gray-matter';
import { isFurniture } from './clean';
import { stripMarkdown } from './markdown';
import type { SourceMeta } from './types';

/** What one plain article file says about itself; null where the file gives nothing. */
export type FileFields = SourceMeta & {
  title: string | null;
  text: string;
};

const noMeta: SourceMeta = { outlet: null, url: null, published: null, show: null };

/** .txt: the first non-empty line that is not page furniture ("Skip to content") is the title. */
export function parseText(source: string): FileFields {
  const lines = source.split('\n');
  const titleIndex = lines.findIndex((line) => {
    const trimmed = line.replace(/\u00a0/g, ' ').trim();
    return trimmed !== '' && !isFurniture(trimmed);
  });
  if (titleIndex < 0) return { title: null, text: '', ...noMeta };
  return { title: (lines[titleIndex] ?? '').trim(), text: lines.slice(titleIndex + 1).join('\n'), ...noMeta };
}

/** .md: YAML front matter for metadata; without a title there, the first heading or line is the title. */
export function parseMarkdown(source: string): FileFields {
  // Passing options turns off gray-matter's cache, which would otherwise keep every file's text alive.
  const { data, content } = matter(source, {});
  const fromMatter = (key: string): string | null => frontMatterText((data as Record<string, unknown>)[key]);
  const text = stripMarkdown(content);
  const title = fromMatter('title');
  if (title !== null) {
    return {
      title,
      text,
      outlet: fromMatter('outlet'),
      url: fromMatter('url'),
      published: fromMatter('published') ?? fromMatter('date'),
      show: fromMatter('show'),
    };
  }
  const body = parseText(text);
  return {
    ...body,
    outlet: fromMatter('outlet'),
    url: fromMatter('url'),
    published: fromMatter('published') ?? fromMatter('date'),
    show: fromMatter('show'),
  };
}

/** YAML turns `published: 2017-04-12` into a Date (UTC midnight) and bare numbers into numbers. */
function frontMatterText(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

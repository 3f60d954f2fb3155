import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { refusedAddress } from './address-check';

/** How often a feed is polled when its entry does not say. */
export const DEFAULT_INTERVAL_MINUTES = 30;

const httpUrl = z
  .string()
  .trim()
  .refine((value) => isHttpUrl(value), { message: 'must be a web address starting with http or https' });

const feedSchema = z.strictObject({
  url: httpUrl,
  /** Shown as the articles' outlet; the feed's own title when left out. */
  outlet: z.string().trim().min(1).max(100).optional(),
  /** Keep only items whose title or text mentions one of these (case-insensitive); all items when left out. */
  keywords: z.array(z.string().trim().min(1)).optional(),
  /** Minutes between polls; fractions allowed. */
  intervalMinutes: z.number().positive().optional(),
});

const feedsFileSchema = z.strictObject({ feeds: z.array(feedSchema) });

export type FeedEntry = z.infer<typeof feedSchema>;
export interface FeedsFile {
  feeds: FeedEntry[];
}

export class FeedsFileError extends Error {
  override name = 'FeedsFileError';
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function intervalMs(feed: FeedEntry): number {
  return (feed.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES) * 60_000;
}

/** Validates a feeds file's text; the error names the file and every bad field (`feeds.2.url: ...`). */
export function parseFeedsFile(source: string, file: string): FeedsFile {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new FeedsFileError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = feedsFileSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new FeedsFileError(`${file} is not a valid feeds file: ${problems.join('; ')}`);
  }
  const seen = new Set<string>();
  for (const feed of parsed.data.feeds) {
    if (seen.has(feed.url)) throw new FeedsFileError(`${file} lists ${feed.url} twice.`);
    seen.add(feed.url);
  }
  return parsed.data;
}

/** The feeds file, or no feeds when it does not exist; a malformed file throws FeedsFileError. */
export async function readFeedsFile(file: string): Promise<FeedsFile> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { feeds: [] };
    throw new FeedsFileError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  return parseFeedsFile(source, file);
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export async function writeFeedsFile(file: string, feeds: FeedsFile): Promise<void> {
  await writeJsonAtomically(file, feeds);
}

export async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temporary, file);
}

/**
 * Adds a feed (validated like the file, and its address checked as polling checks it); adding a
 * URL already listed, or one on a loopback, private or link-local address, is an error saying why.
 */
export async function addFeed(file: string, entry: FeedEntry, options: { allowPrivate: boolean }): Promise<FeedEntry> {
  const current = await readFeedsFile(file);
  const added = await checkNewFeed(current.feeds, entry, options, file);
  await writeFeedsFile(file, { feeds: [...current.feeds, added] });
  return added;
}

/** The entry as it is listed, or FeedsFileError saying why it cannot be added to `current` (kept in `where`). */
export async function checkNewFeed(
  current: FeedEntry[],
  entry: FeedEntry,
  options: { allowPrivate: boolean },
  where: string,
): Promise<FeedEntry> {
  const parsed = feedSchema.safeParse(entry);
  if (!parsed.success) {
    throw new FeedsFileError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'feed'}: ${issue.message}`).join('; '),
    );
  }
  if (current.some((feed) => feed.url === parsed.data.url)) {
    throw new FeedsFileError(`${parsed.data.url} is already in ${where}.`);
  }
  const refused = await refusedAddress(parsed.data.url, options.allowPrivate);
  if (refused) throw new FeedsFileError(`Not added: ${refused}.`);
  return parsed.data;
}

/** Removes a feed by its URL; its saved articles stay. Returns false when it was not listed. */
export async function removeFeed(file: string, url: string): Promise<boolean> {
  const current = await readFeedsFile(file);
  const kept = current.feeds.filter((feed) => feed.url !== url.trim());
  if (kept.length === current.feeds.length) return false;
  await writeFeedsFile(file, { feeds: kept });
  return true;
}

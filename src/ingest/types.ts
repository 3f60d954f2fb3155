/** Where an article came from and what it says, after cleaning. */
export interface ArticleMeta {
  /** Stable id: the file's path below the articles folder without extension; `#n` added for the n-th record of a .json/.jsonl file. */
  id: string;
  /** File path relative to the articles folder, e.g. `000_982bcfe2b38982df.txt`. */
  file: string;
  title: string;
  outlet: string;
  url: string | null;
  /** ISO date `YYYY-MM-DD`, or null when the source does not give one. */
  published: string | null;
  show: string | null;
}

/**
 * What a file, a JSON record or a manifest entry may say about an article's source: ArticleMeta's
 * own fields, null where it says nothing (a missing outlet is filled in from the URL later).
 */
export type SourceMeta = { [K in 'outlet' | 'url' | 'published' | 'show']: ArticleMeta[K] | null };

export interface Article extends ArticleMeta {
  /** Cleaned main text: what chunk offsets point into and citation quotes are substrings of. */
  text: string;
  /** sha256 over metadata and text: an unchanged hash means the article needs no new embedding. */
  contentHash: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface IngestResult {
  articles: Article[];
  skipped: SkippedFile[];
  /** How many of `articles` had no title of their own and were given one derived from their text or URL. */
  untitled: number;
}

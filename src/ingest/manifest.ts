import { z } from 'zod';
import type { SourceMeta } from './types';
import { describeError, describeIssues } from '../errors';

export const MANIFEST_NAME = 'manifest.json';

/** A manifest entry fills in what its article's file leaves out. */
export type ManifestEntry = SourceMeta;

const optionalText = z.union([z.string(), z.null()]).optional();
const manifestSchema = z.object({
  articles: z.array(
    z.object({
      file: z.string().min(1),
      outlet: optionalText,
      url: optionalText,
      published: optionalText,
      show: optionalText,
    }),
  ),
});

export type ManifestResult = { entries: Map<string, ManifestEntry> } | { problem: string };

/**
 * Parses a sidecar manifest. `file` paths are relative to the manifest's folder; the map is
 * keyed by the same paths prefixed with `folder` (posix, '' for the articles folder itself).
 */
export function parseManifest(source: string, folder: string): ManifestResult {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    return { problem: `not valid JSON: ${describeError(error)}` };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error, 3).join('; ');
    return { problem: `expected { "articles": [{ "file", "outlet", "url", "published", "show" }] }; ${issues}` };
  }
  const entries = new Map<string, ManifestEntry>();
  for (const entry of parsed.data.articles) {
    const file = entry.file.replace(/\\/g, '/').replace(/^\.\//, '');
    entries.set(folder === '' ? file : `${folder}/${file}`, {
      outlet: entry.outlet ?? null,
      url: entry.url ?? null,
      published: entry.published ?? null,
      show: entry.show ?? null,
    });
  }
  return { entries };
}

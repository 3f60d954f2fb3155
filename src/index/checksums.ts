import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';

/** File name in a version folder → sha256 of its bytes (hex), kept in the manifest. */
export type Checksums = Record<string, string>;

export function bufferChecksum(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Hashes a file as it streams from disk, so a large vector file never sits in memory twice. */
export async function fileChecksum(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** The checksums of `names` in `dir`, as written: what a later load compares against. */
export async function checksumFiles(dir: string, names: string[]): Promise<Checksums> {
  const sums = await Promise.all(names.map(async (name) => [name, await fileChecksum(path.join(dir, name))] as const));
  return Object.fromEntries(sums);
}

/** A version's file whose bytes are not the ones written (bit rot, a partial copy, an edit by hand). */
export class ChecksumMismatchError extends Error {
  override name = 'ChecksumMismatchError';
}

/**
 * Throws ChecksumMismatchError naming the first file whose checksum differs from the manifest's.
 * `inMemory` holds files already read whole, so they are not read a second time.
 */
export async function verifyChecksums(
  dir: string,
  expected: Checksums,
  inMemory: Record<string, Buffer> = {},
): Promise<void> {
  for (const [name, sum] of Object.entries(expected)) {
    const bytes = inMemory[name];
    const actual = bytes ? bufferChecksum(bytes) : await fileChecksum(path.join(dir, name));
    if (actual !== sum)
      throw new ChecksumMismatchError(`${name} is damaged (its checksum differs from the manifest's)`);
  }
}

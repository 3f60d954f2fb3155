import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** File name in a version folder → sha256 of its bytes (hex), kept in the manifest. */
export type Checksums = Record<string, string>;

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

/*
 * The hashing thread's whole program: it streams each file from disk and posts back the hex
 * sha256 of each, in order. Given as source text rather than a module file so that it runs the
 * same under tsx, vitest and compiled JavaScript, none of which would have to find or load a
 * second entry point. CommonJS, because that is how Node evaluates `eval` workers.
 */
const hashingProgram = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
// One buffer read into again and again: blocking reads cost this thread nothing, and a stream's
// fresh buffer per chunk made its garbage collector run every few megabytes.
const buffer = Buffer.allocUnsafe(1 << 20);
function sha256(file) {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
parentPort.postMessage(workerData.map(sha256));
`;

/** sha256 of each file, hashed on another thread: about 0.4 s for the full corpus's 330 MB, which the load's own work then overlaps. */
function checksumsOffThread(files: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(hashingProgram, { eval: true, workerData: files });
    worker.once('message', (sums: string[]) => {
      resolve(sums);
      void worker.terminate();
    });
    // A file that cannot be read (gone, unreadable) ends the thread with its error.
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the checksum thread stopped (exit code ${code})`)));
  });
}

/**
 * Resolves once every file named in `expected` has the manifest's checksum; rejects with
 * ChecksumMismatchError naming the first one that does not. The files are read and hashed on
 * another thread, so the caller can parse the same files meanwhile, and must await this before
 * anything is served from them.
 */
export async function verifyChecksums(dir: string, expected: Checksums): Promise<void> {
  const names = Object.keys(expected);
  const actual = await checksumsOffThread(names.map((name) => path.join(dir, name)));
  const damaged = names.find((name, i) => actual[i] !== expected[name]);
  if (damaged !== undefined)
    throw new ChecksumMismatchError(`${damaged} is damaged (its checksum differs from the manifest's)`);
}

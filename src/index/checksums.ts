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

/** A version's file whose bytes are not the ones written (bit rot, a partial copy, an edit by hand). */
export class ChecksumMismatchError extends Error {
  override name = 'ChecksumMismatchError';
}

/*
 * The hashing thread's whole program: it streams each file it is sent from disk and posts back
 * the hex sha256 of each, in the order sent. Given as source text rather than a module file so
 * that it runs the same under tsx, vitest and compiled JavaScript, none of which would have to
 * find or load a second entry point. CommonJS, because that is how Node evaluates `eval` workers.
 */
const hashingProgram = `
const { parentPort } = require('node:worker_threads');
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
parentPort.on('message', (file) => {
  try {
    parentPort.postMessage({ sum: sha256(file) });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/** A thread that hashes files while this one works: each checksum resolves as its file is read. */
export interface HashingThread {
  checksum(file: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts a hashing thread (see `hashingProgram`). About 0.4 s for the full corpus's 330 MB, which
 * the caller's own work then overlaps: a load's parsing, a build's writing of its other files.
 */
export function startHashing(): HashingThread {
  const worker = new Worker(hashingProgram, { eval: true });
  // The thread answers in the order it was asked.
  const waiting: { resolve: (sum: string) => void; reject: (error: Error) => void }[] = [];
  const failAll = (error: Error) => {
    for (const { reject } of waiting.splice(0)) reject(error);
  };
  worker.on('message', (reply: { sum: string } | { error: string }) => {
    const next = waiting.shift();
    if ('sum' in reply) next?.resolve(reply.sum);
    else next?.reject(new Error(reply.error));
  });
  worker.once('error', failAll);
  worker.once('exit', (code) => failAll(new Error(`the checksum thread stopped (exit code ${code})`)));
  return {
    checksum: (file) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(file);
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

/**
 * Resolves once every file named in `expected` has the manifest's checksum; rejects with
 * ChecksumMismatchError naming the first one that does not. The files are read and hashed on
 * another thread, so the caller can parse the same files meanwhile, and must await this before
 * anything is served from them.
 */
export async function verifyChecksums(dir: string, expected: Checksums): Promise<void> {
  const names = Object.keys(expected);
  const hashing = startHashing();
  let actual: string[];
  try {
    actual = await Promise.all(names.map((name) => hashing.checksum(path.join(dir, name))));
  } finally {
    // Not awaited: the load need not wait for the thread to wind down.
    void hashing.close();
  }
  const damaged = names.find((name, i) => actual[i] !== expected[name]);
  if (damaged !== undefined)
    throw new ChecksumMismatchError(`${damaged} is damaged (its checksum differs from the manifest's)`);
}

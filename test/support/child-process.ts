import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SIGNAL_BOUND_MS } from './bounds';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** tsx's loader by absolute address, so a child started in a temporary folder finds it too. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Node's arguments to run one of the repository's TypeScript files (path from the repository root):
 * `node --import tsx <file>`. Not tsx's CLI, which would stand between the test and the program as
 * a second process relaying signals; under load its relay turned the bot's clean exit after
 * SIGTERM into exit code 143.
 */
export function tsxArgs(file: string, ...args: string[]): string[] {
  return ['--import', tsxLoader, path.resolve(repoRoot, file), ...args];
}

/** The child's exit code once it exits (null when a signal ended it), or 'timeout' if it still runs after `timeoutMs`. */
export function exitCodeWithin(child: ChildProcess, timeoutMs = SIGNAL_BOUND_MS): Promise<number | null | 'timeout'> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/**
 * Node's arguments to run a TypeScript entry point with tsx's loader in the node process itself:
 * tsx's own CLI would run it in a second process, which a SIGKILL to the first leaves running.
 */
export function tsxNodeArgs(entry: string): string[] {
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, path.resolve(entry)];
}

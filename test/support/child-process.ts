import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The child's exit code once it exits, or 'timeout' if it is still running after `timeoutMs`. */
export function exitCodeWithin(child: ChildProcess, timeoutMs: number): Promise<number | null | 'timeout'> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
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

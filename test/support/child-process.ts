import type { ChildProcess } from 'node:child_process';

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

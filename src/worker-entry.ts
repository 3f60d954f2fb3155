import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The code of an eval worker thread that runs the module `name` beside `callerUrl` (the caller's
 * `import.meta.url`): the compiled .js, or the .ts source through tsx's loader, registered in the
 * worker itself since a worker does not inherit its parent's loader hooks. tsx is named by its
 * full path: an eval worker resolves bare names from the working directory, which need not be the
 * project's (the bot or a command started from another folder could not start its threads).
 */
export function workerEntryCode(callerUrl: string, name: string): string {
  const extension = path.extname(fileURLToPath(callerUrl));
  const script = JSON.stringify(new URL(`./${name}${extension}`, callerUrl).href);
  return extension === '.ts'
    ? `import(${JSON.stringify(tsxApi())}).then(({ register }) => { register(); return import(${script}); })`
    : `import(${script})`;
}

/** tsx's ESM API by its package's exports map (vitest has no import.meta.resolve; require.resolve gives the CommonJS build). */
function tsxApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  const api = exports['./esm/api']?.import.default;
  if (!api) throw new Error("tsx's package no longer exports ./esm/api");
  return pathToFileURL(path.join(path.dirname(manifest), api)).href;
}

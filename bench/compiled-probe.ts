import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Compiles the cold-start probe (bench/cold-start.ts and the src/ modules it reaches) to plain
 * JavaScript, so its start-up is measured without tsx, as `npm start` runs the compiled bot.
 * Dependencies stay outside the output and are loaded from node_modules as at run time; dynamic
 * imports stay separate files (code splitting), so modules the engine loads lazily are still
 * loaded lazily. The output goes below node_modules/.cache so that Node finds the packages from
 * it. Returns the entry file to run with `node`.
 */
export async function compileColdStartProbe(repoRoot: string): Promise<string> {
  const outdir = path.join(repoRoot, 'node_modules', '.cache', 'bench-cold-start');
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(repoRoot, 'bench', 'cold-start.ts')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return path.join(outdir, 'cold-start.mjs');
}

// `node scripts/compiled.mjs dist/<entry>.js [arguments]`: runs a compiled entry point (what
// `npm start` and the command-line scripts run), building dist/ first when it is missing or older
// than the sources, so a fresh clone or an edited checkout never runs stale or missing code.
// Plain JavaScript, so it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written by `npm run build` once it has finished, so a build that failed half-way counts as stale. */
const stamp = path.join(root, 'dist', '.built');
/** What the build reads: any of it newer than the stamp means dist/ is stale. */
const inputs = ['src', 'commands', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

const [entry, ...rest] = process.argv.slice(2);
if (!entry?.startsWith('dist/')) {
  process.stderr.write('usage: node scripts/compiled.mjs dist/<entry>.js [arguments]\n');
  process.exit(2);
}

/** Newest modification time among the build's inputs (about 200 files: a few milliseconds). */
function newestInput() {
  let newest = 0;
  for (const input of inputs) {
    const full = path.join(root, input);
    const stats = statSync(full);
    newest = Math.max(newest, stats.mtimeMs);
    if (!stats.isDirectory()) continue;
    for (const item of readdirSync(full, { recursive: true, withFileTypes: true })) {
      if (item.isFile())
        newest = Math.max(newest, statSync(path.join(item.parentPath ?? item.path, item.name)).mtimeMs);
    }
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch (error) {
    if (error.code === 'ENOENT') return -1;
    throw error;
  }
}

const built = builtAt();
if (built < newestInput()) {
  process.stderr.write(
    `${built < 0 ? 'dist/ is not built yet' : 'src/ changed since the last build'}: running npm run build first (about 20 s)...\n`,
  );
  // The build's output goes to stderr: stdout belongs to answers and JSON.
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) {
    process.stderr.write('The build failed (see above); fix it, or run `npm run build` to see it again.\n');
    process.exit(build.status ?? 1);
  }
}

// The entry sees the arguments as if it had been run directly.
process.argv = [process.argv[0], path.join(root, entry), ...rest];
await import(pathToFileURL(path.join(root, entry)).href);

import { spawn } from 'node:child_process';
import { SIGNAL_BOUND_MS } from './bounds';
import { repoRoot } from './sample-index';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
}

/** Runs `src/cli/<script>.ts` as a real process, the way `npm run` does, lexical-only and without an LLM. */
export function runCli(script: string, args: string[], options: RunOptions = {}): Promise<CliRun> {
  return runTsx(`src/cli/${script}.ts`, args, options);
}

/** Runs a TypeScript file of the repository (path from its root) as a real process, as `runCli` does. */
export function runTsx(script: string, args: string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ALLOW_REMOTE_MODELS: 'false',
        EMBEDDING_MODEL: 'not-installed/model',
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not finish: ${stderr}`));
    }, options.timeoutMs ?? SIGNAL_BOUND_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

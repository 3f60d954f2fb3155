import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CommandMap, CommandModule } from './context';

export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

const MODULE_FILE = /^(?!.*\.d\.ts$)(?!.*\.test\.).*\.(ts|js|mjs)$/;

function isCommandModule(value: unknown): value is CommandModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const data = candidate.data as Record<string, unknown> | undefined;
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof data.name === 'string' &&
    typeof data.toJSON === 'function' &&
    typeof candidate.execute === 'function' &&
    (candidate.autocomplete === undefined || typeof candidate.autocomplete === 'function') &&
    (candidate.handleButton === undefined || typeof candidate.handleButton === 'function') &&
    (candidate.handleModal === undefined || typeof candidate.handleModal === 'function') &&
    (candidate.scope === undefined || candidate.scope === 'public' || candidate.scope === 'operator')
  );
}

/** Imports every command module in `dir`; a module without `data` and `execute` is an error naming its file. */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<CommandMap> {
  const files = (await readdir(dir)).filter((f) => MODULE_FILE.test(f)).sort();
  const commands: CommandMap = new Map();
  for (const file of files) {
    const full = path.join(dir, file);
    const loaded: unknown = await import(pathToFileURL(full).href);
    if (!isCommandModule(loaded)) {
      throw new Error(
        `${full} is not a command module: it must export \`data\` (a SlashCommandBuilder) and \`execute\`.`,
      );
    }
    const name = loaded.data.name;
    if (commands.has(name)) throw new Error(`Two command modules are named "${name}" (${full}).`);
    commands.set(name, loaded);
  }
  return commands;
}

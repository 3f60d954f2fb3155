import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST, Routes, type RESTGetCurrentApplicationResult } from 'discord.js';
import type { BotConfig } from '../config';
import type { Logger } from '../log';
import { loadBotConfigOrExit, processLogger } from '../startup';
import type { CommandMap } from './context';
import { loadCommands } from './load-commands';

export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  commands: string[];
}

/**
 * Registers the slash commands once (not on every start): in one guild when DISCORD_GUILD_ID is
 * set (instant, for testing), else globally. The application id comes from the token itself.
 */
export async function deployCommands(
  config: BotConfig,
  log: Logger,
  options: { commands?: CommandMap } = {},
): Promise<DeployResult> {
  const { token } = config.discord;
  const commands = options.commands ?? (await loadCommands());
  const rest = new REST({ version: '10', ...(config.discord.apiUrl ? { api: config.discord.apiUrl } : {}) }).setToken(token);

  const application = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
  const body = [...commands.values()].map((command) => command.data.toJSON());
  const guildId = config.discord.guildId;
  const route = guildId
    ? Routes.applicationGuildCommands(application.id, guildId)
    : Routes.applicationCommands(application.id);
  await rest.put(route, { body });
  const result: DeployResult = {
    scope: guildId ? 'guild' : 'global',
    applicationId: application.id,
    commands: body.map((c) => c.name),
  };
  log.info('Registered slash commands', { ...result, guildId });
  return result;
}

async function main(): Promise<void> {
  const config = loadBotConfigOrExit();
  const log = processLogger(config);
  try {
    const result = await deployCommands(config, log);
    const where = result.scope === 'guild' ? `guild ${config.discord.guildId}` : 'all guilds (global; may take up to an hour to appear)';
    process.stdout.write(`Registered ${result.commands.map((c) => `/${c}`).join(', ')} in ${where}.\n`);
    process.exit(0);
  } catch (error) {
    log.error('Registering commands failed', { error });
    process.exit(1);
  }
}

const entry = process.argv[1];
if (entry && path.resolve(entry) === fileURLToPath(import.meta.url)) void main();

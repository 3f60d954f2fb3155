import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  REST,
  Routes,
  type RESTGetAPICurrentUserGuildsResult,
  type RESTGetCurrentApplicationResult,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotConfig } from '../config';
import type { Logger } from '../log';
import { loadBotConfigOrExit, processLogger } from '../startup';
import type { CommandMap } from './context';
import { loadCommands } from './load-commands';

type CommandBody = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** One place commands are registered: everywhere (`global`) or one guild. */
export interface Registration {
  /** `global`, or a guild id. */
  where: string;
  commands: string[];
}

export interface DeployResult {
  applicationId: string;
  registered: Registration[];
  /** Places where earlier registrations were removed because they are no longer wanted. */
  cleared: string[];
}

/**
 * Registers the slash commands once (not on every start). Public commands go globally, or to
 * DISCORD_GUILD_ID when set (instant, for testing); operator commands go only to ADMIN_GUILD_ID.
 * Every other place the bot has commands registered is cleared, so an earlier global or
 * per-server deploy cannot leave /reindex behind. The application id comes from the token itself.
 */
export async function deployCommands(
  config: BotConfig,
  log: Logger,
  options: { commands?: CommandMap } = {},
): Promise<DeployResult> {
  const { token } = config.discord;
  const commands = options.commands ?? (await loadCommands());
  const rest = new REST({ version: '10', ...(config.discord.apiUrl ? { api: config.discord.apiUrl } : {}) }).setToken(
    token,
  );
  const application = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;

  const wanted = wantedRegistrations(commands, config, log);
  const registered: Registration[] = [];
  for (const [where, body] of wanted) {
    await rest.put(
      where === 'global'
        ? Routes.applicationCommands(application.id)
        : Routes.applicationGuildCommands(application.id, where),
      { body },
    );
    registered.push({ where, commands: body.map((c) => c.name) });
  }

  // Guild registrations of earlier deploys: the only way to find them is to look in each guild.
  const cleared: string[] = [];
  const guilds = (await rest.get(Routes.userGuilds())) as RESTGetAPICurrentUserGuildsResult;
  for (const guild of guilds) {
    if (wanted.has(guild.id)) continue;
    const existing = (await rest.get(Routes.applicationGuildCommands(application.id, guild.id))) as unknown[];
    if (existing.length === 0) continue;
    await rest.put(Routes.applicationGuildCommands(application.id, guild.id), { body: [] });
    cleared.push(guild.id);
  }
  const result: DeployResult = { applicationId: application.id, registered, cleared };
  log.info('Registered slash commands', { ...result });
  return result;
}

/** Where each command belongs; `global` is always listed, emptied when commands go to a guild instead. */
function wantedRegistrations(commands: CommandMap, config: BotConfig, log: Logger): Map<string, CommandBody[]> {
  const wanted = new Map<string, CommandBody[]>([['global', []]]);
  const add = (where: string, body: CommandBody) => wanted.set(where, [...(wanted.get(where) ?? []), body]);
  const publicWhere = config.discord.guildId ?? 'global';
  const adminGuild = config.operator.adminGuildId;
  for (const command of commands.values()) {
    if ((command.scope ?? 'public') === 'public') add(publicWhere, command.data.toJSON());
    else if (adminGuild) add(adminGuild, command.data.toJSON());
    else log.warn(`ADMIN_GUILD_ID is not set, so /${command.data.name} is not registered anywhere.`);
  }
  return wanted;
}

async function main(): Promise<void> {
  const config = loadBotConfigOrExit();
  const log = processLogger(config);
  try {
    const result = await deployCommands(config, log);
    for (const { where, commands } of result.registered) {
      const place = where === 'global' ? 'all servers (global; may take up to an hour to appear)' : `server ${where}`;
      const list = commands.length > 0 ? commands.map((c) => `/${c}`).join(', ') : 'no commands (earlier ones removed)';
      process.stdout.write(`Registered ${list} in ${place}.\n`);
    }
    for (const guild of result.cleared) process.stdout.write(`Removed old commands from server ${guild}.\n`);
    process.exit(0);
  } catch (error) {
    log.error('Registering commands failed', { error });
    process.exit(1);
  }
}

const entry = process.argv[1];
if (entry && path.resolve(entry) === fileURLToPath(import.meta.url)) void main();

import type { Client } from 'discord.js';
import type { Logger } from '../log';

/**
 * Names of the servers among `ids` the bot is in: from the gateway's cache, else one request for
 * the bot's server list. A failed request leaves names out (the caller shows the id), never fails.
 */
export async function guildNames(
  client: Client,
  ids: readonly (string | null)[],
  log: Logger,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const wanted = new Set(ids.filter((id): id is string => id !== null));
  for (const id of wanted) {
    const cached = client.guilds.cache.get(id);
    if (cached) names.set(id, cached.name);
  }
  if ([...wanted].every((id) => names.has(id))) return names;
  try {
    for (const [id, guild] of await client.guilds.fetch()) if (wanted.has(id)) names.set(id, guild.name);
  } catch (error) {
    log.warn('Could not read the names of the servers the bot is in', { error });
  }
  return names;
}

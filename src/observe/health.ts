import { Status, type Client } from 'discord.js';

/** What /healthz reports: healthy when the gateway is connected and an index is loaded. */
export interface Health {
  gateway: 'connected' | 'disconnected';
  index: { loaded: boolean; version: string | null };
}

export function isHealthy(health: Health): boolean {
  return health.gateway === 'connected' && health.index.loaded;
}

/**
 * Connected when discord.js has been ready and every shard is ready now: a shard that lost its
 * connection is reconnecting or resuming, and one closed for good (a revoked token) stays disconnected.
 */
export function gatewayState(client: Client | undefined): Health['gateway'] {
  if (!client || client.ws.status !== Status.Ready || client.ws.shards.size === 0) return 'disconnected';
  return client.ws.shards.every((shard) => shard.status === Status.Ready) ? 'connected' : 'disconnected';
}

import { Status, type Client } from 'discord.js';
import type { StoreStatus } from '../db/store';

/**
 * What /healthz reports. `status` follows the IETF draft "Health Check Response Format for HTTP
 * APIs" (draft-inadarei-api-health-check): `pass` and `warn` answer HTTP 200, `fail` 503.
 *   pass  the gateway is connected, an index is loaded, the store answers.
 *   warn  degraded: the store is down or hung. Questions are still answered (privately, without
 *         vote and follow-up buttons); votes and settings are refused with a message. Restarting
 *         the bot or taking it out of rotation would not bring the store back and would stop the
 *         answers, so orchestrators and load balancers must keep it: hence 200.
 *   fail  the bot cannot answer: no gateway, no index, or shutting down (503).
 */
export interface Health {
  status: 'pass' | 'warn' | 'fail';
  gateway: 'connected' | 'disconnected';
  index: { loaded: boolean; version: string | null };
  /** Null until the store has opened. */
  store: StoreStatus | null;
}

/** What /healthz is built from. */
export interface HealthSources {
  client: Client | undefined;
  /** HTTP interactions mode: whether the listener is open (there is no gateway then); undefined in gateway mode. */
  httpListening?: boolean | undefined;
  index: { version: string } | undefined;
  store: { status(): StoreStatus } | undefined;
  stopping: boolean;
}

export const HEALTH_DEFAULTS = {
  // A store nobody has used lately is probed this often, so /healthz shows it down (or back up)
  // within 15 s; one `select 1` per 15 s is nothing to any database.
  storeProbeMs: 15_000,
} as const;

export function botHealth(sources: HealthSources): Health {
  const listening = sources.httpListening;
  const gateway = sources.stopping
    ? 'disconnected'
    : listening === undefined
      ? gatewayState(sources.client)
      : listening
        ? 'connected'
        : 'disconnected';
  const index = sources.index ? { loaded: true, version: sources.index.version } : { loaded: false, version: null };
  const store = sources.store?.status() ?? null;
  const answering = gateway === 'connected' && index.loaded;
  const status = !answering ? 'fail' : store?.state === 'up' ? 'pass' : 'warn';
  return { status, gateway, index, store };
}

/** 503 only when the bot cannot answer questions; a degraded bot (`warn`) still answers. */
export function httpStatusOf(health: Health): number {
  return health.status === 'fail' ? 503 : 200;
}

/**
 * Connected when discord.js has been ready and every shard is ready now: a shard that lost its
 * connection is reconnecting or resuming, and one closed for good (a revoked token) stays disconnected.
 */
export function gatewayState(client: Client | undefined): Health['gateway'] {
  if (!client || client.ws.status !== Status.Ready || client.ws.shards.size === 0) return 'disconnected';
  return client.ws.shards.every((shard) => shard.status === Status.Ready) ? 'connected' : 'disconnected';
}

import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { BotConfig, Config } from '../config';
import type { Engine } from '../engine';
import type { Logger } from '../log';
import type { Store } from '../db/store';
import type { CommandMap } from './context';
import { createCooldowns, sharedCooldowns } from './cooldown';
import { handleInteraction, type SharedContext } from './handle-interaction';
import { interactionLogFields, type InteractionEvent } from '../observe/interaction';
import { loadCommands } from './load-commands';
import { createOperators, type Operators } from './operator';
import { startFollowNotifier } from './follow-notifier';
import { NO_MENTIONS } from './reply';
import { exemptInteractionWebhooks } from './interaction-rest';

const READY_TIMEOUT_MS = 60_000;

/** A discord.js client with the one intent we need; `DISCORD_API_URL` moves REST (tests use a fake). */
export function createDiscordClient(config: Config): Client {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // A second guard behind the reply helpers: messages never ping anyone by default.
    allowedMentions: NO_MENTIONS,
    // Every shard in this process: Discord routes a guild's events to shard (guild_id >> 22) % count.
    ...(config.discord.shardCount === 'auto' ? { shards: 'auto' as const } : { shardCount: config.discord.shardCount }),
    ...(config.discord.apiUrl ? { rest: { api: config.discord.apiUrl } } : {}),
  });
  // Answers are edits through the interaction's webhook: Discord does not count them against the 50 a second.
  exemptInteractionWebhooks(client.rest, config.discord.apiUrl ? { api: config.discord.apiUrl } : {});
  return client;
}

export interface BotOptions {
  commands?: CommandMap;
  /** Told of every handled interaction after its log line (the metrics count them). */
  onInteraction?: (event: InteractionEvent) => void;
}

/** What both modes share: the commands, the context every handler gets, and the operators lookup. */
export interface PreparedBot {
  commands: CommandMap;
  context: SharedContext;
  operators: Operators;
  onHandled: (event: InteractionEvent) => void;
}

export async function prepareBot(
  config: BotConfig,
  engine: Engine,
  store: Store,
  log: Logger,
  options: BotOptions,
): Promise<PreparedBot> {
  const commands = options.commands ?? (await loadCommands());
  const operators = createOperators(config, log);
  const context: SharedContext = {
    engine,
    config,
    log,
    // Shared when the store is: replicas over one PostgreSQL count one member's questions together.
    cooldowns:
      store.kind === 'postgres'
        ? sharedCooldowns(store, config.discord.askCooldownSeconds, (error) =>
            log.warn('Could not sweep expired cooldowns', { error }),
          )
        : createCooldowns(config.discord.askCooldownSeconds),
    operators,
    store,
  };
  const onHandled = (event: InteractionEvent) => {
    log.info('interaction', interactionLogFields(event));
    options.onInteraction?.(event);
  };
  return { commands, context, operators, onHandled };
}

/** Logs in, wires the commands, and resolves once the gateway says ready. */
export async function startBot(
  config: BotConfig,
  engine: Engine,
  store: Store,
  log: Logger,
  options: BotOptions = {},
): Promise<Client> {
  const { token } = config.discord;
  const { commands, context, operators, onHandled } = await prepareBot(config, engine, store, log, options);
  const client = createDiscordClient(config);
  client.on(Events.InteractionCreate, (interaction) => {
    void handleInteraction(interaction, commands, context, onHandled);
  });
  client.on(Events.Error, (error) => log.error('Discord client error', { error }));
  client.on(Events.Warn, (message) => log.warn('Discord client warning', { message }));

  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('Discord did not report ready in time.')), READY_TIMEOUT_MS);
    client.once(Events.ClientReady, (c) => {
      clearTimeout(timer);
      log.info('Discord bot ready', {
        user: c.user.tag,
        applicationId: c.application.id,
        shards: c.ws.shards.size,
        commands: [...commands.keys()],
      });
      void operators.learnFrom(c.rest);
      resolve();
    });
  });
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    clearTimeout(timer);
    await client.destroy();
    throw error;
  }
  // Followed shows: new stories are posted after each reindex, until the client goes.
  const notifier = startFollowNotifier({ engine, store, rest: client.rest, log });
  const destroy = client.destroy.bind(client);
  client.destroy = () => {
    notifier.stop();
    return destroy();
  };
  return client;
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Events, InteractionType, Routes, type APIInteraction, type Client, type RequestData } from 'discord.js';
import type { BotConfig, InteractionsConfig } from '../config';
import type { Engine } from '../engine';
import type { Logger } from '../log';
import type { Store } from '../db/store';
import { createDiscordClient, prepareBot, type BotOptions } from './bot';
import { startFollowNotifier } from './follow-notifier';
import { handleInteraction } from './handle-interaction';
import { signatureCheck } from './signature';

/**
 * HTTP interactions mode: Discord POSTs each interaction, signed, to this listener; the first
 * response (reply, deferral, modal, autocomplete choices, update) goes back in the HTTP reply and
 * everything after it through the interaction's webhook, over REST. No gateway connection, no
 * per-process state in the request path: any number of replicas can sit behind a load balancer.
 *
 * Why an adapter over discord.js rather than @discordjs/core: the command modules take discord.js
 * interaction objects (deferReply, editReply, showModal, respond…). discord.js builds them from the
 * raw payload with the very action the gateway uses (InteractionCreate), given a client that has only
 * a REST token, and every first response it sends is one `client.rest.post` to the interaction's
 * callback route. So that one route, for interactions that arrived over HTTP, is answered in the
 * HTTP reply instead of being sent; the rest (webhook edits, follow-ups, threads) is ordinary REST.
 * The same modules answer in both modes without a line changed, and no second stack is needed.
 */

const LIMITS = {
  /** Discord drops an interaction not answered within 3 s; past this we answer 500 ourselves and log why. */
  firstResponseMs: 2_800,
  /** Largest body read: an interaction with a full modal is under 30 KB (5 fields × 4,000 characters). */
  maxBodyBytes: 256 * 1024,
} as const;

export const INTERACTIONS_PATH = '/interactions';

type HttpInteractionsConfig = Extract<InteractionsConfig, { mode: 'http' }>;

export interface HttpInteractions {
  /** `http://host:port/interactions`, the Interactions Endpoint URL to give Discord (behind TLS). */
  url: string;
  client: Client;
  close(): Promise<void>;
}

/** The discord.js action that turns a raw payload into an interaction and emits it, as the gateway does. */
interface InteractionCreateAction {
  handle(data: APIInteraction): void;
}

function interactionCreateAction(client: Client): InteractionCreateAction {
  // `actions` is internal to discord.js; checked here so an upgrade that moves it fails at start, loudly.
  const action = (client as unknown as { actions?: { InteractionCreate?: Partial<InteractionCreateAction> } }).actions
    ?.InteractionCreate;
  if (typeof action?.handle !== 'function') {
    throw new Error('This discord.js version has no InteractionCreate action; HTTP interactions need discord.js 14.');
  }
  return action as InteractionCreateAction;
}

/** A first response not sent yet: the HTTP reply waiting for it. */
interface Pending {
  /** Writes the body as the HTTP reply; resolves once it is handed to the socket. */
  answer(body: unknown): Promise<void>;
  /** Ends the HTTP reply with an error status when the handler gave no first response. */
  abandon(reason: string): void;
  started: boolean;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  return new Promise((resolve) => {
    // Resolved once handed to the socket, or once the socket is gone (the caller hung up): never left waiting.
    res.once('close', resolve);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text, () => resolve());
  });
}

/** Starts the listener; resolves once it accepts requests. */
export async function startHttpInteractions(
  config: BotConfig & { interactions: HttpInteractionsConfig },
  engine: Engine,
  store: Store,
  log: Logger,
  options: BotOptions = {},
): Promise<HttpInteractions> {
  const { commands, context, operators, onHandled } = await prepareBot(config, engine, store, log, options);
  const client = createDiscordClient(config);
  // REST only: webhook edits need no token, threads and the owner lookup use the bot's.
  client.rest.setToken(config.discord.token);
  const action = interactionCreateAction(client);
  const isSigned = signatureCheck(config.interactions.publicKey);
  const pending = new Map<string, Pending>();

  // The one interception: a first response to an interaction that came over HTTP goes in its HTTP reply.
  const post = client.rest.post.bind(client.rest);
  client.rest.post = async (route, request?: RequestData) => {
    const waiting = pending.get(route);
    if (!waiting) return post(route, request);
    // discord.js would build its callback response from the REST reply, which an HTTP reply does not give.
    const unsupported = request?.files?.length
      ? 'A first response with files cannot go in the HTTP reply.'
      : request?.query?.get('with_response') === 'true'
        ? 'withResponse is not available for a first response in the HTTP reply; fetch the reply instead.'
        : null;
    if (unsupported) {
      waiting.abandon(unsupported);
      throw new Error(unsupported);
    }
    pending.delete(route);
    await waiting.answer(request?.body);
    return undefined;
  };

  client.on(Events.InteractionCreate, (interaction) => {
    const route = Routes.interactionCallback(interaction.id, interaction.token);
    const waiting = pending.get(route);
    if (waiting) waiting.started = true;
    void handleInteraction(interaction, commands, context, onHandled).finally(() =>
      pending.get(route)?.abandon('the handler finished without answering'),
    );
  });
  client.on(Events.Error, (error) => log.error('Discord client error', { error }));

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== INTERACTIONS_PATH) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const body = await readBody(req, LIMITS.maxBodyBytes);
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    const timestamp = req.headers['x-signature-timestamp'];
    const signature = req.headers['x-signature-ed25519'];
    if (
      !isSigned(
        typeof timestamp === 'string' ? timestamp : undefined,
        body,
        typeof signature === 'string' ? signature : undefined,
      )
    ) {
      // Discord checks that unsigned requests are refused; nothing of the request is acted on.
      res.writeHead(401).end();
      return;
    }
    let data: APIInteraction;
    try {
      data = JSON.parse(body.toString('utf8')) as APIInteraction;
    } catch (error) {
      log.warn('A signed interaction was not JSON', { error });
      res.writeHead(400).end();
      return;
    }
    if (data.type === InteractionType.Ping) {
      await sendJson(res, 200, { type: 1 });
      return;
    }
    const route = Routes.interactionCallback(data.id, data.token);
    const entry: Pending = {
      started: false,
      answer: (reply) => {
        clearTimeout(timer);
        return sendJson(res, 200, reply);
      },
      abandon: (reason) => {
        if (pending.get(route) !== entry) return;
        pending.delete(route);
        clearTimeout(timer);
        log.error('An interaction got no first response', { id: data.id, type: data.type, reason });
        res.writeHead(500).end();
      },
    };
    pending.set(route, entry);
    const timer = setTimeout(() => entry.abandon(`none within ${LIMITS.firstResponseMs} ms`), LIMITS.firstResponseMs);
    action.handle(data);
    // discord.js emits synchronously; a payload it does not turn into an interaction is dropped here.
    if (!entry.started) entry.abandon('discord.js does not handle this interaction type');
  }

  const server = http.createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      log.error('Could not serve an HTTP interaction', { error });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const { port, host } = config.interactions;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}${INTERACTIONS_PATH}`;
  log.info('HTTP interactions listening', { url, commands: [...commands.keys()] });
  void operators.learnFrom(client.rest);
  // Followed shows, as in the gateway mode: every replica posts after its reindex, each story once
  // whichever replica claims it first (follow_claims).
  const notifier = startFollowNotifier({ engine, store, rest: client.rest, log });

  return {
    url,
    client,
    async close() {
      notifier.stop();
      for (const entry of [...pending.values()]) entry.abandon('shutting down');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.destroy();
    },
  };
}

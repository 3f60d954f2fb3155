/**
 * A fake Discord for tests: REST over `node:http` and the gateway over `ws`, both on 127.0.0.1 at
 * a random port, speaking enough of the real protocol (API v10, JSON encoding) for the real
 * discord.js client to log in, receive interactions and answer them.
 *
 * API
 *   const discord = await startFakeDiscord();
 *   new Client({ intents, rest: { api: discord.apiUrl } })   // apiUrl = http://127.0.0.1:PORT/api
 *   discord.requests                 // every REST request: { at, method, path, query, body }
 *   await discord.nextRequest(match, timeoutMs?)   // first request matching, past or future, not yet taken
 *   await discord.waitForConnection()              // a client has identified and been sent READY
 *                                    // (both wait up to SIGNAL_BOUND_MS unless told: see bounds.ts)
 *   const i = discord.sendCommand('ask', [{ name: 'question', type: 3, value: '…' }], { userId, permissions })
 *   discord.sendAutocomplete('sources', options) / discord.sendButton(customId, message, who)
 *   discord.sendModalSubmit(customId, { field: 'text' }, message, who)   // who: user, permissions, guild, channel
 *   discord.callbacks(i.id) / discord.edits(i.token) / discord.followUps(i.token)
 *   discord.registrations             // 'global' or guild id → the commands registered there
 *   discord.threads / discord.channelMessages(channelId)   // threads the bot started, messages it posted
 *   startFakeDiscord({ ownerId, teamMemberIds, guildIds })  // the application's owner (or team), the bot's guilds
 *   await discord.close();           // drops sockets so nothing keeps the process alive
 *
 * Interactions carry everything discord.js 14 checks (it drops payloads without `entitlements`
 * or `authorizing_integration_owners` silently).
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { SIGNAL_BOUND_MS } from './bounds';

export const FAKE_APP_ID = '900000000000000001';
export const FAKE_BOT_USER_ID = '900000000000000002';
export const FAKE_GUILD_ID = '900000000000000003';
export const FAKE_CHANNEL_ID = '900000000000000004';
/** The application's owner as GET /applications/@me reports it (unless a team is configured). */
export const FAKE_OWNER_ID = '900000000000000005';
export const FAKE_ADMIN_GUILD_ID = '900000000000000006';
export const FAKE_OTHER_GUILD_ID = '900000000000000007';
export const FAKE_OTHER_CHANNEL_ID = '900000000000000008';
/** Every permission bit an admin could have (Discord sends permissions as a decimal string). */
export const ADMIN_PERMISSIONS = (2n ** 50n - 1n).toString();
/** View channel, send messages, use application commands: a plain member, without Manage Server. */
export const MEMBER_PERMISSIONS = ((1n << 10n) | (1n << 11n) | (1n << 31n)).toString();

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface RecordedRequest {
  /** Date.now() when the request arrived. */
  at: number;
  method: string;
  /** Decoded path below `/api/v10`, e.g. `/webhooks/APP/TOKEN/messages/@original`. */
  path: string;
  query: string;
  /** Parsed JSON body; for multipart bodies the `payload_json` part. */
  body: JsonObject | JsonValue[] | null;
  multipart: boolean;
  /** A first response that came back in the bot's HTTP reply (HTTP mode), not over REST. */
  inHttpReply?: true;
}

export interface SentInteraction {
  id: string;
  token: string;
  userId: string;
  /** The gateway shard it was dispatched on, the guild's (`(guild_id >> 22) % shard_count`); null over HTTP. */
  shardId: number | null;
  /** In HTTP mode (`deliverOverHttp`): the bot's HTTP reply, which is also recorded as a callback request. */
  httpReply?: Promise<HttpReply>;
}

/**
 * An interaction built, and in HTTP mode signed, before it is sent: a load test prepares a step's
 * interactions before it starts the step's clock and CPU meter, as Discord does that work on its own
 * machines, not on the cores the bots use.
 */
export interface PreparedInteraction {
  id: string;
  token: string;
  userId: string;
  shardId: number;
  payload: JsonObject;
  /** The body and its signature when an HTTP endpoint was set at preparation; otherwise signed when sent. */
  signed: SignedBody | null;
}

export interface HttpReply {
  /** 0 when the connection failed. */
  status: number;
  body: JsonValue;
  /** From sending the request to the end of the reply. */
  ms: number;
  /** The backend a load balancer named in an `x-replica` header (test/support/haproxy.ts), else null. */
  replica: string | null;
  /** Why no reply came (status 0): the connection's error, for a failing test to show. */
  error?: string;
}

/** An application's Ed25519 key pair as Discord holds it: the public half as the portal's 64 hex digits. */
export interface TestKeyPair {
  publicKeyHex: string;
  privateKey: KeyObject;
}

export function testKeyPair(): TestKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The SPKI DER of an Ed25519 key ends with the raw 32-byte key.
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKeyHex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

/** The headers Discord sends with an interaction: its signature over timestamp + body. */
export function signedHeaders(body: string, privateKey: KeyObject, timestamp = String(Math.floor(Date.now() / 1000))) {
  return {
    'content-type': 'application/json',
    'x-signature-timestamp': timestamp,
    'x-signature-ed25519': sign(null, Buffer.from(timestamp + body, 'utf8'), privateKey).toString('hex'),
  };
}

/**
 * Kept-alive connections for the POSTs, over node:http rather than fetch: the load test sends thousands
 * from the process that also plays Discord, on the cores the bots use, and fetch cost it about 2 ms of
 * CPU per interaction (a profile at 30 a second, 2026-12-06). Node's agent honours the server's
 * keep-alive timeout, so an idle connection the server is about to close is not reused.
 */
const interactionsAgent = new http.Agent({ keepAlive: true });

/** POSTs a body to an HTTP interactions endpoint as Discord would, signed with `privateKey`. */
export function postSigned(url: string, body: string, privateKey: KeyObject): Promise<HttpReply> {
  return postPrepared(url, { body, headers: signedHeaders(body, privateKey) });
}

/** A body and the signed headers made for it (see `FakeDiscord.prepareCommand`). */
export interface SignedBody {
  body: string;
  headers: Record<string, string>;
}

/** POSTs a body signed in advance. */
export function postPrepared(url: string, signed: SignedBody): Promise<HttpReply> {
  const started = performance.now();
  const { body } = signed;
  return new Promise((resolve, reject) => {
    const headers = { ...signed.headers, 'content-length': String(Buffer.byteLength(body)) };
    const request = http.request(url, { method: 'POST', headers, agent: interactionsAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        // A load balancer's own error page (502, 503) is HTML: no body Discord would read.
        const json = res.headers['content-type']?.startsWith('application/json') === true;
        const replica = res.headers['x-replica'];
        resolve({
          status: res.statusCode ?? 0,
          body: json && text ? (JSON.parse(text) as JsonValue) : null,
          ms: performance.now() - started,
          replica: typeof replica === 'string' ? replica : null,
        });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  /** A subcommand's (type 1) own options. */
  options?: CommandOption[];
}

/** Who sends an interaction and where; everything defaults to a plain member in FAKE_GUILD_ID's #general. */
export interface InteractionSource {
  userId?: string;
  permissions?: string;
  guildId?: string;
  channelId?: string;
  /** 0 text channel, 11 public thread. */
  channelType?: number;
  /** A direct message with the bot (context 1, no guild), from the member's own install. */
  dm?: boolean;
  /** In a guild that did not add the bot, from the member's own install. */
  userInstallOnly?: boolean;
}

export interface FakeDiscordOptions {
  ownerId?: string;
  /** When set, the application belongs to a team with these members instead of one owner. */
  teamMemberIds?: string[];
  /** Guilds the bot is in (GET /users/@me/guilds). */
  guildIds?: string[];
  /** The shard count GET /gateway/bot recommends (1 when unset). */
  recommendedShards?: number;
  /** Keeps READY back after the bot identifies until `releaseReady()`: the bot is up but its gateway is not. */
  holdReady?: boolean;
  /** The channel GET /guilds/{id} names as each guild's system channel (where Discord posts joins). */
  systemChannelId?: string;
}

/** Missing Permissions, as Discord answers a post to a channel the bot may not write to. */
const MISSING_PERMISSIONS = { message: 'Missing Permissions', code: 50013 };

export interface FakeThread {
  id: string;
  parentId: string;
  messageId: string;
  name: string;
}

export interface FakeDiscord {
  apiUrl: string;
  gatewayUrl: string;
  requests: RecordedRequest[];
  waitForConnection(timeoutMs?: number): Promise<void>;
  nextRequest(match: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  sendCommand(name: string, options?: CommandOption[], who?: InteractionSource): SentInteraction;
  /** A command interaction built (and signed, once `deliverOverHttp` was called) now, to `send` later. */
  prepareCommand(name: string, options?: CommandOption[], who?: InteractionSource): PreparedInteraction;
  send(prepared: PreparedInteraction): SentInteraction;
  sendAutocomplete(name: string, options: CommandOption[], who?: InteractionSource): SentInteraction;
  sendButton(customId: string, message: JsonObject, who?: InteractionSource): SentInteraction;
  /** A modal submitted with text inputs `fields` (custom id → value), opened from a button on `message`. */
  sendModalSubmit(
    customId: string,
    fields: Record<string, string>,
    message?: JsonObject,
    who?: InteractionSource,
  ): SentInteraction;
  registrations: Map<string, JsonObject[]>;
  threads: FakeThread[];
  /** Messages the bot posted to a channel or thread with POST /channels/{id}/messages. */
  channelMessages(channelId: string): RecordedRequest[];
  /** Edits of the bot's channel messages: PATCH /channels/{id}/messages/{message}. */
  channelEdits(channelId: string): RecordedRequest[];
  /** From now on posting or editing in this channel fails with 403 Missing Permissions. */
  forbidChannel(channelId: string): void;
  /** POST /interactions/{id}/{token}/callback bodies for one interaction. */
  callbacks(interactionId: string): RecordedRequest[];
  /** PATCH …/messages/@original for one interaction token. */
  edits(token: string): RecordedRequest[];
  followUps(token: string): RecordedRequest[];
  /** A message object like Discord returns, for button interactions. */
  messageFor(token: string): JsonObject;
  /** Sends the READY held back by `holdReady` (now, or as soon as the bot identifies). */
  releaseReady(): void;
  /**
   * From now on interactions are POSTed, signed with `privateKey`, to the bot's HTTP endpoint
   * instead of dispatched over the gateway; each reply is recorded like a REST callback.
   */
  deliverOverHttp(url: string, privateKey: KeyObject): void;
  /** Every IDENTIFY's `shard: [id, count]`, in arrival order. */
  identifies: [number, number][];
  close(): Promise<void>;
}

/** The shard Discord sends a guild's events on. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

let snowflakeCounter = 0n;
/** Snowflakes carry a timestamp in the high bits; discord.js reads createdAt from them. */
export function snowflake(): string {
  snowflakeCounter += 1n;
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) | (snowflakeCounter & 0x3fffffn)).toString();
}

function botUser(): JsonObject {
  return {
    id: FAKE_BOT_USER_ID,
    username: 'show-news',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
  };
}

function humanUser(id: string): JsonObject {
  return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
}

export async function startFakeDiscord(fakeOptions: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const requests: RecordedRequest[] = [];
  const registrations = new Map<string, JsonObject[]>();
  const threads: FakeThread[] = [];
  const tokenChannel = new Map<string, string>();
  const guildIds = fakeOptions.guildIds ?? [FAKE_GUILD_ID, FAKE_ADMIN_GUILD_ID, FAKE_OTHER_GUILD_ID];
  const waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  const taken = new Set<RecordedRequest>();
  const sockets = new Set<Socket>();
  const clients = new Set<WebSocket>();
  const messages = new Map<string, JsonObject>();
  const forbidden = new Set<string>();
  /** The identified gateway connection of each shard, by shard id; one shard unless the bot asks for more. */
  const identified = new Map<number, WebSocket>();
  let shardCount = 1;
  const identifies: [number, number][] = [];
  const sequences = new Map<WebSocket, number>();
  const connectionWaiters: (() => void)[] = [];
  let readyHeld = fakeOptions.holdReady === true;
  let heldReady: (() => void) | null = null;
  let httpTarget: { url: string; privateKey: KeyObject } | null = null;

  function record(entry: RecordedRequest): void {
    requests.push(entry);
    const index = waiters.findIndex((w) => w.match(entry));
    const waiter = waiters[index];
    if (waiter) {
      waiters.splice(index, 1);
      taken.add(entry);
      waiter.resolve(entry);
    }
  }

  function messageObject(token: string, body: JsonObject | null): JsonObject {
    const existing = messages.get(token);
    const id = existing?.id ?? snowflake();
    const message: JsonObject = {
      id,
      channel_id: tokenChannel.get(token) ?? FAKE_CHANNEL_ID,
      author: botUser(),
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      type: 20,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      webhook_id: FAKE_APP_ID,
      application_id: FAKE_APP_ID,
      ...(existing ?? {}),
      ...(body ?? {}),
    };
    delete message.allowed_mentions;
    messages.set(token, message);
    return message;
  }

  function respond(res: http.ServerResponse, status: number, body?: JsonValue): void {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }

  function parseBody(
    raw: Buffer,
    contentType: string | undefined,
  ): { body: RecordedRequest['body']; multipart: boolean } {
    if (raw.length === 0) return { body: null, multipart: false };
    if (contentType?.startsWith('multipart/form-data')) {
      const match = /name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw.toString('utf8'));
      return { body: match?.[1] ? (JSON.parse(match[1]) as JsonObject) : null, multipart: true };
    }
    return { body: JSON.parse(raw.toString('utf8')) as JsonObject, multipart: false };
  }

  /** What an interaction's first response does, whether it came over REST or in an HTTP reply. */
  function applyCallback(token: string, bodyObject: JsonObject | null): void {
    const type = bodyObject?.type;
    const data = bodyObject?.data;
    if (type === 9) {
      // A modal opens on the user's screen; nothing is posted.
    } else if ((type === 4 || type === 7) && data && typeof data === 'object' && !Array.isArray(data)) {
      messageObject(token, data);
    } else if (type === 5) {
      messageObject(token, null);
    }
  }

  function signed(payload: JsonObject): SignedBody | null {
    if (!httpTarget) return null;
    const body = JSON.stringify(payload);
    return { body, headers: signedHeaders(body, httpTarget.privateKey) };
  }

  async function postInteraction(prepared: PreparedInteraction): Promise<HttpReply> {
    const { id, token } = prepared;
    const request = prepared.signed ?? signed(prepared.payload);
    if (!httpTarget || !request) throw new Error('fake-discord: no HTTP endpoint to deliver to');
    const started = performance.now();
    // Nobody may be awaiting this (a load test sends and moves on): a refused connection is a reply too.
    const reply = await postPrepared(httpTarget.url, request).catch((error: unknown): HttpReply => ({
      status: 0,
      body: null,
      ms: performance.now() - started,
      replica: null,
      error: String(error),
    }));
    const body = reply.body && typeof reply.body === 'object' && !Array.isArray(reply.body) ? reply.body : null;
    if (reply.status === 200 && body) {
      applyCallback(token, body);
      record({
        at: Date.now(),
        method: 'POST',
        path: `/interactions/${id}/${token}/callback`,
        query: '',
        body,
        multipart: false,
        inHttpReply: true,
      });
    }
    return reply;
  }

  function route(method: string, path: string, body: RecordedRequest['body'], res: http.ServerResponse): void {
    const bodyObject = body && !Array.isArray(body) ? body : null;
    if (method === 'GET' && path === '/gateway/bot') {
      respond(res, 200, {
        url: gatewayUrl,
        shards: fakeOptions.recommendedShards ?? 1,
        // As many shards may identify at once as are recommended, so a sharded test waits no 5 s bucket.
        session_start_limit: {
          total: 1000,
          remaining: 1000,
          reset_after: 0,
          max_concurrency: fakeOptions.recommendedShards ?? 1,
        },
      });
      return;
    }
    if (method === 'GET' && path === '/applications/@me') {
      const team = fakeOptions.teamMemberIds;
      respond(res, 200, {
        id: FAKE_APP_ID,
        name: 'show-news',
        flags: 0,
        bot_public: false,
        bot: botUser(),
        owner: team
          ? { ...humanUser('900000000000000099'), username: 'team9999', flags: 1024 }
          : humanUser(fakeOptions.ownerId ?? FAKE_OWNER_ID),
        team: team
          ? {
              id: '900000000000000099',
              name: 'operators',
              icon: null,
              owner_user_id: team[0] ?? null,
              members: team.map((id) => ({
                membership_state: 2,
                team_id: '900000000000000099',
                user: humanUser(id),
                role: 'admin',
                permissions: ['*'],
              })),
            }
          : null,
      });
      return;
    }
    if (method === 'GET' && path === '/users/@me/guilds') {
      respond(
        res,
        200,
        guildIds.map((id) => ({
          id,
          name: `guild ${id.slice(-4)}`,
          icon: null,
          owner: false,
          permissions: '0',
          features: [],
        })),
      );
      return;
    }
    const guildRoute = /^\/guilds\/(\d+)$/.exec(path);
    if (method === 'GET' && guildRoute) {
      const id = guildRoute[1] ?? '';
      respond(
        res,
        guildIds.includes(id) ? 200 : 404,
        guildIds.includes(id)
          ? { id, name: `guild ${id.slice(-4)}`, icon: null, system_channel_id: fakeOptions.systemChannelId ?? null }
          : { message: 'Unknown Guild', code: 10004 },
      );
      return;
    }
    const commandsRoute = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (method === 'GET' && commandsRoute) {
      respond(res, 200, registrations.get(commandsRoute[2] ?? 'global') ?? []);
      return;
    }
    if (method === 'PUT' && commandsRoute) {
      const list = Array.isArray(body) ? body : [];
      const registered = list.map((command) => ({
        ...(command && typeof command === 'object' && !Array.isArray(command) ? command : {}),
        id: snowflake(),
        application_id: commandsRoute[1] ?? FAKE_APP_ID,
        version: snowflake(),
        ...(commandsRoute[2] ? { guild_id: commandsRoute[2] } : {}),
      }));
      registrations.set(commandsRoute[2] ?? 'global', registered);
      respond(res, 200, registered);
      return;
    }
    const startThread = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
    if (method === 'POST' && startThread) {
      const parentId = startThread[1] ?? '';
      if (threads.some((t) => t.messageId === startThread[2])) {
        respond(res, 400, { message: 'A thread has already been created for this message', code: 160004 });
        return;
      }
      const thread: FakeThread = {
        id: snowflake(),
        parentId,
        messageId: startThread[2] ?? '',
        name: jsonText(bodyObject?.name ?? ''),
      };
      threads.push(thread);
      respond(res, 201, threadObject(thread));
      return;
    }
    const channel = /^\/channels\/(\d+)$/.exec(path);
    if (method === 'GET' && channel) {
      const thread = threads.find((t) => t.id === channel[1]);
      respond(res, thread ? 200 : 404, thread ? threadObject(thread) : { message: 'Unknown Channel', code: 10003 });
      return;
    }
    const channelPost = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (method === 'POST' && channelPost && forbidden.has(channelPost[1] ?? '')) {
      respond(res, 403, MISSING_PERMISSIONS);
      return;
    }
    const channelEdit = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (method === 'PATCH' && channelEdit) {
      const channelId = channelEdit[1] ?? '';
      if (forbidden.has(channelId)) {
        respond(res, 403, MISSING_PERMISSIONS);
        return;
      }
      const message = messageObject(`channel:${channelId}`, bodyObject);
      messages.delete(`channel:${channelId}`);
      respond(res, 200, {
        ...message,
        id: channelEdit[2] ?? snowflake(),
        channel_id: channelId,
        type: 0,
        webhook_id: null,
      });
      return;
    }
    if (method === 'POST' && channelPost) {
      const channelId = channelPost[1] ?? '';
      tokenChannel.set(`channel:${channelId}`, channelId);
      const message = messageObject(`channel:${channelId}`, bodyObject);
      messages.delete(`channel:${channelId}`);
      respond(res, 200, { ...message, id: snowflake(), type: 0, webhook_id: null });
      return;
    }
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (method === 'POST' && callback) {
      applyCallback(callback[2] ?? '', bodyObject);
      respond(res, 204);
      return;
    }
    const original = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(path);
    if (original) {
      const token = original[2] ?? '';
      if (method === 'PATCH' || method === 'GET') {
        respond(res, 200, messageObject(token, method === 'PATCH' ? bodyObject : null));
        return;
      }
      if (method === 'DELETE') {
        messages.delete(token);
        respond(res, 204);
        return;
      }
    }
    const followUp = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path);
    if (method === 'POST' && followUp) {
      respond(res, 200, { ...messageObject(`followup:${snowflake()}`, bodyObject), id: snowflake() });
      return;
    }
    respond(res, 404, { message: `fake-discord: no route for ${method} ${path}`, code: 0 });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
      const method = req.method ?? 'GET';
      let parsed: ReturnType<typeof parseBody>;
      try {
        parsed = parseBody(Buffer.concat(chunks), req.headers['content-type']);
      } catch (error) {
        respond(res, 400, { message: `fake-discord: bad body: ${String(error)}`, code: 50109 });
        return;
      }
      const entry: RecordedRequest = { at: Date.now(), method, path, query: url.search, ...parsed };
      route(method, path, parsed.body, res);
      record(entry);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({ server, path: '/gateway' });
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => {
      clients.delete(ws);
      for (const [id, socket] of identified) if (socket === ws) identified.delete(id);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    ws.on('message', (raw) => {
      const payload = JSON.parse(
        (Array.isArray(raw)
          ? Buffer.concat(raw)
          : Buffer.from(raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw)
        ).toString('utf8'),
      ) as { op: number; d: { shard?: [number, number] } | null };
      if (payload.op === 1) {
        ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      } else if (payload.op === 2) {
        const [shardId, count] = payload.d?.shard ?? [0, 1];
        identifies.push([shardId, count]);
        shardCount = count;
        const ready = () => {
          identified.set(shardId, ws);
          dispatch(ws, 'READY', {
            v: 10,
            user: { ...botUser(), verified: true, mfa_enabled: false, flags: 0 },
            guilds: [],
            session_id: 'fake-session',
            resume_gateway_url: gatewayUrl,
            shard: [shardId, count],
            application: { id: FAKE_APP_ID, flags: 0 },
          });
          if (identified.size >= shardCount) for (const resolve of connectionWaiters.splice(0)) resolve();
        };
        if (readyHeld) heldReady = ready;
        else ready();
      }
    });
  });

  function dispatch(ws: WebSocket, t: string, d: JsonObject): void {
    // Each connection counts its own sequence, as Discord's do.
    const sequence = (sequences.get(ws) ?? 0) + 1;
    sequences.set(ws, sequence);
    ws.send(JSON.stringify({ op: 0, t, s: sequence, d }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const apiUrl = `http://127.0.0.1:${port}/api`;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  function member(userId: string, permissions: string): JsonObject {
    return {
      user: humanUser(userId),
      roles: [],
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      permissions,
    };
  }

  function threadObject(thread: FakeThread): JsonObject {
    return {
      id: thread.id,
      type: 11,
      guild_id: FAKE_GUILD_ID,
      parent_id: thread.parentId,
      owner_id: FAKE_BOT_USER_ID,
      name: thread.name,
      flags: 0,
      message_count: 0,
      member_count: 1,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    };
  }

  function prepareInteraction(
    type: number,
    data: JsonObject,
    userId: string,
    permissions: string,
    extra: JsonObject = {},
    where: InteractionSource = {},
  ): PreparedInteraction {
    const shardId = shardOf(where.guildId ?? FAKE_GUILD_ID, shardCount);
    const id = snowflake();
    const token = `token-${id}`;
    const guildId = where.guildId ?? FAKE_GUILD_ID;
    const channelId = where.channelId ?? FAKE_CHANNEL_ID;
    const thread = threads.find((t) => t.id === channelId);
    const channelType = where.channelType ?? (thread ? 11 : 0);
    tokenChannel.set(token, channelId);
    // A DM carries `user` and no guild; the member's own install names the user as its owner.
    const place: JsonObject = where.dm
      ? {
          channel_id: channelId,
          channel: { id: channelId, type: 1, flags: 0, recipients: [humanUser(userId)] },
          user: humanUser(userId),
          authorizing_integration_owners: { '1': userId },
          context: 1,
        }
      : {
          guild_id: guildId,
          guild: { id: guildId, locale: 'en-US', features: [] },
          guild_locale: 'en-US',
          channel_id: channelId,
          channel: {
            id: channelId,
            type: channelType,
            guild_id: guildId,
            name: thread ? thread.name : 'general',
            nsfw: false,
            flags: 0,
            permissions: ADMIN_PERMISSIONS,
            ...(thread ? { parent_id: thread.parentId, thread_metadata: threadObject(thread).thread_metadata } : {}),
          },
          member: member(userId, permissions),
          authorizing_integration_owners: where.userInstallOnly ? { '1': userId } : { '0': guildId },
          context: 0,
        };
    const payload: JsonObject = {
      id,
      application_id: FAKE_APP_ID,
      type,
      token,
      version: 1,
      ...place,
      data,
      entitlements: [],
      app_permissions: ADMIN_PERMISSIONS,
      locale: 'en-US',
      attachment_size_limit: 10_485_760,
      ...extra,
    };
    return { id, token, userId, shardId, payload, signed: signed(payload) };
  }

  function deliver(prepared: PreparedInteraction): SentInteraction {
    const { id, token, userId, shardId, payload } = prepared;
    if (httpTarget) return { id, token, userId, shardId: null, httpReply: postInteraction(prepared) };
    const socket = identified.get(shardId);
    if (!socket) throw new Error(`fake-discord: shard ${shardId} has not identified yet`);
    dispatch(socket, 'INTERACTION_CREATE', payload);
    return { id, token, userId, shardId };
  }

  function sendInteraction(...args: Parameters<typeof prepareInteraction>): SentInteraction {
    return deliver(prepareInteraction(...args));
  }

  function commandInteraction(name: string, options: CommandOption[], who: InteractionSource): PreparedInteraction {
    return prepareInteraction(
      2,
      {
        id: snowflake(),
        name,
        type: 1,
        options: options as unknown as JsonValue[],
        ...(who.dm ? {} : { guild_id: who.guildId ?? FAKE_GUILD_ID }),
      },
      who.userId ?? '100000000000000001',
      who.permissions ?? MEMBER_PERMISSIONS,
      {},
      who,
    );
  }

  return {
    apiUrl,
    gatewayUrl,
    requests,
    waitForConnection(timeoutMs = SIGNAL_BOUND_MS) {
      if (identified.size > 0 && identified.size >= shardCount) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('fake-discord: no client identified in time')), timeoutMs);
        connectionWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    nextRequest(match, timeoutMs = SIGNAL_BOUND_MS) {
      const seen = requests.find((r) => !taken.has(r) && match(r));
      if (seen) {
        taken.add(seen);
        return Promise.resolve(seen);
      }
      return new Promise<RecordedRequest>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (r: RecordedRequest) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`fake-discord: no matching request within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    sendCommand(name, options = [], who = {}) {
      return deliver(commandInteraction(name, options, who));
    },
    prepareCommand: (name, options = [], who = {}) => commandInteraction(name, options, who),
    send: deliver,
    sendAutocomplete(name, options, who = {}) {
      return sendInteraction(
        4,
        { id: snowflake(), name, type: 1, options: options as unknown as JsonValue[] },
        who.userId ?? '100000000000000001',
        MEMBER_PERMISSIONS,
        {},
        who,
      );
    },
    sendButton(customId, message, who = {}) {
      return sendInteraction(
        3,
        { custom_id: customId, component_type: 2 },
        who.userId ?? '100000000000000001',
        who.permissions ?? MEMBER_PERMISSIONS,
        { message },
        { channelId: typeof message.channel_id === 'string' ? message.channel_id : undefined, ...who },
      );
    },
    sendModalSubmit(customId, fields, message, who = {}) {
      const components = Object.entries(fields).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      }));
      return sendInteraction(
        5,
        { custom_id: customId, components },
        who.userId ?? '100000000000000001',
        who.permissions ?? MEMBER_PERMISSIONS,
        message ? { message } : {},
        { channelId: typeof message?.channel_id === 'string' ? message.channel_id : undefined, ...who },
      );
    },
    registrations,
    threads,
    channelMessages: (channelId) =>
      requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`),
    channelEdits: (channelId) =>
      requests.filter((r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${channelId}/messages/`)),
    forbidChannel: (channelId) => void forbidden.add(channelId),
    callbacks: (interactionId) =>
      requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`)),
    edits: (token) => requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/${token}/messages/@original`)),
    followUps: (token) =>
      requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/webhooks/${FAKE_APP_ID}/${token}`)),
    messageFor(token) {
      const message = messages.get(token);
      if (!message) throw new Error(`fake-discord: no message for token ${token}`);
      return message;
    },
    identifies,
    deliverOverHttp(url, privateKey) {
      httpTarget = { url, privateKey };
    },
    releaseReady() {
      readyHeld = false;
      heldReady?.();
      heldReady = null;
    },
    async close() {
      for (const ws of clients) ws.terminate();
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await Promise.race([
        Promise.all([
          new Promise<void>((resolve) => wss.close(() => resolve())),
          new Promise<void>((resolve) => server.close(() => resolve())),
        ]),
        new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref()),
      ]);
    },
  };
}

/** The message part of a recorded body: `data` of an interaction callback, the body itself for webhooks. */
/** A JSON value as text: strings as they are, anything else as JSON (so a missing value never passes as text). */
export function jsonText(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : String(JSON.stringify(value));
}

export function messageData(request: RecordedRequest): JsonObject | null {
  const body = request.body;
  if (!body || Array.isArray(body)) return null;
  if (request.path.startsWith('/interactions/')) {
    const data = body.data;
    return data && typeof data === 'object' && !Array.isArray(data) ? data : null;
  }
  return body;
}

/** Requests that post or edit a message (and so could mention someone). */
export function isMessageBody(request: RecordedRequest): boolean {
  if (request.path.startsWith('/interactions/')) {
    const body = request.body;
    const type = body && !Array.isArray(body) ? body.type : undefined;
    return type === 4 || type === 7;
  }
  return request.path.startsWith('/webhooks/') && (request.method === 'PATCH' || request.method === 'POST');
}

export interface RecordedEmbed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  timestamp?: string;
}

export function embedsOf(request: RecordedRequest): RecordedEmbed[] {
  const embeds = messageData(request)?.embeds;
  return Array.isArray(embeds) ? (embeds as unknown as RecordedEmbed[]) : [];
}

/** Every Discord message limit the request breaks; empty when the message would be accepted. */
export function discordLimitViolations(request: RecordedRequest): string[] {
  const problems: string[] = [];
  const data = messageData(request);
  const content = typeof data?.content === 'string' ? data.content : '';
  if (content.length > 2_000) problems.push(`content ${content.length} > 2000`);
  const embeds = embedsOf(request);
  if (embeds.length > 10) problems.push(`${embeds.length} embeds > 10`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const check = (what: string, length: number, max: number) => {
      if (length > max) problems.push(`embed ${i} ${what} ${length} > ${max}`);
      total += length;
    };
    check('title', e.title?.length ?? 0, 256);
    check('description', e.description?.length ?? 0, 4_096);
    check('footer', e.footer?.text.length ?? 0, 2_048);
    const fields = e.fields ?? [];
    if (fields.length > 25) problems.push(`embed ${i} has ${fields.length} fields > 25`);
    for (const f of fields) {
      check('field name', f.name.length, 256);
      check('field value', f.value.length, 1_024);
      if (f.value.length === 0) problems.push(`embed ${i} has an empty field value`);
    }
  }
  if (total > 6_000) problems.push(`embeds total ${total} > 6000`);
  return problems;
}

/**
 * A fake OpenAI-compatible server for tests: plain `node:http` on 127.0.0.1 at a random port,
 * speaking the real Chat Completions protocol so the real `openai` client can be pointed at it.
 *
 * API
 *   const fake = await startFakeOpenAI();
 *   new OpenAI({ apiKey: 'test', baseURL: fake.baseURL });   // baseURL = http://127.0.0.1:PORT/v1
 *   fake.script(reply1, reply2, ...);  // queued, one reply per incoming request, in order
 *   fake.setDefault(reply);            // used once the queue is empty (initially: a 500 "no reply scripted")
 *   fake.requests                      // every POST /v1/chat/completions seen: { body, headers }
 *   await fake.close();                // destroys open sockets (also hanging ones) so nothing keeps the process alive
 *
 * Replies (`FakeReply`):
 *   { kind: 'text', text, chunkSize?, delayMs?, usage? }
 *       Non-streamed requests get one `chat.completion` JSON object. Streamed requests
 *       (`stream: true`) get SSE `data: {chat.completion.chunk}` lines: a role chunk, then `text`
 *       in pieces of `chunkSize` characters (default 8) with `delayMs` between them (default 0),
 *       a finish chunk, a usage chunk (choices: []) when `stream_options.include_usage` is set and
 *       `usage` is not null, then `data: [DONE]`. `usage` defaults to token counts derived from the
 *       lengths; pass `usage: null` to imitate local servers that send none.
 *   { kind: 'status', status, message?, headers? }
 *       An OpenAI-style error body `{ error: { message, type, code } }` with that HTTP status.
 *       429 and 5xx get `retry-after: 0` and `retry-after-ms: 0` by default so client retries are instant.
 *   { kind: 'hang' }          Reads the request and never answers.
 *   { kind: 'malformed' }     Starts a 200 SSE stream and sends a line that is not JSON, then ends.
 *   { kind: 'cut', text }     Streams the start of `text`, then destroys the connection mid-stream.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  max_tokens?: number;
  [key: string]: unknown;
}

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export type FakeReply =
  | { kind: 'text'; text: string; chunkSize?: number; delayMs?: number; usage?: FakeUsage | null }
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'cut'; text: string };

export interface RecordedRequest {
  body: ChatRequestBody;
  headers: http.IncomingHttpHeaders;
}

export interface FakeOpenAI {
  /** `http://127.0.0.1:PORT/v1`, ready for `new OpenAI({ baseURL })`. */
  baseURL: string;
  requests: RecordedRequest[];
  script(...replies: FakeReply[]): void;
  setDefault(reply: FakeReply): void;
  close(): Promise<void>;
}

const noReplyScripted: FakeReply = { kind: 'status', status: 500, message: 'fake-openai: no reply scripted' };

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  let fallbackReply: FakeReply = noReplyScripted;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let completionCounter = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/v1/models') {
      sendJson(res, 200, {
        object: 'list',
        data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }],
      });
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      sendError(res, { kind: 'status', status: 404, message: `fake-openai: no route ${req.method} ${url.pathname}` });
      return;
    }
    let body: ChatRequestBody;
    try {
      body = JSON.parse(rawBody) as ChatRequestBody;
    } catch (error) {
      sendError(res, { kind: 'status', status: 400, message: `fake-openai: body is not JSON (${String(error)})` });
      return;
    }
    requests.push({ body, headers: req.headers });
    const reply = queue.shift() ?? fallbackReply;
    const id = `chatcmpl-fake-${++completionCounter}`;
    const model = body.model;

    switch (reply.kind) {
      case 'hang':
        return;
      case 'status':
        sendError(res, reply);
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('data: {"id": "broken", "choices": [\n\n');
        res.end();
        return;
      case 'cut': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const half = reply.text.slice(0, Math.max(1, Math.floor(reply.text.length / 2)));
        res.write(sse(chunk(id, model, { role: 'assistant', content: half }, null)));
        await sleep(5);
        res.socket?.destroy();
        return;
      }
      case 'text':
        break;
    }

    const usage =
      reply.usage === null
        ? null
        : (reply.usage ?? {
            prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4),
            completion_tokens: Math.ceil(reply.text.length / 4),
          });

    if (body.stream !== true) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: reply.text, refusal: null },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
      });
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(sse(chunk(id, model, { role: 'assistant', content: '' }, null)));
    const size = Math.max(1, reply.chunkSize ?? 8);
    for (let i = 0; i < reply.text.length; i += size) {
      if (reply.delayMs) await sleep(reply.delayMs);
      if (res.destroyed) return;
      res.write(sse(chunk(id, model, { content: reply.text.slice(i, i + size) }, null)));
    }
    if (res.destroyed) return;
    res.write(sse(chunk(id, model, {}, 'stop')));
    if (body.stream_options?.include_usage && usage) {
      res.write(
        sse({
          id,
          object: 'chat.completion.chunk',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        }),
      );
    }
    res.write('data: [DONE]\n\n');
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => {
      queue.push(...replies);
    },
    setDefault: (reply) => {
      fallbackReply = reply;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function chunk(id: string, model: string, delta: Record<string, unknown>, finishReason: string | null) {
  return {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

function sendJson(res: http.ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(data);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: http.ServerResponse, reply: Extract<FakeReply, { kind: 'status' }>): void {
  const retryable = reply.status === 429 || reply.status >= 500;
  const headers = { ...(retryable ? { 'retry-after': '0', 'retry-after-ms': '0' } : {}), ...reply.headers };
  const type =
    reply.status === 429 ? 'rate_limit_exceeded' : reply.status >= 500 ? 'server_error' : 'invalid_request_error';
  sendJson(
    res,
    reply.status,
    { error: { message: reply.message ?? `fake-openai: HTTP ${reply.status}`, type, code: null, param: null } },
    headers,
  );
}

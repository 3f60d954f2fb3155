import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log';
import { httpStatusOf, type Health } from './health';
import type { BotMetrics } from './metrics';

export interface ObserveServer {
  /** `http://host:port`, with the port the system chose when METRICS_PORT is 0. */
  url: string;
  close(): Promise<void>;
}

/**
 * `/healthz` (200 while the bot answers questions, `status` pass or warn; 503 when it cannot, `fail`;
 * the state as JSON, see health.ts) and `/metrics` (Prometheus text
 * format). Bound to 127.0.0.1 unless METRICS_HOST says otherwise: metrics are for the operator's scraper.
 */
export async function startObserveServer(
  listen: { port: number; host: string },
  sources: { health: () => Health; metrics: BotMetrics },
  log: Logger,
): Promise<ObserveServer> {
  const server = http.createServer((request, response) => {
    void respond(request, response, sources).catch((error: unknown) => {
      log.error('metrics: could not answer a request', { path: request.url, error });
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function respond(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  sources: { health: () => Health; metrics: BotMetrics },
): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
    return;
  }
  if (pathname === '/healthz') {
    const health = sources.health();
    response
      .writeHead(httpStatusOf(health), {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        // A probe is one request; a kept-alive socket could be closed by the server's idle timer just as
        // the next probe reuses it, when start-up (the embedded database) has held the event loop for seconds.
        connection: 'close',
      })
      .end(`${JSON.stringify(health)}\n`);
    return;
  }
  if (pathname === '/metrics') {
    const { registry } = sources.metrics;
    const body = await registry.metrics();
    response.writeHead(200, { 'content-type': registry.contentType }).end(body);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
}

/**
 * `/healthz` and `/metrics` for gateway mode, on their own port (`METRICS_PORT`), which gateway
 * mode otherwise has none of. HTTP mode serves both on its interactions port instead (`http.ts`).
 * Listens on 127.0.0.1 unless told otherwise: metrics are for the host's scraper, not the world.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What `/healthz` reports: 200 when `ok`, else 503; the rest is the JSON body. */
export interface HealthReport {
  readonly ok: boolean;
  readonly [field: string]: unknown;
}

/** Options of {@link serveStatus}. `port`, `health` and `metrics` are required. */
export interface StatusOptions {
  /** Port to listen on (0 picks a free one). */
  readonly port: number;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  readonly health: () => HealthReport;
  readonly metrics: { readonly contentType: string; text(): Promise<string> };
}

export interface StatusServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Default address of the status port. */
export const STATUS_HOST = '127.0.0.1';

/**
 * Starts the status port.
 *
 * @example
 * const status = await serveStatus({ port: 9464, health: () => ({ ok: gateway.connected() }), metrics });
 * process.once('SIGTERM', () => void status.close());
 */
export async function serveStatus(options: StatusOptions): Promise<StatusServer> {
  const server = createServer(
    { keepAliveTimeout: 65_000, headersTimeout: 10_000, requestTimeout: 10_000, connectionsCheckingInterval: 1_000 },
    (req, res) => {
      const path = (req.url ?? '/').split('?', 1)[0];
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        send(405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
        return;
      }
      if (path === '/healthz') {
        const report = options.health();
        send(report.ok ? 200 : 503, 'application/json', JSON.stringify(report));
        return;
      }
      if (path === '/metrics') {
        options.metrics.text().then(
          (text) => send(200, options.metrics.contentType, text),
          (error: unknown) => send(500, 'text/plain', `metrics failed: ${(error as Error).message}\n`),
        );
        return;
      }
      send(404, 'application/json', JSON.stringify({ error: 'not found' }));
    },
  );
  server.on('clientError', (_error, socket) => socket.destroy());
  const host = options.host ?? STATUS_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

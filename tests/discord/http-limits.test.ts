/**
 * The endpoint cannot be starved by one client, and a shutdown loses no request. Floods come from
 * 127.0.0.2 (one "client"), the signed requests that must still be answered from 127.0.0.1; every
 * flood is bounded in count and waited for with a bound, never timed.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serveHttp, type HttpInteractionsServer, type HttpOptions } from '../../src/discord/http.js';
import { referenceId } from '../../src/discord/failure.js';
import type { RouterResult } from '../../src/discord/router.js';
import { askCommandBody, startKeepAliveLoad } from './keep-alive-clients.js';
import { generateTestKeys, signedHeaders } from './signing.js';
import { InteractionResponseType } from 'discord-api-types/v10';

const keys = generateTestKeys();
const FLOODER = '127.0.0.2';

const echoRouter = {
  referenceId,
  handle(): Promise<RouterResult> {
    return Promise.resolve({
      response: {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { content: 'answer', allowed_mentions: { parse: [] } },
      },
    });
  },
};

let servers: HttpInteractionsServer[] = [];
let sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets = [];
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(options: Partial<HttpOptions> = {}): Promise<HttpInteractionsServer> {
  const http = await serveHttp({
    publicKey: keys.publicKeyHex,
    port: 0,
    host: '127.0.0.1',
    ready: { router: echoRouter, passages: 1 },
    ...options,
  });
  servers.push(http);
  return http;
}

/** Signed `/ask` commands on fresh connections from 127.0.0.1: how many got their 200 answer. */
async function freshAnswers(http: HttpInteractionsServer, count: number): Promise<number> {
  const results = await Promise.all(
    Array.from({ length: count }, async () => {
      const body = askCommandBody();
      try {
        const res = await fetch(`${http.url}/interactions`, {
          method: 'POST',
          body,
          headers: { ...signedHeaders(keys.privateKey, body), connection: 'close' },
          signal: AbortSignal.timeout(10_000),
        });
        return res.status === 200 && ((await res.json()) as { data?: { content?: string } }).data?.content === 'answer';
      } catch {
        return false;
      }
    }),
  );
  return results.filter(Boolean).length;
}

interface RawClient {
  readonly socket: Socket;
  /** Everything the server sent. */
  received: string;
  /** The server closed or reset its side. */
  closedByServer: boolean;
}

/** A raw connection from the flooding address that never closes its own side unless told. */
function rawClient(http: HttpInteractionsServer): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: http.port, localAddress: FLOODER, allowHalfOpen: true });
    sockets.push(socket);
    const client: RawClient = { socket, received: '', closedByServer: false };
    socket.on('data', (chunk: Buffer) => (client.received += chunk.toString()));
    socket.on('end', () => (client.closedByServer = true));
    socket.on('close', () => (client.closedByServer = true));
    socket.on('error', () => (client.closedByServer = true));
    socket.once('connect', () => resolve(client));
    socket.once('error', reject);
  });
}

async function waitUntil(check: () => boolean | Promise<boolean>, boundMs: number): Promise<boolean> {
  const deadline = Date.now() + boundMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

const openConnections = (http: HttpInteractionsServer) =>
  new Promise<number>((resolve, reject) =>
    http.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

describe('a client that sends garbage and never closes (half-open flood)', () => {
  it('gets 400, and its sockets are destroyed rather than held half-open, while signed requests are answered', async () => {
    const http = await serve({ limits: { maxConnections: 300, maxConnectionsPerAddress: 300 } });
    const flood = await Promise.all(Array.from({ length: 200 }, () => rawClient(http)));
    for (const client of flood) client.socket.write('NOT HTTP AT ALL\r\n\r\n');
    expect(await waitUntil(() => flood.every((c) => c.closedByServer), 10_000)).toBe(true);
    expect(flood.every((c) => c.received.startsWith('HTTP/1.1 400 '))).toBe(true);
    // The clients still hold their ends open; the server must not.
    expect(flood.every((c) => !c.socket.destroyed)).toBe(true);
    expect(await waitUntil(async () => (await openConnections(http)) === 0, 5_000)).toBe(true);
    expect(await freshAnswers(http, 20)).toBe(20);
  });
});

describe('a client that sends its headers one line at a time (slow-header flood)', () => {
  it('gets 408 once the header timeout passes and its sockets are closed, while signed requests are answered', async () => {
    const http = await serve({
      limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, connectionsCheckingIntervalMs: 100 },
    });
    const flood = await Promise.all(Array.from({ length: 40 }, () => rawClient(http)));
    for (const client of flood) client.socket.write('POST /interactions HTTP/1.1\r\nHost: parley\r\n');
    const drip = setInterval(() => {
      for (const client of flood)
        if (!client.closedByServer) client.socket.write(`X-Slow-${Math.random().toString(36).slice(2, 8)}: 1\r\n`);
    }, 300);
    try {
      expect(await freshAnswers(http, 10)).toBe(10);
      expect(await waitUntil(() => flood.every((c) => c.closedByServer), 10_000)).toBe(true);
      expect(flood.map((c) => c.received.split('\r\n', 1)[0])).toEqual(flood.map(() => 'HTTP/1.1 408 Request Timeout'));
      expect(await waitUntil(async () => (await openConnections(http)) === 0, 5_000)).toBe(true);
      expect(await freshAnswers(http, 10)).toBe(10);
    } finally {
      clearInterval(drip);
    }
  });
});

describe('a client that opens many keep-alive connections and leaves them idle', () => {
  it('holds at most the per-address cap; the rest are refused, and signed requests from others are answered', async () => {
    const http = await serve({ limits: { maxConnectionsPerAddress: 16, maxConnections: 100 } });
    const flood: RawClient[] = [];
    for (let i = 0; i < 40; i += 1) {
      const client = await rawClient(http);
      client.socket.write('GET /healthz HTTP/1.1\r\nHost: parley\r\n\r\n');
      flood.push(client);
    }
    expect(
      await waitUntil(() => flood.every((c) => c.received.includes('"ok":true') || c.closedByServer), 10_000),
    ).toBe(true);
    const held = flood.filter((c) => c.received.startsWith('HTTP/1.1 200 ') && !c.closedByServer);
    expect(held).toHaveLength(16);
    expect(flood.filter((c) => c.closedByServer && c.received === '')).toHaveLength(24);
    expect(await openConnections(http)).toBe(16);
    expect(await freshAnswers(http, 20)).toBe(20);
  });

  it('never holds more than maxConnections in all', async () => {
    const http = await serve({ limits: { maxConnectionsPerAddress: 100, maxConnections: 10 } });
    const flood = await Promise.all(Array.from({ length: 25 }, () => rawClient(http)));
    expect(await waitUntil(() => flood.filter((c) => c.closedByServer).length >= 15, 5_000)).toBe(true);
    expect(await openConnections(http)).toBeLessThanOrEqual(10);
  });
});

describe('shutting down under load', () => {
  it('answers every request already sent on keep-alive connections, with Connection: close, and resets none', async () => {
    const slowRouter = {
      referenceId,
      async handle(): Promise<RouterResult> {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return {
          response: {
            type: InteractionResponseType.ChannelMessageWithSource,
            data: { content: 'answer', allowed_mentions: { parse: [] } },
          },
        };
      },
    };
    const http = await serve({ ready: { router: slowRouter, passages: 1 } });
    const load = startKeepAliveLoad(`${http.url}/interactions`, keys.privateKey, 16);
    expect(await waitUntil(() => load.outcome.answered >= 100, 10_000)).toBe(true);
    load.markStopping();
    await http.close();
    await load.done;
    expect(load.outcome).toMatchObject({ reset: 0, other: [], refused: 16 });
    // Requests received after the close began were answered, telling their clients not to reuse the connection.
    expect(load.outcome.closeHeaders).toBeGreaterThan(0);
    expect(load.outcome.closeHeaders).toBeLessThanOrEqual(load.outcome.answeredAfterStop);
  });
});

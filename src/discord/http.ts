/**
 * HTTP interactions mode: Discord POSTs each interaction to our Interactions Endpoint URL and
 * we answer in the HTTP response. The adapter only checks the envelope (size, signature,
 * content type, JSON) and hands the interaction to the same router the gateway adapter uses,
 * so no command logic lives here. It holds no state beyond the loaded index, so any number of
 * replicas can sit behind any load balancer.
 */
import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import {
  InteractionResponseType,
  InteractionType,
  type APIInteraction,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
} from 'discord-api-types/v10';
import { pino, type Logger } from 'pino';
import { failureEdit, failureResponse } from './failure.js';
import type { Router, RouterResult } from './router.js';
import { importDiscordPublicKey, verifyDiscordRequest, SIGNATURE_MAX_AGE_SECONDS } from './signature.js';

/** Discord's interaction payloads are a few KB; anything this large is not from Discord. */
export const MAX_BODY_BYTES = 64 * 1024;
export const INTERACTIONS_PATH = '/interactions';
export const HEALTH_PATH = '/healthz';
export const METRICS_PATH = '/metrics';

/**
 * Connection limits and timeouts of the endpoint. Behind a reverse proxy every connection comes
 * from the proxy's address, so the per-address cap must leave room for its pool; a client reaching
 * Parley directly can hold at most that many of the descriptors the process has.
 */
export const defaultConnectionLimits = {
  /** Open connections in all (`server.maxConnections`); keep it under the descriptor limit (`LimitNOFILE`). */
  maxConnections: 1_000,
  /** Open connections from one remote address; further ones are refused at once. */
  maxConnectionsPerAddress: 256,
  /**
   * Idle keep-alive connections are closed after this long: a little longer than the idle timeout of
   * common proxies (nginx's upstream `keepalive_timeout` and most cloud load balancers use 60 s), so
   * a proxy never sends a request on a connection Parley is closing at that instant.
   */
  keepAliveTimeoutMs: 65_000,
  /** A request's headers must arrive within this long (then 408 and the socket is closed). */
  headersTimeoutMs: 10_000,
  /** A whole request (headers and a body of at most 64 KB) must arrive within this long (then 408). */
  requestTimeoutMs: 10_000,
  /** How often the timeouts above are checked: they act at most this late (Node's default is 30 s). */
  connectionsCheckingIntervalMs: 1_000,
};

/** How a shutdown drains (see {@link HttpInteractionsServer.close}). */
export const defaultShutdown = {
  /** Requests, pending follow-ups and busy connections get this long in all before sockets are cut. */
  graceMs: 10_000,
  /**
   * A keep-alive connection is closed once it has been idle this long after the shutdown began: a
   * client that just got an answer and sends its next request at once gets it answered (with
   * `Connection: close`) instead of finding the connection cut under it.
   */
  idleLingerMs: 1_000,
};

/** Sends a deferred answer: edits the original response through the interaction webhook. */
export interface FollowUpSender {
  editOriginal(applicationId: string, token: string, body: RESTPatchAPIWebhookWithTokenMessageJSONBody): Promise<void>;
}

/** A Prometheus exposition (see `src/metrics.ts`). */
export interface MetricsSource {
  readonly contentType: string;
  text(): Promise<string>;
}

/** What the server needs once the index is loaded. */
export interface ReadyState {
  /** The router both adapters deliver from (`createRouter`); its id generator numbers the endpoint's own failure notes. */
  readonly router: Pick<Router, 'handle' | 'referenceId'>;
  /** Passages indexed, reported by `/healthz`; a function when a hot reload can change it. */
  readonly passages: number | (() => number);
}

/** Options of {@link serveHttp}. Only `publicKey` and `ready` are required. */
export interface HttpOptions {
  /** The application's public key: 64 hex characters, or a key imported with `importDiscordPublicKey`. */
  readonly publicKey: string | KeyObject;
  /**
   * Resolves once the index is loaded. Until then `/healthz` answers 503 and interactions other
   * than PING get 503, so a load balancer only routes to replicas that can answer.
   */
  readonly ready: ReadyState | Promise<ReadyState>;
  /** Delivers deferred answers (default: Discord's REST at discord.com; see `createWebhookEditor`). */
  readonly followUps?: FollowUpSender;
  readonly logger?: Logger;
  /** Port to listen on (default 8080; 0 picks a free one). */
  readonly port?: number;
  /** Address to bind (default all interfaces). */
  readonly host?: string;
  /** Largest accepted body (default {@link MAX_BODY_BYTES}). */
  readonly maxBodyBytes?: number;
  /** Largest accepted clock distance of `X-Signature-Timestamp` (default 300 s). */
  readonly maxAgeSeconds?: number;
  /** Clock in milliseconds (default `Date.now`); for tests. */
  readonly now?: () => number;
  /** Serves `GET /metrics` when given. */
  readonly metrics?: MetricsSource;
  /** Connection limits and timeouts (defaults: {@link defaultConnectionLimits}). */
  readonly limits?: Partial<typeof defaultConnectionLimits>;
  /** Shutdown drain (defaults: {@link defaultShutdown}). */
  readonly shutdown?: Partial<typeof defaultShutdown>;
}

/** A running endpoint. */
export interface HttpInteractionsServer {
  readonly server: Server;
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** True once the index is loaded. */
  isReady(): boolean;
  /**
   * Shuts down without losing a request: new connections are refused, `/healthz` says 503, every
   * request already received is answered with `Connection: close`, pending follow-ups are
   * delivered, and each keep-alive connection is closed once idle — all within the grace period,
   * after which whatever is left is cut.
   */
  close(): Promise<void>;
}

const defaultOptions = {
  port: 8080,
  host: undefined as string | undefined,
  maxBodyBytes: MAX_BODY_BYTES,
  maxAgeSeconds: SIGNATURE_MAX_AGE_SECONDS,
  now: Date.now,
};

const PONG = JSON.stringify({ type: InteractionResponseType.Pong });

/**
 * Starts the Interactions Endpoint: `POST /interactions` and `GET /healthz`.
 *
 * @example
 * const http = await serveHttp({
 *   publicKey: config.publicKey,
 *   port: config.port,
 *   ready: loadIndex().then((index) => ({
 *     router: createRouter({ getSearcher: () => index, commands: allCommands, logger, version }),
 *     passages: index.corpus.passages.length,
 *   })),
 *   followUps: createWebhookEditor({ api: config.apiUrl }),
 * });
 * process.once('SIGTERM', () => void http.close());
 */
export async function serveHttp(options: HttpOptions): Promise<HttpInteractionsServer> {
  const { port, host, maxBodyBytes, maxAgeSeconds, now } = { ...defaultOptions, ...options };
  const limits = { ...defaultConnectionLimits, ...options.limits };
  const shutdown = { ...defaultShutdown, ...options.shutdown };
  const key = typeof options.publicKey === 'string' ? importDiscordPublicKey(options.publicKey) : options.publicKey;
  const logger = options.logger ?? pino({ enabled: false });
  const followUps = options.followUps;

  let state: ReadyState | undefined;
  let loadFailed = false;
  Promise.resolve(options.ready).then(
    (ready) => {
      state = ready;
      logger.info({ passages: passagesOf(ready) }, 'http endpoint ready');
    },
    (error: unknown) => {
      loadFailed = true;
      logger.error({ err: error }, 'index failed to load; /healthz stays 503');
    },
  );

  const pending = new Set<Promise<void>>();
  /** Responses not yet finished: a shutdown answers them (with `Connection: close`) instead of cutting their sockets. */
  const inFlight = new Set<ServerResponse>();
  /** Per open connection: requests being answered on it, and since when it has been idle. */
  const connections = new Map<Socket, { active: number; idleSince: number }>();
  const perAddress = new Map<string, number>();
  let stopping = false;

  const runFollowUp = (
    interaction: APIInteraction,
    router: ReadyState['router'],
    followUp: NonNullable<RouterResult['followUp']>,
  ): void => {
    const task = (async () => {
      let body: RESTPatchAPIWebhookWithTokenMessageJSONBody;
      try {
        body = await followUp();
      } catch (error) {
        const ref = router.referenceId();
        logger.error({ err: error, ref, interaction: interaction.id }, 'follow-up failed');
        body = failureEdit(ref);
      }
      if (!followUps) {
        logger.error({ interaction: interaction.id }, 'a deferred answer has no follow-up sender configured');
        return;
      }
      try {
        await followUps.editOriginal(interaction.application_id, interaction.token, body);
      } catch (error) {
        logger.error({ err: error, interaction: interaction.id }, 'could not deliver the deferred answer');
      }
    })();
    pending.add(task);
    void task.finally(() => pending.delete(task));
  };

  const handleInteraction = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req, maxBodyBytes);
    if (body === 'aborted') {
      res.destroy();
      return;
    }
    if (body === 'too-large') {
      // The rest of the body is never read; closing the connection is the only way to skip it.
      res.setHeader('connection', 'close');
      sendJson(res, 413, { error: `request body over ${maxBodyBytes} bytes` });
      return;
    }

    const check = verifyDiscordRequest(
      key,
      { signature: req.headers['x-signature-ed25519'], timestamp: req.headers['x-signature-timestamp'], body },
      { now: now(), maxAgeSeconds },
    );
    if (!check.ok) {
      // Debug only: Discord sends forged requests on purpose, and strangers can flood this.
      logger.debug({ reason: check.reason }, 'refused an unsigned interaction');
      sendJson(res, 401, { error: 'invalid request signature' });
      return;
    }

    if (!isJsonContentType(req.headers['content-type'])) {
      sendJson(res, 415, { error: 'content-type must be application/json' });
      return;
    }

    let interaction: unknown;
    try {
      interaction = JSON.parse(body.toString('utf8'));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      sendJson(res, 400, { error: 'body is not valid JSON' });
      return;
    }
    if (!isInteraction(interaction)) {
      sendJson(res, 400, { error: 'body is not an interaction' });
      return;
    }

    if (interaction.type === InteractionType.Ping) {
      sendRaw(res, 200, PONG);
      return;
    }

    if (!state) {
      res.setHeader('retry-after', '5');
      sendJson(res, 503, { error: 'starting up' });
      return;
    }

    const { router } = state;
    let result: RouterResult;
    try {
      result = await router.handle(interaction);
    } catch (error) {
      // The router answers its own errors; this is the last line so Discord never sees a 500.
      const ref = router.referenceId();
      logger.error({ err: error, ref, interaction: interaction.id }, 'router threw');
      result = { response: failureResponse(interaction.type, ref) };
    }
    sendJson(res, 200, result.response);
    if (result.followUp) runFollowUp(interaction, router, result.followUp);
  };

  const handleHealth = (res: ServerResponse): void => {
    if (state && !stopping) {
      sendJson(res, 200, { ok: true, passages: passagesOf(state) });
      return;
    }
    res.setHeader('retry-after', '5');
    sendJson(res, 503, {
      ok: false,
      status: stopping ? 'shutting down' : loadFailed ? 'index failed to load' : 'loading index',
    });
  };

  const handleMetrics = async (res: ServerResponse, metrics: NonNullable<typeof options.metrics>): Promise<void> => {
    const text = await metrics.text();
    res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer(
    {
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
    },
    (req, res) => {
      inFlight.add(res);
      const connection = connections.get(req.socket);
      if (connection) connection.active += 1;
      res.once('close', () => {
        inFlight.delete(res);
        if (connection) {
          connection.active -= 1;
          connection.idleSince = Date.now();
        }
      });
      // During a shutdown every answer tells the client not to reuse the connection.
      if (stopping) res.setHeader('connection', 'close');
      const path = (req.url ?? '/').split('?', 1)[0];
      const reading = req.method === 'GET' || req.method === 'HEAD';
      let work: Promise<void> | undefined;
      if (path === INTERACTIONS_PATH) {
        if (req.method === 'POST') work = handleInteraction(req, res);
        else methodNotAllowed(res, 'POST');
      } else if (path === HEALTH_PATH) {
        if (reading) handleHealth(res);
        else methodNotAllowed(res, 'GET, HEAD');
      } else if (path === METRICS_PATH && options.metrics) {
        if (reading) work = handleMetrics(res, options.metrics);
        else methodNotAllowed(res, 'GET, HEAD');
      } else {
        sendJson(res, 404, { error: 'not found' });
      }
      if (work) {
        work.catch((error: unknown) => {
          logger.error({ err: error }, 'http request failed');
          if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
          else res.destroy();
        });
      }
    },
  );
  server.maxConnections = limits.maxConnections;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const open = perAddress.get(address) ?? 0;
    if (open >= limits.maxConnectionsPerAddress) {
      logger.debug({ address, open }, 'refused a connection: too many from one address');
      socket.destroy();
      return;
    }
    perAddress.set(address, open + 1);
    connections.set(socket, { active: 0, idleSince: Date.now() });
    socket.once('close', () => {
      connections.delete(socket);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Answer if the client can still read it, then always destroy the socket: ending it only
    // half-closes it, and a client that never closes its side would hold the descriptor forever.
    if (socket.writable && !socket.writableEnded) {
      const reply = `HTTP/1.1 ${errorStatus(error.code)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
      const timer = setTimeout(() => socket.destroy(), 1_000).unref();
      socket.end(reply, () => {
        clearTimeout(timer);
        socket.destroy();
      });
    } else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info({ port: address.port }, 'http interactions endpoint listening');

  return {
    server,
    url: `http://${urlHost === '::' || urlHost === '[::]' || urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${address.port}`,
    port: address.port,
    isReady: () => state !== undefined,
    close: () => (closing ??= drain()),
  };

  async function drain(): Promise<void> {
    stopping = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    // Stop listening, but unlike http.Server#close keep idle keep-alive connections for now: a
    // request may already be on its way on one, and cutting it would reset that request.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    const deadline = Date.now() + shutdown.graceMs;
    while (Date.now() < deadline && (connections.size > 0 || pending.size > 0)) {
      const now = Date.now();
      for (const [socket, connection] of connections) {
        if (connection.active === 0 && now - connection.idleSince >= shutdown.idleLingerMs) socket.destroy();
      }
      // A plain timer, not a race with settled promises: the loop must yield to I/O so requests
      // can finish. A referenced one: with every socket idle, it alone keeps the process alive
      // until the drain is done (an unreferenced timer let the process exit mid-drain, unlogged).
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    server.closeAllConnections();
    for (const socket of connections.keys()) socket.destroy();
    await closed;
  }
}

/**
 * Reads the whole body, or stops at `limit` bytes (checking a declared length before reading
 * anything). `aborted` when the client hung up first: there is nobody left to answer.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: Buffer | 'too-large' | 'aborted'): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      const [only] = chunks;
      finish(only && chunks.length === 1 ? only : Buffer.concat(chunks, size));
    };
    const onAbort = (): void => finish('aborted');
    const onClose = (): void => {
      if (!req.complete) finish('aborted');
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

/** The status line for a request Node's parser refused. */
function errorStatus(code: string | undefined): string {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  if (code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  return '400 Bad Request';
}

function passagesOf(state: ReadyState): number {
  return typeof state.passages === 'function' ? state.passages() : state.passages;
}

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const semicolon = header.indexOf(';');
  return (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}

/** Just enough shape to route and to answer later: the router checks the rest. */
function isInteraction(value: unknown): value is APIInteraction {
  if (typeof value !== 'object' || value === null) return false;
  const { type, id, token, application_id } = value as Record<string, unknown>;
  if (type === InteractionType.Ping) return true;
  return (
    (type === InteractionType.ApplicationCommand ||
      type === InteractionType.MessageComponent ||
      type === InteractionType.ApplicationCommandAutocomplete ||
      type === InteractionType.ModalSubmit) &&
    typeof id === 'string' &&
    typeof token === 'string' &&
    typeof application_id === 'string'
  );
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, { error: 'method not allowed' });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendRaw(res, status, JSON.stringify(body));
}

function sendRaw(res: ServerResponse, status: number, json: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

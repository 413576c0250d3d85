/**
 * The embedded Discord's gateway: Discord's WebSocket protocol (v10, JSON text frames) as far as a
 * bot needs it — HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, dispatches with increasing
 * sequence numbers, RESUME with replay. Dropping connections on purpose is a test extra
 * (tests/support/faults.ts) built on the protected members here.
 *
 * Compression is never used: the client may ask for `compress=zlib-stream` in the query, but
 * @discordjs/ws parses plain text frames whatever it asked for.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { shardOf } from './snowflake.js';
import type { JsonObject, UserPayload } from './interactions.js';

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  applicationId: string;
  applicationFlags: number;
  botUser: UserPayload;
  /** The gateway address handed out in READY as `resume_gateway_url` (no query string). */
  resumeUrl: () => string;
  /** Full guild objects for GUILD_CREATE on `shardId` of `shardCount`. */
  guildsFor: (shardId: number, shardCount: number) => JsonObject[];
  /** How long `dispatch` waits for a shard that has not identified yet. */
  shardWaitMs: number;
}

interface Dispatched {
  s: number;
  t: string;
  d: unknown;
}

export interface GatewaySession {
  id: string;
  shardId: number;
  shardCount: number;
  intents: number;
  seq: number;
  /** Every dispatch of this session, kept for replay on RESUME. */
  events: Dispatched[];
  connection: Connection | undefined;
  resumable: boolean;
}

export interface Connection {
  ws: WebSocket;
  session: GatewaySession | undefined;
}

/** Emitted as `'ready'` whenever a shard finishes IDENTIFY (`identified`) or RESUME (`resumed`). */
export interface ShardReadyEvent {
  shardId: number;
  shardCount: number;
  sessionId: string;
  how: 'identified' | 'resumed';
}

const REPLAY_BUFFER = 5_000;

export class Gateway extends EventEmitter {
  readonly wss = new WebSocketServer({ noServer: true });
  /** Latest session per shard id: where dispatches for that shard go. */
  readonly shards = new Map<number, GatewaySession>();
  protected readonly sessions = new Map<string, GatewaySession>();
  private readonly connections = new Set<Connection>();
  /** IDENTIFY payloads received, in order (their `token` replaced by `[checked]`). */
  readonly identifies: JsonObject[] = [];

  constructor(private readonly options: GatewayOptions) {
    super();
    this.setMaxListeners(0);
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  /** Sockets the `silence` drop made half-open: nothing more is written to them. */
  protected readonly silenced = new WeakSet<WebSocket>();

  protected send(ws: WebSocket, payload: { op: number; d: unknown; s?: number | null; t?: string | null }): void {
    if (ws.readyState === WebSocket.OPEN && !this.silenced.has(ws)) {
      ws.send(JSON.stringify({ s: null, t: null, ...payload }));
    }
  }

  private onConnection(ws: WebSocket): void {
    const connection: Connection = { ws, session: undefined };
    this.connections.add(connection);
    this.send(ws, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['stand-in'] } });
    ws.on('message', (raw, isBinary) => this.onMessage(connection, rawText(raw), isBinary));
    ws.on('close', (code) => {
      this.connections.delete(connection);
      const session = connection.session;
      if (!session) return;
      if (session.connection === connection) session.connection = undefined;
      // A client closing with 1000/1001 ends its session, as on Discord.
      if (code === 1000 || code === 1001) session.resumable = false;
      this.emit('close', { shardId: session.shardId, code });
    });
    ws.on('error', () => undefined);
  }

  private onMessage(connection: Connection, text: string, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown } | undefined;
    try {
      if (!isBinary) payload = JSON.parse(text) as { op?: unknown; d?: unknown };
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
    if (payload === undefined) {
      connection.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case 1:
        this.send(connection.ws, { op: 11, d: null });
        return;
      case 2:
        this.onIdentify(connection, (payload.d ?? {}) as JsonObject);
        return;
      case 6:
        this.onResume(connection, (payload.d ?? {}) as JsonObject);
        return;
      case 3:
      case 4:
      case 8:
      case 31:
        if (!connection.session) connection.ws.close(4003, 'Not authenticated.');
        return;
      default:
        connection.ws.close(4001, 'Unknown opcode.');
    }
  }

  private onIdentify(connection: Connection, d: JsonObject): void {
    if (connection.session) {
      connection.ws.close(4005, 'Already authenticated.');
      return;
    }
    if (d.token !== this.options.token) {
      connection.ws.close(4004, 'Authentication failed.');
      return;
    }
    const shard = Array.isArray(d.shard) ? (d.shard as unknown[]) : [0, 1];
    const [shardId, shardCount] = shard.map(Number) as [number, number];
    if (
      !Number.isInteger(shardId) ||
      !Number.isInteger(shardCount) ||
      shardCount < 1 ||
      shardId < 0 ||
      shardId >= shardCount
    ) {
      connection.ws.close(4010, 'Invalid shard.');
      return;
    }
    if (typeof d.intents !== 'number' || !Number.isInteger(d.intents) || d.intents < 0) {
      connection.ws.close(4013, 'Invalid intent(s).');
      return;
    }
    this.identifies.push({ ...d, token: '[checked]' });
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shardId,
      shardCount,
      intents: d.intents,
      seq: 0,
      events: [],
      connection,
      resumable: true,
    };
    connection.session = session;
    this.sessions.set(session.id, session);
    this.shards.set(shardId, session);
    const guilds = this.options.guildsFor(shardId, shardCount);
    this.dispatch(session, 'READY', {
      v: 10,
      user: this.options.botUser,
      user_settings: {},
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.options.resumeUrl(),
      shard: [shardId, shardCount],
      application: { id: this.options.applicationId, flags: this.options.applicationFlags },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['stand-in'],
    });
    // GUILDS (1 << 0) is what makes Discord send GUILD_CREATE at all.
    if ((session.intents & 1) === 1) {
      for (const guild of guilds) this.dispatch(session, 'GUILD_CREATE', guild);
    }
    this.emit('ready', { shardId, shardCount, sessionId: session.id, how: 'identified' } satisfies ShardReadyEvent);
  }

  private onResume(connection: Connection, d: JsonObject): void {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (d.token !== this.options.token) {
      connection.ws.close(4004, 'Authentication failed.');
      return;
    }
    if (!session || !session.resumable || this.shards.get(session.shardId) !== session) {
      // Discord waits 1–5 s before op 9; the client then opens a fresh connection and identifies.
      this.send(connection.ws, { op: 9, d: false });
      return;
    }
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    const previous = session.connection;
    connection.session = session;
    session.connection = connection;
    if (previous && previous !== connection) previous.ws.terminate();
    for (const event of session.events) {
      if (event.s > seq) this.send(connection.ws, { op: 0, ...event });
    }
    this.dispatch(session, 'RESUMED', { _trace: ['stand-in'] });
    this.emit('ready', {
      shardId: session.shardId,
      shardCount: session.shardCount,
      sessionId: session.id,
      how: 'resumed',
    } satisfies ShardReadyEvent);
  }

  /**
   * Sends a dispatch on a session. If its connection is down but the session is resumable, the
   * event is kept and replayed on RESUME — as Discord does.
   */
  dispatch(session: GatewaySession, t: string, d: unknown): number {
    session.seq += 1;
    const event = { s: session.seq, t, d };
    session.events.push(event);
    if (session.events.length > REPLAY_BUFFER) session.events.shift();
    if (session.connection) this.send(session.connection.ws, { op: 0, ...event });
    return session.seq;
  }

  /** The shard count the connected client uses (1 before anything identified). */
  shardCount(): number {
    for (const session of this.shards.values()) return session.shardCount;
    return 1;
  }

  /** Which shard Discord would send an event about `guildId` to (DMs go to shard 0). */
  shardFor(guildId: string | undefined): number {
    return guildId ? shardOf(guildId, this.shardCount()) : 0;
  }

  /**
   * The session dispatches for `shardId` go to: the live one, or a resumable one that is
   * disconnected (its events are replayed on RESUME). A dead session (closed for good, or
   * invalidated) loses events on Discord; waiting for the next IDENTIFY instead keeps tests
   * deterministic. Rejects after `timeoutMs`.
   */
  async sessionFor(shardId: number, timeoutMs = this.options.shardWaitMs): Promise<GatewaySession> {
    const existing = this.shards.get(shardId);
    if (existing && (existing.connection || existing.resumable)) return existing;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('ready', onReady);
        reject(
          new Error(
            `Parley stand-in: shard ${shardId} has no live session (did the client connect?) after ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const onReady = (event: ShardReadyEvent): void => {
        if (event.shardId !== shardId) return;
        clearTimeout(timer);
        this.off('ready', onReady);
        resolve(this.shards.get(shardId) as GatewaySession);
      };
      this.on('ready', onReady);
    });
  }

  /** Resolves with the next READY or RESUMED of `shardId`. */
  nextReady(shardId: number, timeoutMs: number): Promise<ShardReadyEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('ready', onReady);
        reject(new Error(`Parley stand-in: shard ${shardId} did not come back within ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = (event: ShardReadyEvent): void => {
        if (event.shardId !== shardId) return;
        clearTimeout(timer);
        this.off('ready', onReady);
        resolve(event);
      };
      this.on('ready', onReady);
    });
  }

  /** Terminates every socket and the server. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.ws.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** A frame's bytes as text, whichever of its three shapes `ws` hands over. */
function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString();
  return Buffer.isBuffer(raw) ? raw.toString() : Buffer.from(raw).toString();
}

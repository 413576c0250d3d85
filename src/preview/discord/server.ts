/**
 * The embedded Discord: a small, faithful Discord on 127.0.0.1 that the UNMODIFIED discord.js
 * `Client` connects to over real sockets — an HTTP API under `/api/v10` (node:http) and a gateway
 * (ws) on the same port, with Discord's status codes, error codes, object shapes, documented
 * limits and its 3-second window for the first response. It knows nothing about Parley. The
 * local preview (`npm start` without a token) runs the bot against it; the tests wrap it with
 * their extras (OpenAPI validation, fault injection, HTTP delivery: tests/support/stand-in.ts).
 *
 * @example
 * ```ts
 * const discord = await startEmbeddedDiscord({ interactionDeadlineMs: 3_000 });
 * // the bot: DISCORD_API_URL=discord.apiUrl, DISCORD_TOKEN=discord.token
 * const handle = await discord.sendInteraction(chatInput('ask', { question: 'why Rome?' }, discord.context));
 * await handle.settled();
 * handle.original();   // @original as it stands after every edit
 * await discord.close();
 * ```
 *
 * ## Behaviour (as Discord)
 * - REST: 401 `{ message: '401: Unauthorized', code: 0 }` for a wrong `Authorization: Bot <token>`
 *   (so `login()` rejects with TokenInvalid); 404 `{ message: '404: Not Found', code: 0 }` for
 *   unknown routes; 400 for a non-JSON body.
 * - Interaction callbacks (no Authorization needed): 204, or 200 `{ interaction, resource }` with
 *   `with_response=true`; 10062 Unknown interaction for unknown ids/tokens or a first response
 *   after the deadline; 40060 for a second acknowledgement; 50006 for an empty message; a
 *   callback type the interaction type does not allow is a 50035 on `type`.
 * - Webhooks `/webhooks/:app/:token[/messages/:id|@original]`: 10015 before the first response,
 *   full message objects after (author = the bot, `mentions` computed from content and
 *   `allowed_mentions`); editing a deferred response clears its loading flag; 401/50027 once
 *   the token is older than `tokenLifetimeMs`; 10008 for an unknown message id.
 * - Bodies over Discord's documented limits (`./limits.js`) get a 400 `{ code: 50035, message:
 *   'Invalid Form Body', errors }` nested by path, which discord.js prints as
 *   `data.embeds[0].title[CODE]: …`; `captured[i].error.paths` holds the same paths.
 * - Gateway: HELLO, IDENTIFY (4004 for a wrong token, 4010 for a bad shard), READY with
 *   increasing `s`, GUILD_CREATE per guild of the shard (GUILDS intent), heartbeat ACKs, RESUME
 *   with replay of missed dispatches then RESUMED, op 9 for an unknown session.
 * - Sharding: `shards: 2` makes `GET /gateway/bot` recommend 2 shards and puts one default guild
 *   on each; `sendInteraction` dispatches to shard `(guild_id >> 22) % num_shards` (DMs: shard 0).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { Gateway } from './gateway.js';
import type { GatewayOptions, ShardReadyEvent } from './gateway.js';
import { createRest } from './rest.js';
import type { CapturedRequest, Interception, InteractionRecord, RestState } from './rest.js';
import type { LimitViolation } from './limits.js';
import { STAND_IN_IDS, botUser as makeBotUser, guildMember, user as makeUser } from './interactions.js';
import type { InteractionPayload, JsonObject, UserPayload } from './interactions.js';
import { guildIdForShard, shardOf, snowflake } from './snowflake.js';

export type { CapturedRequest, CapturedError, Interception, InteractionRecord } from './rest.js';
export type { ShardReadyEvent } from './gateway.js';

/** A guild the bot is in (sent as GUILD_CREATE to the shard Discord's formula picks). */
export interface StandInGuild {
  id: string;
  name?: string;
  /** Text channels; the first one is where interactions are sent by default. */
  channelIds?: string[];
  ownerId?: string;
}

export interface EmbeddedDiscordOptions {
  /** The bot token it accepts. Default: a random token-shaped string. */
  token?: string;
  /** Port on 127.0.0.1; 0 picks a free one. Default 0. */
  port?: number;
  /** `shards` in `GET /gateway/bot` (what the client spawns with `shards: 'auto'`). Default 1. */
  shards?: number;
  /** `session_start_limit.max_concurrency`. Default: `shards` (so shards identify together). */
  maxConcurrency?: number;
  /** Guilds the bot is in. Default: one guild per shard, the first being {@link STAND_IN_IDS}.guildId. */
  guilds?: StandInGuild[];
  /** Time for the first response to an interaction, ms. Default 3000 (Discord's 3 s). */
  interactionDeadlineMs?: number;
  /** How long interaction tokens (follow-ups, edits) stay valid, ms. Default 15 min. */
  tokenLifetimeMs?: number;
  /** `heartbeat_interval` in HELLO, ms. Default 41250 (Discord's). Tests use ~1000. */
  heartbeatIntervalMs?: number;
  applicationId?: string;
  /** The application's owner (returned by `GET /applications/@me`). */
  owner?: UserPayload;
  /** Extra fields merged into the application object. */
  application?: JsonObject;
  /** Name of the bot user. */
  botName?: string;
  /** How long `sendInteraction` waits for its shard to identify, ms. Default 10000. */
  shardWaitMs?: number;
  /** Called with one line per REST request and gateway event (for `npm run dev:stand-in`). */
  log?: (line: string) => void;
  /** Extra checks of every request body, run before Discord's limits (the tests' OpenAPI validator). */
  validate?: (method: string, path: string, body: unknown) => LimitViolation[];
  /** Answers a REST request before its route does (the tests' rate limits); undefined lets it through. */
  intercept?: (method: string, path: string) => Interception | undefined;
  /** Builds the gateway (the tests pass a subclass that can drop connections). */
  createGateway?: (options: GatewayOptions) => Gateway;
}

export const defaultDiscordOptions = {
  port: 0,
  shards: 1,
  interactionDeadlineMs: 3_000,
  tokenLifetimeMs: 15 * 60_000,
  heartbeatIntervalMs: 41_250,
  applicationId: STAND_IN_IDS.applicationId,
  botName: 'Parley Stand-in Bot',
  shardWaitMs: 10_000,
} as const;

/** What `sendInteraction` returns: the dispatched interaction and ways to see the bot's answers. */
export interface InteractionHandle {
  id: string;
  token: string;
  payload: InteractionPayload;
  shardId: number;
  /** The first interaction callback that was not answered 429 (whatever else its status). */
  response(timeoutMs?: number): Promise<CapturedRequest>;
  /** The first request with this interaction's token (callback or webhook) matching `predicate`. */
  waitFor(predicate: (request: CapturedRequest) => boolean, timeoutMs?: number): Promise<CapturedRequest>;
  /** Every request made so far with this interaction's token. */
  requests(): CapturedRequest[];
  /** Waits for the callback, then until no request with this token came for `quietMs`; returns them all. */
  settled(quietMs?: number, timeoutMs?: number): Promise<CapturedRequest[]>;
  /** `@original` as it stands now (after edits), or undefined before a response. */
  original(): JsonObject | undefined;
  /** Follow-up messages still present. */
  followups(): JsonObject[];
  /** The interaction's record (acknowledgement type and time, createdAt, deadline). */
  record: InteractionRecord;
}

export interface EmbeddedDiscord {
  apiUrl: string;
  gatewayUrl: string;
  port: number;
  token: string;
  applicationId: string;
  botUser: UserPayload;
  owner: UserPayload;
  /** The first guild and its first channel: where builder payloads go by default. */
  guildId: string;
  channelId: string;
  guilds: Required<StandInGuild>[];
  /** Spread into builders: `chatInput('ask', {...}, { ...discord.context })`. */
  context: { applicationId: string; guildId: string; channelId: string };
  /** Every REST request, in arrival order (a live array; `captured.length = 0` clears it). */
  captured: CapturedRequest[];
  gateway: Gateway;
  /** Global and per-guild commands as last registered. */
  commands(guildId?: string): JsonObject[];
  /**
   * Dispatches INTERACTION_CREATE to shard `(guild_id >> 22) % num_shards` (DMs: shard 0) or
   * `shard`, waiting (up to `shardWaitMs`) for that shard to identify; while a resumable session
   * is disconnected the event is kept and replayed on RESUME, as Discord does. The deadline clock
   * starts at dispatch.
   */
  sendInteraction(
    payload: InteractionPayload,
    options?: { shard?: number; deadlineMs?: number },
  ): Promise<InteractionHandle>;
  /** Records an interaction without dispatching it (for a host delivering it another way, e.g. HTTP). */
  readonly register: (payload: InteractionPayload, deadlineMs?: number) => InteractionRecord;
  /** The handle of a registered interaction (`shardId` -1 when it was not dispatched on the gateway). */
  readonly handleFor: (record: InteractionRecord, shardId: number) => InteractionHandle;
  /** Takes an HTTP endpoint's answer as the first response of `record` (captured and checked like a REST callback). */
  acceptHttpResponse(
    record: InteractionRecord,
    endpoint: { status: number; ms: number; contentType: string; text: string },
  ): CapturedRequest;
  /** The first captured request (already captured or future) matching `predicate`. */
  waitForRequest(
    predicate: (request: CapturedRequest) => boolean,
    options?: { timeoutMs?: number; after?: number },
  ): Promise<CapturedRequest>;
  requestsFor(token: string): CapturedRequest[];
  interaction(idOrToken: string): InteractionRecord | undefined;
  /** Resolves when that many shards have identified. */
  waitForShards(count?: number, timeoutMs?: number): Promise<void>;
  /** Called with every captured request as it happens; returns the unsubscribe function. */
  onRequest(listener: (request: CapturedRequest) => void): () => void;
  /** Terminates sockets, `closeAllConnections()`, `close()`. */
  close(): Promise<void>;
}

export const CALLBACK_ROUTE = 'POST /interactions/:id/:token/callback';

function guildObject(guild: Required<StandInGuild>, bot: UserPayload): JsonObject {
  const joinedAt = new Date().toISOString();
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: guild.id,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: '1071698660929',
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    nsfw: false,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    lazy: true,
    member_count: 2,
    voice_states: [],
    members: [guildMember(bot, joinedAt)],
    channels: guild.channelIds.map((id, position) => ({
      id,
      type: 0,
      name: position === 0 ? 'general' : `channel-${position}`,
      position,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      topic: null,
      rate_limit_per_user: 0,
      last_message_id: null,
      flags: 0,
    })),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    application_command_counts: {},
  };
}

/**
 * Starts the embedded Discord on 127.0.0.1. See the module comment for what it does.
 *
 * @example
 * ```ts
 * const discord = await startEmbeddedDiscord({ shards: 2, interactionDeadlineMs: 500 });
 * ```
 */
export async function startEmbeddedDiscord(options: EmbeddedDiscordOptions = {}): Promise<EmbeddedDiscord> {
  const opts = { ...defaultDiscordOptions, ...options };
  if (!Number.isInteger(opts.shards) || opts.shards < 1)
    throw new Error(`Parley: shards must be a positive integer, got ${String(opts.shards)}`);
  const token =
    opts.token ??
    `${Buffer.from(opts.applicationId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(28).toString('base64url')}`;
  const bot = makeBotUser(opts.applicationId, opts.botName);
  const owner = opts.owner ?? makeUser({ id: '1180000000000000300', username: 'owner' });
  const wanted: StandInGuild[] =
    opts.guilds ??
    Array.from({ length: opts.shards }, (_, shard) => ({
      id: shard === 0 ? STAND_IN_IDS.guildId : guildIdForShard(shard, opts.shards),
    }));
  const guilds: Required<StandInGuild>[] = wanted.map((g, i) => ({
    id: g.id,
    name: g.name ?? `Stand-in Guild ${i + 1}`,
    channelIds:
      g.channelIds && g.channelIds.length > 0 ? g.channelIds : [i === 0 ? STAND_IN_IDS.channelId : snowflake()],
    ownerId: g.ownerId ?? owner.id,
  }));
  const first = guilds[0];
  const log = opts.log ?? (() => undefined);

  const events = new EventEmitter();
  events.setMaxListeners(0);
  const captured: CapturedRequest[] = [];
  // Per-token index, so handles stay cheap when a load test sends thousands of interactions.
  const byToken = new Map<string, CapturedRequest[]>();
  let seq = 0;
  let port = 0;
  const gatewayUrl = (): string => `ws://127.0.0.1:${port}`;

  const application: JsonObject = {
    id: opts.applicationId,
    name: opts.botName,
    icon: null,
    description: '',
    summary: '',
    type: null,
    hook: true,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: randomBytes(32).toString('hex'),
    flags: 0,
    owner,
    team: null,
    bot,
    redirect_uris: [],
    interactions_endpoint_url: null,
    approximate_guild_count: guilds.length,
    integration_types_config: { '0': {} },
    ...opts.application,
  };

  const state: RestState = {
    token,
    applicationId: opts.applicationId,
    botUser: bot,
    application,
    gatewayUrl,
    shards: opts.shards,
    maxConcurrency: opts.maxConcurrency ?? opts.shards,
    tokenLifetimeMs: opts.tokenLifetimeMs,
    interactionsById: new Map(),
    interactionsByToken: new Map(),
    globalCommands: [],
    guildCommands: new Map(),
    ...(opts.validate ? { validate: opts.validate } : {}),
    ...(opts.intercept ? { intercept: opts.intercept } : {}),
    identifyBudget: { total: 1000, remaining: 1000 },
    capture: (request) => {
      captured.push(request);
      if (request.interactionToken !== undefined) {
        const list = byToken.get(request.interactionToken) ?? [];
        list.push(request);
        byToken.set(request.interactionToken, list);
      }
      log(
        `${request.status} ${request.method} ${request.path}${request.error ? ` — ${request.error.code} ${request.error.message}${request.error.paths.length ? ` (${request.error.paths.join(', ')})` : ''}` : ''}`,
      );
      events.emit('request', request);
    },
    nextSeq: () => ++seq,
  };

  const gatewayOptions: GatewayOptions = {
    token,
    heartbeatIntervalMs: opts.heartbeatIntervalMs,
    applicationId: opts.applicationId,
    applicationFlags: 0,
    botUser: bot,
    resumeUrl: gatewayUrl,
    guildsFor: (shardId, shardCount) =>
      guilds.filter((g) => shardOf(g.id, shardCount) === shardId).map((g) => guildObject(g, bot)),
    shardWaitMs: opts.shardWaitMs,
  };
  const gateway = opts.createGateway ? opts.createGateway(gatewayOptions) : new Gateway(gatewayOptions);
  gateway.on('ready', (event: ShardReadyEvent) => {
    if (event.how === 'identified') state.identifyBudget.remaining = Math.max(0, state.identifyBudget.remaining - 1);
    log(`gateway: shard ${event.shardId}/${event.shardCount} ${event.how}`);
  });
  gateway.on('close', (event: { shardId: number; code: number }) =>
    log(`gateway: shard ${event.shardId} closed (${event.code})`),
  );

  const rest = createRest(state);
  const server = createServer(rest.handle);
  server.on('upgrade', (request, socket, head) => {
    if ((request.url ?? '/').startsWith('/api')) {
      socket.destroy();
      return;
    }
    gateway.handleUpgrade(request, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const waitForRequest: EmbeddedDiscord['waitForRequest'] = (predicate, { timeoutMs = 5_000, after = 0 } = {}) =>
    waitAmong(captured, predicate, timeoutMs, after);
  const waitAmong = (
    pool: readonly CapturedRequest[],
    predicate: (request: CapturedRequest) => boolean,
    timeoutMs: number,
    after = 0,
  ): Promise<CapturedRequest> => {
    const found = pool.find((r) => r.seq > after && predicate(r));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off('request', onRequest);
        reject(new Error(`Parley stand-in: no matching request within ${timeoutMs} ms (captured ${captured.length})`));
      }, timeoutMs);
      const onRequest = (request: CapturedRequest): void => {
        if (request.seq <= after || !predicate(request)) return;
        clearTimeout(timer);
        events.off('request', onRequest);
        resolve(request);
      };
      events.on('request', onRequest);
    });
  };
  const requestsFor = (tok: string): CapturedRequest[] => [...(byToken.get(tok) ?? [])];

  const waitForShards: EmbeddedDiscord['waitForShards'] = async (count = opts.shards, timeoutMs = opts.shardWaitMs) => {
    const deadline = Date.now() + timeoutMs;
    while (gateway.shards.size < count) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`Parley stand-in: ${gateway.shards.size} of ${count} shards identified within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          gateway.off('ready', done);
          resolve();
        }
        gateway.on('ready', done);
      });
    }
  };

  const register = (payload: InteractionPayload, deadlineMs: number | undefined): InteractionRecord => {
    if (state.interactionsById.has(payload.id)) throw new Error(`Parley: interaction ${payload.id} was already sent`);
    const record: InteractionRecord = {
      payload,
      createdAt: Date.now(),
      deadlineMs: deadlineMs ?? opts.interactionDeadlineMs,
      followups: new Map(),
    };
    state.interactionsById.set(payload.id, record);
    state.interactionsByToken.set(payload.token, record);
    return record;
  };

  const handleFor = (record: InteractionRecord, shardId: number): InteractionHandle => {
    const { payload } = record;
    const mine = (r: CapturedRequest): boolean => r.interactionToken === payload.token;
    const handle: InteractionHandle = {
      id: payload.id,
      token: payload.token,
      payload,
      shardId,
      record,
      response: (timeoutMs = Math.max(5_000, record.deadlineMs + 2_000)) =>
        waitAmong(
          byToken.get(payload.token) ?? [],
          (r) => mine(r) && r.route === CALLBACK_ROUTE && !r.rateLimited,
          timeoutMs,
        ),
      waitFor: (predicate, timeoutMs = 5_000) =>
        waitAmong(byToken.get(payload.token) ?? [], (r) => mine(r) && predicate(r), timeoutMs),
      requests: () => requestsFor(payload.token),
      settled: async (quietMs = 150, timeoutMs = 10_000) => {
        const started = Date.now();
        await handle.response(timeoutMs);
        for (;;) {
          const count = requestsFor(payload.token).length;
          await new Promise((resolve) => setTimeout(resolve, quietMs));
          if (requestsFor(payload.token).length === count) return requestsFor(payload.token);
          if (Date.now() - started > timeoutMs)
            throw new Error(`Parley stand-in: interaction ${payload.id} still busy after ${timeoutMs} ms`);
        }
      },
      original: () => record.original,
      followups: () => [...record.followups.values()],
    };
    return handle;
  };

  const sendInteraction: EmbeddedDiscord['sendInteraction'] = async (payload, { shard, deadlineMs } = {}) => {
    if (state.interactionsById.has(payload.id)) throw new Error(`Parley: interaction ${payload.id} was already sent`);
    if (gateway.shards.size === 0) await waitForShards(1);
    const shardId = shard ?? gateway.shardFor(payload.guild_id);
    const session = await gateway.sessionFor(shardId);
    const record = register(payload, deadlineMs);
    gateway.dispatch(session, 'INTERACTION_CREATE', payload);
    const data = payload.data as { name?: string; custom_id?: string } | undefined;
    log(`gateway: INTERACTION_CREATE type ${payload.type} ${data?.name ?? data?.custom_id ?? ''} → shard ${shardId}`);
    return handleFor(record, shardId);
  };

  let closed = false;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gatewayUrl(),
    port,
    token,
    applicationId: opts.applicationId,
    botUser: bot,
    owner,
    guildId: first?.id ?? STAND_IN_IDS.guildId,
    channelId: first?.channelIds[0] ?? STAND_IN_IDS.channelId,
    guilds,
    context: {
      applicationId: opts.applicationId,
      guildId: first?.id ?? STAND_IN_IDS.guildId,
      channelId: first?.channelIds[0] ?? STAND_IN_IDS.channelId,
    },
    captured,
    gateway,
    commands: (guildId) => (guildId ? (state.guildCommands.get(guildId) ?? []) : state.globalCommands),
    sendInteraction,
    register,
    handleFor,
    acceptHttpResponse: rest.acceptHttpResponse,
    waitForRequest,
    requestsFor,
    interaction: (key) => state.interactionsById.get(key) ?? state.interactionsByToken.get(key),
    waitForShards,
    onRequest: (listener) => {
      events.on('request', listener);
      return () => events.off('request', listener);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

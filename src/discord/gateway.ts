/**
 * Gateway mode: a discord.js client receives interactions over the websocket and delivers the
 * router's response bodies. The only file of the bot that uses discord.js classes.
 *
 * Interactions are taken from the raw INTERACTION_CREATE dispatch (`Events.Raw`, emitted by
 * discord.js 14's WebSocketManager for every dispatch) and answered with the client's own REST
 * (`POST /interactions/{id}/{token}/callback`, then `PATCH /webhooks/{app}/{token}/messages/@original`
 * for deferred work). Delivering the router's body verbatim means gateway and HTTP mode send
 * byte-identical answers, and discord.js's REST still brings rate-limit queues and retries.
 */
import { Client, Events, GatewayIntentBits, type ClientOptions, type RateLimitData } from 'discord.js';
import { GatewayDispatchEvents, Routes } from 'discord-api-types/v10';
import type { APIInteraction, GatewayDispatchPayload } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { clientCacheOptions } from './client-cache.js';
import type { Router } from './router.js';

/** Options of {@link startGateway}. `token`, `router` and `logger` are required. */
export interface GatewayOptions {
  readonly token: string;
  readonly router: Router;
  readonly logger: Logger;
  /** Base of the REST API (e.g. a REST proxy or the stand-in), without `/v10`. */
  readonly apiUrl?: string;
  /** Extra discord.js client options (e.g. `shards`), merged over ours. */
  readonly clientOptions?: Partial<ClientOptions>;
  /** How long `stop()` waits for answers being delivered (default 5 s). */
  readonly drainMs?: number;
  /** Called each time a lost gateway connection is being re-established (e.g. for metrics). */
  readonly onReconnect?: () => void;
}

export interface Gateway {
  readonly client: Client;
  /** Resolves with what the ready line reports once the client is ready. */
  readonly ready: Promise<{ readonly userTag: string; readonly guilds: number }>;
  /** Whether every shard of this client is connected and ready now (for `/healthz`). */
  connected(): boolean;
  /** Stops taking interactions, waits for those in flight (bounded), then closes the connection. */
  stop(): Promise<void>;
}

/**
 * Parley answers from the raw dispatch; discord.js's own INTERACTION_CREATE handler only builds an
 * Interaction object nobody reads, and throws — an unhandled rejection — when the interaction's
 * member carries no user. Its throws are caught and logged at debug level. (Turning it off
 * altogether changed discord.js's REST timing enough for callbacks retried after a 429 to miss
 * Discord's 3-second window, so it keeps running.) `client.actions` is internal to discord.js: if a
 * future version moves it, this does nothing, and the process-level handler logs the rejection.
 */
function guardInteractionObjects(client: Client, logger: Logger): void {
  const actions = (client as unknown as { actions?: { InteractionCreate?: { handle?: unknown } } }).actions;
  const action = actions?.InteractionCreate;
  if (!action || typeof action.handle !== 'function') return;
  const handle = action.handle.bind(action) as (data: unknown) => unknown;
  action.handle = (data: unknown) => {
    try {
      return handle(data);
    } catch (error) {
      logger.debug(
        { err: error },
        'discord.js could not build an interaction object (Parley answers from the raw event)',
      );
      return undefined;
    }
  };
}

/**
 * Logs in and starts answering. Rejects only when the login itself fails (e.g. a wrong token).
 *
 * @example
 * const gateway = await startGateway({ token: config.token, router, logger, apiUrl: config.apiUrl });
 * process.once('SIGTERM', () => void gateway.stop());
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { router, logger } = options;
  // discord.js reads SHARD_COUNT / SHARD_LIST from the environment; a line left empty in .env
  // (from the sharded set-up) would ask for 0 shards and stop the bot.
  if (process.env.SHARD_COUNT?.trim() === '') delete process.env.SHARD_COUNT;
  if (process.env.SHARD_LIST?.trim() === '') delete process.env.SHARD_LIST;
  // discord.js emits `rateLimited` only when it holds a request back on its own (a bucket it knows
  // is empty); a 429 Discord actually sent is reported only to `rejectOnRateLimit`, which also sees
  // those waits with the very same data object. So: waits are remembered by identity as they are
  // emitted, and every other call is one 429 — logged once, then retried (never rejected).
  const waits = new WeakSet<object>();
  const onRateLimit = (info: RateLimitData): boolean => {
    if (!waits.has(info)) {
      logger.warn(
        {
          route: info.route,
          method: info.method,
          retryAfterMs: info.retryAfter,
          global: info.global,
          scope: info.scope,
        },
        'rate limited',
      );
    }
    return false;
  };
  const client = new Client({
    // Slash commands, buttons and message commands need no privileged intent.
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...clientCacheOptions(),
    ...options.clientOptions,
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      ...options.clientOptions?.rest,
      rejectOnRateLimit: onRateLimit,
    },
  });
  guardInteractionObjects(client, logger);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const deliver = async (interaction: APIInteraction) => {
    const result = await router.handle(interaction);
    try {
      await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: result.response,
        auth: false,
      });
    } catch (error) {
      // Usually 10062 Unknown interaction: the 3-second window passed, or another process answered.
      logger.warn({ err: error, interaction: interaction.id }, 'could not deliver the response');
      return;
    }
    if (!result.followUp) return;
    const body = await result.followUp();
    try {
      await client.rest.patch(Routes.webhookMessage(interaction.application_id, interaction.token, '@original'), {
        body,
        auth: false,
      });
    } catch (error) {
      logger.warn({ err: error, interaction: interaction.id }, 'could not deliver the deferred answer');
    }
  };

  client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    if (packet.t !== GatewayDispatchEvents.InteractionCreate || stopping) return;
    const work = deliver(packet.d).catch((error: unknown) =>
      logger.error({ err: error }, 'interaction delivery failed'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ detail: message }, 'discord client warning'));
  /** Shards whose connection is down right now. */
  const down = new Set<number>();
  client.on(Events.ShardDisconnect, (event, shard) => {
    down.add(shard);
    if (!stopping) logger.warn({ shard, code: event.code }, 'gateway disconnected');
  });
  client.on(Events.ShardReconnecting, (shard) => {
    down.add(shard);
    if (stopping) return;
    logger.info({ shard }, 'gateway reconnecting');
    options.onReconnect?.();
  });
  client.on(Events.ShardReady, (shard) => down.delete(shard));
  client.on(Events.ShardResume, (shard, replayed) => {
    down.delete(shard);
    logger.info({ shard, replayed }, 'gateway resumed');
  });
  client.rest.on('rateLimited', (info) => {
    waits.add(info);
    logger.debug({ route: info.route, waitMs: info.retryAfter, global: info.global }, 'waiting for a rate limit');
  });

  const ready = new Promise<{ userTag: string; guilds: number }>((resolve) => {
    client.once(Events.ClientReady, (c) => resolve({ userTag: c.user.tag, guilds: c.guilds.cache.size }));
  });

  await client.login(options.token);

  return {
    client,
    ready,
    connected: () => !stopping && client.isReady() && down.size === 0,
    async stop() {
      if (stopping) return;
      stopping = true;
      const drain = Promise.allSettled([...inFlight]);
      const timeout = new Promise((resolve) => setTimeout(resolve, options.drainMs ?? 5000).unref());
      await Promise.race([drain, timeout]);
      await client.destroy();
    },
  };
}

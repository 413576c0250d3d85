/**
 * The Discord stand-in the tests run the UNMODIFIED discord.js `Client` against: the embedded
 * Discord of the local preview (src/preview/discord — gateway, REST, Discord's limits and 3-second
 * window) plus what only tests need: every body checked against Discord's published OpenAPI spec,
 * fault injection (dropped connections, 429s), and signed delivery to an HTTP interactions
 * endpoint.
 *
 * ## Start, connect, stop
 * ```ts
 * const standIn = await startStandIn({ interactionDeadlineMs: 1_000, heartbeatIntervalMs: 1_000 });
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl } });
 * const ready = once(client, Events.ClientReady); // subscribe first: it fires before login() resolves
 * await client.login(standIn.token);
 * await ready;
 * // …
 * await client.destroy();
 * await standIn.close();
 * ```
 * For the bot itself: `DISCORD_API_URL=standIn.apiUrl`, `DISCORD_TOKEN=standIn.token`,
 * `DISCORD_CLIENT_ID=standIn.applicationId`.
 *
 * ## Sending interactions, reading what came back
 * ```ts
 * const handle = await standIn.sendInteraction(chatInput('ask', { question: 'why Rome?' }));
 * const callback = await handle.response();          // the POST …/callback, as captured
 * expect(callback.body).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
 * await handle.settled();                             // callback + follow-ups, then quiet
 * handle.original();                                  // @original as it stands after every edit
 * handle.requests();                                  // every request made with this interaction's token
 * ```
 * Builders for payloads are in `./interactions.js` (`chatInput`, `autocomplete`, `button`,
 * `stringSelect`, `messageCommand`, `userCommand`, `modalSubmit`, `userMessage`, `botMessage`,
 * `user`, `userOption`, `typedOption`; `{ dm: true }` in the context builds a DM interaction).
 *
 * ## What the tests add to the embedded Discord's API (see src/preview/discord/server.ts for the rest)
 * - HTTP interactions mode: `publicKey` (for `DISCORD_PUBLIC_KEY`), `deliverHttp(url, payload,
 *   { signature?: 'valid'|'wrong'|'missing', timestamp?, deadlineMs? })` POSTs a signed
 *   interaction and judges the endpoint's answer as the first response (captured with
 *   `transport: 'http-response'`, same route and checks as a REST callback); `pingHttp(url)`.
 * - `dropGateway(shardId?, mode = 'resume')` → resolves when every dropped shard has RESUMED or
 *   re-identified (modes: `resume` close 4000, `terminate` no close frame, `reconnect` op 7,
 *   `invalidate` session forgotten → op 9 → new IDENTIFY; discord.js then waits out its own
 *   5 s identify window, so that mode takes ~5–6.5 s; `silence` a half-open connection: no more
 *   ACKs or dispatches, the client detects the zombie at its next heartbeat and resumes).
 * - `rateLimitNext(n, retryAfterSeconds, { global?, match? })`: the next `n` REST requests
 *   (optionally only those `match(method, path)` accepts) get 429 with `retry_after`,
 *   `Retry-After` and the `X-RateLimit-*` headers discord.js reads; discord.js then retries.
 * - Every body is validated against Discord's OpenAPI spec as well as the documented limits; a
 *   violation is a 400/50035 as Discord sends it.
 * - Helpers over `captured`: `messageBodies(captured)` (every message body the bot sent, per
 *   interaction — for "allowed_mentions on every reply"), `rejectedRequests(captured)`.
 * - Limits as functions (`./limits.js`): `checkMessageLimits`, `checkCallbackLimits`,
 *   `checkCommandLimits`, `pingsOf`; the spec check as `validateRequestBody(method, path, body)`
 *   (`./openapi-validator.js`).
 */
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { CALLBACK_ROUTE, startEmbeddedDiscord } from '../../src/preview/discord/server.js';
import type {
  EmbeddedDiscord,
  EmbeddedDiscordOptions,
  InteractionHandle,
  ShardReadyEvent,
} from '../../src/preview/discord/server.js';
import type { CapturedRequest } from '../../src/preview/discord/rest.js';
import type { InteractionPayload, JsonObject } from '../../src/preview/discord/interactions.js';
import { snowflake } from '../../src/preview/discord/snowflake.js';
import { FaultyGateway, rateLimiter, type DropMode } from './faults.js';
import { validateRequestBody, warmUpValidator } from './openapi-validator.js';

export { defaultDiscordOptions as defaultStandInOptions } from '../../src/preview/discord/server.js';
export type {
  CapturedRequest,
  CapturedError,
  InteractionHandle,
  InteractionRecord,
  ShardReadyEvent,
  StandInGuild,
} from '../../src/preview/discord/server.js';
export type { DropMode } from './faults.js';

export interface StandInOptions extends Omit<EmbeddedDiscordOptions, 'validate' | 'intercept' | 'createGateway'> {
  /**
   * 64 hex characters: the seed of the application's Ed25519 key, so `publicKey` stays the same
   * across runs (`npm run stand-in`). Default: a fresh random key.
   */
  signingSeed?: string;
  /**
   * Compile the spec's validators before listening (~1.5 s once per process) so the first
   * response is not slowed by it. Default true.
   */
  warmUp?: boolean;
}

export interface StandIn extends EmbeddedDiscord {
  gateway: FaultyGateway;
  /** The application's Ed25519 public key (64 hex characters) for `DISCORD_PUBLIC_KEY`. */
  publicKey: string;
  /**
   * HTTP interactions mode: POSTs `payload` to the bot's endpoint `url` signed like Discord, and
   * treats the HTTP answer as the first response (captured, validated, acknowledged). Follow-ups
   * then go through the REST webhook routes as usual.
   */
  deliverHttp(url: string, payload: InteractionPayload, options?: HttpDeliveryOptions): Promise<HttpDelivery>;
  /** Sends a signed PING (type 1), as Discord does when the endpoint URL is saved. */
  pingHttp(url: string, options?: Pick<HttpDeliveryOptions, 'signature' | 'timestamp'>): Promise<HttpDelivery['http']>;
  dropGateway(shardId?: number, mode?: DropMode, timeoutMs?: number): Promise<ShardReadyEvent[]>;
  rateLimitNext(
    count: number,
    retryAfterSeconds: number,
    options?: { global?: boolean; match?: (method: string, path: string) => boolean },
  ): void;
}

export interface HttpDeliveryOptions {
  deadlineMs?: number;
  /** `wrong` signs other bytes, `missing` sends no signature header. Default `valid`. */
  signature?: 'valid' | 'wrong' | 'missing';
  /** Unix seconds for `X-Signature-Timestamp` (default now), to test replay protection. */
  timestamp?: number;
}

/** What `deliverHttp` returns: the usual handle, the endpoint's raw answer, and its captured callback. */
export interface HttpDelivery extends InteractionHandle {
  http: { status: number; body: string; ms: number };
  callback: CapturedRequest;
}

/** An Ed25519 key pair from a 32-byte seed (PKCS#8 wraps the raw seed after a fixed prefix). */
function keysFromSeed(seedHex: string): { privateKey: KeyObject; publicKey: KeyObject } {
  if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) throw new Error('Parley: signingSeed must be 64 hex characters');
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** One message body the bot sent: a type 4/7 callback's `data`, or a webhook execute/edit body. */
export interface SentMessage {
  request: CapturedRequest;
  /** The interaction it belongs to (undefined for a request the stand-in could not attribute). */
  interactionId: string | undefined;
  body: JsonObject;
}

/**
 * Every message body in `captured` — what suites check "on every reply" (e.g. that each one
 * sets `allowed_mentions: { parse: [] }`). Rejected requests are included: they were sent.
 *
 * @example
 * ```ts
 * for (const { body } of messageBodies(standIn.captured)) expect(body.allowed_mentions).toEqual({ parse: [] });
 * ```
 */
export function messageBodies(captured: readonly CapturedRequest[]): SentMessage[] {
  const out: SentMessage[] = [];
  for (const request of captured) {
    if (request.rateLimited || typeof request.body !== 'object' || request.body === null) continue;
    const body = request.body as JsonObject;
    if (request.route === CALLBACK_ROUTE) {
      if ((body.type === 4 || body.type === 7) && typeof body.data === 'object' && body.data !== null) {
        out.push({ request, interactionId: request.interactionId, body: body.data as JsonObject });
      }
    } else if (
      request.route === 'POST /webhooks/:app/:token' ||
      request.route === 'PATCH /webhooks/:app/:token/messages/:message'
    ) {
      out.push({ request, interactionId: request.interactionId, body });
    }
  }
  return out;
}

/** The requests Discord would have refused (4xx/5xx other than the 429s asked for with `rateLimitNext`). */
export function rejectedRequests(captured: readonly CapturedRequest[]): CapturedRequest[] {
  return captured.filter((r) => r.status >= 400 && !r.rateLimited);
}

/**
 * Starts the stand-in on 127.0.0.1. See the module comment for the whole API.
 *
 * @example
 * ```ts
 * const standIn = await startStandIn({ shards: 2, interactionDeadlineMs: 500 });
 * ```
 */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const { signingSeed, warmUp = true, ...embedded } = options;
  if (warmUp) warmUpValidator();
  const limiter = rateLimiter();
  let faulty: FaultyGateway | undefined;
  const discord = await startEmbeddedDiscord({
    ...embedded,
    validate: validateRequestBody,
    intercept: (method, path) => limiter.intercept(method, path),
    createGateway: (gatewayOptions) => (faulty = new FaultyGateway(gatewayOptions)),
  });
  const gateway = faulty as FaultyGateway;
  const log = options.log ?? (() => undefined);
  const { register, handleFor } = discord;
  const rest = discord;
  const opts = { applicationId: discord.applicationId };
  const owner = discord.owner;

  // HTTP interactions: Discord signs each POST with the application's Ed25519 key.
  const keys = signingSeed ? keysFromSeed(signingSeed) : generateKeyPairSync('ed25519');
  const publicKey = Buffer.from(String(keys.publicKey.export({ format: 'jwk' }).x), 'base64url').toString('hex');
  const signedPost = async (
    url: string,
    body: string,
    signature: HttpDeliveryOptions['signature'] = 'valid',
    timestamp?: number,
    timeoutMs = 10_000,
  ) => {
    const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
      'x-signature-timestamp': ts,
    };
    if (signature !== 'missing') {
      const signed = sign(null, Buffer.from(ts + body), keys.privateKey).toString('hex');
      // A wrong signature is a valid-looking one over different bytes, as Discord's own probe sends.
      headers['x-signature-ed25519'] =
        signature === 'wrong' ? sign(null, Buffer.from(`${ts}{}`), keys.privateKey).toString('hex') : signed;
    }
    const started = Date.now();
    const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
      ms: Date.now() - started,
    };
  };

  const deliverHttp: StandIn['deliverHttp'] = async (url, payload, { deadlineMs, signature, timestamp } = {}) => {
    const record = register(payload, deadlineMs);
    const handle = handleFor(record, -1);
    log(`http: POST ${url} type ${payload.type}`);
    let endpoint: Awaited<ReturnType<typeof signedPost>>;
    try {
      endpoint = await signedPost(url, JSON.stringify(payload), signature, timestamp, record.deadlineMs);
    } catch (error) {
      // Discord gives up after the deadline; the user sees "The application did not respond".
      endpoint = { status: 0, contentType: '', text: '', ms: Date.now() - record.createdAt };
      log(`http: no answer from ${url}: ${(error as Error).message}`);
    }
    const captured = rest.acceptHttpResponse(record, endpoint);
    return Object.assign(handle, {
      http: { status: endpoint.status, body: endpoint.text, ms: endpoint.ms },
      callback: captured,
    });
  };

  const pingHttp: StandIn['pingHttp'] = async (url, options = {}) => {
    const ping = {
      id: snowflake(),
      application_id: opts.applicationId,
      type: 1,
      token: randomBytes(32).toString('base64url'),
      version: 1,
      user: owner,
    };
    const endpoint = await signedPost(url, JSON.stringify(ping), options.signature, options.timestamp);
    return { status: endpoint.status, body: endpoint.text, ms: endpoint.ms };
  };

  const dropGateway: StandIn['dropGateway'] = async (shardId, mode = 'resume', timeoutMs = 15_000) => {
    const targets = shardId === undefined ? [...gateway.shards.keys()] : [shardId];
    const back: Promise<ShardReadyEvent>[] = [];
    for (const id of targets) {
      const next = gateway.nextReady(id, timeoutMs);
      if (gateway.drop(id, mode)) {
        log(`gateway: dropping shard ${id} (${mode})`);
        back.push(next);
      } else {
        next.catch(() => undefined);
      }
    }
    if (back.length === 0)
      throw new Error(
        `Parley stand-in: no live gateway connection to drop${shardId === undefined ? '' : ` on shard ${shardId}`}`,
      );
    return Promise.all(back);
  };

  return Object.assign(discord, {
    gateway,
    publicKey,
    deliverHttp,
    pingHttp,
    dropGateway,
    rateLimitNext: (
      count: number,
      retryAfterSeconds: number,
      { global = false, match }: { global?: boolean; match?: (method: string, path: string) => boolean } = {},
    ) => {
      if (count < 1) return;
      limiter.push({ remaining: count, retryAfterSeconds, global, ...(match ? { match } : {}) });
    },
  });
}

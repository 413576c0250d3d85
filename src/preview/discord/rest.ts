/**
 * The embedded Discord's HTTP API under `/api/v10`: the routes a bot built on discord.js uses,
 * answered with Discord's status codes, error codes and object shapes. Every request is captured.
 * Bodies are checked against Discord's documented limits; a host may add a schema check
 * (`RestState.validate`, the tests' OpenAPI validator) and answer chosen requests itself
 * (`RestState.intercept`, the tests' rate limits).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  checkCallbackLimits,
  checkCommandListLimits,
  checkCommandLimits,
  checkMessageLimits,
  formatLimitPath,
  pingsOf,
} from './limits.js';
import type { LimitViolation } from './limits.js';
import { message as messageObject, user as userObject } from './interactions.js';
import type { InteractionPayload, JsonObject, UserPayload } from './interactions.js';
import { snowflake } from './snowflake.js';

/** One REST request the stand-in received, with what it answered. */
export interface CapturedRequest {
  /** Order of arrival, from 1. */
  seq: number;
  at: number;
  method: string;
  /** URL-decoded path below `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  /** The route that matched, e.g. `PATCH /webhooks/:app/:token/messages/:message`; `unknown` otherwise. */
  route: string;
  query: Record<string, string>;
  /** Request headers; a correct bot token in `authorization` is shown as `Bot [token]`. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
  status: number;
  /** What the stand-in answered (parsed JSON, or undefined for 204). */
  response: unknown;
  /** Set for every answer of 400 and above. */
  error?: CapturedError;
  /** Set for interaction callbacks and interaction webhooks. */
  interactionId?: string | undefined;
  interactionToken?: string | undefined;
  /** True when this request was answered 429 (by {@link RestState.intercept}). */
  rateLimited?: boolean;
  /** `http-response`: the first response came as the answer of the bot's HTTP interactions endpoint. */
  transport?: 'rest' | 'http-response';
  /** For `http-response`: the endpoint's HTTP status and how long it took. */
  endpoint?: { status: number; ms: number };
}

export interface CapturedError {
  code: number;
  message: string;
  /** For 50035: the failing paths as discord.js prints them, e.g. `data.embeds[0].title`. */
  paths: string[];
  /** For 50035: the violations behind the error. */
  violations?: LimitViolation[];
}

/** What the stand-in remembers about one interaction it dispatched. */
export interface InteractionRecord {
  payload: InteractionPayload;
  createdAt: number;
  deadlineMs: number;
  /** The first accepted callback. */
  acknowledged?: { type: number; at: number; data: unknown };
  /** `@original` as it stands now (after every edit); undefined until acknowledged, and again once deleted. */
  original?: JsonObject | undefined;
  /** Follow-up messages by id. */
  followups: Map<string, JsonObject>;
}

/** What {@link RestState.intercept} answers instead of the route: a Discord error and extra headers. */
export interface Interception {
  readonly status: number;
  readonly body: JsonObject;
  readonly headers?: Record<string, string>;
  /** Marks the captured request as rate limited (a 429 discord.js will retry). */
  readonly rateLimited?: boolean;
}

export interface RestState {
  token: string;
  applicationId: string;
  botUser: UserPayload;
  application: JsonObject;
  gatewayUrl: () => string;
  shards: number;
  maxConcurrency: number;
  tokenLifetimeMs: number;
  interactionsById: Map<string, InteractionRecord>;
  interactionsByToken: Map<string, InteractionRecord>;
  globalCommands: JsonObject[];
  guildCommands: Map<string, JsonObject[]>;
  /** Extra checks of a request body (e.g. against Discord's OpenAPI spec), run before the limits. */
  validate?: (method: string, path: string, body: unknown) => LimitViolation[];
  /** Answers a request before its route does (fault injection); undefined lets it through. */
  intercept?: (method: string, path: string) => Interception | undefined;
  identifyBudget: { total: number; remaining: number };
  capture: (request: CapturedRequest) => void;
  nextSeq: () => number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
    readonly violations?: LimitViolation[],
  ) {
    super(String(body.message));
  }
}

const notFound = (): HttpError => new HttpError(404, { message: '404: Not Found', code: 0 });
const unknownInteraction = (): HttpError => new HttpError(404, { message: 'Unknown interaction', code: 10062 });
const unknownWebhook = (): HttpError => new HttpError(404, { message: 'Unknown Webhook', code: 10015 });
const unknownMessage = (): HttpError => new HttpError(404, { message: 'Unknown Message', code: 10008 });
const emptyMessage = (): HttpError => new HttpError(400, { message: 'Cannot send an empty message', code: 50006 });

/** Discord's 400/50035 body: violations nested by path, each leaf holding `_errors`. */
export function invalidFormBody(violations: readonly LimitViolation[]): HttpError {
  const errors: JsonObject = {};
  for (const v of violations) {
    let node = errors;
    for (const part of v.path) {
      const key = String(part);
      node[key] ??= {};
      node = node[key] as JsonObject;
    }
    const list = (node._errors ??= []) as unknown[];
    list.push({ code: v.code, message: v.message });
  }
  return new HttpError(400, { code: 50035, errors, message: 'Invalid Form Body' }, [...violations]);
}

type Params = Record<string, string>;
interface RouteInput {
  params: Params;
  query: URLSearchParams;
  body: unknown;
  path: string;
  method: string;
  captured: Partial<CapturedRequest>;
}
type Handler = (input: RouteInput) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;
interface Route {
  method: string;
  pattern: string;
  segments: string[];
  auth: boolean;
  handler: Handler;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
/** The callback types each interaction type accepts (Discord's interaction-response docs). */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  2: [4, 5, 9, 12],
  3: [4, 5, 6, 7, 9, 12],
  4: [8],
  5: [4, 5, 6, 7],
};

export interface Rest {
  /** The node:http request listener for `/api/v10`. */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  acceptHttpResponse: (
    record: InteractionRecord,
    endpoint: { status: number; ms: number; contentType: string; text: string },
  ) => CapturedRequest;
}

export function createRest(state: RestState): Rest {
  const routes: Route[] = [];
  const route = (method: string, pattern: string, auth: boolean, handler: Handler): void => {
    routes.push({ method, pattern, segments: pattern.split('/').filter(Boolean), auth, handler });
  };

  const validated = (method: string, path: string, body: unknown, limits: LimitViolation[]): void => {
    const violations = [...(state.validate?.(method, path, body) ?? []), ...limits];
    if (violations.length > 0) throw invalidFormBody(violations);
  };

  const interactionFor = (applicationId: string, token: string): InteractionRecord => {
    const record = state.interactionsByToken.get(token);
    if (!record || applicationId !== record.payload.application_id) throw unknownWebhook();
    if (Date.now() - record.createdAt > state.tokenLifetimeMs) {
      throw new HttpError(401, { message: 'Invalid Webhook Token', code: 50027 });
    }
    // Before the first response the interaction webhook does not exist yet.
    if (!record.acknowledged) throw unknownWebhook();
    return record;
  };

  const messageType = (record: InteractionRecord): number => {
    const data = record.payload.data;
    if (record.payload.type === 2 && isObject(data) && (data.type === 2 || data.type === 3)) return 23;
    return record.payload.type === 3 ? 19 : 20;
  };

  const mentionsOf = (record: InteractionRecord, body: JsonObject): JsonObject => {
    const pings = pingsOf(body);
    const invoker = record.payload.member?.user ?? record.payload.user;
    return {
      mentions: pings.users.map((id) => (invoker && invoker.id === id ? invoker : userObject({ id }))),
      mention_roles: pings.roles,
      mention_everyone: pings.everyone,
    };
  };

  const isEmpty = (message: JsonObject): boolean =>
    (typeof message.content !== 'string' || message.content === '') &&
    (!Array.isArray(message.embeds) || message.embeds.length === 0) &&
    (!Array.isArray(message.components) || message.components.length === 0) &&
    (!Array.isArray(message.attachments) || message.attachments.length === 0) &&
    !message.poll &&
    !(Array.isArray(message.sticker_ids) && message.sticker_ids.length > 0);

  /** Applies a message body (create or edit) to a message object the way Discord stores it. */
  const applyBody = (record: InteractionRecord, message: JsonObject, body: JsonObject): JsonObject => {
    const next: JsonObject = { ...message };
    if (body.content !== undefined) next.content = body.content ?? '';
    if (body.embeds !== undefined)
      next.embeds = (Array.isArray(body.embeds) ? body.embeds : []).map((e) => ({
        type: 'rich',
        ...(e as JsonObject),
      }));
    if (body.components !== undefined) next.components = body.components ?? [];
    if (body.attachments !== undefined) next.attachments = body.attachments ?? [];
    if (body.poll !== undefined) next.poll = body.poll;
    if (body.tts !== undefined) next.tts = Boolean(body.tts);
    Object.assign(next, mentionsOf(record, { content: next.content, allowed_mentions: body.allowed_mentions }));
    return next;
  };

  const newMessage = (record: InteractionRecord, body: JsonObject, flags: number): JsonObject => {
    const p = record.payload;
    const invoker = p.member?.user ?? p.user;
    const data = isObject(p.data) ? p.data : {};
    const base: JsonObject = messageObject({
      type: messageType(record),
      channel_id: p.channel_id,
      author: state.botUser,
      flags,
      webhook_id: state.applicationId,
      application_id: state.applicationId,
      interaction_metadata: {
        id: p.id,
        type: p.type,
        user: invoker,
        authorizing_integration_owners: p.authorizing_integration_owners,
        ...(p.type === 2 ? { name: data.name, command_type: data.type } : {}),
      },
      interaction: { id: p.id, type: p.type, name: data.name ?? '', user: invoker },
    });
    if (p.guild_id) base.guild_id = p.guild_id;
    return applyBody(record, base, body);
  };

  const respondWithMessage = (query: URLSearchParams, message: JsonObject): { status: number; body?: unknown } =>
    query.get('wait') === 'false' ? { status: 204 } : { status: 200, body: message };

  // Gateway and identity
  route('GET', '/gateway', false, () => ({ status: 200, body: { url: state.gatewayUrl() } }));
  route('GET', '/gateway/bot', true, () => ({
    status: 200,
    body: {
      url: state.gatewayUrl(),
      shards: state.shards,
      session_start_limit: {
        total: state.identifyBudget.total,
        remaining: state.identifyBudget.remaining,
        reset_after: 14_400_000,
        max_concurrency: state.maxConcurrency,
      },
    },
  }));
  route('GET', '/users/@me', true, () => ({ status: 200, body: state.botUser }));
  route('GET', '/applications/@me', true, () => ({ status: 200, body: state.application }));
  route('GET', '/oauth2/applications/@me', true, () => ({ status: 200, body: state.application }));

  // Interaction responses
  /** The first response to an interaction, by REST callback or in an HTTP endpoint's answer. */
  const acknowledge = (
    record: InteractionRecord,
    body: unknown,
    path: string,
    withResponse: boolean,
  ): { status: number; body?: unknown } => {
    if (record.acknowledged)
      throw new HttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    if (Date.now() - record.createdAt > record.deadlineMs) throw unknownInteraction();
    validated('POST', path, body, checkCallbackLimits(body));
    const { type, data } = body as { type: number; data?: JsonObject };
    const allowed = ALLOWED_CALLBACKS[record.payload.type] ?? [];
    if (!allowed.includes(type)) {
      throw invalidFormBody([
        {
          path: ['type'],
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: `Value must be one of ${JSON.stringify(allowed)} for an interaction of type ${record.payload.type}.`,
        },
      ]);
    }
    const payloadData = isObject(data) ? data : {};
    const dataFlags = typeof payloadData.flags === 'number' ? payloadData.flags : 0;
    if (type === 4 && isEmpty(applyBody(record, { content: '' }, payloadData))) throw emptyMessage();
    record.acknowledged = { type, at: Date.now(), data };
    if (type === 4) record.original = newMessage(record, payloadData, dataFlags & EPHEMERAL);
    if (type === 5) record.original = newMessage(record, {}, LOADING | (dataFlags & EPHEMERAL));
    if ((type === 6 || type === 7) && isObject(record.payload.message)) {
      record.original = type === 7 ? applyBody(record, record.payload.message, payloadData) : record.payload.message;
    }
    if (!withResponse) return { status: 204 };
    const message = type === 4 || type === 5 || type === 7 ? record.original : undefined;
    return {
      status: 200,
      body: {
        interaction: {
          id: record.payload.id,
          type: record.payload.type,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: type === 5,
          response_message_ephemeral: (Number(message?.flags ?? 0) & EPHEMERAL) !== 0,
        },
        resource: message ? { type, message } : { type },
      },
    };
  };

  route('POST', '/interactions/:id/:token/callback', false, ({ params, body, query, path, captured }) => {
    captured.interactionId = params.id;
    captured.interactionToken = params.token;
    const record = state.interactionsById.get(params.id ?? '');
    if (!record || record.payload.token !== params.token) throw unknownInteraction();
    return acknowledge(record, body, path, query.get('with_response') === 'true');
  });

  const resolveMessage = (
    record: InteractionRecord,
    messageId: string,
  ): { message: JsonObject; store: (m: JsonObject | undefined) => void } => {
    if (messageId === '@original') {
      if (!record.original) throw unknownMessage();
      return { message: record.original, store: (m) => (record.original = m) };
    }
    const message =
      record.followups.get(messageId) ?? (record.original?.id === messageId ? record.original : undefined);
    if (!message) throw unknownMessage();
    if (record.original?.id === messageId) return { message, store: (m) => (record.original = m) };
    return { message, store: (m) => (m ? record.followups.set(messageId, m) : record.followups.delete(messageId)) };
  };

  route('POST', '/webhooks/:app/:token', false, ({ params, body, query, path, captured }) => {
    captured.interactionToken = params.token;
    const record = interactionFor(params.app ?? '', params.token ?? '');
    captured.interactionId = record.payload.id;
    validated('POST', path, body, checkMessageLimits(body));
    const data = isObject(body) ? body : {};
    const message = newMessage(record, data, (typeof data.flags === 'number' ? data.flags : 0) & EPHEMERAL);
    if (isEmpty(message)) throw emptyMessage();
    record.followups.set(String(message.id), message);
    return respondWithMessage(query, message);
  });

  route('GET', '/webhooks/:app/:token/messages/:message', false, ({ params, captured }) => {
    captured.interactionToken = params.token;
    const record = interactionFor(params.app ?? '', params.token ?? '');
    captured.interactionId = record.payload.id;
    return { status: 200, body: resolveMessage(record, params.message ?? '').message };
  });

  route('PATCH', '/webhooks/:app/:token/messages/:message', false, ({ params, body, path, captured }) => {
    captured.interactionToken = params.token;
    const record = interactionFor(params.app ?? '', params.token ?? '');
    captured.interactionId = record.payload.id;
    validated('PATCH', path, body, checkMessageLimits(body));
    const { message, store } = resolveMessage(record, params.message ?? '');
    const wasLoading = (Number(message.flags) & LOADING) !== 0;
    const next = applyBody(record, message, isObject(body) ? body : {});
    next.flags = Number(message.flags) & ~LOADING;
    // Completing a deferred response is not an edit; later changes are.
    if (!wasLoading) next.edited_timestamp = new Date().toISOString();
    if (isEmpty(next)) throw emptyMessage();
    store(next);
    return { status: 200, body: next };
  });

  route('DELETE', '/webhooks/:app/:token/messages/:message', false, ({ params, captured }) => {
    captured.interactionToken = params.token;
    const record = interactionFor(params.app ?? '', params.token ?? '');
    captured.interactionId = record.payload.id;
    resolveMessage(record, params.message ?? '').store(undefined);
    return { status: 204 };
  });

  // Application commands
  const commandObject = (existing: JsonObject[], command: JsonObject, guildId?: string): JsonObject => {
    const type = typeof command.type === 'number' ? command.type : 1;
    const previous = existing.find((c) => c.name === command.name && c.type === type);
    return {
      ...command,
      id: previous?.id ?? snowflake(),
      application_id: state.applicationId,
      version: snowflake(),
      type,
      description: command.description ?? '',
      default_member_permissions: command.default_member_permissions ?? null,
      nsfw: command.nsfw ?? false,
      ...(guildId
        ? { guild_id: guildId }
        : { integration_types: command.integration_types ?? [0], contexts: command.contexts ?? null }),
    };
  };
  const checkApp = (app: string | undefined): void => {
    if (app !== state.applicationId) throw new HttpError(403, { message: 'Missing Access', code: 50001 });
  };
  const commandsOf = (guildId: string | undefined): JsonObject[] =>
    guildId ? (state.guildCommands.get(guildId) ?? []) : state.globalCommands;
  const storeCommands = (guildId: string | undefined, commands: JsonObject[]): void => {
    if (guildId) state.guildCommands.set(guildId, commands);
    else state.globalCommands = commands;
  };
  for (const scope of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
    route('GET', scope, true, ({ params }) => {
      checkApp(params.app);
      return { status: 200, body: commandsOf(params.guild) };
    });
    route('PUT', scope, true, ({ params, body, path }) => {
      checkApp(params.app);
      validated('PUT', path, body, checkCommandListLimits(body));
      const existing = commandsOf(params.guild);
      const commands = (Array.isArray(body) ? body : []).map((c) =>
        commandObject(existing, c as JsonObject, params.guild),
      );
      storeCommands(params.guild, commands);
      return { status: 200, body: commands };
    });
    route('POST', scope, true, ({ params, body, path }) => {
      checkApp(params.app);
      validated('POST', path, body, checkCommandLimits(body));
      const existing = commandsOf(params.guild);
      const command = commandObject(existing, body as JsonObject, params.guild);
      storeCommands(params.guild, [...existing.filter((c) => c.id !== command.id), command]);
      return { status: existing.some((c) => c.id === command.id) ? 200 : 201, body: command };
    });
    route('DELETE', `${scope}/:command`, true, ({ params }) => {
      checkApp(params.app);
      const existing = commandsOf(params.guild);
      if (!existing.some((c) => c.id === params.command))
        throw new HttpError(404, { message: 'Unknown application command', code: 10063 });
      storeCommands(
        params.guild,
        existing.filter((c) => c.id !== params.command),
      );
      return { status: 204 };
    });
  }

  const match = (method: string, path: string): { route: Route; params: Params } | undefined => {
    const parts = path.split('/').filter(Boolean);
    let best: { route: Route; params: Params; literals: number } | undefined;
    for (const r of routes) {
      if (r.method !== method || r.segments.length !== parts.length) continue;
      const params: Params = {};
      let literals = 0;
      const ok = r.segments.every((segment, i) => {
        const part = parts[i] ?? '';
        if (segment.startsWith(':')) {
          params[segment.slice(1)] = part;
          return true;
        }
        literals++;
        return segment === part;
      });
      if (ok && (!best || literals > best.literals)) best = { route: r, params, literals };
    }
    return best;
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const toCapturedError = (error: unknown): { status: number; answer: unknown; error: CapturedError } => {
    if (error instanceof HttpError) {
      return {
        status: error.status,
        answer: error.body,
        error: {
          code: Number(error.body.code ?? 0),
          message: String(error.body.message),
          paths: [...new Set((error.violations ?? []).map((v) => formatLimitPath(v.path)))],
          ...(error.violations ? { violations: error.violations } : {}),
        },
      };
    }
    return {
      status: 500,
      answer: { message: '500: Internal Server Error', code: 0 },
      error: { code: 0, message: `Parley stand-in bug: ${String(error)}`, paths: [] },
    };
  };

  /**
   * HTTP interactions: Discord reads the endpoint's answer as the first response. It is captured
   * like a REST callback (same route and path, `transport: 'http-response'`), and judged the same way.
   */
  const acceptHttpResponse = (
    record: InteractionRecord,
    endpoint: { status: number; ms: number; contentType: string; text: string },
  ): CapturedRequest => {
    const path = `/interactions/${record.payload.id}/${record.payload.token}/callback`;
    const captured: Partial<CapturedRequest> = {
      seq: state.nextSeq(),
      at: Date.now(),
      method: 'POST',
      path,
      route: 'POST /interactions/:id/:token/callback',
      query: {},
      headers: { 'content-type': endpoint.contentType },
      body: undefined,
      interactionId: record.payload.id,
      interactionToken: record.payload.token,
      transport: 'http-response',
      endpoint: { status: endpoint.status, ms: endpoint.ms },
    };
    try {
      if (endpoint.status < 200 || endpoint.status > 299) {
        throw new HttpError(502, {
          message: `The interaction endpoint answered ${endpoint.status}: the user sees "This interaction failed"`,
          code: 0,
        });
      }
      if (!endpoint.contentType.includes('application/json')) {
        throw new HttpError(400, {
          message: `The interaction endpoint answered ${endpoint.contentType || 'no content type'}, not JSON`,
          code: 0,
        });
      }
      try {
        captured.body = JSON.parse(endpoint.text);
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        throw new HttpError(400, { message: 'The request body contains invalid JSON.', code: 50109 });
      }
      const result = acknowledge(record, captured.body, path, false);
      captured.status = result.status;
    } catch (error) {
      const failure = toCapturedError(error);
      captured.status = failure.status;
      captured.response = failure.answer;
      captured.error = failure.error;
    }
    state.capture(captured as CapturedRequest);
    return captured as CapturedRequest;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const method = (req.method ?? 'GET').toUpperCase();
      const rawPath = url.pathname.startsWith('/api/v10/') ? url.pathname.slice('/api/v10'.length) : undefined;
      let path = rawPath ?? url.pathname;
      try {
        path = decodeURIComponent(path);
      } catch (error) {
        // A malformed %-escape: keep the raw path; it will not match a route.
        if (!(error instanceof URIError)) throw error;
      }
      const headers: CapturedRequest['headers'] = { ...req.headers };
      const authorization = req.headers.authorization;
      if (authorization === `Bot ${state.token}`) headers.authorization = 'Bot [token]';
      const captured: Partial<CapturedRequest> = {
        seq: state.nextSeq(),
        at: Date.now(),
        method,
        path,
        route: 'unknown',
        query: Object.fromEntries(url.searchParams),
        headers,
        body: undefined,
      };
      const extraHeaders: Record<string, string> = {};
      let status = 500;
      let answer: unknown;
      try {
        const raw = await readBody(req);
        if (raw.length > 0) {
          const type = req.headers['content-type'] ?? '';
          if (!type.includes('application/json')) {
            throw new HttpError(400, {
              message: `Parley stand-in: only JSON bodies are supported (got ${type || 'no content type'})`,
              code: 0,
            });
          }
          try {
            captured.body = JSON.parse(raw);
          } catch (error) {
            if (!(error instanceof SyntaxError)) throw error;
            throw new HttpError(400, { message: 'The request body contains invalid JSON.', code: 50109 });
          }
        }
        const found = rawPath === undefined ? undefined : match(method, path);
        if (found) {
          captured.route = `${method} ${found.route.pattern}`;
          // Known before the handler runs, so even a 429 is attributed to its interaction.
          if (found.params.token !== undefined) captured.interactionToken = found.params.token;
          const record = found.params.token ? state.interactionsByToken.get(found.params.token) : undefined;
          if (record) captured.interactionId = record.payload.id;
        }
        const interception = state.intercept?.(method, path);
        if (interception) {
          if (interception.rateLimited) captured.rateLimited = true;
          Object.assign(extraHeaders, interception.headers ?? {});
          throw new HttpError(interception.status, interception.body);
        }
        if (!found) throw notFound();
        if (found.route.auth && authorization !== `Bot ${state.token}`) {
          throw new HttpError(401, { message: '401: Unauthorized', code: 0 });
        }
        const result = await found.route.handler({
          params: found.params,
          query: url.searchParams,
          body: captured.body,
          path,
          method,
          captured,
        });
        status = result.status;
        answer = result.body;
      } catch (error) {
        const failure = toCapturedError(error);
        status = failure.status;
        answer = failure.answer;
        captured.error = failure.error;
      }
      captured.status = status;
      captured.response = answer;
      state.capture(captured as CapturedRequest);
      const text = answer === undefined || status === 204 ? '' : JSON.stringify(answer);
      res.writeHead(status, {
        ...(text ? { 'content-type': 'application/json' } : {}),
        'x-stand-in-request': String(captured.seq),
        ...extraHeaders,
      });
      res.end(text);
    })();
  };
  return { handle, acceptHttpResponse };
}

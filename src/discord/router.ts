/**
 * The transport-independent entry point: raw interaction JSON in, response body out. Both the
 * gateway adapter (`gateway.ts`) and the HTTP endpoint (`http.ts`) deliver what `handle` returns,
 * so no command logic lives in either. One router per interaction type, behind one try/catch:
 * a failing handler becomes an ephemeral "Something went wrong (ref …)" logged with its stack.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type {
  APIInteraction,
  APIInteractionResponse,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Searcher } from '../types.js';
import type {
  CommandModule,
  HandlerContext,
  MessageCommand,
  ReloadOutcome,
  Reply,
  RouterSettings,
  SlashCommand,
} from './command.js';
import { createCooldown } from './cooldown.js';
import { decodeCustomId } from './custom-id.js';
import { failureEdit, failureResponse, referenceId } from './failure.js';
import { createLatenessMeter, eventLoopLag } from './lateness.js';
import { choices, deferred, notice, toWebhookEdit } from './respond.js';
import { parseInteraction } from './request.js';
import type {
  AutocompleteRequest,
  CommandRequest,
  ComponentRequest,
  MessageCommandRequest,
  ParleyRequest,
} from './request.js';

export type { RouterSettings } from './command.js';

export const defaultRouterSettings: RouterSettings = {
  cooldownSeconds: 3,
  ownerIds: [],
  // MiniSearch answers in milliseconds far beyond the seed corpus; only very large corpora
  // risk the 3-second window, so those always defer.
  deferAbovePassages: 200_000,
  slowHandlerMs: 1000,
  lateAfterMs: 2000,
  maxEventLoopLagMs: 500,
};

/** What the router needs. Only `getSearcher`, `commands`, `logger` and `version` are required. */
export interface RouterDeps {
  /** The current index; called once per interaction, never cached (hot reload swaps it). */
  readonly getSearcher: () => Searcher;
  readonly logger: Logger;
  /** Bot version shown by `/about`. */
  readonly version: string;
  readonly settings?: Partial<RouterSettings>;
  /** Clock in milliseconds (default `Date.now`); for tests. */
  readonly now?: () => number;
  /** Event-loop lag in ms (default: a drift timer, see `lateness.ts`); for tests. */
  readonly eventLoopLag?: () => number;
  /** The reference id of each failure note (default: 6 random hex characters, see `failure.ts`); for tests. */
  readonly referenceId?: () => string;
  /**
   * The command modules to serve (the bot passes `allCommands` from `commands/index.ts`). Injected
   * rather than imported: the commands build on this layer, so it must not depend on them.
   */
  readonly commands: readonly CommandModule[];
  /** Rebuilds the index, for an owner-only `/reload`. */
  readonly reload?: () => Promise<ReloadOutcome>;
  /** Told of every answered interaction, once its outcome is known (e.g. for metrics); must not throw. */
  readonly onInteraction?: (event: InteractionReport) => void;
}

/** What {@link RouterDeps.onInteraction} is told. */
export interface InteractionReport {
  /** Command or button name, else the interaction kind. */
  readonly command: string;
  /** The outcome tag of the log line (`answer`, `no-match:…`, `cooldown`, `busy`, `error`, …). */
  readonly outcome: string;
  /** Time from receipt to the answer (to the deferred answer when deferred). */
  readonly ms: number;
}

/** What an adapter delivers for one interaction. */
export interface RouterResult {
  /** The inline answer: PONG (1), a message (4), an update (7), choices (8) or a deferral (5/6). */
  readonly response: APIInteractionResponse;
  /**
   * Only with a deferral (type 5/6): the adapter sends `response` first, then awaits this and
   * PATCHes `/webhooks/{application_id}/{token}/messages/@original` with its result. Never rejects.
   */
  readonly followUp?: () => Promise<RESTPatchAPIWebhookWithTokenMessageJSONBody>;
}

export interface Router {
  handle(interaction: APIInteraction): Promise<RouterResult>;
  /**
   * The reference id generator of this router's failure notes. An adapter that must answer a
   * failure itself (the HTTP endpoint, should `handle` ever reject) uses it with `failure.ts`'s
   * builders, so every transport sends the same note.
   */
  readonly referenceId: () => string;
  /** The command modules this router serves (what `deploy-commands` registers). */
  readonly commands: readonly CommandModule[];
}

export const STALE_BUTTON_TEXT = 'This button is from an older version of Parley, or was changed — please ask again.';

/**
 * Creates the router both adapters deliver from.
 *
 * @example
 * const router = createRouter({ getSearcher: () => index, commands: allCommands, logger, version: '0.1.0' });
 * const { response, followUp } = await router.handle(interactionJson);
 */
export function createRouter(deps: RouterDeps): Router {
  const settings: RouterSettings = { ...defaultRouterSettings, ...deps.settings };
  const now = deps.now ?? Date.now;
  const newReferenceId = deps.referenceId ?? referenceId;
  const commands = deps.commands;
  // One map per command type, so finding a module builds no key string per interaction.
  const slashByName = new Map<string, CommandModule>();
  const messageByName = new Map<string, CommandModule>();
  for (const c of commands) ((c.definition.type ?? 1) === 1 ? slashByName : messageByName).set(c.definition.name, c);
  const cooldown = createCooldown({ seconds: settings.cooldownSeconds, now });
  /** Last run time of each deferrable handler, to defer the next run when it was slow. */
  const lastMs = new Map<string, number>();
  const log = deps.logger;
  const lateness = createLatenessMeter({ now });
  const lag = deps.eventLoopLag ?? eventLoopLag;
  const report = (line: Record<string, unknown>): void => {
    if (!deps.onInteraction) return;
    const command = [line.command, line.button, line.interaction].find((name) => typeof name === 'string') ?? 'unknown';
    deps.onInteraction({ command, outcome: String(line.outcome), ms: Number(line.ms) });
  };

  /**
   * Whether this interaction is too late to be worth a search: its own age when that is
   * believable, else the event loop's lag. Lag is only the fallback — a GC pause or an index
   * rebuild may stall the loop briefly while every interaction is still young enough to answer.
   */
  const tooLate = (id: string): boolean => {
    const late = lateness.of(id);
    return late === undefined ? lag() > settings.maxEventLoopLagMs : late > settings.lateAfterMs;
  };

  const reload = deps.reload;
  const context = (): HandlerContext =>
    reload
      ? { searcher: deps.getSearcher(), settings, logger: log, version: deps.version, now: now(), reload }
      : { searcher: deps.getSearcher(), settings, logger: log, version: deps.version, now: now() };

  const shouldDefer = (key: string, searcher: Searcher) =>
    searcher.corpus.passages.length > settings.deferAbovePassages || (lastMs.get(key) ?? 0) > settings.slowHandlerMs;

  /** Runs a handler later, after a deferral went out; its failure becomes the edited message. */
  const later = (key: string, run: () => Promise<Reply> | Reply, line: LogLine, started: number) => async () => {
    await yieldToEventLoop(); // let the adapter send the deferral first
    try {
      const ranFrom = now();
      const reply = await run();
      const ended = now();
      lastMs.set(key, ended - ranFrom);
      line.ms = ended - started;
      line.outcome = reply.outcome;
      line.deferred = true;
      log.info(line, 'interaction');
      report(line);
      return toWebhookEdit(reply.response);
    } catch (error) {
      const ref = newReferenceId();
      line.ms = now() - started;
      line.outcome = 'error';
      line.ref = ref;
      line.err = error;
      log.error(line, 'interaction failed');
      report(line);
      return failureEdit(ref);
    }
  };

  const timed = async (key: string, run: () => Promise<Reply> | Reply): Promise<Reply> => {
    const started = now();
    const reply = await run();
    lastMs.set(key, now() - started);
    return reply;
  };

  /** The interaction's log line; built once per interaction and completed in place (ms, outcome). */
  type LogLine = Record<string, unknown>;
  type Routed = { reply: Reply; followUp?: RouterResult['followUp']; line: LogLine };

  const gate = (module: CommandModule, request: CommandRequest | MessageCommandRequest): Reply | undefined => {
    if (module.ownerOnly && !settings.ownerIds.includes(request.user.id)) {
      return { response: notice('Only the owners of this bot can use that command.'), outcome: 'not-owner' };
    }
    if (module.cooldown && tooLate(request.id)) {
      return {
        response: notice("I'm answering a lot of questions right now — please try again in a few seconds."),
        outcome: 'busy',
      };
    }
    if (module.cooldown) {
      const outcome = cooldown.take(`cmd:${request.user.id}`);
      if (!outcome.ok) {
        const at = Math.ceil(outcome.retryAt / 1000);
        return {
          response: notice(`You're asking quickly — try again in ${outcome.retryInSeconds} s (<t:${at}:R>).`),
          outcome: 'cooldown',
        };
      }
    }
    return undefined;
  };

  const routeCommand = async (request: CommandRequest | MessageCommandRequest, started: number): Promise<Routed> => {
    const type = request.kind === 'command' ? 1 : 3;
    const module = (type === 1 ? slashByName : messageByName).get(request.command);
    const line: LogLine = { interaction: request.kind, command: request.command, user: request.user.id };
    if (!module) {
      return {
        reply: { response: notice("I don't know that command any more — try `/ask`."), outcome: 'unknown-command' },
        line,
      };
    }
    const blocked = gate(module, request);
    if (blocked) return { reply: blocked, line };
    const ctx = context();
    const key = `${type}:${request.command}`;
    const run = () =>
      request.kind === 'command'
        ? (module as SlashCommand).execute(request, ctx)
        : (module as MessageCommand).execute(request, ctx);
    if (module.deferral && (module.deferral.always === true || shouldDefer(key, ctx.searcher))) {
      const ephemeral = module.deferral.ephemeral(request);
      return {
        reply: { response: deferred({ ephemeral }), outcome: 'deferred' },
        followUp: later(key, run, line, started),
        line,
      };
    }
    return { reply: await timed(key, run), line };
  };

  const routeAutocomplete = async (request: AutocompleteRequest): Promise<Routed> => {
    const module = slashByName.get(request.command);
    const line: LogLine = { interaction: 'autocomplete', command: request.command, option: request.focused.name };
    if (!module || !('autocomplete' in module)) {
      return { reply: { response: choices([]), outcome: 'no-autocomplete' }, line };
    }
    // Discord has dropped a late autocomplete already (same 3-second window): no lookup.
    if (tooLate(request.id)) return { reply: { response: choices([]), outcome: 'late' }, line };
    const list = await module.autocomplete(request, context());
    return { reply: { response: choices(list), outcome: `choices:${list.length}` }, line };
  };

  const routeComponent = async (request: ComponentRequest, started: number): Promise<Routed> => {
    const decoded = decodeCustomId(request.customId);
    const line: Record<string, unknown> = { interaction: 'component', user: request.user.id };
    if (!decoded.ok) {
      return { reply: { response: notice(STALE_BUTTON_TEXT), outcome: `bad-custom-id:${decoded.error}` }, line };
    }
    line.button = decoded.state.kind;
    const handler = commands.map((c) => c.components?.[decoded.state.kind]).find((h) => h !== undefined);
    if (!handler) return { reply: { response: notice(STALE_BUTTON_TEXT), outcome: 'no-handler' }, line };
    const ctx = context();
    const key = `component:${decoded.state.kind}`;
    const run = () => handler(request, decoded.state, ctx);
    if (decoded.state.kind === 'page' && shouldDefer(key, ctx.searcher)) {
      return {
        reply: { response: deferred({ update: true }), outcome: 'deferred' },
        followUp: later(key, run, line, started),
        line,
      };
    }
    return { reply: await timed(key, run), line };
  };

  const route = (request: ParleyRequest, started: number): Promise<Routed> => {
    switch (request.kind) {
      case 'command':
      case 'message-command':
        return routeCommand(request, started);
      case 'autocomplete':
        return routeAutocomplete(request);
      case 'component':
        return routeComponent(request, started);
      case 'unsupported':
        return Promise.resolve({
          reply: { response: notice("I can't handle that kind of interaction."), outcome: 'unsupported' },
          line: { interaction: 'unsupported', type: request.type },
        });
    }
  };

  return {
    commands,
    referenceId: newReferenceId,
    async handle(interaction) {
      const started = now();
      if ((interaction as { type?: unknown }).type === InteractionType.Ping) {
        return { response: { type: InteractionResponseType.Pong } };
      }
      let request: ParleyRequest | undefined;
      try {
        request = parseInteraction(interaction);
        const { reply, followUp, line } = await route(request, started);
        line.ms = now() - started;
        line.outcome = reply.outcome;
        if (request.kind === 'autocomplete') log.debug(line, 'interaction');
        else log.info(line, 'interaction');
        // A deferred interaction is reported once, with its deferred answer.
        if (!followUp) report(line);
        return followUp ? { response: reply.response, followUp } : { response: reply.response };
      } catch (error) {
        const ref = newReferenceId();
        const line = {
          interaction: request?.kind ?? 'unparsed',
          ms: now() - started,
          outcome: 'error',
          ref,
          err: error,
        };
        log.error(line, 'interaction failed');
        report({ ...line, ...(request && 'command' in request ? { command: request.command } : {}) });
        return { response: failureResponse((interaction as { type?: unknown }).type, ref) };
      }
    },
  };
}

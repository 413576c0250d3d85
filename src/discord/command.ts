/**
 * The shape of a command module in `commands/`: its definition (typed data, registered by
 * `npm run deploy-commands`) and its handlers, which take a plain request and return a response
 * body. Nothing here knows about the transport.
 */
import { ApplicationIntegrationType, InteractionContextType } from 'discord-api-types/v10';
import type {
  APIApplicationCommandOptionChoice,
  APIInteractionResponse,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Searcher } from '../types.js';
import type { ButtonState } from './custom-id.js';
import type { AutocompleteRequest, CommandRequest, ComponentRequest, MessageCommandRequest } from './request.js';

/** What an owner-only `/reload` reports (provided by the engine that owns the index). */
export interface ReloadOutcome {
  readonly ok: boolean;
  /** One line for the owner, e.g. "Reloaded: 3 documents, 120 passages in 84 ms". */
  readonly message: string;
}

/** Router settings. All optional in `RouterDeps`; these are the values handlers see. */
export interface RouterSettings {
  /** Per-user cooldown between commands, in seconds (0 disables). */
  readonly cooldownSeconds: number;
  /** User ids allowed to run owner-only commands such as `/reload`. */
  readonly ownerIds: readonly string[];
  /** Defer (type 5 + webhook edit) every `ask()` once the index holds more passages than this. */
  readonly deferAbovePassages: number;
  /** Defer the next `ask()` of a command whose previous run took longer than this (ms). */
  readonly slowHandlerMs: number;
  /**
   * The global ceiling, by lateness: a search whose interaction is already this many ms old when
   * it reaches the router (its snowflake's creation time, measured against the freshest recent
   * interaction to cancel clock skew — see `lateness.ts`) gets a polite "busy" note at once
   * instead of an answer that could miss Discord's 3-second window; late autocomplete gets no
   * choices. Default 2,000: leaves a second for the search, the render and the callback's trip.
   * Reading commands are always served.
   */
  readonly lateAfterMs: number;
  /**
   * Fallback when an interaction's age is not believable (clock far off, not a snowflake): shed
   * searches while the event loop lags more than this many ms (default 500).
   */
  readonly maxEventLoopLagMs: number;
}

/** What every handler gets besides the request. */
export interface HandlerContext {
  /** The current index, read once per interaction (a hot reload swaps it between interactions). */
  readonly searcher: Searcher;
  readonly settings: RouterSettings;
  readonly logger: Logger;
  /** Bot version (package.json). */
  readonly version: string;
  /** Milliseconds since the epoch, from the router's clock. */
  readonly now: number;
  /** Rebuilds the index, when the host provides it (owner-only `/reload`). */
  readonly reload?: () => Promise<ReloadOutcome>;
}

/** A handler's answer: the response body and a short outcome tag for the interaction log line. */
export interface Reply {
  readonly response: APIInteractionResponse;
  /** e.g. `answer`, `no-match`, `empty-message`, `not-found`, `stale`. */
  readonly outcome: string;
}

export type Awaitable<T> = T | Promise<T>;

/** Handles one kind of button state (see `custom-id.ts`). */
export type ComponentHandler = (
  request: ComponentRequest,
  state: ButtonState,
  context: HandlerContext,
) => Awaitable<Reply>;

interface CommandModuleBase {
  /** Only `RouterSettings.ownerIds` may run it (re-checked here, whatever Discord permissions say). */
  readonly ownerOnly?: boolean;
  /** Counts against the per-user cooldown (commands that search). */
  readonly cooldown?: boolean;
  /**
   * For commands that call `ask()`: whether the (possibly deferred) reply is ephemeral. Present ⇒ the
   * router may defer this command when `ask()` could be slow (see `RouterSettings`).
   */
  readonly deferral?: {
    readonly ephemeral: (request: CommandRequest | MessageCommandRequest) => boolean;
    /**
     * Always defer, whatever the index size or the last run time: for work that can take far
     * longer than Discord's 3 seconds on any corpus worth serving (e.g. `/reload` rebuilding 100k
     * passages). Default false.
     */
    readonly always?: boolean;
  };
  /** Button kinds this module answers. */
  readonly components?: Partial<Record<ButtonState['kind'], ComponentHandler>>;
}

export interface SlashCommand extends CommandModuleBase {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(request: CommandRequest, context: HandlerContext): Awaitable<Reply>;
  autocomplete?(
    request: AutocompleteRequest,
    context: HandlerContext,
  ): Awaitable<readonly APIApplicationCommandOptionChoice[]>;
}

export interface MessageCommand extends CommandModuleBase {
  readonly definition: RESTPostAPIContextMenuApplicationCommandsJSONBody;
  execute(request: MessageCommandRequest, context: HandlerContext): Awaitable<Reply>;
}

export type CommandModule = SlashCommand | MessageCommand;

/** Guild and user installs; usable in guilds, the bot's DM and private channels. */
export const EVERYWHERE: {
  integration_types: ApplicationIntegrationType[];
  contexts: InteractionContextType[];
} = {
  integration_types: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
};

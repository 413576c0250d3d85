/**
 * The plain request every handler takes: what a command needs from an interaction, parsed once
 * from Discord's raw JSON (`APIInteraction`), so handlers never see discord.js classes or the
 * transport (gateway or HTTP). Parsing is defensive: a malformed payload yields
 * `{ kind: 'unsupported' }`, never an exception.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, InteractionType } from 'discord-api-types/v10';
import type { APIInteraction } from 'discord-api-types/v10';

/** Who pressed, typed or right-clicked. */
export interface RequestUser {
  readonly id: string;
  readonly username: string;
  readonly globalName?: string;
}

/** Where the interaction happened. A user install in a DM has no guild. */
export interface RequestPlace {
  readonly guildId?: string;
  readonly channelId?: string;
}

/** A scalar option value as Discord sends it (user options arrive as the user's id). */
export type OptionValue = string | number | boolean;

interface RequestBase extends RequestPlace {
  /** The interaction id (also used in error references and logs). */
  readonly id: string;
  readonly applicationId: string;
  readonly user: RequestUser;
  /** The member's client locale, e.g. `en-US` (`en-US` when absent). */
  readonly locale: string;
}

/** A slash command (`/ask …`). */
export interface CommandRequest extends RequestBase {
  readonly kind: 'command';
  readonly command: string;
  /** Options by name; sub-command options are flattened (Parley has no sub-commands). */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** Users named in options (`for:`), by id. */
  readonly users: Readonly<Record<string, RequestUser>>;
}

/** The message a message command was used on. */
export interface RequestMessage {
  readonly id: string;
  readonly content: string;
  readonly authorId?: string;
  /** Plain text of the message's embeds (titles and descriptions), for embed-only messages. */
  readonly embedText: string;
}

/** A message context-menu command ("Find sources"). */
export interface MessageCommandRequest extends RequestBase {
  readonly kind: 'message-command';
  readonly command: string;
  /** The target message; absent when Discord did not resolve it. */
  readonly message?: RequestMessage;
}

/** Autocomplete while the member types an option. */
export interface AutocompleteRequest extends RequestBase {
  readonly kind: 'autocomplete';
  readonly command: string;
  /** The focused option and what has been typed so far (raw, may be empty or huge). */
  readonly focused: { readonly name: string; readonly value: string };
  readonly options: Readonly<Record<string, OptionValue>>;
}

/** Embed text of the message a button sits on, enough to recover state that did not fit a custom id. */
export interface ComponentMessage {
  readonly id: string;
  readonly content: string;
  /** `embeds[i].author.name`, in order (empty string when absent). */
  readonly embedAuthors: readonly string[];
  /** Whether the message is ephemeral (flag 64). */
  readonly ephemeral: boolean;
}

/** A button press (or select) on one of our messages. */
export interface ComponentRequest extends RequestBase {
  readonly kind: 'component';
  readonly customId: string;
  /** Selected values, for select menus. */
  readonly values: readonly string[];
  readonly message?: ComponentMessage;
}

/** Anything we do not handle (PING is answered by the router; modals are not used). */
export interface UnsupportedRequest {
  readonly kind: 'unsupported';
  readonly id: string;
  readonly type: number;
  readonly user?: RequestUser;
}

export type ParleyRequest =
  CommandRequest | MessageCommandRequest | AutocompleteRequest | ComponentRequest | UnsupportedRequest;

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function parseUser(value: unknown): RequestUser | undefined {
  if (!isObject(value)) return undefined;
  const id = str(value.id);
  if (id === undefined) return undefined;
  const globalName = str(value.global_name);
  return { id, username: str(value.username) ?? 'unknown', ...(globalName ? { globalName } : {}) };
}

/** Flattens options (and sub-command options) into name → value; skips anything malformed. */
function parseOptions(
  list: unknown,
  into: Record<string, OptionValue> = {},
  focused?: { name: string; value: string }[],
) {
  if (!Array.isArray(list)) return into;
  for (const option of list) {
    if (!isObject(option)) continue;
    const name = str(option.name);
    if (name === undefined) continue;
    if (
      option.type === ApplicationCommandOptionType.Subcommand ||
      option.type === ApplicationCommandOptionType.SubcommandGroup
    ) {
      parseOptions(option.options, into, focused);
      continue;
    }
    const value = option.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      into[name] = value;
      if (option.focused === true && focused) focused.push({ name, value: String(value) });
    }
  }
  return into;
}

function embedText(embeds: unknown): string {
  if (!Array.isArray(embeds)) return '';
  const parts: string[] = [];
  for (const embed of embeds) {
    if (!isObject(embed)) continue;
    for (const part of [embed.title, embed.description]) if (typeof part === 'string') parts.push(part);
    if (Array.isArray(embed.fields)) {
      for (const field of embed.fields) {
        if (isObject(field) && typeof field.value === 'string') parts.push(field.value);
      }
    }
  }
  return parts.join('\n');
}

/**
 * Turns Discord's raw interaction JSON into the plain request handlers take.
 *
 * @example
 * const request = parseInteraction(body);
 * if (request.kind === 'command') console.log(request.command, request.options);
 */
export function parseInteraction(interaction: APIInteraction): ParleyRequest {
  const raw = interaction as unknown as Loose;
  const id = str(raw.id) ?? '0';
  const type = typeof raw.type === 'number' ? raw.type : -1;
  const known = isInteractionType(type) ? type : undefined;
  const member = isObject(raw.member) ? raw.member : undefined;
  const user = parseUser(member?.user) ?? parseUser(raw.user);
  if (!user) return { kind: 'unsupported', id, type };
  const channel = isObject(raw.channel) ? raw.channel : undefined;
  const guildId = str(raw.guild_id);
  const channelId = str(raw.channel_id) ?? str(channel?.id);
  const base = {
    id,
    applicationId: str(raw.application_id) ?? '',
    user,
    locale: str(raw.locale) ?? 'en-US',
    ...(guildId ? { guildId } : {}),
    ...(channelId ? { channelId } : {}),
  };
  const data = isObject(raw.data) ? raw.data : undefined;

  if (known === InteractionType.ApplicationCommand && data) {
    const command = str(data.name) ?? '';
    const resolved = isObject(data.resolved) ? data.resolved : {};
    if (data.type === ApplicationCommandType.Message) {
      const messages = isObject(resolved.messages) ? resolved.messages : {};
      const target = messages[str(data.target_id) ?? ''];
      let message: RequestMessage | undefined;
      if (isObject(target)) {
        const author = parseUser(target.author);
        message = {
          id: str(target.id) ?? str(data.target_id) ?? '',
          content: str(target.content) ?? '',
          ...(author ? { authorId: author.id } : {}),
          embedText: embedText(target.embeds),
        };
      }
      return { kind: 'message-command', command, ...base, ...(message ? { message } : {}) };
    }
    if (data.type !== undefined && data.type !== ApplicationCommandType.ChatInput) {
      return { kind: 'unsupported', id, type, user };
    }
    const users: Record<string, RequestUser> = {};
    if (isObject(resolved.users)) {
      for (const value of Object.values(resolved.users)) {
        const parsed = parseUser(value);
        if (parsed) users[parsed.id] = parsed;
      }
    }
    return { kind: 'command', command, options: parseOptions(data.options), users, ...base };
  }

  if (known === InteractionType.ApplicationCommandAutocomplete && data) {
    const focused: { name: string; value: string }[] = [];
    const options = parseOptions(data.options, {}, focused);
    return {
      kind: 'autocomplete',
      command: str(data.name) ?? '',
      focused: focused[0] ?? { name: '', value: '' },
      options,
      ...base,
    };
  }

  if (known === InteractionType.MessageComponent && data) {
    const message = isObject(raw.message) ? raw.message : undefined;
    const values = Array.isArray(data.values) ? data.values.filter((v): v is string => typeof v === 'string') : [];
    return {
      kind: 'component',
      customId: str(data.custom_id) ?? '',
      values,
      ...base,
      ...(message
        ? {
            message: {
              id: str(message.id) ?? '',
              content: str(message.content) ?? '',
              embedAuthors: Array.isArray(message.embeds)
                ? message.embeds.map((e) => (isObject(e) && isObject(e.author) ? (str(e.author.name) ?? '') : ''))
                : [],
              ephemeral: typeof message.flags === 'number' && (message.flags & 64) === 64,
            },
          }
        : {}),
    };
  }

  return { kind: 'unsupported', id, type, user };
}

const INTERACTION_TYPES: ReadonlySet<number> = new Set(
  Object.values(InteractionType).filter((value) => typeof value === 'number'),
);

/** Is the wire's type number one Discord defines? */
function isInteractionType(value: number): value is InteractionType {
  return INTERACTION_TYPES.has(value);
}

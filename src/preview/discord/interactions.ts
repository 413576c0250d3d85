/**
 * Builders for INTERACTION_CREATE `d` objects, shaped like the ones Discord sends (API v10):
 * `id`, `application_id`, `type`, `token`, `version`, `data`, `guild_id`, `channel_id`, `channel`,
 * `member` (or `user` in a DM), `locale`, `guild_locale`, `app_permissions`, `entitlements`,
 * `authorizing_integration_owners`, `context`, `attachment_size_limit`.
 *
 * Every builder takes an optional {@link InteractionContext}; its defaults are the stand-in's
 * default ids ({@link STAND_IN_IDS}), so a payload built without one is routed to the stand-in's
 * default guild, channel and application.
 *
 * @example
 * ```ts
 * const handle = await standIn.sendInteraction(chatInput('ask', { question: 'why Rome?', results: 3 }));
 * const dm = chatInput('about', {}, { dm: true });
 * const pick = autocomplete('section', { title: 'Rom' }, { focused: 'title' });
 * const next = button('more:abc:2', botMessage({ content: 'answer' }));
 * const find = messageCommand('Find sources', userMessage('why do they meet in Rome?'));
 * ```
 */
import { randomBytes } from 'node:crypto';
import { guildIdForShard, snowflake } from './snowflake.js';

/** The stand-in's default ids; `startStandIn()` uses them unless told otherwise. */
export const STAND_IN_IDS = {
  applicationId: '1180000000000000001',
  /** The bot user's id equals the application id, as for every bot created since 2019. */
  botUserId: '1180000000000000001',
  guildId: guildIdForShard(0, 1),
  channelId: '1180000000000000100',
  userId: '1180000000000000200',
} as const;

export type JsonObject = Record<string, unknown>;

/** A user object as Discord sends it inside interactions. */
export interface UserPayload extends JsonObject {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

/** An INTERACTION_CREATE `d` object. */
export interface InteractionPayload extends JsonObject {
  id: string;
  application_id: string;
  type: number;
  token: string;
  version: 1;
  data?: JsonObject;
  guild_id?: string;
  channel_id: string;
  member?: JsonObject & { user: UserPayload };
  user?: UserPayload;
  message?: JsonObject;
}

export interface InteractionContext {
  applicationId?: string;
  /** Ignored when `dm` is set. */
  guildId?: string;
  channelId?: string;
  /** The member (or DM user) who triggered the interaction. */
  user?: UserPayload;
  /** Role ids of the member. */
  roles?: string[];
  /** The member's permissions in the channel (a decimal bitfield string). */
  permissions?: string;
  /** The bot's permissions in the channel. */
  appPermissions?: string;
  locale?: string;
  guildLocale?: string;
  /** Build the interaction as coming from a DM with the bot: `user` instead of `member`, no guild. */
  dm?: boolean;
  /** Override the generated interaction id / token. */
  id?: string;
  token?: string;
}

/** Everything an administrator has, minus what no bot-facing member payload carries. */
const ALL_PERMISSIONS = '2248473465835073';

/** A user object; `id` defaults to the stand-in's default member. */
export function user(overrides: Partial<UserPayload> = {}): UserPayload {
  const id = overrides.id ?? STAND_IN_IDS.userId;
  return {
    id,
    username: `member${id.slice(-4)}`,
    global_name: null,
    discriminator: '0',
    avatar: null,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
    ...overrides,
  };
}

/** The bot's own user object (author of its messages). */
export function botUser(
  applicationId: string = STAND_IN_IDS.applicationId,
  username = 'Parley Stand-in Bot',
): UserPayload {
  return user({ id: applicationId, username, bot: true, global_name: null });
}

/** A guild member object as Discord sends it, for `u` (in GUILD_CREATE and in interactions). */
export function guildMember(
  u: UserPayload,
  joinedAt: string,
  roles: readonly string[] = [],
): JsonObject & { user: UserPayload } {
  return {
    user: u,
    roles: [...roles],
    joined_at: joinedAt,
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

function member(u: UserPayload, ctx: InteractionContext): JsonObject & { user: UserPayload } {
  return {
    ...guildMember(u, '2024-01-01T00:00:00.000000+00:00', ctx.roles),
    permissions: ctx.permissions ?? ALL_PERMISSIONS,
    unusual_dm_activity_until: null,
  };
}

function channel(ctx: InteractionContext, guildId: string | undefined, channelId: string, u: UserPayload): JsonObject {
  if (!guildId) {
    return { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [u] };
  }
  return {
    id: channelId,
    type: 0,
    guild_id: guildId,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    permissions: ctx.permissions ?? ALL_PERMISSIONS,
  };
}

/** The common envelope of every interaction type. */
export function envelope(type: number, data: JsonObject | undefined, ctx: InteractionContext = {}): InteractionPayload {
  const u = ctx.user ?? user();
  const applicationId = ctx.applicationId ?? STAND_IN_IDS.applicationId;
  const channelId = ctx.channelId ?? STAND_IN_IDS.channelId;
  const guildId = ctx.dm ? undefined : (ctx.guildId ?? STAND_IN_IDS.guildId);
  const payload: InteractionPayload = {
    id: ctx.id ?? snowflake(),
    application_id: applicationId,
    type,
    token: ctx.token ?? `aW50ZXJhY3Rpb24${randomBytes(48).toString('base64url')}`,
    version: 1,
    channel_id: channelId,
    channel: channel(ctx, guildId, channelId, u),
    locale: ctx.locale ?? 'en-US',
    app_permissions: ctx.appPermissions ?? '1126031102536769',
    entitlements: [],
    attachment_size_limit: 10_485_760,
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': u.id },
    context: guildId ? 0 : 1,
  };
  if (data !== undefined) payload.data = data;
  if (guildId) {
    payload.guild_id = guildId;
    payload.guild_locale = ctx.guildLocale ?? 'en-US';
    payload.member = member(u, ctx);
  } else {
    payload.user = u;
  }
  return payload;
}

/** A USER option value; also fills `resolved.users` (and `resolved.members` in a guild). */
export interface UserOptionValue {
  kind: 'user';
  user: UserPayload;
}
/** An option with an explicit type (e.g. a NUMBER that happens to be whole). */
export interface TypedOptionValue {
  kind: 'typed';
  type: number;
  value: string | number | boolean;
}
export type OptionValue = string | number | boolean | UserOptionValue | TypedOptionValue;

/** Marks an option value as a user (type 6). */
export const userOption = (u: UserPayload): UserOptionValue => ({ kind: 'user', user: u });
/** Gives an option value an explicit application-command option type (3 string, 4 integer, 10 number…). */
export const typedOption = (type: number, value: string | number | boolean): TypedOptionValue => ({
  kind: 'typed',
  type,
  value,
});

function optionType(value: OptionValue): number {
  if (typeof value === 'string') return 3;
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return value.kind === 'user' ? 6 : value.type;
}

function buildOptions(
  options: Record<string, OptionValue>,
  ctx: InteractionContext,
  focused?: string,
): { options: JsonObject[]; resolved?: JsonObject } {
  const users: Record<string, UserPayload> = {};
  const members: Record<string, JsonObject> = {};
  const out = Object.entries(options).map(([name, value]) => {
    const option: JsonObject = { name, type: optionType(value) };
    if (typeof value === 'object') {
      if (value.kind === 'user') {
        option.value = value.user.id;
        users[value.user.id] = value.user;
        const { user: _omit, ...rest } = member(value.user, {});
        members[value.user.id] = rest;
      } else {
        option.value = value.value;
      }
    } else {
      option.value = value;
    }
    if (name === focused) option.focused = true;
    return option;
  });
  if (Object.keys(users).length === 0) return { options: out };
  return { options: out, resolved: ctx.dm ? { users } : { users, members } };
}

/**
 * A chat-input (slash) command. `options` maps option names to values; strings become STRING,
 * whole numbers INTEGER, other numbers NUMBER, booleans BOOLEAN, {@link userOption} USER.
 * Pass an array to send raw option objects (subcommands).
 */
export function chatInput(
  name: string,
  options: Record<string, OptionValue> | JsonObject[] = {},
  ctx: InteractionContext & { commandId?: string } = {},
): InteractionPayload {
  const built = Array.isArray(options) ? { options } : buildOptions(options, ctx);
  const data: JsonObject = { id: ctx.commandId ?? snowflake(), name, type: 1, options: built.options };
  if (built.resolved) data.resolved = built.resolved;
  if (!ctx.dm) data.guild_id = ctx.guildId ?? STAND_IN_IDS.guildId;
  return envelope(2, data, ctx);
}

/**
 * An autocomplete interaction: `focused` names the option being typed (default: the first string
 * option), which gets `focused: true` as Discord sends it. Values arrive as typed so far (strings).
 */
export function autocomplete(
  name: string,
  options: Record<string, OptionValue>,
  ctx: InteractionContext & { focused?: string; commandId?: string } = {},
): InteractionPayload {
  const focused = ctx.focused ?? Object.entries(options).find(([, v]) => typeof v === 'string')?.[0];
  const built = buildOptions(options, ctx, focused);
  const data: JsonObject = { id: ctx.commandId ?? snowflake(), name, type: 1, options: built.options };
  if (!ctx.dm) data.guild_id = ctx.guildId ?? STAND_IN_IDS.guildId;
  return envelope(4, data, ctx);
}

/** A message as Discord returns it; defaults make it a plain message by the bot in the default channel. */
export function message(overrides: JsonObject = {}): JsonObject {
  const author = (overrides.author as UserPayload | undefined) ?? botUser();
  return {
    id: snowflake(),
    type: 0,
    channel_id: STAND_IN_IDS.channelId,
    author,
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    flags: 0,
    ...overrides,
  };
}

/** A message posted by the bot (e.g. the one carrying the buttons being clicked). */
export function botMessage(overrides: JsonObject = {}, applicationId: string = STAND_IN_IDS.applicationId): JsonObject {
  return message({
    author: botUser(applicationId),
    application_id: applicationId,
    webhook_id: applicationId,
    type: 20,
    ...overrides,
  });
}

/** A message posted by a member (the target of a message command). */
export function userMessage(content: string, overrides: JsonObject = {}): JsonObject {
  return message({ author: user(), content, ...overrides });
}

/** Clicking a button with `customId` on `msg` (by default a bot message carrying that one button). */
export function button(customId: string, msg?: JsonObject, ctx: InteractionContext = {}): InteractionPayload {
  const source =
    msg ??
    botMessage(
      {
        channel_id: ctx.channelId ?? STAND_IN_IDS.channelId,
        components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Button', custom_id: customId }] }],
      },
      ctx.applicationId,
    );
  const payload = envelope(3, { custom_id: customId, component_type: 2 }, ctx);
  payload.message = source;
  return payload;
}

/** Picking `values` in the string select `customId` on `msg`. */
export function stringSelect(
  customId: string,
  values: string[],
  msg?: JsonObject,
  ctx: InteractionContext = {},
): InteractionPayload {
  const source =
    msg ??
    botMessage(
      {
        channel_id: ctx.channelId ?? STAND_IN_IDS.channelId,
        components: [
          {
            type: 1,
            components: [{ type: 3, custom_id: customId, options: values.map((v) => ({ label: v, value: v })) }],
          },
        ],
      },
      ctx.applicationId,
    );
  const payload = envelope(3, { custom_id: customId, component_type: 3, values }, ctx);
  payload.message = source;
  return payload;
}

/** A message context-menu command (type 2, `data.type` 3) on `target`, with `resolved.messages`. */
export function messageCommand(
  name: string,
  target: JsonObject,
  ctx: InteractionContext & { commandId?: string } = {},
): InteractionPayload {
  const targetId = String(target.id);
  const data: JsonObject = {
    id: ctx.commandId ?? snowflake(),
    name,
    type: 3,
    target_id: targetId,
    resolved: { messages: { [targetId]: target } },
  };
  if (!ctx.dm) data.guild_id = ctx.guildId ?? STAND_IN_IDS.guildId;
  return envelope(2, data, ctx);
}

/** A user context-menu command (type 2, `data.type` 2) on `target`, with `resolved.users` (and members in a guild). */
export function userCommand(
  name: string,
  target: UserPayload,
  ctx: InteractionContext & { commandId?: string } = {},
): InteractionPayload {
  const { user: _omit, ...targetMember } = member(target, {});
  const data: JsonObject = {
    id: ctx.commandId ?? snowflake(),
    name,
    type: 2,
    target_id: target.id,
    resolved: ctx.dm
      ? { users: { [target.id]: target } }
      : { users: { [target.id]: target }, members: { [target.id]: targetMember } },
  };
  if (!ctx.dm) data.guild_id = ctx.guildId ?? STAND_IN_IDS.guildId;
  return envelope(2, data, ctx);
}

/** A modal submission: `fields` maps text-input custom ids to what was typed. */
export function modalSubmit(
  customId: string,
  fields: Record<string, string>,
  ctx: InteractionContext = {},
): InteractionPayload {
  return envelope(
    5,
    {
      custom_id: customId,
      components: Object.entries(fields).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      })),
    },
    ctx,
  );
}

/**
 * What the discord.js client keeps in memory. Parley answers from the raw INTERACTION_CREATE
 * dispatch and reads nothing discord.js caches, yet by default the client keeps every user and
 * member it ever sees: 150k distinct members took a gateway bot from 178 to 570 MB. Every cache
 * discord.js lets us limit is therefore limited to nothing (the bot's own user and member
 * excepted, which discord.js itself consults). Guilds, channels, roles and permission overwrites
 * cannot be limited (discord.js needs them and says so); they grow with the servers the bot is
 * in, not with the members who ask.
 */
import { Options, type CacheWithLimitsOptions, type ClientOptions, type SweeperOptions } from 'discord.js';

/** The bot's own entry: kept whatever the limit (discord.js reads it, e.g. `guild.members.me`). */
const isSelf = (value: { id: string; client: { user: { id: string } | null } }): boolean =>
  value.id === value.client.user?.id;

/** Limits of {@link clientCacheOptions}: 0 for everything Parley never reads. */
export const cacheLimits: CacheWithLimitsOptions = {
  ApplicationCommandManager: 0,
  ApplicationEmojiManager: 0,
  AutoModerationRuleManager: 0,
  BaseGuildEmojiManager: 0,
  DMMessageManager: 0,
  EntitlementManager: 0,
  GuildBanManager: 0,
  GuildEmojiManager: 0,
  GuildForumThreadManager: 0,
  GuildInviteManager: 0,
  GuildMemberManager: { maxSize: 0, keepOverLimit: isSelf },
  GuildMessageManager: 0,
  GuildScheduledEventManager: 0,
  GuildStickerManager: 0,
  GuildTextThreadManager: 0,
  MessageManager: 0,
  PresenceManager: 0,
  ReactionManager: 0,
  ReactionUserManager: 0,
  StageInstanceManager: 0,
  ThreadManager: 0,
  ThreadMemberManager: 0,
  UserManager: { maxSize: 0, keepOverLimit: isSelf },
  VoiceStateManager: 0,
};

/**
 * Sweepers for what stays cached: threads the channel cache still holds (archived ones after an
 * hour, as discord.js does by default). Users and members need none: nothing is kept to sweep.
 */
export const cacheSweepers: SweeperOptions = {
  ...Options.DefaultSweeperSettings,
};

/**
 * The client options that keep a gateway bot's memory flat however many members ask.
 *
 * @example
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], ...clientCacheOptions() });
 */
export function clientCacheOptions(): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  return { makeCache: Options.cacheWithLimits(cacheLimits), sweepers: cacheSweepers };
}

/**
 * `/reload` (owner-only): rebuilds the index from `corpus/` now and says how it went. The new
 * index is swapped in whole once built; until then, and if the rebuild fails, members keep
 * getting answers from the old one.
 *
 * Hidden from everyone but server admins by `default_member_permissions: '0'`, but that is only
 * a default a server admin can change: the router re-checks `ownerOnly` against OWNER_IDS and
 * the application's owner on every run. Always deferred, because a rebuild of a large corpus
 * (100k passages) takes well over Discord's 3-second window.
 */
import { ApplicationCommandType } from 'discord-api-types/v10';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { EVERYWHERE, type SlashCommand } from '../src/discord/command.js';
import { cutPlain, MESSAGE_CONTENT_MAX, notice } from '../src/discord/respond.js';

/**
 * No permission bits: only server admins see the command until they grant it. Sent as the integer
 * 0, the type Discord's OpenAPI spec gives (Discord also takes the string '0', which is what
 * discord-api-types declares; a spec-checking server such as our stand-in takes only the integer).
 */
const NO_PERMISSIONS = 0 as unknown as '0';

export const definition = {
  type: ApplicationCommandType.ChatInput,
  name: 'reload',
  description: 'Owner only: rebuild the index from the corpus folder now',
  default_member_permissions: NO_PERMISSIONS,
  // Installed like every other command; who may run it is decided by the bot, not by where it shows.
  ...EVERYWHERE,
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const reload: SlashCommand = {
  definition,
  ownerOnly: true,
  deferral: { ephemeral: () => true, always: true },

  async execute(_request, { reload: rebuild, logger }) {
    if (!rebuild) {
      return { response: notice('Reloading is not available in this deployment.'), outcome: 'reload-unavailable' };
    }
    const outcome = await rebuild();
    if (outcome.ok) logger.info({ outcome: outcome.message }, 'reload requested by an owner');
    else logger.warn({ outcome: outcome.message }, 'reload requested by an owner failed');
    const text = outcome.ok ? `✅ ${outcome.message}` : `⚠️ ${outcome.message}`;
    return {
      response: notice(cutPlain(text, MESSAGE_CONTENT_MAX)),
      outcome: outcome.ok ? 'reloaded' : 'reload-failed',
    };
  },
};

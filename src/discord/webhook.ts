/**
 * Deferred answers in HTTP mode: the interaction token authorises editing the original
 * response, so no bot token is needed. discord.js's REST client (`@discordjs/rest`, used directly
 * so HTTP mode never loads discord.js itself) brings rate-limit handling and honours
 * `DISCORD_API_URL` (a REST proxy, or the stand-in in tests). It is loaded on the first deferred
 * answer, not at start-up: it brings undici, a good part of start-up time, and most corpora never
 * defer.
 */
import type { REST } from '@discordjs/rest';
import { Routes, type RESTPatchAPIWebhookWithTokenMessageJSONBody } from 'discord-api-types/v10';
import type { FollowUpSender } from './http.js';

/** Options of {@link createWebhookEditor}. All optional. */
export interface WebhookEditorOptions {
  /** Base of Discord's REST API without the version, e.g. `http://127.0.0.1:3000/api` (default Discord's). */
  readonly api?: string;
}

/**
 * A {@link FollowUpSender} over Discord's REST API.
 *
 * @example
 * const followUps = createWebhookEditor({ api: config.apiUrl });
 * await followUps.editOriginal(interaction.application_id, interaction.token, { content: 'Done' });
 */
export function createWebhookEditor(options: WebhookEditorOptions = {}): FollowUpSender {
  let rest: Promise<REST> | undefined;
  const client = () =>
    (rest ??= import('@discordjs/rest').then(
      ({ REST }) => new REST({ version: '10', ...(options.api ? { api: options.api } : {}) }),
    ));
  return {
    async editOriginal(applicationId: string, token: string, body: RESTPatchAPIWebhookWithTokenMessageJSONBody) {
      await (await client()).patch(Routes.webhookMessage(applicationId, token, '@original'), { body, auth: false });
    },
  };
}

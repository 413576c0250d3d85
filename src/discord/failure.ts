/**
 * What a member sees when Parley could not answer, whichever transport delivers it: one text with
 * one kind of reference id. The id is logged with the failure's stack, so an admin who is sent
 * the note finds the failure in the logs. The router builds these replies, and the HTTP endpoint's
 * last-resort answers use the same builders with the router's id generator.
 */
import { randomBytes } from 'node:crypto';
import { InteractionType } from 'discord-api-types/v10';
import type { APIInteractionResponse, RESTPatchAPIWebhookWithTokenMessageJSONBody } from 'discord-api-types/v10';
import { choices, NO_MENTIONS, notice } from './respond.js';

/**
 * A fresh reference id: 6 hex characters, enough to tell one failure from the others of a day's
 * logs and short enough for a member to read out.
 */
export function referenceId(): string {
  return randomBytes(3).toString('hex');
}

/** The note a member gets for a failure with reference `ref`. */
export function failureText(ref: string): string {
  return `Something went wrong on my side (ref \`${ref}\`). Please try again in a moment.`;
}

/**
 * The inline reply to an interaction of `interactionType` that failed: the ephemeral note, or no
 * choices for autocomplete (which cannot carry a message).
 */
export function failureResponse(interactionType: unknown, ref: string): APIInteractionResponse {
  if (interactionType === InteractionType.ApplicationCommandAutocomplete) return choices([]);
  return notice(failureText(ref));
}

/**
 * The same note as the edit of a deferred reply (PATCH @original). It clears embeds and buttons: a
 * deferred button press edits the message that carried the answer.
 */
export function failureEdit(ref: string): RESTPatchAPIWebhookWithTokenMessageJSONBody {
  return { content: failureText(ref), allowed_mentions: NO_MENTIONS, embeds: [], components: [] };
}

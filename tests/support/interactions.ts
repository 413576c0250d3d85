/**
 * The one place tests build interaction payloads: the embedded Discord's builders
 * (src/preview/discord), which make them as Discord sends them, for the stand-in and for tests that
 * hand them to a router directly.
 */
import type { APIInteraction } from 'discord-api-types/v10';
import type { InteractionPayload } from '../../src/preview/discord/interactions.js';

export * from '../../src/preview/discord/interactions.js';

/** A built payload as `Router.handle` takes it: the builders return the JSON Discord sends, untyped. */
export function asInteraction(payload: InteractionPayload): APIInteraction {
  return payload as unknown as APIInteraction;
}

/**
 * The seed index (corpus/iran-us-talks.txt) behind a router, for handler tests through the router
 * as a member would use the commands.
 */
import { createRouter, type Router } from '../../src/discord/router.js';
import type { Searcher } from '../../src/types.js';
import { silentLogger } from '../discord/helpers.js';
import { asInteraction, type InteractionPayload } from '../support/interactions.js';
import { servedSeed } from '../support/served-seed.js';
import { allCommands } from '../../commands/index.js';

export interface Seed {
  readonly index: Searcher;
  readonly router: Router;
  /** Handles a payload and returns the response type and its data. */
  run(payload: InteractionPayload): Promise<{ type: number; data: Body }>;
}

export type Body = {
  content?: string;
  flags?: number;
  embeds?: { title?: string; description?: string; footer?: { text: string }; author?: { name: string } }[];
  components?: unknown[];
  allowed_mentions?: unknown;
  choices?: { name: string; value: string }[];
};

export async function seedRouter(): Promise<Seed> {
  const index = await servedSeed();
  // No cooldown and no work ceiling: these tests ask many questions in a row on purpose.
  const router = createRouter({
    getSearcher: () => index,
    commands: allCommands,
    logger: silentLogger,
    version: '9.9.9',
    settings: {
      cooldownSeconds: 0,
      lateAfterMs: Number.POSITIVE_INFINITY,
      maxEventLoopLagMs: Number.POSITIVE_INFINITY,
    },
  });
  return {
    index,
    router,
    async run(payload) {
      const { response } = await router.handle(asInteraction(payload));
      return { type: response.type, data: (response as { data?: Body }).data ?? {} };
    },
  };
}

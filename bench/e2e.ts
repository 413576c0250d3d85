/**
 * End to end: `/ask` interactions through the real discord.js client (the bot as `npm start`
 * runs it) against the local Discord stand-in (tests/support), in a fresh child process.
 */
import { runChild } from './child.js';
import type { E2eResult } from './result.js';

export interface E2eOptions {
  /** `/ask` interactions of the loaded phase (default 1,000); a fifth as many go first one at a time. */
  readonly interactions?: number;
  /** Interactions in flight at once: the next goes out as soon as one is answered (default 32). */
  readonly inFlight?: number;
}

export async function measureE2e(options: E2eOptions = {}): Promise<E2eResult> {
  const { interactions = 1000, inFlight = 32 } = options;
  const r = await runChild<E2eResult>('e2e-child.ts', [String(interactions), String(inFlight)], {
    maxOldSpaceMB: 4096,
    timeoutMs: 10 * 60_000,
  });
  if (!r.ok || !r.value) throw new Error(r.error ?? 'e2e run failed');
  return r.value;
}

/**
 * End to end: `/ask` interactions through the real discord.js client against the local Discord
 * stand-in (tests/support), timed from the stand-in's dispatch to the bot's response.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './child.js';
import type { E2eResult } from './result.js';

export interface E2eOptions {
  /** `/ask` interactions to send (default 1,000). */
  readonly interactions?: number;
}

export async function measureE2e(options: E2eOptions = {}): Promise<E2eResult> {
  void options;
  const needed = ['tests/support/stand-in.ts', 'src/main.ts'].filter((f) => !existsSync(join(REPO_ROOT, f)));
  if (needed.length) throw new Error(`needs ${needed.join(' and ')}, not in the tree yet`);
  throw new Error('end-to-end run not wired yet');
}

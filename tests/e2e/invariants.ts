/**
 * What must hold for every message the bot sends, whatever the command: checked over everything
 * a stand-in captured in a run, with the one reply check (`tests/support/safe-reply.ts`).
 */
import type { CapturedRequest } from '../support/stand-in.js';
import { expectSafeMessage } from '../support/safe-reply.js';
import { replyBodies } from './harness.js';

/**
 * Every message body (callback, webhook edit, follow-up) is within Discord's limits, sets
 * `allowed_mentions` with `parse: []`, names at most the one member it addresses, and would ping
 * nobody else.
 */
export function expectEveryReplyValid(captured: readonly CapturedRequest[]): void {
  for (const { request, data } of replyBodies(captured)) {
    expectSafeMessage(data, `${request.method} ${request.path}: ${JSON.stringify(data).slice(0, 300)}`);
  }
}

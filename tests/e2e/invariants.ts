/**
 * What must hold for every message the bot sends, whatever the command: checked over everything
 * a stand-in captured in a run.
 */
import { expect } from 'vitest';
import { pingsOf } from '../support/limits.js';
import type { CapturedRequest } from '../support/stand-in.js';
import { replyBodies } from './harness.js';

/**
 * Every message body (callback, webhook edit, follow-up) sets `allowed_mentions` with
 * `parse: []`, names at most the one member it addresses, and would ping nobody else.
 */
export function expectEveryReplyValid(captured: readonly CapturedRequest[]): void {
  for (const { request, data } of replyBodies(captured)) {
    const where = `${request.method} ${request.path}: ${JSON.stringify(data).slice(0, 300)}`;
    expect(data.allowed_mentions, where).toBeDefined();
    expect(data.allowed_mentions?.parse, where).toEqual([]);
    expect(data.allowed_mentions?.roles ?? [], where).toEqual([]);
    const allowedUsers = data.allowed_mentions?.users ?? [];
    expect(allowedUsers.length, where).toBeLessThanOrEqual(1);
    const pings = pingsOf(data);
    expect(pings.everyone, where).toBe(false);
    expect(pings.roles, where).toEqual([]);
    expect(pings.users.every((id) => allowedUsers.includes(id)), where).toBe(true);
  }
}

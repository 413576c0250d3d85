/**
 * The one check that a reply is safe, for every test that sends or renders one: within Discord's
 * documented limits, `allowed_mentions` parsing nothing and naming at most the one member an
 * answer is addressed to, and no text that would ping anyone else even if `allowed_mentions` were
 * ignored (a pasted `@everyone` is shown broken, not just silenced).
 */
import { expect } from 'vitest';
import { checkCallbackLimits, checkMessageLimits, pingsOf } from './limits.js';

/**
 * Mentions Discord would render (and, without `allowed_mentions`, ping) in `text`: `<@id>`,
 * `<@!id>`, `<@&id>`, `<#id>`, `@everyone`, `@here`, unless escaped by an odd run of backslashes.
 */
export function liveMentions(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/<(?:@[!&]?|#)\d+>|@everyone|@here/g)) {
    let before = 0;
    while (text[match.index - 1 - before] === '\\') before++;
    if (before % 2 === 0) found.push(match[0]);
  }
  return found;
}

/** Fields Discord never renders as text (a button's custom id travels back to the bot only). */
const NEVER_SHOWN = new Set(['custom_id', 'url']);

/** Every string shown anywhere inside `value` (content, embed texts, labels, choices…). */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) if (!NEVER_SHOWN.has(key)) stringsOf(item, out);
  }
  return out;
}

/** The member a body is addressed to: the one user id `allowed_mentions` may name. */
function addressedOf(data: unknown): string[] {
  const users = (data as { allowed_mentions?: { users?: unknown[] } } | undefined)?.allowed_mentions?.users;
  return Array.isArray(users) ? users.map(String) : [];
}

/**
 * The first live mention in any text of `data`, other than the addressed member's `<@id>` (and
 * ignoring `allowed_mentions`, which holds ids by design).
 */
export function liveMentionIn(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const addressed = new Set(addressedOf(data).flatMap((id) => [`<@${id}>`, `<@!${id}>`]));
  const { allowed_mentions: _ignored, ...rest } = data as Record<string, unknown>;
  return stringsOf(rest)
    .flatMap(liveMentions)
    .find((mention) => !addressed.has(mention));
}

/** A message body (callback data, webhook edit or follow-up): limits, no pings, no live mention. */
export function expectSafeMessage(data: unknown, where: string): void {
  expect(checkMessageLimits(data), where).toEqual([]);
  const body = data as { allowed_mentions?: { parse?: unknown[]; roles?: unknown[] } };
  expect(body.allowed_mentions, where).toBeDefined();
  expect(body.allowed_mentions?.parse, where).toEqual([]);
  expect(body.allowed_mentions?.roles ?? [], where).toEqual([]);
  const addressed = addressedOf(data);
  expect(addressed.length, where).toBeLessThanOrEqual(1);
  // As sent, and as if allowed_mentions were ignored: nobody but the addressed member is pinged.
  const { allowed_mentions: _a, ...bare } = data as Record<string, unknown>;
  for (const pings of [pingsOf(data), pingsOf(bare)]) {
    expect(pings.everyone, where).toBe(false);
    expect(pings.roles, where).toEqual([]);
    expect(
      pings.users.filter((id) => !addressed.includes(id)),
      where,
    ).toEqual([]);
  }
  expect(liveMentionIn(data), where).toBeUndefined();
}

/** An interaction callback body `{ type, data }`: its limits, and its message or choices. */
export function expectSafeCallback(body: unknown, where: string): void {
  expect(checkCallbackLimits(body), where).toEqual([]);
  const { type, data } = body as { type: number; data?: unknown };
  if (type === 4 || type === 7) expectSafeMessage(data, where);
  if (type === 8) expect(liveMentionIn(data), where).toBeUndefined();
}

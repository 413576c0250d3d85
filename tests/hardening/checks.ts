/**
 * What every reply must satisfy whatever was sent: within Discord's limits, `allowed_mentions`
 * parsing nothing, and no text that even looks like a live mention (a pasted `@everyone` is
 * shown broken, not just silenced).
 */
import { expect } from 'vitest';
import { checkCallbackLimits, checkMessageLimits, pingsOf } from '../support/limits.js';

/** `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&id>`, `<#id>` not preceded by a backslash. */
const LIVE_MENTION = /(?<!\\)(@everyone|@here|<@[!&]?\d+>|<#\d+>)/;

/** Every string shown anywhere inside `value` (content, embed texts, labels, choices…). */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) if (!NEVER_SHOWN.has(key)) stringsOf(item, out);
  }
  return out;
}

/** Fields Discord never renders as text (a button's custom id travels back to the bot only). */
const NEVER_SHOWN = new Set(['custom_id', 'url']);

/** The first live mention in any text of `data` (ignoring `allowed_mentions`, which holds ids by design). */
export function liveMentionIn(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { allowed_mentions: _ignored, ...rest } = data as Record<string, unknown>;
  for (const text of stringsOf(rest)) {
    const found = LIVE_MENTION.exec(text);
    if (found) return found[0];
  }
  return undefined;
}

/** A message body (callback data or webhook edit): limits, no pings, no live mention. */
export function expectSafeMessage(data: unknown, where: string): void {
  expect(checkMessageLimits(data), where).toEqual([]);
  const body = data as { allowed_mentions?: { parse?: unknown[] } };
  expect(body.allowed_mentions?.parse, where).toEqual([]);
  expect(pingsOf(data), where).toEqual({ users: [], roles: [], everyone: false });
  // As if allowed_mentions were ignored: the text itself must ping nobody.
  const { allowed_mentions: _a, ...bare } = data as Record<string, unknown>;
  expect(pingsOf(bare), where).toEqual({ users: [], roles: [], everyone: false });
  expect(liveMentionIn(data), where).toBeUndefined();
}

/** An interaction callback body `{ type, data }`. */
export function expectSafeCallback(body: unknown, where: string): void {
  expect(checkCallbackLimits(body), where).toEqual([]);
  const { type, data } = body as { type: number; data?: unknown };
  if (type === 4 || type === 7) expectSafeMessage(data, where);
  if (type === 8) expect(liveMentionIn(data), where).toBeUndefined();
}

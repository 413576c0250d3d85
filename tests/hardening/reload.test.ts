/**
 * `/reload` through the real bot and the stand-in: hidden by default permissions, refused
 * politely to anyone but an owner (re-checked by the bot, whatever Discord shows), and for an
 * owner deferred then answered with what the rebuild did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput, user } from '../support/interactions.js';
import type { StandIn } from '../support/stand-in.js';
import { accepted, describeRejected, freshUser, startStack, type Bot, type MessageBody } from '../e2e/harness.js';
import { expectEveryReplyValid } from '../e2e/invariants.js';
import { definition } from '../../commands/reload.js';

const EPHEMERAL = 1 << 6;
const LISTED_OWNER = user({ id: '1190000000000000777', username: 'listed-owner' });

let standIn: StandIn;
let bot: Bot;

beforeAll(async () => {
  ({ standIn, bot } = await startStack({ OWNER_IDS: LISTED_OWNER.id }));
  // The application's owner is read from Discord after READY.
  await bot.waitForLine((l) => l.msg === 'owner-only commands allowed for');
}, 90_000);

afterAll(async () => {
  const code = await (bot as Bot | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
  expect(code, (bot as Bot | undefined)?.output().slice(-2000)).toBe(0);
});

/** Sends /reload as `member` and returns the final message the member sees. */
async function reloadAs(
  member: ReturnType<typeof user>,
): Promise<{ first: number; final: MessageBody; flags: number | undefined }> {
  const handle = await standIn.sendInteraction(chatInput('reload', {}, { ...standIn.context, user: member }));
  const first = await accepted(handle);
  if (first.type === 4) return { first: 4, final: first.data ?? {}, flags: first.data?.flags };
  // Deferred: the outcome comes as the edit of @original.
  const edit = await handle.waitFor((r) => r.method === 'PATCH' && r.status < 300, 60_000);
  return { first: first.type, final: edit.body as MessageBody, flags: first.data?.flags };
}

describe('/reload', () => {
  it('is registered hidden from members (default_member_permissions 0) and marked owner-only in the bot', () => {
    expect(Number(definition.default_member_permissions)).toBe(0);
    expect(definition.default_member_permissions).not.toBeNull();
  });

  it('politely refuses a member who is not an owner, ephemerally, without rebuilding', async () => {
    const before = bot.lines().filter((l) => l.msg === 'reload requested by an owner').length;
    const { first, final, flags } = await reloadAs(freshUser('not-owner'));
    expect(first).toBe(4);
    expect(flags).toBe(EPHEMERAL);
    expect(final.content).toMatch(/only the owners/i);
    expect(bot.lines().filter((l) => l.msg === 'reload requested by an owner')).toHaveLength(before);
  });

  it("defers for the application's owner and answers with the outcome, ephemerally", async () => {
    const { first, final, flags } = await reloadAs(standIn.owner);
    expect(first).toBe(5);
    expect(flags).toBe(EPHEMERAL);
    expect(final.content).toMatch(/Reloaded: 1 document.*passages/);
    await bot.waitForLine((l) => l.msg === 'reload requested by an owner');
  });

  it('accepts an owner from OWNER_IDS too', async () => {
    const { first, final } = await reloadAs(LISTED_OWNER);
    expect(first).toBe(5);
    expect(final.content).toMatch(/Reloaded/);
  });

  it('still answers /ask from the rebuilt index', async () => {
    const handle = await standIn.sendInteraction(
      chatInput('ask', { question: 'why do they keep meeting in Rome?' }, { ...standIn.context, user: freshUser() }),
    );
    const body = await accepted(handle);
    expect(body.data?.embeds?.[0]?.title).toMatch(/Rome/);
  });

  it('sent only replies the stand-in accepted, none able to ping', () => {
    expect(
      standIn.captured.filter((r) => r.status >= 400),
      describeRejected(standIn.captured),
    ).toEqual([]);
    expectEveryReplyValid(standIn.captured);
  });
});

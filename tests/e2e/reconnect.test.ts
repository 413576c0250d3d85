/**
 * The gateway connection drops (as Discord's does: close 4000, a cut TCP connection, op 7
 * RECONNECT, an invalidated session) and the real `npm start` process answers the next
 * interaction — including one dispatched while it was away, which Discord replays on RESUME —
 * and a rate-limited callback is retried.
 */
import { describe, expect, it } from 'vitest';
import { chatInput } from '../support/interactions.js';
import type { StandIn } from '../support/stand-in.js';
import { accepted, describeRejected, freshUser, type Bot, useStack } from './harness.js';
import { expectEveryReplyValid } from './invariants.js';

const ROME = 'Rome: A Recurring Venue for Critical Negotiations';

let standIn: StandIn;
let bot: Bot;

useStack({ COOLDOWN_SECONDS: '0' }, (started) => ({ standIn, bot } = started));

async function expectAnswers(): Promise<void> {
  const handle = await standIn.sendInteraction(
    chatInput('ask', { question: 'why do they keep meeting in Rome?' }, { ...standIn.context, user: freshUser() }),
  );
  const body = await accepted(handle);
  expect(body.type).toBe(4);
  expect(body.data?.embeds?.[0]?.title).toBe(ROME);
}

describe('after the gateway drops', () => {
  it('answers before any drop (baseline)', async () => {
    await expectAnswers();
  });

  it.each(['resume', 'terminate', 'reconnect'] as const)(
    'resumes after a %s and answers the next /ask',
    async (mode) => {
      const [back] = await standIn.dropGateway(0, mode);
      expect(back?.how).toBe('resumed');
      await expectAnswers();
    },
  );

  it('re-identifies when the session is invalidated, and answers', async () => {
    const [back] = await standIn.dropGateway(0, 'invalidate', 20_000);
    expect(back?.how).toBe('identified');
    await expectAnswers();
  }, 30_000);

  it('answers an interaction sent while it was disconnected (replayed on RESUME)', async () => {
    const resumed = standIn.dropGateway(0, 'terminate');
    // Dispatched right after the cut: the stand-in keeps it for the session, as Discord does.
    const handle = await standIn.sendInteraction(
      chatInput('ask', { question: 'why do they keep meeting in Rome?' }, { ...standIn.context, user: freshUser() }),
    );
    await resumed;
    const body = await accepted(handle);
    expect(body.data?.embeds?.[0]?.title).toBe(ROME);
  });

  it('rides out a 429 on the interaction callback (discord.js waits retry_after and retries)', async () => {
    standIn.rateLimitNext(1, 0.3, { match: (method, path) => method === 'POST' && path.endsWith('/callback') });
    const handle = await standIn.sendInteraction(
      chatInput('ask', { question: 'why do they keep meeting in Rome?' }, { ...standIn.context, user: freshUser() }),
    );
    const body = await accepted(handle); // the first callback that was not answered 429
    expect(body.data?.embeds?.[0]?.title).toBe(ROME);
    expect(handle.requests().filter((r) => r.rateLimited)).toHaveLength(1);
  });

  it('logged the disconnects rather than crashing', () => {
    expect(bot.child.exitCode).toBeNull();
    expect(
      bot
        .lines()
        .some(
          (l) => l.msg === 'gateway resumed' || l.msg === 'gateway reconnecting' || l.msg === 'gateway disconnected',
        ),
    ).toBe(true);
  });
});

describe('every reply of this run', () => {
  it('was accepted by the stand-in and set allowed_mentions parse: []', () => {
    // The one 429 was asked for above; anything else over 400 is a rejected reply.
    expect(
      standIn.captured.filter((r) => r.status >= 400 && !r.rateLimited),
      describeRejected(standIn.captured),
    ).toEqual([]);
    expectEveryReplyValid(standIn.captured);
  });
});

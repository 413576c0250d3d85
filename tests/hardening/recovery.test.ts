/**
 * Discord answers some callbacks 429 and drops the gateway in the middle of a burst: the real bot
 * recovers by itself, every interaction it was sent gets exactly one accepted first response (none
 * lost, none answered twice), and its log has one line per 429 and one per reconnect — no more
 * (a log flooded with retries hides the real problem), no fewer (an event nobody sees).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput, user } from '../support/interactions.js';
import type { InteractionHandle, StandIn } from '../support/stand-in.js';
import { describeRejected, startStack, type Bot, type LogLine } from '../e2e/harness.js';
import { expectEveryReplyValid } from '../e2e/invariants.js';

const CALLBACK = (method: string, path: string) => method === 'POST' && path.endsWith('/callback');
const BURST = 300;
const RATE_LIMITED = 6;

let standIn: StandIn;
let bot: Bot;

beforeAll(async () => {
  ({ standIn, bot } = await startStack({ COOLDOWN_SECONDS: '0', LOG_LEVEL: 'info' }));
}, 90_000);

afterAll(async () => {
  const code = await (bot as Bot | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
  expect(code, (bot as Bot | undefined)?.output().slice(-2000)).toBe(0);
});

const since = (from: number) => bot.lines().slice(from);
const named = (lines: LogLine[], msg: string) => lines.filter((l) => l.msg === msg);

async function burst(count: number, during: (sentSoFar: number) => Promise<void> | void): Promise<InteractionHandle[]> {
  const handles: Promise<InteractionHandle>[] = [];
  for (let i = 0; i < count; i++) {
    const u = user({ id: `1196${String(process.pid % 10_000).padStart(4, '0')}${String(i).padStart(10, '0')}` });
    handles.push(
      standIn.sendInteraction(
        chatInput(
          'ask',
          { question: i % 2 ? 'why do they keep meeting in Rome?' : 'what role does Oman play?' },
          { ...standIn.context, user: u },
        ),
      ),
    );
    await during(i);
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 15));
  }
  return Promise.all(handles);
}

/** Exactly one accepted first response per interaction, within the deadline. */
function expectEachAnsweredOnce(handles: InteractionHandle[]): void {
  for (const handle of handles) {
    const callbacks = handle.requests().filter((r) => r.route.endsWith('/callback'));
    const accepted = callbacks.filter((r) => r.status < 300);
    expect(accepted, `${handle.id}: ${describeRejected(callbacks)}`).toHaveLength(1);
    // Besides the accepted one, only the 429s the stand-in was told to send.
    expect(
      callbacks.filter((r) => r.status >= 300 && !r.rateLimited),
      describeRejected(callbacks),
    ).toEqual([]);
  }
}

describe('429s on interaction callbacks during a burst', () => {
  it('retries each after retry_after, answers every interaction once, and logs one line per 429', async () => {
    const from = bot.lines().length;
    const handles = await burst(BURST, (i) => {
      if (i === 50) standIn.rateLimitNext(RATE_LIMITED, 0.4, { match: CALLBACK });
    });
    await Promise.all(handles.map((h) => h.response(15_000)));
    expectEachAnsweredOnce(handles);
    const limited = handles.flatMap((h) => h.requests()).filter((r) => r.rateLimited);
    expect(limited).toHaveLength(RATE_LIMITED);
    await bot.waitForLine(() => named(since(from), 'rate limited').length >= RATE_LIMITED);
    expect(named(since(from), 'rate limited')).toHaveLength(RATE_LIMITED);
  }, 60_000);
});

describe('a global 429 during a burst', () => {
  it('waits it out, answers every interaction once, and logs one line per 429', async () => {
    const from = bot.lines().length;
    const handles = await burst(BURST / 3, (i) => {
      if (i === 20) standIn.rateLimitNext(2, 0.3, { global: true, match: CALLBACK });
    });
    await Promise.all(handles.map((h) => h.response(15_000)));
    expectEachAnsweredOnce(handles);
    await bot.waitForLine(() => named(since(from), 'rate limited').length >= 2);
    const lines = named(since(from), 'rate limited');
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.global === true)).toBe(true);
  }, 60_000);
});

describe('gateway drops during a burst', () => {
  it.each(['resume', 'terminate', 'reconnect'] as const)(
    'comes back after a %s by itself, answers every interaction once, and logs the reconnect once',
    async (mode) => {
      const from = bot.lines().length;
      let dropped: Promise<unknown> | undefined;
      const handles = await burst(BURST / 3, (i) => {
        if (i === 30) dropped = standIn.dropGateway(0, mode);
      });
      await dropped;
      await Promise.all(handles.map((h) => h.response(15_000)));
      expectEachAnsweredOnce(handles);
      await bot.waitForLine(() => named(since(from), 'gateway resumed').length >= 1);
      expect(named(since(from), 'gateway resumed')).toHaveLength(1);
      // The loss and the recovery, each once (discord.js 14 reports a resumable drop as reconnecting).
      expect(named(since(from), 'gateway reconnecting')).toHaveLength(1);
      expect(named(since(from), 'gateway disconnected').length).toBeLessThanOrEqual(1);
    },
    60_000,
  );
});

describe('after all of that', () => {
  it('is still up, crashed nowhere, and every reply was valid', () => {
    expect(bot.child.exitCode).toBeNull();
    expect(
      bot
        .lines()
        .filter((l) =>
          ['uncaught exception', 'unhandled rejection', 'could not deliver the response'].includes(String(l.msg)),
        ),
    ).toEqual([]);
    expect(
      standIn.captured.filter((r) => r.status >= 400 && !r.rateLimited),
      describeRejected(standIn.captured),
    ).toEqual([]);
    expectEveryReplyValid(standIn.captured);
  });
});

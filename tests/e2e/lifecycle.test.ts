/**
 * The real `npm start` process over its life: the per-user cooldown (a bot started with
 * COOLDOWN_SECONDS=30), start-up failures that stop it with one clear line, and a clean SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocomplete, chatInput, messageCommand, userMessage } from '../support/interactions.js';
import { startStandIn, type StandIn } from '../support/stand-in.js';
import { accepted, describeRejected, freshUser, runBotToExit, startBot, type Bot } from './harness.js';
import { expectEveryReplyValid } from './invariants.js';

const EPHEMERAL = 64;
const COOLDOWN = 30;

let standIn: StandIn;
let bot: Bot;

beforeAll(async () => {
  standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
  bot = await startBot(standIn, { COOLDOWN_SECONDS: String(COOLDOWN) });
});

afterAll(async () => {
  if ((bot as Bot | undefined)?.child.exitCode === null) await bot.stop();
  await (standIn as StandIn | undefined)?.close();
});

describe('the per-user cooldown (COOLDOWN_SECONDS=30)', () => {
  it('answers the first question and politely tells a quick second one when to retry', async () => {
    const member = freshUser();
    const first = await accepted(
      await standIn.sendInteraction(chatInput('ask', { question: 'why Rome?' }, { ...standIn.context, user: member })),
    );
    expect(first.data?.embeds?.length).toBeGreaterThan(0);

    const sentAt = Math.floor(Date.now() / 1000);
    const second = await accepted(
      await standIn.sendInteraction(
        chatInput('ask', { question: 'and Geneva?' }, { ...standIn.context, user: member }),
      ),
    );
    expect(second.type).toBe(4);
    expect((second.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(second.data?.embeds ?? []).toEqual([]);
    const text = second.data?.content ?? '';
    const seconds = Number(/in (\d+) s/.exec(text)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(COOLDOWN);
    // A Discord timestamp shows the member the moment, in their own time zone.
    const at = Number(/<t:(\d+):R>/.exec(text)?.[1]);
    expect(at).toBeGreaterThanOrEqual(sentAt);
    expect(at).toBeLessThanOrEqual(sentAt + COOLDOWN + 1);
  });

  it('covers "Find sources" for the same member', async () => {
    const member = freshUser();
    await accepted(
      await standIn.sendInteraction(chatInput('ask', { question: 'why Rome?' }, { ...standIn.context, user: member })),
    );
    const body = await accepted(
      await standIn.sendInteraction(
        messageCommand('Find sources', userMessage('they met in Rome'), { ...standIn.context, user: member }),
      ),
    );
    expect(body.data?.content).toMatch(/try again in \d+ s/);
  });

  it('does not hold up other members, autocomplete or /about', async () => {
    const member = freshUser();
    await accepted(
      await standIn.sendInteraction(chatInput('ask', { question: 'why Rome?' }, { ...standIn.context, user: member })),
    );
    const other = await accepted(
      await standIn.sendInteraction(
        chatInput('ask', { question: 'why Rome?' }, { ...standIn.context, user: freshUser() }),
      ),
    );
    expect(other.data?.embeds?.length).toBeGreaterThan(0);
    const typed = await accepted(
      await standIn.sendInteraction(
        autocomplete('ask', { question: 'nucl' }, { ...standIn.context, user: member, focused: 'question' }),
      ),
    );
    expect(typed.type).toBe(8);
    const about = await accepted(
      await standIn.sendInteraction(chatInput('about', {}, { ...standIn.context, user: member })),
    );
    expect(about.data?.embeds?.[0]?.title).toBe('About Parley');
  });

  it('sent only replies Discord accepts, with allowed_mentions parse: []', () => {
    expect(
      standIn.captured.filter((r) => r.status >= 400),
      describeRejected(standIn.captured),
    ).toEqual([]);
    expectEveryReplyValid(standIn.captured);
  });
});

describe('shutdown', () => {
  it('stops cleanly on SIGTERM (exit 0, logs it)', async () => {
    const code = await bot.stop();
    expect(code, bot.output().slice(-2000)).toBe(0);
    expect(bot.lines().some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);
  });
});

describe('start-up failures', () => {
  it('stops with one line when Discord refuses the token, never printing it', async () => {
    const wrong = `${Buffer.from(standIn.applicationId).toString('base64url')}.AAAAAA.${'x'.repeat(38)}`;
    const run = await runBotToExit(standIn, { DISCORD_TOKEN: wrong });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^parley: Discord refused DISCORD_TOKEN/m);
    expect(run.stdout + run.stderr).not.toContain(wrong);
    expect(run.stdout + run.stderr).not.toContain(standIn.token);
  });

  it('stops with one line naming a malformed variable', async () => {
    const run = await runBotToExit(standIn, { COOLDOWN_SECONDS: 'soon' });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/COOLDOWN_SECONDS/);
  });
});

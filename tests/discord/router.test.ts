import { Writable } from 'node:stream';
import { ApplicationCommandType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { CommandModule } from '../../src/discord/command.js';
import { encodeCustomId } from '../../src/discord/custom-id.js';
import { createRouter, STALE_BUTTON_TEXT } from '../../src/discord/router.js';
import { createLogger } from '../../src/log.js';
import { snowflake } from '../support/snowflake.js';
import type { Answer, Corpus } from '../../src/types.js';
import { fakeSearcher, hit, silentLogger } from './helpers.js';
import { asInteraction, autocomplete, button, chatInput, STAND_IN_IDS } from '../support/interactions.js';
import { allCommands } from '../../commands/index.js';

const corpus: Corpus = { documents: [], sections: [], passages: [], problems: [] };
const answer = (question: string): Answer => ({
  kind: 'answer',
  question,
  results: [hit()],
  total: 1,
  confident: true,
});

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _e, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

const boom: CommandModule = {
  definition: { type: ApplicationCommandType.ChatInput, name: 'boom', description: 'fails' },
  execute() {
    throw new Error('handler exploded');
  },
  autocomplete() {
    throw new Error('autocomplete exploded');
  },
};

describe('router', () => {
  it('answers PING with PONG', async () => {
    const router = createRouter({
      getSearcher: () => fakeSearcher(corpus, answer),
      commands: allCommands,
      logger: silentLogger,
      version: 't',
    });
    expect(await router.handle({ id: '1', application_id: '2', type: 1, token: 't', version: 1 } as never)).toEqual({
      response: { type: 1 },
    });
  });

  it('turns a handler error into an ephemeral reply with a reference, logged with the stack', async () => {
    const { lines, logger } = capturingLogger();
    const router = createRouter({
      getSearcher: () => fakeSearcher(corpus, answer),
      logger,
      version: 't',
      commands: [boom],
    });
    const { response } = await router.handle(asInteraction(chatInput('boom')));
    expect(response).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    const content = (response as { data: { content: string } }).data.content;
    const ref = /ref `([0-9a-f]{6})`/.exec(content)?.[1];
    expect(ref).toBeDefined();
    const logged = lines.find((l) => l.ref === ref);
    expect(logged).toMatchObject({ level: 50, outcome: 'error' });
    expect(JSON.stringify(logged)).toContain('handler exploded');
    expect((logged?.err as { stack?: string }).stack).toContain('router.test.ts');
  });

  it('answers a failing autocomplete with no choices rather than an error message', async () => {
    const router = createRouter({
      getSearcher: () => fakeSearcher(corpus, answer),
      logger: silentLogger,
      version: 't',
      commands: [boom],
    });
    expect((await router.handle(asInteraction(autocomplete('boom', { x: 'y' }, { focused: 'x' })))).response).toEqual({
      type: 8,
      data: { choices: [] },
    });
  });

  it('answers unknown commands, unknown interaction types and malformed payloads politely', async () => {
    const router = createRouter({
      getSearcher: () => fakeSearcher(corpus, answer),
      commands: allCommands,
      logger: silentLogger,
      version: 't',
    });
    expect((await router.handle(asInteraction(chatInput('nope')))).response).toMatchObject({
      type: 4,
      data: { flags: 64 },
    });
    expect((await router.handle({ id: '1', type: 5, data: {}, user: { id: '1' } } as never)).response).toMatchObject({
      type: 4,
      data: { flags: 64 },
    });
    expect((await router.handle({} as never)).response).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it('answers tampered and older buttons with a polite ephemeral note', async () => {
    const router = createRouter({
      getSearcher: () => fakeSearcher(corpus, answer),
      commands: allCommands,
      logger: silentLogger,
      version: 't',
    });
    const good = encodeCustomId({ kind: 'page', offset: 3, limit: 3, query: { text: 'rome' } });
    for (const id of [good.replace('rome', 'roma'), 'p0:aaaa:pg:3:3:q:rome', 'something-else', '']) {
      const { response } = await router.handle(asInteraction(button(id)));
      expect(response).toEqual({
        type: 4,
        data: { content: STALE_BUTTON_TEXT, flags: 64, allowed_mentions: { parse: [] } },
      });
    }
  });

  it('applies the per-user cooldown to questions and says when to retry', async () => {
    let now = 1_700_000_000_000;
    const router = createRouter({
      getSearcher: () => fakeSearcher(corpus, answer),
      commands: allCommands,
      logger: silentLogger,
      version: 't',
      now: () => now,
      settings: { cooldownSeconds: 5 },
    });
    expect((await router.handle(asInteraction(chatInput('ask', { question: 'rome' })))).response.type).toBe(4);
    now += 2_000;
    const { response } = await router.handle(asInteraction(chatInput('ask', { question: 'rome' })));
    expect(response).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((response as { data: { content: string } }).data.content).toBe(
      `You're asking quickly — try again in 3 s (<t:${Math.ceil((1_700_000_000_000 + 5_000) / 1000)}:R>).`,
    );
    // Reading commands are not limited.
    expect((await router.handle(asInteraction(chatInput('about')))).response).toMatchObject({ type: 4 });
    now += 3_000;
    expect((await router.handle(asInteraction(chatInput('ask', { question: 'rome' })))).response).not.toMatchObject({
      data: { flags: 64 },
    });
  });

  it('defers ask() on a very large index and delivers the answer through the follow-up', async () => {
    const big = { ...corpus, passages: { length: 10 } as never };
    const router = createRouter({
      getSearcher: () => fakeSearcher(big, answer),
      commands: allCommands,
      logger: silentLogger,
      version: 't',
      settings: { deferAbovePassages: 5 },
    });
    const result = await router.handle(asInteraction(chatInput('ask', { question: 'rome', private: true })));
    expect(result.response).toEqual({ type: 5, data: { flags: 64 } });
    const body = await result.followUp?.();
    expect(body?.embeds?.length).toBe(1);
    expect(body).not.toHaveProperty('flags');
    expect(body?.allowed_mentions).toEqual({ parse: [] });
  });

  it('defers the next ask() after a slow one, and stops deferring once it is fast again', async () => {
    let now = 0;
    let cost = 1_500;
    const searcher = fakeSearcher(corpus, (q) => {
      now += cost;
      return answer(q);
    });
    const router = createRouter({
      getSearcher: () => searcher,
      commands: allCommands,
      logger: silentLogger,
      version: 't',
      now: () => now,
      settings: { cooldownSeconds: 0 },
    });
    expect((await router.handle(asInteraction(chatInput('ask', { question: 'a' })))).response.type).toBe(4);
    now += 1_100;
    const deferredResult = await router.handle(asInteraction(chatInput('ask', { question: 'b' })));
    expect(deferredResult.response.type).toBe(5);
    cost = 10;
    await deferredResult.followUp?.();
    now += 1_100;
    expect((await router.handle(asInteraction(chatInput('ask', { question: 'c' })))).response.type).toBe(4);
  });

  it('turns a failure inside deferred work into an edited error message', async () => {
    const router = createRouter({
      getSearcher: () =>
        fakeSearcher({ ...corpus, passages: { length: 10 } as never }, () => {
          throw new Error('index gone');
        }),
      commands: allCommands,
      logger: silentLogger,
      version: 't',
      settings: { deferAbovePassages: 5 },
    });
    const result = await router.handle(asInteraction(chatInput('ask', { question: 'rome' })));
    expect(result.response.type).toBe(5);
    expect((await result.followUp?.())?.content).toMatch(/Something went wrong.*ref `[0-9a-f]{6}`/);
  });

  it('lets only owners run owner-only commands', async () => {
    const secret: CommandModule = {
      definition: {
        type: ApplicationCommandType.ChatInput,
        name: 'reload',
        description: 'owner only',
        default_member_permissions: '0',
      },
      ownerOnly: true,
      execute: () => ({ response: { type: 4, data: { content: 'reloaded' } }, outcome: 'ok' }),
    };
    const make = (ownerIds: string[]) =>
      createRouter({
        getSearcher: () => fakeSearcher(corpus, answer),
        logger: silentLogger,
        version: 't',
        commands: [secret],
        settings: { ownerIds },
      });
    expect((await make([]).handle(asInteraction(chatInput('reload')))).response).toMatchObject({ data: { flags: 64 } });
    expect((await make([STAND_IN_IDS.userId]).handle(asInteraction(chatInput('reload')))).response).toEqual({
      type: 4,
      data: { content: 'reloaded' },
    });
  });

  it('reads the index through the getter on every interaction', async () => {
    const first = fakeSearcher(corpus, answer);
    const second = fakeSearcher(corpus, answer);
    let current = first;
    const router = createRouter({
      getSearcher: () => current,
      commands: allCommands,
      logger: silentLogger,
      version: 't',
      settings: { cooldownSeconds: 0 },
    });
    await router.handle(asInteraction(chatInput('ask', { question: 'one' })));
    current = second;
    await router.handle(asInteraction(chatInput('ask', { question: 'two' })));
    expect(first.asked).toEqual(['one']);
    expect(second.asked).toEqual(['two']);
  });

  it('logs one line per interaction with command, latency and outcome, without the question above debug', async () => {
    const { lines, logger } = capturingLogger();
    const router = createRouter({
      getSearcher: () => fakeSearcher(corpus, answer),
      commands: allCommands,
      logger,
      version: 't',
    });
    await router.handle(asInteraction(chatInput('ask', { question: 'secret plans' })));
    const info = lines.filter((l) => (l.level as number) >= 30);
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ msg: 'interaction', command: 'ask', outcome: 'answer' });
    expect(typeof info[0]?.ms).toBe('number');
    expect(JSON.stringify(info)).not.toContain('secret plans');
  });
});

describe('router under load: shedding by lateness', () => {
  const T = 1_800_000_000_000;
  /** The payload with another interaction id. */
  const withId = (payload: unknown, id: string) => ({ ...(payload as object), id }) as never;
  /** An /ask whose snowflake says Discord created it at `createdAt`. */
  const askAt = (createdAt: number, question = 'rome') =>
    withId(asInteraction(chatInput('ask', { question })), snowflake(createdAt));
  const isBusy = (response: unknown) =>
    /answering a lot of questions right now/.test((response as { data?: { content?: string } }).data?.content ?? '');
  const make = (clock: () => number, lag: () => number = () => 0, complete?: (p: string) => readonly string[]) => {
    const searcher = fakeSearcher(corpus, answer, complete);
    const router = createRouter({
      getSearcher: () => searcher,
      commands: allCommands,
      logger: silentLogger,
      version: 't',
      now: clock,
      eventLoopLag: lag,
      settings: { cooldownSeconds: 0 },
    });
    return { searcher, router };
  };

  it('answers a fresh /ask when the loop is not lagging', async () => {
    const { router, searcher } = make(() => T);
    const { response } = await router.handle(askAt(T - 40));
    expect(response).toMatchObject({ type: 4, data: { embeds: [{}] } });
    expect(searcher.asked).toEqual(['rome']);
  });

  it('answers busy at once, without searching, when the snowflake says the /ask is already 2.5 s old', async () => {
    const { router, searcher } = make(() => T);
    await router.handle(askAt(T - 20, 'fresh'));
    const { response } = await router.handle(askAt(T - 2_500, 'stale'));
    expect(response).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    expect(isBusy(response)).toBe(true);
    expect(searcher.asked).toEqual(['fresh']);
    // Reading commands are still served, however late.
    expect(
      isBusy((await router.handle(withId(asInteraction(chatInput('about')), snowflake(T - 2_500)))).response),
    ).toBe(false);
    // Just inside the budget (2 s by default) is still answered.
    expect(isBusy((await router.handle(askAt(T - 1_900, 'in time'))).response)).toBe(false);
  });

  it('does not let a nonsense timestamp (future, years old, not a snowflake) make anything busy', async () => {
    const { router, searcher } = make(() => T);
    const ids = [snowflake(T + 3_600_000), snowflake(T + 5_000), snowflake(T - 7_200_000), '1', 'not-a-snowflake', ''];
    for (const id of ids)
      expect(
        isBusy((await router.handle(withId(asInteraction(chatInput('ask', { question: id })), id))).response),
        id,
      ).toBe(false);
    expect(isBusy((await router.handle(askAt(T - 10, 'fresh after nonsense'))).response)).toBe(false);
    expect(searcher.asked).toHaveLength(ids.length + 1);
  });

  it('takes a host clock running seconds ahead as skew, not as every interaction being late', async () => {
    const skew = 5_000;
    let now = T + skew;
    const { router } = make(() => now);
    for (let i = 0; i < 20; i++, now += 50)
      expect(isBusy((await router.handle(askAt(now - skew - 30))).response), `#${i}`).toBe(false);
    // Lateness beyond the skew still counts.
    expect(isBusy((await router.handle(askAt(now - skew - 2_500))).response)).toBe(true);
  });

  it('falls back to event-loop lag only when the age is not believable', async () => {
    let lag = 600;
    const { router, searcher } = make(
      () => T,
      () => lag,
    );
    expect(
      isBusy((await router.handle(withId(asInteraction(chatInput('ask', { question: 'ageless' })), '1'))).response),
    ).toBe(true);
    // A believable, fresh age wins over a lagging loop (a GC pause must not shed fresh work).
    expect(isBusy((await router.handle(askAt(T - 10, 'young'))).response)).toBe(false);
    lag = 100;
    expect(
      isBusy(
        (await router.handle(withId(asInteraction(chatInput('ask', { question: 'ageless again' })), '1'))).response,
      ),
    ).toBe(false);
    expect(searcher.asked).toEqual(['young', 'ageless again']);
  });

  it('honours lateAfterMs and maxEventLoopLagMs from the settings', async () => {
    const searcher = fakeSearcher(corpus, answer);
    const router = createRouter({
      getSearcher: () => searcher,
      commands: allCommands,
      logger: silentLogger,
      version: 't',
      now: () => T,
      eventLoopLag: () => 600,
      settings: { cooldownSeconds: 0, lateAfterMs: 500, maxEventLoopLagMs: 1_000 },
    });
    await router.handle(askAt(T));
    expect(isBusy((await router.handle(askAt(T - 700))).response)).toBe(true);
    expect(
      isBusy((await router.handle(withId(asInteraction(chatInput('ask', { question: 'x' })), '1'))).response),
    ).toBe(false);
  });

  it('gives a late autocomplete no choices without looking anything up', async () => {
    const typed: string[] = [];
    const { router } = make(
      () => T,
      () => 0,
      (p) => (typed.push(p), ['Rome talks']),
    );
    await router.handle(askAt(T));
    const late = await router.handle(
      withId(asInteraction(autocomplete('ask', { question: 'rom' }, { focused: 'question' })), snowflake(T - 2_600)),
    );
    expect(late.response).toEqual({ type: 8, data: { choices: [] } });
    expect(typed).toEqual([]);
    const fresh = await router.handle(
      withId(asInteraction(autocomplete('ask', { question: 'rom' }, { focused: 'question' })), snowflake(T - 5)),
    );
    expect((fresh.response as { data: { choices: unknown[] } }).data.choices.length).toBeGreaterThan(0);
  });
});

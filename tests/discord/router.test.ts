import { Writable } from 'node:stream';
import { ApplicationCommandType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { CommandModule } from '../../src/discord/command.js';
import { encodeCustomId } from '../../src/discord/custom-id.js';
import { createRouter, STALE_BUTTON_TEXT } from '../../src/discord/router.js';
import { createLogger } from '../../src/log.js';
import type { Answer, Corpus } from '../../src/types.js';
import { complete, fakeSearcher, hit, press, silentLogger, slash } from './helpers.js';

const corpus: Corpus = { documents: [], sections: [], passages: [], problems: [] };
const answer = (question: string): Answer => ({ kind: 'answer', question, results: [hit()], total: 1 });

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
    const router = createRouter({ getSearcher: () => fakeSearcher(corpus, answer), logger: silentLogger, version: 't' });
    expect(await router.handle({ id: '1', application_id: '2', type: 1, token: 't', version: 1 } as never)).toEqual({ response: { type: 1 } });
  });

  it('turns a handler error into an ephemeral reply with a reference, logged with the stack', async () => {
    const { lines, logger } = capturingLogger();
    const router = createRouter({ getSearcher: () => fakeSearcher(corpus, answer), logger, version: 't', commands: [boom] });
    const { response } = await router.handle(slash('boom'));
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
    const router = createRouter({ getSearcher: () => fakeSearcher(corpus, answer), logger: silentLogger, version: 't', commands: [boom] });
    expect((await router.handle(complete('boom', 'x', 'y'))).response).toEqual({ type: 8, data: { choices: [] } });
  });

  it('answers unknown commands, unknown interaction types and malformed payloads politely', async () => {
    const router = createRouter({ getSearcher: () => fakeSearcher(corpus, answer), logger: silentLogger, version: 't' });
    expect((await router.handle(slash('nope'))).response).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((await router.handle({ id: '1', type: 5, data: {}, user: { id: '1' } } as never)).response).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((await router.handle({} as never)).response).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it('answers tampered and older buttons with a polite ephemeral note', async () => {
    const router = createRouter({ getSearcher: () => fakeSearcher(corpus, answer), logger: silentLogger, version: 't' });
    const good = encodeCustomId({ kind: 'page', offset: 3, limit: 3, query: { text: 'rome' } });
    for (const id of [good.replace('rome', 'roma'), 'p0:aaaa:pg:3:3:q:rome', 'something-else', '']) {
      const { response } = await router.handle(press(id));
      expect(response).toEqual({ type: 4, data: { content: STALE_BUTTON_TEXT, flags: 64, allowed_mentions: { parse: [] } } });
    }
  });

  it('applies the per-user cooldown to questions and says when to retry', async () => {
    let now = 1_700_000_000_000;
    const router = createRouter({
      getSearcher: () => fakeSearcher(corpus, answer),
      logger: silentLogger,
      version: 't',
      now: () => now,
      settings: { cooldownSeconds: 5 },
    });
    expect((await router.handle(slash('ask', { question: 'rome' }))).response.type).toBe(4);
    now += 2_000;
    const { response } = await router.handle(slash('ask', { question: 'rome' }));
    expect(response).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((response as { data: { content: string } }).data.content).toBe(
      `You're asking quickly — try again in 3 s (<t:${Math.ceil((1_700_000_000_000 + 5_000) / 1000)}:R>).`,
    );
    // Reading commands are not limited.
    expect((await router.handle(slash('about'))).response).toMatchObject({ type: 4 });
    now += 3_000;
    expect((await router.handle(slash('ask', { question: 'rome' }))).response).not.toMatchObject({ data: { flags: 64 } });
  });

  it('defers ask() on a very large index and delivers the answer through the follow-up', async () => {
    const big = { ...corpus, passages: { length: 10 } as never };
    const router = createRouter({
      getSearcher: () => fakeSearcher(big, answer),
      logger: silentLogger,
      version: 't',
      settings: { deferAbovePassages: 5 },
    });
    const result = await router.handle(slash('ask', { question: 'rome', private: true }));
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
    const router = createRouter({ getSearcher: () => searcher, logger: silentLogger, version: 't', now: () => now, settings: { cooldownSeconds: 0 } });
    expect((await router.handle(slash('ask', { question: 'a' }))).response.type).toBe(4);
    now += 1_100; // past the busy window, so only the measured latency decides
    const deferredResult = await router.handle(slash('ask', { question: 'b' }));
    expect(deferredResult.response.type).toBe(5);
    cost = 10;
    await deferredResult.followUp?.();
    now += 1_100;
    expect((await router.handle(slash('ask', { question: 'c' }))).response.type).toBe(4);
  });

  it('turns a failure inside deferred work into an edited error message', async () => {
    const router = createRouter({
      getSearcher: () => fakeSearcher({ ...corpus, passages: { length: 10 } as never }, () => {
        throw new Error('index gone');
      }),
      logger: silentLogger,
      version: 't',
      settings: { deferAbovePassages: 5 },
    });
    const result = await router.handle(slash('ask', { question: 'rome' }));
    expect(result.response.type).toBe(5);
    expect((await result.followUp?.())?.content).toMatch(/Something went wrong.*ref `[0-9a-f]{6}`/);
  });

  it('lets only owners run owner-only commands', async () => {
    const secret: CommandModule = {
      definition: { type: ApplicationCommandType.ChatInput, name: 'reload', description: 'owner only', default_member_permissions: '0' },
      ownerOnly: true,
      execute: () => ({ response: { type: 4, data: { content: 'reloaded' } }, outcome: 'ok' }),
    };
    const make = (ownerIds: string[]) =>
      createRouter({ getSearcher: () => fakeSearcher(corpus, answer), logger: silentLogger, version: 't', commands: [secret], settings: { ownerIds } });
    expect((await make([]).handle(slash('reload'))).response).toMatchObject({ data: { flags: 64 } });
    expect((await make(['111111111111111111']).handle(slash('reload'))).response).toEqual({ type: 4, data: { content: 'reloaded' } });
  });

  it('reads the index through the getter on every interaction', async () => {
    const first = fakeSearcher(corpus, answer);
    const second = fakeSearcher(corpus, answer);
    let current = first;
    const router = createRouter({ getSearcher: () => current, logger: silentLogger, version: 't', settings: { cooldownSeconds: 0 } });
    await router.handle(slash('ask', { question: 'one' }));
    current = second;
    await router.handle(slash('ask', { question: 'two' }));
    expect(first.asked).toEqual(['one']);
    expect(second.asked).toEqual(['two']);
  });

  it('logs one line per interaction with command, latency and outcome, without the question above debug', async () => {
    const { lines, logger } = capturingLogger();
    const router = createRouter({ getSearcher: () => fakeSearcher(corpus, answer), logger, version: 't' });
    await router.handle(slash('ask', { question: 'secret plans' }));
    const info = lines.filter((l) => (l.level as number) >= 30);
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ msg: 'interaction', command: 'ask', outcome: 'answer' });
    expect(typeof info[0]?.ms).toBe('number');
    expect(JSON.stringify(info)).not.toContain('secret plans');
  });
});

describe('router under load', () => {
  it('answers searches with a polite busy note once a second of work is nearly full, and recovers', async () => {
    let now = 0;
    const searcher = fakeSearcher(corpus, (q) => {
      now += 300;
      return answer(q);
    });
    const router = createRouter({ getSearcher: () => searcher, logger: silentLogger, version: 't', now: () => now, settings: { cooldownSeconds: 0 } });
    for (let i = 0; i < 3; i++) expect((await router.handle(slash('ask', { question: `q${i}` }))).response.type).toBe(4);
    const busy = await router.handle(slash('ask', { question: 'one more' }));
    expect(busy.response).toMatchObject({ type: 4, data: { flags: 64 } });
    expect((busy.response as { data: { content: string } }).data.content).toMatch(/try again in a few seconds/);
    expect(searcher.asked).toHaveLength(3);
    // Reading commands are still served.
    expect((await router.handle(slash('about'))).response).not.toMatchObject({ data: { flags: 64, content: expect.stringMatching(/busy|lot of questions/) } });
    now += 1_500;
    expect((await router.handle(slash('ask', { question: 'later' }))).response).not.toMatchObject({ data: { flags: 64 } });
  });
});

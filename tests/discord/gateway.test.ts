/**
 * The gateway adapter with the real discord.js client against the Discord stand-in: it delivers
 * the router's bodies as they are (inline and deferred), and a failed delivery is logged, not fatal.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../src/discord/gateway.js';
import { createRouter, type Router } from '../../src/discord/router.js';
import { createLogger } from '../../src/log.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { ParleyIndex } from '../../src/search/index.js';
import type { Searcher } from '../../src/types.js';
import { chatInput } from '../support/interactions.js';
import { startStandIn, type StandIn } from '../support/stand-in.js';
import { allCommands } from '../../commands/index.js';

let standIn: StandIn;
let gateway: Gateway;
let index: Searcher;
const lines: string[] = [];
let deferAll = false;

beforeAll(async () => {
  index = ParleyIndex.build(await loadCorpus('corpus'));
  standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
  const destination = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination, secrets: [standIn.token] });
  const make = (deferAbovePassages: number): Router =>
    createRouter({
      getSearcher: () => index,
      commands: allCommands,
      logger,
      version: 't',
      settings: { cooldownSeconds: 0, deferAbovePassages },
    });
  const inline = make(Number.POSITIVE_INFINITY);
  const deferring = make(0);
  const router: Router = {
    commands: inline.commands,
    referenceId: inline.referenceId,
    handle: (i) => (deferAll ? deferring : inline).handle(i),
  };
  gateway = await startGateway({ token: standIn.token, router, logger, apiUrl: standIn.apiUrl });
  await gateway.ready;
});

afterAll(async () => {
  await (gateway as Gateway | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
});

describe('gateway adapter', () => {
  it('answers an interaction inline with the router body, accepted by Discord', async () => {
    deferAll = false;
    const handle = await standIn.sendInteraction(chatInput('ask', { question: 'uranium enrichment' }, standIn.context));
    const callback = await handle.response();
    expect(callback.status).toBe(204);
    expect(callback.body).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
    expect((callback.body as { data: { embeds: unknown[] } }).data.embeds.length).toBeGreaterThan(0);
  });

  it('defers, then edits @original with the answer', async () => {
    deferAll = true;
    const handle = await standIn.sendInteraction(
      chatInput('ask', { question: 'uranium enrichment', private: true }, standIn.context),
    );
    const requests = await handle.settled();
    deferAll = false;
    expect(requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204', 'PATCH 200']);
    expect(requests[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect((handle.original() as { embeds: unknown[] }).embeds.length).toBeGreaterThan(0);
  });

  it('logs a response Discord refuses (too late) once and keeps serving', async () => {
    deferAll = false;
    const late = await standIn.sendInteraction(chatInput('ask', { question: 'oil exports' }, standIn.context), {
      deadlineMs: 0,
    });
    await late.settled();
    const refusals = lines.filter((l) => l.includes('could not deliver the response'));
    expect(refusals).toHaveLength(1);
    const next = await standIn.sendInteraction(chatInput('about', {}, standIn.context));
    expect((await next.response()).status).toBe(204);
    expect(lines.join('\n')).not.toContain(standIn.token);
  });
});

describe('gateway adapter start-up', () => {
  it('ignores SHARD_COUNT and SHARD_LIST left empty in .env instead of asking for 0 shards', async () => {
    const saved = { count: process.env['SHARD_COUNT'], list: process.env['SHARD_LIST'] };
    process.env['SHARD_COUNT'] = '';
    process.env['SHARD_LIST'] = ' ';
    const logger = createLogger({ level: 'silent' });
    const router = createRouter({
      getSearcher: () => index,
      commands: allCommands,
      logger,
      version: 't',
      settings: { cooldownSeconds: 0 },
    });
    let second: Gateway | undefined;
    try {
      second = await startGateway({ token: standIn.token, router, logger, apiUrl: standIn.apiUrl });
      await expect(second.ready).resolves.toMatchObject({ guilds: expect.any(Number) });
    } finally {
      await second?.stop();
      if (saved.count === undefined) delete process.env.SHARD_COUNT;
      else process.env.SHARD_COUNT = saved.count;
      if (saved.list === undefined) delete process.env.SHARD_LIST;
      else process.env.SHARD_LIST = saved.list;
    }
  });
});

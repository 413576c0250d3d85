/**
 * The gateway client's memory does not grow with the members who ask: the real discord.js client,
 * logged in to the stand-in, answers interactions from many distinct members and keeps none of
 * them (only its own user and member). An interaction whose member carries no user is answered
 * too, without an unhandled rejection inside discord.js.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { startGateway, type Gateway } from '../../src/discord/gateway.js';
import { createRouter } from '../../src/discord/router.js';
import { createLogger } from '../../src/log.js';
import { ParleyIndex } from '../../src/search/index.js';
import { chatInput, user } from '../support/interactions.js';
import { startStandIn, type StandIn } from '../support/stand-in.js';
import { allCommands } from '../../commands/index.js';

let standIn: StandIn;
let gateway: Gateway;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  const index = ParleyIndex.build(await loadCorpus('corpus'));
  standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
  const logger = createLogger({
    level: 'warn',
    destination: new Writable({ write: (_c, _e, done) => done() }),
    secrets: [standIn.token],
  });
  const router = createRouter({
    getSearcher: () => index,
    commands: allCommands,
    logger,
    version: 't',
    settings: { cooldownSeconds: 0 },
  });
  gateway = await startGateway({ token: standIn.token, router, logger, apiUrl: standIn.apiUrl });
  await gateway.ready;
});

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await (gateway as Gateway | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
});

/** A member nobody else asked as: a fresh id each time. */
const member = (n: number) => user({ id: `13${String(n).padStart(17, '0')}`, username: `member${n}` });

describe('gateway client caches', () => {
  it('keep no member and no user however many distinct members ask', async () => {
    const members = 300;
    for (let start = 0; start < members; start += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          standIn.sendInteraction(
            chatInput('ask', { question: 'uranium enrichment' }, { ...standIn.context, user: member(start + i) }),
          ),
        ),
      );
      for (const handle of batch) expect((await handle.response()).status).toBe(204);
    }
    const client = gateway.client;
    const self = client.user?.id;
    expect([...client.users.cache.keys()].filter((id) => id !== self)).toEqual([]);
    for (const guild of client.guilds.cache.values()) {
      expect([...guild.members.cache.keys()].filter((id) => id !== self)).toEqual([]);
    }
  });

  it('answers an interaction whose member has no user, with no unhandled rejection', async () => {
    const payload = chatInput('ask', { question: 'uranium enrichment' }, standIn.context);
    const withoutUser = { ...payload, member: { ...(payload.member as Record<string, unknown>) } };
    delete (withoutUser.member as Record<string, unknown>).user;
    const handle = await standIn.sendInteraction(withoutUser as typeof payload);
    const response = await handle.response();
    expect(response.status).toBe(204);
    expect(response.body).toMatchObject({ type: 4, data: { flags: 64 } });
    // The next interaction is answered too, and nothing escaped meanwhile.
    const next = await standIn.sendInteraction(chatInput('about', {}, standIn.context));
    expect((await next.response()).status).toBe(204);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rejections).toEqual([]);
  });
});

/**
 * A handler that throws, end to end over the real discord.js client and the stand-in.
 *
 * IN-PROCESS, unlike the other e2e suites: no input reaches a failing handler in the real
 * `npm start` process (800 fast-check runs of odd options, custom ids, messages and DMs through
 * the real router on the seed found none), so this suite builds the same pieces `startParley`
 * wires — the engine on the seed corpus, `createRouter`, `startGateway` (the real adapter and
 * discord.js client) — with one extra command module that throws, as the router's `commands`
 * dependency allows.
 */
import { Writable } from 'node:stream';
import { ApplicationCommandType } from 'discord-api-types/v10';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import type { CommandModule } from '../../src/discord/command.js';
import { startGateway, type Gateway } from '../../src/discord/gateway.js';
import { createRouter } from '../../src/discord/router.js';
import { Engine } from '../../src/engine/engine.js';
import { chatInput } from '../support/interactions.js';
import { startStandIn, type StandIn } from '../support/stand-in.js';
import { accepted, describeRejected, freshUser, type LogLine } from './harness.js';
import { expectEveryReplyValid } from './invariants.js';

const EPHEMERAL = 64;

/** Fails the way a bug would: a TypeError deep in a handler. */
const broken: CommandModule = {
  definition: { type: ApplicationCommandType.ChatInput, name: 'broken', description: 'Always fails' },
  execute() {
    const missing = undefined as unknown as { passages: string[] };
    return { response: { type: 4, data: { content: String(missing.passages.length) } }, outcome: 'never' };
  },
};

/** Fails after the router deferred it (the answer arrives as an edit of @original). */
const brokenLater: CommandModule = {
  definition: { type: ApplicationCommandType.ChatInput, name: 'broken-later', description: 'Fails after deferring' },
  deferral: { ephemeral: () => false },
  async execute() {
    await new Promise((resolve) => setTimeout(resolve, 20));
    throw new Error('the index went away');
  },
};

let standIn: StandIn;
let gateway: Gateway;
let engine: Engine;
const lines: LogLine[] = [];

beforeAll(async () => {
  standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    }),
  );
  const started = await Engine.start({ corpusDir: 'corpus', logger });
  if (started.kind === 'no-document') throw new Error(started.message);
  engine = started.engine;
  const router = createRouter({
    getSearcher: () => engine.current,
    logger,
    version: 'test',
    settings: { cooldownSeconds: 0 },
    commands: [...allCommands, broken, brokenLater],
  });
  gateway = await startGateway({ token: standIn.token, apiUrl: standIn.apiUrl, router, logger });
  await gateway.ready;
});

afterAll(async () => {
  await (gateway as Gateway | undefined)?.stop();
  (engine as Engine | undefined)?.close();
  await (standIn as StandIn | undefined)?.close();
});

const send = (name: string, options: Record<string, string> = {}) =>
  standIn.sendInteraction(chatInput(name, options, { ...standIn.context, user: freshUser() }));

describe('a handler that throws', () => {
  it('answers the member with an ephemeral "something went wrong" and a reference', async () => {
    const body = await accepted(await send('broken'));
    expect(body.type).toBe(4);
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const ref = /ref `([0-9a-f]+)`/.exec(body.data?.content ?? '')?.[1];
    expect(ref, body.data?.content).toBeDefined();
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    // The same reference is in the log, with the stack, to find this failure.
    const logged = lines.find((l) => l.ref === ref);
    expect(logged?.msg).toBe('interaction failed');
    expect(JSON.stringify(logged?.err)).toMatch(/TypeError/);
    expect((logged?.err as { stack?: string } | undefined)?.stack).toMatch(/errors\.test\.ts/);
  });

  it('keeps answering: the next /ask gets its passages', async () => {
    const body = await accepted(await send('ask', { question: 'why do they keep meeting in Rome?' }));
    expect(body.type).toBe(4);
    expect(body.data?.embeds?.[0]?.title).toBe('Rome: A Recurring Venue for Critical Negotiations');
  });
});

describe('when the router defers (deferAbovePassages: 0, as for a very large corpus)', () => {
  let other: StandIn;
  let deferring: Gateway;

  beforeAll(async () => {
    other = await startStandIn({ heartbeatIntervalMs: 1_000 });
    const router = createRouter({
      getSearcher: () => engine.current,
      logger: pino({ level: 'silent' }),
      version: 'test',
      settings: { cooldownSeconds: 0, deferAbovePassages: 0 },
      commands: [...allCommands, brokenLater],
    });
    deferring = await startGateway({
      token: other.token,
      apiUrl: other.apiUrl,
      router,
      logger: pino({ level: 'silent' }),
    });
    await deferring.ready;
  });

  afterAll(async () => {
    await (deferring as Gateway | undefined)?.stop();
    await (other as StandIn | undefined)?.close();
  });

  const sendOther = (name: string, options: Record<string, string> = {}) =>
    other.sendInteraction(chatInput(name, options, { ...other.context, user: freshUser() }));

  it('edits the deferred message into the error note with a reference', async () => {
    const handle = await sendOther('broken-later');
    const body = await accepted(handle);
    expect(body.type).toBe(5); // deferred
    const edit = await handle.waitFor((r) => r.method === 'PATCH');
    expect(edit.error).toBeUndefined();
    expect((edit.body as { content?: string }).content).toMatch(/Something went wrong.*ref `[0-9a-f]+`/);
  });

  it('delivers a deferred /ask answer through the webhook edit', async () => {
    const handle = await sendOther('ask', { question: 'why do they keep meeting in Rome?' });
    expect((await accepted(handle)).type).toBe(5);
    const edit = await handle.waitFor((r) => r.method === 'PATCH');
    expect(edit.error).toBeUndefined();
    expect((handle.original()?.embeds as { title?: string }[] | undefined)?.[0]?.title).toBe(
      'Rome: A Recurring Venue for Critical Negotiations',
    );
  });

  it('sent only replies Discord accepts, with allowed_mentions parse: []', () => {
    expect(
      other.captured.filter((r) => r.status >= 400),
      describeRejected(other.captured),
    ).toEqual([]);
    expectEveryReplyValid(other.captured);
  });
});

describe('every reply of this run', () => {
  it('was accepted by the stand-in and set allowed_mentions parse: []', () => {
    expect(
      standIn.captured.filter((r) => r.status >= 400),
      describeRejected(standIn.captured),
    ).toEqual([]);
    expectEveryReplyValid(standIn.captured);
  });
});

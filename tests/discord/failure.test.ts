/**
 * One failure note for both transports: whether the gateway adapter (the real discord.js client
 * against the stand-in) or the HTTP endpoint delivers it — and whether the router answered the
 * failure or the endpoint had to, because the router itself failed — the member gets the same
 * bytes: the same text, the same kind of reference id. The router's id generator is made
 * deterministic here so the bodies can be compared whole.
 */
import { ApplicationCommandType, InteractionResponseType } from 'discord-api-types/v10';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandModule } from '../../src/discord/command.js';
import { failureText, referenceId } from '../../src/discord/failure.js';
import { startGateway, type Gateway } from '../../src/discord/gateway.js';
import { serveHttp, type HttpInteractionsServer, type ReadyState } from '../../src/discord/http.js';
import { createRouter, type Router } from '../../src/discord/router.js';
import { createWebhookEditor } from '../../src/discord/webhook.js';
import type { Corpus, Searcher } from '../../src/types.js';
import { chatInput, type InteractionPayload } from '../support/interactions.js';
import { startStandIn, type StandIn } from '../support/stand-in.js';

const REF = 'c0ffee';
const silent = pino({ level: 'silent' });
const corpus: Corpus = { documents: [], sections: [], passages: [], problems: [] };
const searcher: Searcher = {
  corpus,
  builtAt: new Date(0),
  ask: (question) => ({ kind: 'no-match', question, reason: 'no-terms', suggestions: [] }),
  complete: () => [],
};

const broken: CommandModule = {
  definition: { type: ApplicationCommandType.ChatInput, name: 'broken', description: 'Always fails' },
  execute() {
    throw new Error('handler bug');
  },
};

/** Deferred first (always), then fails: the note arrives as the edit of @original. */
const brokenLater: CommandModule = {
  definition: { type: ApplicationCommandType.ChatInput, name: 'broken-later', description: 'Fails after deferring' },
  deferral: { ephemeral: () => true, always: true },
  execute() {
    throw new Error('deferred handler bug');
  },
};

let standIn: StandIn;
let gateway: Gateway;
let router: Router;
const servers: HttpInteractionsServer[] = [];

/** An HTTP endpoint serving `ready`, delivering deferred answers to the stand-in. */
async function endpoint(ready: ReadyState): Promise<string> {
  const http = await serveHttp({
    publicKey: standIn.publicKey,
    port: 0,
    host: '127.0.0.1',
    ready,
    followUps: createWebhookEditor({ api: standIn.apiUrl }),
    logger: silent,
  });
  servers.push(http);
  return `${http.url}/interactions`;
}

beforeAll(async () => {
  standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
  router = createRouter({
    getSearcher: () => searcher,
    commands: [broken, brokenLater],
    logger: silent,
    version: 't',
    settings: { cooldownSeconds: 0 },
    referenceId: () => REF,
  });
  gateway = await startGateway({ token: standIn.token, apiUrl: standIn.apiUrl, router, logger: silent });
  await gateway.ready;
});

afterAll(async () => {
  for (const http of servers) await http.close();
  await (gateway as Gateway | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
});

const payload = (name: string): InteractionPayload => chatInput(name, {}, standIn.context);

/** The inline reply as sent on the wire: discord.js's serialisation of the router's body. */
async function throughGateway(name: string): Promise<string> {
  const callback = await (await standIn.sendInteraction(payload(name))).response();
  expect(callback.status).toBe(204);
  return JSON.stringify(callback.body);
}

/** The deferred reply's edit of @original, as sent on the wire. */
async function editThroughGateway(name: string): Promise<string> {
  const handle = await standIn.sendInteraction(payload(name));
  const edit = await handle.waitFor((r) => r.method === 'PATCH');
  expect(edit.error).toBeUndefined();
  return JSON.stringify(edit.body);
}

async function throughHttp(url: string, name: string): Promise<string> {
  const delivery = await standIn.deliverHttp(url, payload(name));
  expect(delivery.http.status).toBe(200);
  expect(delivery.callback.error).toBeUndefined();
  return delivery.http.body;
}

async function editThroughHttp(url: string, name: string): Promise<string> {
  const delivery = await standIn.deliverHttp(url, payload(name));
  expect(delivery.http.status).toBe(200);
  const edit = await delivery.waitFor((r) => r.method === 'PATCH');
  expect(edit.error).toBeUndefined();
  return JSON.stringify(edit.body);
}

describe('the failure note', () => {
  it('is the same bytes whichever transport delivers it, and whichever part failed', async () => {
    const gatewayBody = await throughGateway('broken');
    // What the member reads: the note with the router's reference, ephemeral, pinging nobody.
    expect(JSON.parse(gatewayBody)).toEqual({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: failureText(REF), flags: 64, allowed_mentions: { parse: [] } },
    });

    const served = await endpoint({ router, passages: 0 });
    expect(await throughHttp(served, 'broken')).toBe(gatewayBody);

    // The router itself failing: the endpoint's last line answers with the router's note and id.
    const crashing = await endpoint({
      router: { referenceId: router.referenceId, handle: () => Promise.reject(new Error('router bug')) },
      passages: 0,
    });
    expect(await throughHttp(crashing, 'broken')).toBe(gatewayBody);
  });

  it('is the same edit of a deferred reply on both transports, and when the follow-up itself fails', async () => {
    const gatewayEdit = await editThroughGateway('broken-later');
    expect(JSON.parse(gatewayEdit)).toMatchObject({
      content: failureText(REF),
      allowed_mentions: { parse: [] },
      embeds: [],
      components: [],
    });

    const served = await endpoint({ router, passages: 0 });
    expect(await editThroughHttp(served, 'broken-later')).toBe(gatewayEdit);

    // A follow-up that rejects (the router's never do): the endpoint edits in the router's note.
    const rejecting = await endpoint({
      router: {
        referenceId: router.referenceId,
        handle: () =>
          Promise.resolve({
            response: { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: 64 } },
            followUp: () => Promise.reject(new Error('follow-up bug')),
          }),
      },
      passages: 0,
    });
    expect(await editThroughHttp(rejecting, 'broken-later')).toBe(gatewayEdit);
  });

  it('carries a fresh short reference by default', () => {
    const refs = new Set(Array.from({ length: 50 }, () => referenceId()));
    expect(refs.size).toBeGreaterThan(45);
    for (const ref of refs) expect(ref).toMatch(/^[0-9a-f]{6}$/);
    expect(failureText('abc123')).toContain('`abc123`');
  });
});

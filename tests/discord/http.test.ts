import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { assert, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, InteractionType, type APIInteraction } from 'discord-api-types/v10';
import { serveHttp, type HttpInteractionsServer, type ReadyState } from '../../src/discord/http.js';
import { createWebhookEditor } from '../../src/discord/webhook.js';
import { referenceId } from '../../src/discord/failure.js';
import { createRouter, type RouterResult } from '../../src/discord/router.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { ParleyIndex } from '../../src/search/index.js';
import { autocomplete, botMessage, button, chatInput } from '../support/interactions.js';
import { checkCallbackLimits } from '../support/limits.js';
import { validateRequestBody } from '../support/openapi-validator.js';
import { generateTestKeys, signedHeaders } from './signing.js';
import { allCommands } from '../../commands/index.js';

const keys = generateTestKeys();

/** Echoes what it was given so the tests can see the adapter passed the interaction through untouched. */
const echoRouter = {
  referenceId,
  handle(interaction: APIInteraction): Promise<RouterResult> {
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
      return Promise.resolve({
        response: {
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices: [{ name: 'rome', value: 'rome' }] },
        },
      });
    }
    if (interaction.type === InteractionType.MessageComponent) {
      return Promise.resolve({
        response: { type: InteractionResponseType.UpdateMessage, data: { content: `page of ${interaction.id}` } },
      });
    }
    const data = interaction.data as { name?: string } | undefined;
    if (data?.name === 'slow') {
      return Promise.resolve({
        response: { type: InteractionResponseType.DeferredChannelMessageWithSource },
        followUp: () => Promise.resolve({ content: `late answer for ${interaction.id}` }),
      });
    }
    if (data?.name === 'boom') return Promise.reject(new Error('handler bug'));
    return Promise.resolve({
      response: {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { content: `answer for ${interaction.id}`, allowed_mentions: { parse: [] } },
      },
    });
  },
};

function interaction(type: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `i${Math.random().toString(36).slice(2)}`,
    application_id: '100',
    token: 'tok-en',
    type,
    version: 1,
    ...extra,
  };
}

async function post(base: string, body: unknown, headers?: Record<string, string>): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${base}/interactions`, {
    method: 'POST',
    body: raw,
    headers: headers ?? signedHeaders(keys.privateKey, raw),
  });
}

/** Captures the webhook edits a deferred answer makes, as Discord's REST would receive them. */
function startWebhookCatcher(): Promise<{
  server: Server;
  api: string;
  edits: Array<{ path: string; body: unknown; auth: string | undefined }>;
}> {
  const edits: Array<{ path: string; body: unknown; auth: string | undefined }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      edits.push({
        path: `${req.method} ${decodeURIComponent(req.url ?? '')}`,
        body: JSON.parse(raw || 'null'),
        auth: req.headers.authorization,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: '1', content: '' }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, api: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, edits }),
    ),
  );
}

describe('HTTP interactions endpoint', () => {
  let http: HttpInteractionsServer;
  let release!: (state: ReadyState) => void;
  let catcher: Awaited<ReturnType<typeof startWebhookCatcher>>;

  beforeAll(async () => {
    catcher = await startWebhookCatcher();
    http = await serveHttp({
      publicKey: keys.publicKeyHex,
      port: 0,
      host: '127.0.0.1',
      ready: new Promise<ReadyState>((resolve) => (release = resolve)),
      followUps: createWebhookEditor({ api: catcher.api }),
    });
  });

  afterAll(async () => {
    await http.close();
    await new Promise((resolve) => catcher.server.close(resolve));
  });

  describe('before the index is loaded', () => {
    it('reports not ready on /healthz so a load balancer keeps traffic away', async () => {
      const res = await fetch(`${http.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false });
      expect(http.isReady()).toBe(false);
    });

    it('still answers PING, so the developer portal can verify the URL during start-up', async () => {
      const res = await post(http.url, { type: 1 });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ type: 1 });
    });

    it('asks Discord to retry commands later rather than failing them', async () => {
      const res = await post(http.url, interaction(2, { data: { name: 'ask' } }));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
    });
  });

  describe('once ready', () => {
    beforeAll(async () => {
      release({ router: echoRouter, passages: 42 });
      await new Promise((resolve) => setImmediate(resolve));
    });

    it('reports ready with the number of passages', async () => {
      const res = await fetch(`${http.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, passages: 42 });
    });

    it('answers PING with {"type":1}', async () => {
      const res = await post(http.url, { type: 1 });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.text()).toBe('{"type":1}');
    });

    it("answers a command inline with the router's message (type 4)", async () => {
      const body = interaction(2, { data: { name: 'ask' } });
      const res = await post(http.url, body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        type: 4,
        data: { content: `answer for ${String(body.id)}`, allowed_mentions: { parse: [] } },
      });
    });

    it('answers autocomplete with choices (type 8)', async () => {
      const res = await post(http.url, interaction(4, { data: { name: 'ask' } }));
      expect(await res.json()).toEqual({ type: 8, data: { choices: [{ name: 'rome', value: 'rome' }] } });
    });

    it('answers a button with an update of its message (type 7)', async () => {
      const body = interaction(3, { data: { custom_id: 'more', component_type: 2 } });
      const res = await post(http.url, body);
      expect(await res.json()).toEqual({ type: 7, data: { content: `page of ${String(body.id)}` } });
    });

    it('defers, then edits the original response through the webhook without a bot token', async () => {
      const body = interaction(2, { data: { name: 'slow' } });
      const res = await post(http.url, body);
      expect(await res.json()).toEqual({ type: 5 });
      // The REST client is loaded on the first deferred answer: allow for that on a busy machine.
      await expect.poll(() => catcher.edits.length, { timeout: 15_000 }).toBe(1);
      expect(catcher.edits[0]).toEqual({
        path: 'PATCH /api/v10/webhooks/100/tok-en/messages/@original',
        body: { content: `late answer for ${String(body.id)}` },
        auth: undefined,
      });
    });

    it('answers a router crash with a polite ephemeral note carrying a reference, not a 500', async () => {
      const res = await post(http.url, interaction(2, { data: { name: 'boom' } }));
      expect(res.status).toBe(200);
      const json = (await res.json()) as {
        type: number;
        data: { content: string; flags: number; allowed_mentions: unknown };
      };
      expect(json.type).toBe(4);
      expect(json.data.flags).toBe(64);
      expect(json.data.content).toMatch(/ref `[0-9a-f]{6}`/);
      expect(json.data.allowed_mentions).toEqual({ parse: [] });
    });
  });

  describe('refusals', () => {
    it('refuses a forged signature with 401 (Discord sends these on purpose to test endpoints)', async () => {
      const forger = generateTestKeys();
      const raw = JSON.stringify({ type: 1 });
      const res = await post(http.url, raw, signedHeaders(forger.privateKey, raw));
      expect(res.status).toBe(401);
    });

    it('refuses a missing or malformed signature with 401 before looking at the body', async () => {
      const noSig = await post(http.url, 'not json at all', { 'content-type': 'application/json' });
      expect(noSig.status).toBe(401);
      const bad = await post(http.url, 'not json at all', {
        'content-type': 'application/json',
        'x-signature-ed25519': 'abc',
        'x-signature-timestamp': String(Math.floor(Date.now() / 1000)),
      });
      expect(bad.status).toBe(401);
    });

    it('refuses a correctly signed request whose timestamp is more than five minutes old', async () => {
      const raw = JSON.stringify({ type: 1 });
      const stale = String(Math.floor(Date.now() / 1000) - 301);
      const res = await post(http.url, raw, signedHeaders(keys.privateKey, raw, stale));
      expect(res.status).toBe(401);
    });

    it('refuses a body over 64 KB with 413 (declared length)', async () => {
      const raw = JSON.stringify({ type: 1, pad: 'x'.repeat(64 * 1024) });
      const res = await post(http.url, raw);
      expect(res.status).toBe(413);
    });

    it('refuses a body over 64 KB with 413 when it arrives chunked, without reading it all', async () => {
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
        let sent = 0;
        const req = request(
          `${http.url}/interactions`,
          { method: 'POST', headers: signedHeaders(keys.privateKey, 'ignored') },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, sent });
          },
        );
        req.on('error', reject);
        const pump = (): void => {
          // Far more than the cap; the server must answer before all of it is sent.
          while (sent < 64 * 1024 * 1024 && req.write(chunk)) sent += chunk.length;
          if (sent < 64 * 1024 * 1024) req.once('drain', pump);
          else req.end();
        };
        pump();
      });
      expect(status).toBe(413);
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    });

    it('refuses a signed body that is not declared as JSON with 415', async () => {
      const raw = JSON.stringify({ type: 1 });
      const res = await post(http.url, raw, { ...signedHeaders(keys.privateKey, raw), 'content-type': 'text/plain' });
      expect(res.status).toBe(415);
    });

    it('accepts a JSON content type with a charset parameter', async () => {
      const raw = JSON.stringify({ type: 1 });
      const res = await post(http.url, raw, {
        ...signedHeaders(keys.privateKey, raw),
        'content-type': 'application/json; charset=utf-8',
      });
      expect(res.status).toBe(200);
    });

    it('refuses signed malformed JSON with 400', async () => {
      const res = await post(http.url, '{"type":1');
      expect(res.status).toBe(400);
    });

    it('refuses signed JSON that is not an interaction with 400', async () => {
      for (const body of ['[]', 'null', '{"type":99}', '{"type":2}']) {
        const res = await post(http.url, body);
        expect(res.status, body).toBe(400);
      }
    });

    it('answers other methods on /interactions with 405 and an Allow header', async () => {
      const res = await fetch(`${http.url}/interactions`);
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      const del = await fetch(`${http.url}/healthz`, { method: 'DELETE' });
      expect(del.status).toBe(405);
      expect(del.headers.get('allow')).toBe('GET, HEAD');
    });

    it('answers unknown paths with 404', async () => {
      expect((await fetch(`${http.url}/`)).status).toBe(404);
      const raw = JSON.stringify({ type: 1 });
      const nested = await fetch(`${http.url}/interactions/extra`, {
        method: 'POST',
        body: raw,
        headers: signedHeaders(keys.privateKey, raw),
      });
      expect(nested.status).toBe(404);
    });

    it('keeps serving after all of the above', async () => {
      const res = await post(http.url, { type: 1 });
      expect(res.status).toBe(200);
    });
  });
});

describe('HTTP interactions endpoint with the real router on the seed corpus', () => {
  let http: HttpInteractionsServer;

  beforeAll(async () => {
    const corpus = await loadCorpus(fileURLToPath(new URL('../../corpus', import.meta.url)));
    const index = ParleyIndex.build(corpus);
    const router = createRouter({
      getSearcher: () => index,
      commands: allCommands,
      logger: pino({ enabled: false }),
      version: 'test',
      // Every test here is the same member; the cooldown has its own tests.
      settings: { cooldownSeconds: 0 },
    });
    http = await serveHttp({
      publicKey: keys.publicKeyHex,
      port: 0,
      host: '127.0.0.1',
      ready: { router, passages: corpus.passages.length },
    });
  });

  afterAll(async () => {
    await http.close();
  });

  /** What Discord would say about this body as an interaction callback: schema and documented limits. */
  function discordObjections(body: unknown): unknown[] {
    return [...validateRequestBody('POST', '/interactions/1/token/callback', body), ...checkCallbackLimits(body)];
  }

  async function exchange(
    payload: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> & { type: number; data: Record<string, unknown> } }> {
    const res = await post(http.url, payload);
    return { status: res.status, body: (await res.json()) as never };
  }

  it('answers /ask inline with embeds headed by the heading path, within every Discord limit', async () => {
    const { status, body } = await exchange(chatInput('ask', { question: 'why do they keep meeting in Rome?' }));
    expect(status).toBe(200);
    expect(body.type).toBe(4);
    const embeds = body.data.embeds as Array<{ title?: string }>;
    expect(embeds.length).toBeGreaterThan(0);
    // The Rome section is where the brief explains the venue; its heading must head the answer.
    expect(embeds.some((e) => e.title?.includes('Rome: A Recurring Venue for Critical Negotiations'))).toBe(true);
    expect(body.data.allowed_mentions).toBeDefined();
    expect(discordObjections(body)).toEqual([]);
  });

  it('answers autocomplete with at most 25 choices (type 8) that Discord accepts', async () => {
    const { status, body } = await exchange(autocomplete('ask', { question: 'enrich' }, { focused: 'question' }));
    expect(status).toBe(200);
    expect(body.type).toBe(8);
    const list = body.data.choices as Array<{ name: string; value: string }>;
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(25);
    expect(discordObjections(body)).toEqual([]);
  });

  it('answers a "More results" button by updating its message (type 7)', async () => {
    const first = await exchange(chatInput('ask', { question: 'nuclear program', results: 1 }));
    const rows = (first.body.data.components ?? []) as Array<{
      components: Array<{ custom_id?: string; label?: string }>;
    }>;
    const more = rows.flatMap((r) => r.components).find((c) => c.custom_id && /more/i.test(c.label ?? ''));
    const moreId = more?.custom_id;
    assert.exists(moreId);
    const clicked = button(moreId, botMessage({ embeds: first.body.data.embeds, components: rows }));
    const { status, body } = await exchange(clicked);
    expect(status).toBe(200);
    expect(body.type).toBe(7);
    expect(body.data.embeds).not.toEqual(first.body.data.embeds);
    expect(discordObjections(body)).toEqual([]);
  });

  it('answers a question the corpus cannot answer with a polite ephemeral reply, not an error', async () => {
    const { status, body } = await exchange(chatInput('ask', { question: 'zxqv wvvj qqqz' }));
    expect(status).toBe(200);
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(discordObjections(body)).toEqual([]);
  });

  it('refuses the same /ask when its signature was made by someone else', async () => {
    const raw = JSON.stringify(chatInput('ask', { question: 'why Rome?' }));
    const res = await post(http.url, raw, signedHeaders(generateTestKeys().privateKey, raw));
    expect(res.status).toBe(401);
  });
});

describe('shutting down', () => {
  it('lets a request in flight finish before closing its connection', async () => {
    let entered!: () => void;
    const handling = new Promise<void>((resolve) => (entered = resolve));
    const slowRouter = {
      referenceId,
      async handle(): Promise<RouterResult> {
        entered();
        await new Promise((resolve) => setTimeout(resolve, 200));
        return {
          response: {
            type: InteractionResponseType.ChannelMessageWithSource,
            data: { content: 'finished', allowed_mentions: { parse: [] } },
          },
        };
      },
    };
    const http = await serveHttp({
      publicKey: keys.publicKeyHex,
      port: 0,
      host: '127.0.0.1',
      ready: { router: slowRouter, passages: 1 },
    });
    const answer = post(http.url, interaction(2, { data: { name: 'ask' } }));
    await handling;
    const closing = http.close();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { content: 'finished' } });
    await closing;
    await expect(fetch(`${http.url}/healthz`)).rejects.toThrow();
  });
});

describe('clients that hang up', () => {
  it('forgets an upload abandoned halfway without logging an error, and keeps serving', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const http = await serveHttp({
      publicKey: keys.publicKeyHex,
      port: 0,
      host: '127.0.0.1',
      ready: { router: echoRouter, passages: 1 },
      logger,
    });
    try {
      await new Promise<void>((resolve) => {
        const req = request(`${http.url}/interactions`, {
          method: 'POST',
          headers: { ...signedHeaders(keys.privateKey, 'x'.repeat(1000)), 'content-length': '1000' },
        });
        req.on('error', () => resolve());
        req.write('{"type":1,', () => setTimeout(() => req.destroy(), 50));
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const res = await post(http.url, { type: 1 });
      expect(res.status).toBe(200);
      const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
      expect(errors).toEqual([]);
    } finally {
      await http.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, verify } from 'node:crypto';
import { startStandIn } from '../support/stand-in.js';
import type { StandIn } from '../support/stand-in.js';
import { chatInput } from '../support/interactions.js';

/**
 * A minimal interactions endpoint written from Discord's docs (not Parley's): verify the
 * signature, answer PING with PONG, defer commands and finish them through the webhook.
 */
let standIn: StandIn;
let endpoint: Server;
let url: string;
let answer: (interaction: { type: number; token: string; application_id: string }) => unknown;

beforeAll(async () => {
  standIn = await startStandIn();
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(standIn.publicKey, 'hex').toString('base64url') },
    format: 'jwk',
  });
  endpoint = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const signature = String(req.headers['x-signature-ed25519'] ?? '');
      const timestamp = String(req.headers['x-signature-timestamp'] ?? '');
      if (
        !/^[0-9a-f]{128}$/.test(signature) ||
        !verify(null, Buffer.from(timestamp + body), key, Buffer.from(signature, 'hex'))
      ) {
        res.writeHead(401).end('invalid request signature');
        return;
      }
      const interaction = JSON.parse(body) as { type: number; token: string; application_id: string };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(interaction.type === 1 ? { type: 1 } : answer(interaction)));
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/interactions`;
});

afterAll(async () => {
  endpoint.closeAllConnections();
  await new Promise((resolve) => endpoint.close(resolve));
  await standIn.close();
});

describe('HTTP interactions delivery', () => {
  it('signs PINGs so a checking endpoint answers PONG, and a wrong signature gets 401', async () => {
    expect(await standIn.pingHttp(url)).toMatchObject({ status: 200, body: '{"type":1}' });
    expect((await standIn.pingHttp(url, { signature: 'wrong' })).status).toBe(401);
    expect((await standIn.pingHttp(url, { signature: 'missing' })).status).toBe(401);
  });

  it('takes the endpoint answer as the first response and lets the webhook finish it', async () => {
    answer = () => ({ type: 5 });
    const delivery = await standIn.deliverHttp(url, chatInput('ask', { question: 'q' }));
    expect(delivery.callback).toMatchObject({ status: 204, transport: 'http-response', body: { type: 5 } });
    const edit = await fetch(
      `${standIn.apiUrl}/v10/webhooks/${standIn.applicationId}/${delivery.token}/messages/%40original`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'done', allowed_mentions: { parse: [] } }),
      },
    );
    expect(edit.status).toBe(200);
    expect(delivery.original()).toMatchObject({ content: 'done', flags: 0 });
    expect((await delivery.response()).transport).toBe('http-response');
  });

  it('judges an endpoint answer like a REST callback: limits apply', async () => {
    answer = () => ({ type: 4, data: { content: 'x'.repeat(2001) } });
    const delivery = await standIn.deliverHttp(url, chatInput('ask', { question: 'q' }));
    expect(delivery.callback.error).toMatchObject({ code: 50035, paths: ['data.content'] });
    expect(delivery.record.acknowledged).toBeUndefined();
  });
});

describe('signing keys', () => {
  it('derives the same public key from the same seed', async () => {
    const seed = 'ab'.repeat(32);
    const [a, b] = await Promise.all([
      startStandIn({ signingSeed: seed, warmUp: false }),
      startStandIn({ signingSeed: seed, warmUp: false }),
    ]);
    try {
      expect(a.publicKey).toMatch(/^[0-9a-f]{64}$/);
      expect(b.publicKey).toBe(a.publicKey);
      expect(a.publicKey).not.toBe(standIn.publicKey);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

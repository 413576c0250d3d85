/**
 * `PARLEY_MODE=http npm start` end to end: the real entry (compiled, as `npm start` runs it) serves the Interactions
 * Endpoint, and the Discord stand-in POSTs signed interactions to it as Discord would, checking
 * each answer against Discord's spec and limits as if it were an interaction callback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../support/free-port.js';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn, type StandIn } from '../support/stand-in.js';
import { autocomplete, chatInput } from '../support/interactions.js';
import { MAIN } from '../support/dist.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('PARLEY_MODE=http npm start', () => {
  let standIn: StandIn;
  let bot: ChildProcess;
  let output = '';
  let endpoint: string;
  let base: string;

  beforeAll(async () => {
    standIn = await startStandIn();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    endpoint = `${base}/interactions`;
    bot = spawn(process.execPath, [MAIN], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PARLEY_MODE: 'http',
        PORT: String(port),
        DISCORD_PUBLIC_KEY: standIn.publicKey,
        DISCORD_API_URL: standIn.apiUrl,
        DISCORD_CLIENT_ID: standIn.applicationId,
        DISCORD_TOKEN: '',
        CORPUS_DIR: 'corpus',
        COOLDOWN_SECONDS: '0',
        LOG_LEVEL: 'info',
      },
    });
    bot.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    bot.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (bot.exitCode !== null) throw new Error(`the bot exited with ${bot.exitCode}:\n${output}`);
      const ready = await fetch(`${base}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`no 200 from /healthz within 60 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    if ((bot as ChildProcess | undefined)?.exitCode === null && bot.signalCode === null) {
      bot.kill('SIGKILL');
      await once(bot, 'exit');
    }
    await standIn.close();
  });

  it('passes the PING Discord sends when the endpoint URL is saved', async () => {
    const pong = await standIn.pingHttp(endpoint);
    expect(pong.status).toBe(200);
    expect(JSON.parse(pong.body)).toEqual({ type: 1 });
  });

  it('fails the forged and replayed PINGs Discord also sends, with 401', async () => {
    expect((await standIn.pingHttp(endpoint, { signature: 'wrong' })).status).toBe(401);
    expect((await standIn.pingHttp(endpoint, { signature: 'missing' })).status).toBe(401);
    expect((await standIn.pingHttp(endpoint, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
  });

  it('answers /ask within the 3-second window with an answer Discord accepts', async () => {
    const delivery = await standIn.deliverHttp(
      endpoint,
      chatInput('ask', { question: 'why do they keep meeting in Rome?' }, standIn.context),
    );
    expect(delivery.http.status).toBe(200);
    expect(delivery.callback.error, JSON.stringify(delivery.callback.error)).toBeUndefined();
    const body = delivery.callback.body as { type: number; data: { embeds: Array<{ title?: string }> } };
    expect(body.type).toBe(4);
    expect(body.data.embeds.some((e) => e.title?.includes('Rome'))).toBe(true);
    expect(delivery.http.ms).toBeLessThan(3_000);
  });

  it('answers autocomplete with choices Discord accepts', async () => {
    const delivery = await standIn.deliverHttp(
      endpoint,
      autocomplete('ask', { question: 'nucl' }, { ...standIn.context, focused: 'question' }),
    );
    expect(delivery.http.status).toBe(200);
    expect(delivery.callback.error, JSON.stringify(delivery.callback.error)).toBeUndefined();
    expect((delivery.callback.body as { type: number }).type).toBe(8);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = once(bot, 'exit');
    bot.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code, output).toBe(0);
  });
});

/**
 * The compiled bot as a supervisor runs it (`node dist/src/main.js`, and `npm start`): a signal
 * goes to the one PID the supervisor holds — never to a process group — and afterwards no process
 * of the bot is left and its port is free. SIGHUP reloads, SIGUSR2 is ignored, and HTTP mode
 * never loads discord.js. Each bot runs in its own process group only so the test can see every
 * process it left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeepAliveLoad } from './discord/keep-alive-clients.js';
import { generateTestKeys } from './discord/signing.js';
import { MAIN, ROOT } from './support/dist.js';
import { alive } from './support/processes.js';
import { freePort } from './support/free-port.js';
import { chatInput } from './support/interactions.js';
import { startStandIn, type StandIn } from './support/stand-in.js';

interface Bot {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first log line whose `msg` matches. */
  line(msg: string | RegExp, boundMs?: number): Promise<Record<string, unknown>>;
}

function start(command: string, args: string[], env: Record<string, string>): Bot {
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CORPUS_DIR: 'corpus', COOLDOWN_SECONDS: '0', LOG_LEVEL: 'info', DISCORD_TOKEN: '', ...env },
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const lines = () =>
    text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child,
    output: () => text,
    async line(msg, boundMs = 60_000) {
      const deadline = Date.now() + boundMs;
      for (;;) {
        const found = lines().find((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(String(l.msg))));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no "${String(msg)}" line within ${boundMs} ms:\n${text.slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** Whether any process of the group led by `pgid` is still alive. */
const groupAlive = (pgid: number): boolean => alive(-pgid);

async function waitUntil(check: () => boolean | Promise<boolean>, boundMs: number): Promise<boolean> {
  const deadline = Date.now() + boundMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/** True when nothing listens on `port` any more (it can be bound again). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

const bots: Bot[] = [];
afterAll(() => {
  for (const bot of bots)
    if (bot.child.pid !== undefined && groupAlive(bot.child.pid)) process.kill(-bot.child.pid, 'SIGKILL');
});

async function scrape(
  url: string,
): Promise<Map<string, { type: string; metrics: Array<{ labels?: Record<string, string>; value?: string }> }>> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = parsePrometheusTextFormat(await res.text());
  return new Map(families.map((f) => [f.name, f]));
}

describe('HTTP mode (node dist/src/main.js)', () => {
  const keys = generateTestKeys();
  let bot: Bot;
  let port: number;
  let base: string;

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The preload makes any import of discord.js throw: the bot must start and answer without it.
    bot = start(process.execPath, ['--import', join(ROOT, 'tests/support/deny-discord-js.mjs'), MAIN], {
      PARLEY_MODE: 'http',
      PORT: String(port),
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    });
    bots.push(bot);
    const ready = await bot.line('ready');
    expect(ready.pid).toBe(bot.child.pid);
  });

  it('starts, answers and serves /healthz and /metrics without ever loading discord.js', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, passages: expect.any(Number) });
    const families = await scrape(`${base}/metrics`);
    expect(Number(families.get('parley_index_passages')?.metrics[0]?.value)).toBeGreaterThan(0);
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
    expect(bot.output()).not.toContain('discord.js was imported');
  });

  it('reloads the corpus on SIGHUP and ignores SIGUSR2, staying up', async () => {
    process.kill(pidOf(bot.child), 'SIGHUP');
    await bot.line('reloading the corpus', 10_000);
    await bot.line(/^(Reloaded|Unchanged)/, 30_000);
    process.kill(pidOf(bot.child), 'SIGUSR2');
    await bot.line(/^SIGUSR2 ignored/, 10_000);
    expect(bot.child.exitCode).toBeNull();
    const families = await scrape(`${base}/metrics`);
    const reloads = families.get('parley_index_reloads_total')?.metrics.find((m) => m.labels?.result === 'reloaded');
    expect(Number(reloads?.value)).toBe(1);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('on SIGTERM answers every request already sent by 16 keep-alive clients (no reset), exits 0, leaves no process and frees the port', async () => {
    const load = startKeepAliveLoad(`${base}/interactions`, keys.privateKey, 16);
    expect(await waitUntil(() => load.outcome.answered >= 100, 30_000)).toBe(true);
    const exited = once(bot.child, 'exit');
    load.markStopping();
    process.kill(pidOf(bot.child), 'SIGTERM');
    await load.done;
    const [code] = (await exited) as [number | null];
    expect(code, bot.output().slice(-2000)).toBe(0);
    expect(load.outcome).toMatchObject({ reset: 0, other: [], refused: 16 });
    // Clients were told to close (answers sent before the signal arrived have no reason to say so).
    expect(load.outcome.closeHeaders).toBeGreaterThan(0);
    expect(await waitUntil(() => !groupAlive(pidOf(bot.child)), 10_000)).toBe(true);
    expect(await portFree(port)).toBe(true);
  }, 90_000);
});

describe('npm start', () => {
  it('is one node process: SIGTERM to the PID npm start created stops the bot and frees the port', async () => {
    const keys = generateTestKeys();
    const port = await freePort();
    const npm = start('npm', ['start', '--silent'], {
      PARLEY_MODE: 'http',
      PORT: String(port),
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    });
    bots.push(npm);
    const ready = await npm.line('ready', 120_000);
    const botPid = Number(ready.pid);
    // npm runs node itself (`exec`), with no shell in between to swallow the signal.
    expect(botPid).not.toBe(npm.child.pid);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    process.kill(pidOf(npm.child), 'SIGTERM');
    await npm.line('stopped', 15_000);
    expect(await waitUntil(() => !alive(botPid) && !groupAlive(pidOf(npm.child)), 15_000)).toBe(true);
    expect(await portFree(port)).toBe(true);
  }, 180_000);
});

describe('gateway mode (node dist/src/main.js)', () => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });

  /** The compiled bot in gateway mode against the stand-in, serving /healthz and /metrics on `metricsPort`. */
  const startGatewayBot = (metricsPort: number) => {
    const bot = start(process.execPath, [MAIN], {
      PARLEY_MODE: 'gateway',
      DISCORD_TOKEN: standIn.token,
      DISCORD_API_URL: standIn.apiUrl,
      DISCORD_CLIENT_ID: standIn.applicationId,
      METRICS_PORT: String(metricsPort),
    });
    bots.push(bot);
    return bot;
  };

  it('serves /healthz and /metrics on METRICS_PORT, answers an /ask in flight at SIGTERM, then exits 0 with no process left and the port free', async () => {
    const metricsPort = await freePort();
    const bot = startGatewayBot(metricsPort);
    await bot.line('ready');
    const status = `http://127.0.0.1:${metricsPort}`;
    expect(await waitUntil(async () => (await fetch(`${status}/healthz`)).status === 200, 10_000)).toBe(true);

    const asked = await standIn.sendInteraction(
      chatInput('ask', { question: 'why do they keep meeting in Rome?' }, standIn.context),
    );
    const exited = once(bot.child, 'exit');
    process.kill(pidOf(bot.child), 'SIGTERM');
    const callback = await asked.response(10_000);
    expect(callback.status, JSON.stringify(callback.error ?? callback.body)).toBeLessThan(300);
    const [code] = (await exited) as [number | null];
    expect(code, bot.output().slice(-2000)).toBe(0);
    expect(await waitUntil(() => !groupAlive(pidOf(bot.child)), 10_000)).toBe(true);
    expect(await portFree(metricsPort)).toBe(true);
  }, 120_000);

  it('reports not ready on /healthz while the gateway is not connected, and counts interactions in /metrics', async () => {
    const metricsPort = await freePort();
    const bot = startGatewayBot(metricsPort);
    await bot.line('ready');
    const status = `http://127.0.0.1:${metricsPort}`;
    const handle = await standIn.sendInteraction(
      chatInput('ask', { question: 'why do they keep meeting in Rome?' }, standIn.context),
    );
    await handle.response(10_000);
    const families = await scrape(`${status}/metrics`);
    const asks = families.get('parley_interactions_total')?.metrics.filter((m) => m.labels?.command === 'ask') ?? [];
    expect(asks.reduce((sum, m) => sum + Number(m.value), 0)).toBe(1);

    // Dropped, session lost: not ready until re-identified (discord.js waits ~5 s), then ready again, one reconnect counted.
    const resumed = standIn.dropGateway(0, 'invalidate', 30_000);
    expect(await waitUntil(async () => (await fetch(`${status}/healthz`)).status === 503, 10_000)).toBe(true);
    await resumed;
    expect(await waitUntil(async () => (await fetch(`${status}/healthz`)).status === 200, 20_000)).toBe(true);
    const after = await scrape(`${status}/metrics`);
    expect(Number(after.get('parley_gateway_reconnects_total')?.metrics[0]?.value)).toBeGreaterThanOrEqual(1);

    process.kill(pidOf(bot.child), 'SIGTERM');
    await once(bot.child, 'exit');
  }, 120_000);
});

/** The process id of a child that started (spawn leaves it unset when it could not). */
function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('the process did not start');
  return child.pid;
}

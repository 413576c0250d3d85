/**
 * `npm run start:sharded` end to end: the real manager (compiled, as `npm run start:sharded` runs
 * it) forks the compiled bot entry once per shard, and each shard process logs in to the Discord stand-in and answers the
 * interactions of its own guilds. Every process the test starts is in its own process group,
 * so the test can prove that none is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { assert, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn, type StandIn } from '../support/stand-in.js';
import { chatInput } from '../support/interactions.js';
import { SHARDED } from '../support/dist.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Manager {
  child: ChildProcess;
  output: () => string;
}

function startManager(standIn: StandIn, env: Record<string, string> = {}): Manager {
  const child = spawn(process.execPath, [SHARDED], {
    cwd: root,
    // A new process group: the shards it forks join it, so the whole tree can be checked and killed.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PARLEY_MODE: 'gateway',
      DISCORD_TOKEN: standIn.token,
      DISCORD_API_URL: standIn.apiUrl,
      DISCORD_CLIENT_ID: standIn.applicationId,
      CORPUS_DIR: 'corpus',
      COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'info',
      SHARD_COUNT: '',
      SHARD_LIST: '',
      ...env,
    },
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text };
}

/** Whether any process of the group led by `pgid` is still alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when nothing listens on `port` any more. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Two consecutive free ports: shard N serves /healthz on METRICS_PORT + N. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no two consecutive free ports');
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

function killGroup(manager: Manager | undefined): void {
  const pid = manager?.child.pid;
  if (pid !== undefined && groupAlive(pid)) process.kill(-pid, 'SIGKILL');
}

describe('npm run start:sharded', () => {
  let standIn: StandIn;
  let manager: Manager | undefined;

  beforeAll(async () => {
    standIn = await startStandIn({ shards: 2, maxConcurrency: 2, heartbeatIntervalMs: 1_000, shardWaitMs: 90_000 });
  });

  let hosts: Manager[] = [];

  afterAll(async () => {
    killGroup(manager);
    for (const host of hosts) killGroup(host);
    await standIn.close();
  });

  it('runs one process per shard, each answering /ask in its own guilds and /healthz on its own port, and stops them all on SIGTERM', async () => {
    const metricsPort = await freePortPair();
    manager = startManager(standIn, { METRICS_PORT: String(metricsPort) });
    const pid = manager.child.pid;
    assert.exists(pid);
    await standIn.waitForShards(2, 90_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- manager output ---\n${manager?.output()}`);
    });

    // The manager asked the stand-in (DISCORD_API_URL), not discord.com, how many shards to run.
    expect(standIn.captured.some((r) => r.method === 'GET' && r.path.endsWith('/gateway/bot'))).toBe(true);
    const identified = standIn.gateway.identifies.map((i) => (i as { shard?: unknown }).shard);
    expect(identified).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );

    for (const shard of [0, 1]) {
      const guild = standIn.guilds.find((g) => standIn.gateway.shardFor(g.id) === shard);
      assert.exists(guild, `a guild on shard ${shard}`);
      const [channelId] = guild.channelIds;
      assert.exists(channelId);
      const handle = await standIn.sendInteraction(
        chatInput(
          'ask',
          { question: 'why do they keep meeting in Rome?' },
          { ...standIn.context, guildId: guild.id, channelId },
        ),
      );
      expect(handle.shardId).toBe(shard);
      const callback = await handle.response(10_000);
      expect(callback.status, JSON.stringify(callback.error ?? callback.body)).toBeLessThan(300);
      const body = callback.body as { type: number; data: { embeds: Array<{ title?: string }> } };
      expect(body.type).toBe(4);
      expect(body.data.embeds.some((e) => e.title?.includes('Rome'))).toBe(true);
    }

    for (const port of [metricsPort, metricsPort + 1]) {
      const healthy = () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        );
      expect(await waitUntil(healthy, 10_000), `shard /healthz on ${port}`).toBe(true);
    }

    // To the manager's PID only: it stops its shards.
    process.kill(pid, 'SIGTERM');
    const [code] = (await once(manager.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(await waitUntil(() => !groupAlive(pid), 15_000)).toBe(true);
    expect(await portFree(metricsPort)).toBe(true);
    expect(await portFree(metricsPort + 1)).toBe(true);
  }, 180_000);

  it('stops shard processes on their own when their manager is killed outright', async () => {
    manager = startManager(standIn);
    const pid = manager.child.pid;
    assert.exists(pid);
    const before = standIn.gateway.identifies.length;
    await waitUntil(() => standIn.gateway.identifies.length >= before + 2, 90_000);
    expect(standIn.gateway.identifies.length - before, manager.output()).toBe(2);

    // SIGKILL: the manager cannot stop anything; each shard must notice and leave by itself.
    process.kill(pid, 'SIGKILL');
    await once(manager.child, 'exit');
    expect(await waitUntil(() => !groupAlive(pid), 20_000)).toBe(true);
  }, 180_000);

  it('splits the shards between hosts with the same SHARD_COUNT and a SHARD_LIST each', async () => {
    const before = standIn.gateway.identifies.length;
    // Two "machines": each runs one of the two shards.
    hosts = [
      startManager(standIn, { SHARD_COUNT: '2', SHARD_LIST: '0' }),
      startManager(standIn, { SHARD_COUNT: '2', SHARD_LIST: '1' }),
    ];
    await waitUntil(() => standIn.gateway.identifies.length >= before + 2, 90_000);
    const identified = standIn.gateway.identifies.slice(before).map((i) => (i as { shard?: unknown }).shard);
    expect(identified, hosts.map((h) => h.output()).join('\n')).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(identified).toHaveLength(2);

    for (const host of hosts) {
      const exited = once(host.child, 'exit');
      const { pid } = host.child;
      assert.exists(pid);
      process.kill(pid, 'SIGTERM');
      expect((await exited)[0]).toBe(0);
      expect(await waitUntil(() => !groupAlive(pid), 15_000)).toBe(true);
    }
  }, 180_000);
});

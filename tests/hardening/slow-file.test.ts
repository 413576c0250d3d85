/**
 * A corpus file that takes long to parse cannot freeze the bot: reading and parsing run in a
 * worker thread, and a file over the per-file budget is skipped with a warning naming it. The real
 * bot (`npm start`) against the stand-in, with the budget made small and the slow file merely large,
 * so this holds whatever the parser: while the file is dropped into the watched folder every
 * member's `/ask` gets its first response inside Discord's window, and during an HTTP-mode start
 * with the file already there the endpoint keeps answering PING and `/healthz`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput } from '../support/interactions.js';
import { freePort } from '../support/free-port.js';
import { startStandIn, type InteractionHandle, type StandIn } from '../support/stand-in.js';
import { accepted, botEnv, freshUser, root, startStack, type Bot } from '../e2e/harness.js';
import { slowDocument } from '../engine/support.js';

/** Per-file parse budget for these runs: the seed parses in milliseconds, the slow document in seconds. */
const BUDGET = { CORPUS_PARSE_TIMEOUT: '1', CORPUS_MAX_FILE_MB: '64' };

describe('a slow file dropped into the watched folder of a running gateway bot', () => {
  let dir: string;
  let standIn: StandIn;
  let bot: Bot;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-slow-'));
    cpSync(join(root, 'corpus'), dir, { recursive: true });
    ({ standIn, bot } = await startStack({
      CORPUS_DIR: dir,
      CORPUS_WATCH: 'true',
      COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'info',
      ...BUDGET,
    }));
  }, 90_000);

  afterAll(async () => {
    await (bot as Bot | undefined)?.stop();
    await (standIn as StandIn | undefined)?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering every member while it is loaded, and skips it with a warning naming it', async () => {
    const handles: InteractionHandle[] = [];
    let asking = true;
    const ask = async () => {
      while (asking) {
        handles.push(
          await standIn.sendInteraction(
            chatInput(
              'ask',
              { question: 'why do they keep meeting in Rome?' },
              { ...standIn.context, user: freshUser() },
            ),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const asked = ask();
    // Written beside the folder's files under a hidden name, then renamed in: one change event.
    writeFileSync(join(dir, '.archive.md.part'), slowDocument());
    renameSync(join(dir, '.archive.md.part'), join(dir, 'archive.md'));
    const warning = await bot.waitForLine(
      (l) => l.level === 40 && String(l.msg).startsWith('archive.md: took longer than'),
      60_000,
    );
    // Without the skipped file the folder gives the passages already served.
    const reloaded = await bot.waitForLine((l) => /^(Reloaded|Unchanged): /.test(String(l.msg)), 60_000);
    // A few more questions after the reload, then stop.
    const after = handles.length;
    while (handles.length < after + 5) await new Promise((resolve) => setTimeout(resolve, 50));
    asking = false;
    await asked;
    expect(warning.msg).toMatch(/skipped/);
    expect(reloaded.msg).toMatch(/^Unchanged: 1 document,/);
    expect(handles.length).toBeGreaterThan(10);
    for (const handle of handles) {
      const body = await accepted(handle);
      expect(body.data?.embeds?.[0]?.title).toMatch(/Rome/);
    }
  }, 120_000);
});

describe('an HTTP-mode start with a slow file in the corpus folder', () => {
  let dir: string;
  let standIn: StandIn;
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-slow-http-'));
    cpSync(join(root, 'corpus'), dir, { recursive: true });
    writeFileSync(join(dir, 'archive.md'), slowDocument());
    standIn = await startStandIn();
  });

  afterAll(async () => {
    if ((child as ChildProcess | undefined)?.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await (standIn as StandIn | undefined)?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers PING and /healthz throughout the load, then serves the rest without the slow file', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...botEnv(standIn, {
          PARLEY_MODE: 'http',
          PORT: String(port),
          DISCORD_PUBLIC_KEY: standIn.publicKey,
          DISCORD_TOKEN: '',
          CORPUS_DIR: dir,
          LOG_LEVEL: 'info',
          ...BUDGET,
        }),
      },
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A load balancer's health check gives up after 5 s (the usual default): an answer that late
    // counts as none. Parsing the slow file on the main thread stalls far longer than that.
    const health = () => fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status);
    // Wait until the endpoint listens (it does before the corpus is loaded).
    let status = 0;
    for (let tries = 0; status === 0; tries++) {
      if (child.exitCode !== null) throw new Error(`the bot exited:\n${output}`);
      if (tries > 600) throw new Error(`the endpoint never listened:\n${output}`);
      status = await health().catch(() => 0);
      if (status === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const during: number[] = [];
    let pings = 0;
    while (status === 503) {
      const ping = await standIn.deliverHttp(`${base}/interactions`, {
        id: `${Date.now()}${pings}`,
        application_id: standIn.applicationId,
        type: 1,
        token: `ping-token-${pings}`,
        version: 1,
      } as never);
      expect(ping.http.status, output.slice(-2000)).toBe(200);
      pings++;
      status = await health();
      during.push(status);
    }
    expect(pings).toBeGreaterThan(0);
    expect(during.every((s) => s === 503 || s === 200)).toBe(true);
    expect(status).toBe(200);
    expect(output).toMatch(/archive\.md: took longer than 1 s to parse; skipped/);
    const delivery = await standIn.deliverHttp(
      `${base}/interactions`,
      chatInput('ask', { question: 'why do they keep meeting in Rome?' }, standIn.context),
    );
    expect(delivery.http.status).toBe(200);
    expect(delivery.callback.error, JSON.stringify(delivery.callback.error)).toBeUndefined();
  }, 120_000);
});

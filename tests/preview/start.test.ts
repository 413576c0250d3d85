/**
 * `npm start` picks the preview only when neither a token nor PARLEY_MODE is set; the preview
 * answers this machine alone; Ctrl-C stops all of it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, startPreview, type Preview } from '../browser/driver.js';

/** Resolves with the socket error code of connecting to host:port, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** GET path on the preview with a chosen Host header (fetch cannot set one). */
function getWithHost(port: number, host: string, path = '/api/state'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

describe('npm start with PARLEY_MODE=gateway and no token', () => {
  it('exits 1 with the one-line error, and starts no preview', async () => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...process.env, PARLEY_MODE: 'gateway', DISCORD_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^parley: DISCORD_TOKEN is not set: .*Reset Token.*cp \.env\.example \.env/),
    ]);
    expect(stdout).not.toContain('preview at');
  });
});

describe('the preview', () => {
  let preview: Preview;
  let port: number;

  beforeAll(async () => {
    preview = await startPreview({ env: { CORPUS_WATCH: 'false' } });
    port = Number(new URL(preview.url).port);
  }, 90_000);

  afterAll(async () => {
    await (preview as Preview | undefined)?.stop();
  });

  it('names the preview in its ready line (the bot inside runs in gateway mode, but that is not what was started)', async () => {
    const deadline = Date.now() + 30_000;
    let ready: { mode?: string } | undefined;
    while (ready === undefined && Date.now() < deadline) {
      const line = preview
        .output()
        .split('\n')
        .find((l) => l.startsWith('{') && l.includes('"msg":"ready"'));
      if (line !== undefined) ready = JSON.parse(line) as { mode?: string };
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ready?.mode).toBe('preview');
  });

  it('listens on 127.0.0.1 only: other addresses of this machine are refused', async () => {
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    // 127.0.0.2 reaches this machine too, but not a socket bound to 127.0.0.1 alone.
    expect(await tryConnect('127.0.0.2', port)).toBe('ECONNREFUSED');
    expect(await tryConnect('::1', port)).toBe('ECONNREFUSED');
    const external = Object.values(networkInterfaces())
      .flat()
      .flatMap((a) => (a !== undefined && !a.internal && a.family === 'IPv4' ? [a.address] : []));
    for (const address of external) expect(await tryConnect(address, port)).toBe('ECONNREFUSED');
  });

  it('answers only requests addressed to 127.0.0.1 or localhost (no DNS rebinding)', async () => {
    expect(await getWithHost(port, `127.0.0.1:${port}`)).toBe(200);
    expect(await getWithHost(port, `localhost:${port}`)).toBe(200);
    expect(await getWithHost(port, `rebound.example:${port}`)).toBe(403);
    expect(await getWithHost(port, `rebound.example:${port}`, '/')).toBe(403);
  });

  it('takes actions only as JSON, so a cross-site form cannot post to it', async () => {
    const form = await fetch(`${preview.url}/api/post`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=hi',
    });
    expect(form.status).toBe(400);
    const json = await fetch(`${preview.url}/api/post`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ kind: 'messages', added: [{ html: expect.stringContaining('hi') }] });
  });

  it('says in one line when PREVIEW_PORT is taken, and leaves nothing running', async () => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: {
        ...process.env,
        DISCORD_TOKEN: '',
        PARLEY_MODE: '',
        PREVIEW_PORT: String(port),
        CORPUS_WATCH: 'false',
        INDEX_CACHE_DIR: 'none',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toBe(
      `parley: port ${port} is in use (another preview?): stop it, or set PREVIEW_PORT to a free port`,
    );
  });

  it('stops everything on Ctrl-C (SIGINT to the process group)', async () => {
    const exited = once(preview.child, 'exit');
    process.kill(-(preview.child.pid as number), 'SIGINT');
    const [code, signal] = (await exited) as [number | null, string | null];
    // npm itself may end by the signal, as in a terminal; what it ran has shut down and exited.
    expect(code === 0 || signal === 'SIGINT').toBe(true);
    expect(preview.output()).toMatch(/"signal":"SIGINT".*"msg":"shutting down"/);
    expect(await tryConnect('127.0.0.1', port)).toBe('ECONNREFUSED');
  });
});

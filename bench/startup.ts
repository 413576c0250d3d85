/**
 * `npm run bench -- --only=startup`: how Parley runs under a supervisor, per way of starting it.
 * HTTP mode on the seed corpus with a warm index cache, three runs each (median shown):
 *
 * - ready after: wall time from spawn to the `ready` log line (for `npm start`, npm's own start
 *   included), and the bot's own `startupMs` (from its process start, `process.uptime()`);
 * - memory: RSS of every process of the tree once ready, and of the bot process alone;
 * - SIGTERM to the spawned PID only: when it exited, and whether any process of the tree or the
 *   port was still alive 5 s later.
 *
 * Options: `--runs=N`, `--json`, `--root=DIR` (measure another checkout, e.g. an older commit
 * with `node_modules` linked in), `--rows=npm,dist,tsx`.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './child.js';
import { freePort } from '../tests/support/free-port.js';

interface Row {
  readonly key: string;
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
}

const ROWS: readonly Row[] = [
  { key: 'npm', label: '`npm start`', command: 'npm', args: ['start', '--silent'] },
  { key: 'dist', label: '`node dist/src/main.js` (what `npm start` runs)', command: process.execPath, args: ['dist/src/main.js'] },
  { key: 'tsx', label: '`node --import tsx src/main.ts` (development)', command: process.execPath, args: ['--import', 'tsx', 'src/main.ts'] },
];

export interface StartupRun {
  readonly readyWallMs: number;
  readonly startupMs: number;
  /** CPU time (user + system) of every process of the tree when ready: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly rssTreeMB: number;
  readonly rssBotMB: number;
  readonly processes: number;
  readonly exitMs: number;
  readonly leftAlive: number;
  readonly portStillOpen: boolean;
}

export interface StartupRow {
  readonly key: string;
  readonly label: string;
  readonly runs: StartupRun[];
}

function kids(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/)) if (child) out.push(Number(child));
    } catch {
      // the task ended meanwhile
    }
  }
  return out;
}

function tree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i += 1) all.push(...kids(all[i]!));
  return all;
}

function rssMB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return line ? Number(line[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU time of a process so far, in ms (Linux: clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, () => probe.close(() => resolve(false)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(row: Row, root: string, publicKey: string): Promise<StartupRun> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(row.command, [...row.args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_MODE: 'http', PORT: String(port), DISCORD_PUBLIC_KEY: publicKey, DISCORD_TOKEN: '', LOG_LEVEL: 'info', CORPUS_DIR: 'corpus', CORPUS_WATCH: 'false' },
  });
  let text = '';
  let readyAt = 0;
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    if (!readyAt && text.includes('"msg":"ready"')) readyAt = performance.now();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now())));
  const deadline = Date.now() + 120_000;
  while (!readyAt) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${row.key}: no ready line\n${text.slice(-2000)}`);
    await sleep(5);
  }
  const cpuAtReady = tree(child.pid!).reduce((sum, pid) => sum + cpuMs(pid), 0);
  const ready = JSON.parse(text.split('\n').find((l) => l.includes('"msg":"ready"')) ?? '{}') as { startupMs?: number; pid?: number };
  await sleep(1_000); // let start-up garbage settle as a supervisor would see it after a moment
  const pids = tree(child.pid!);
  const rssTree = pids.reduce((sum, pid) => sum + rssMB(pid), 0);
  const botPid = ready.pid ?? child.pid!;
  const rssBot = rssMB(botPid);
  const signalled = performance.now();
  process.kill(child.pid!, 'SIGTERM');
  const exitedAt = await Promise.race([exited, sleep(15_000).then(() => Number.NaN)]);
  await sleep(5_000);
  const left = pids.filter(alive);
  const stillOpen = await portOpen(port);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return {
    readyWallMs: readyAt - started,
    startupMs: ready.startupMs ?? Number.NaN,
    cpuMs: cpuAtReady,
    rssTreeMB: rssTree,
    rssBotMB: rssBot,
    processes: pids.length,
    exitMs: exitedAt - signalled,
    leftAlive: left.length,
    portStillOpen: stillOpen,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export function renderStartup(rows: readonly StartupRow[]): string {
  const lines = [
    '| how it was started | ready after (wall, from spawn) | `startupMs` in the ready line (from the bot process start) | CPU time until ready (all processes) | memory (RSS, all processes) | bot process RSS | SIGTERM to the spawned PID |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const m = (pick: (r: StartupRun) => number) => median(row.runs.map(pick));
    const left = row.runs.filter((r) => r.leftAlive > 0 || r.portStillOpen).length;
    const sigterm =
      left === 0
        ? `clean: spawned PID exits in ${Math.round(m((r) => r.exitMs))} ms, nothing left, port free (${row.runs.length} of ${row.runs.length} runs)`
        : `**${left} of ${row.runs.length} runs left processes or the port open** (spawned PID exits in ${Math.round(m((r) => r.exitMs))} ms)`;
    lines.push(
      `| ${row.label} | ${Math.round(m((r) => r.readyWallMs))} ms | ${Math.round(m((r) => r.startupMs))} ms | ${Math.round(m((r) => r.cpuMs))} ms | ${Math.round(m((r) => r.rssTreeMB))} MB (${m((r) => r.processes)} processes) | ${Math.round(m((r) => r.rssBotMB))} MB | ${sigterm} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function runStartupBench(argv: readonly string[]): Promise<StartupRow[]> {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const runs = Number(value('runs') ?? 3);
  const root = value('root') ?? REPO_ROOT;
  const keys = (value('rows') ?? 'npm,dist,tsx').split(',');
  const { publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const hex = spki.subarray(spki.length - 32).toString('hex');
  const rows: StartupRow[] = [];
  for (const row of ROWS.filter((r) => keys.includes(r.key))) {
    process.stderr.write(`startup: ${row.key} (warm-up run, then ${runs})\n`);
    await measure(row, root, hex); // warms the index cache and the file system cache
    const measured: StartupRun[] = [];
    for (let i = 0; i < runs; i += 1) measured.push(await measure(row, root, hex));
    rows.push({ key: row.key, label: row.label, runs: measured });
  }
  return rows;
}

export async function startupMain(argv: readonly string[]): Promise<void> {
  const rows = await runStartupBench(argv);
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
  else process.stdout.write(renderStartup(rows));
}

if (import.meta.url === `file://${process.argv[1]}`) await startupMain(process.argv.slice(2));

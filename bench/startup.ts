/**
 * `npm run bench -- --only=startup`: how Parley starts under a supervisor, per way of starting it
 * and per mode (HTTP, and gateway against the Discord stand-in on 127.0.0.1), on the seed corpus
 * with a warm index cache: one warm-up run, then `--runs` runs (default 5) of each row.
 *
 * - ready after process start: `startupMs` in the bot's ready line (`process.uptime()`, so module
 *   loading counts) — the figure a supervisor waits for (target ≤ 0.6 s); and the wall time from spawning the
 *   command (for `npm start`, npm's own start included);
 * - CPU time (user + system) of every process of the tree when the ready line arrives: steadier
 *   than wall time on a shared machine;
 * - the first question, sent the moment the bot is ready (its warm-up still running), and one
 *   asked after the warm-up: the bot's own `ms` for each, from its interaction log line;
 * - memory: RSS of every process of the tree, and of the bot alone, once warmed up;
 * - SIGTERM to the spawned PID only: when it exited, and whether any process of the tree or the
 *   port was still alive 3 s later.
 *
 * Wall times are printed as min / median: on a busy machine the minimum is the closest to what
 * the code costs, the median to what a start meets. The load average is printed with them, and
 * a bare `node -e` timed after each run, as the yardstick of what the machine gives right now.
 *
 * Options: `--runs=N`, `--json`, `--root=DIR` (measure another checkout, e.g. an older commit
 * with `node_modules` linked in), `--rows=npm,dist,tsx`, `--modes=http,gateway`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { REPO_ROOT } from './child.js';
import { generateTestKeys, signedHeaders, type TestKeys } from '../tests/discord/signing.js';
import { alive } from '../tests/support/processes.js';
import { freePort } from '../tests/support/free-port.js';
import { chatInput } from '../tests/support/interactions.js';
import { startStandIn, type StandIn } from '../tests/support/stand-in.js';

type Mode = 'http' | 'gateway';

interface Row {
  readonly key: string;
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
}

const ROWS: readonly Row[] = [
  { key: 'npm', label: '`npm start`', command: 'npm', args: ['start', '--silent'] },
  {
    key: 'dist',
    label: '`node dist/src/main.js` (the systemd units, Kubernetes)',
    command: process.execPath,
    args: ['dist/src/main.js'],
  },
  {
    key: 'tsx',
    label: '`node --import tsx src/main.ts` (development only)',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
  },
];

/** Seed questions: the first is asked the moment the bot is ready, the second once it has warmed up. */
const FIRST_QUESTION = 'why do they keep meeting in Rome?';
const LATER_QUESTION = 'what enrichment level is Iran at?';

export interface StartupRun {
  readonly readyWallMs: number;
  /** The ready line's own figure: ms from the bot process's start. */
  readonly startupMs: number;
  /** CPU time (user + system) of every process of the tree when the ready line arrived. */
  readonly cpuMs: number;
  /** The bot's handling time of the first question (its interaction log line), asked at once after ready. */
  readonly firstAskMs: number;
  /** The same for a question asked once the warm-up is over. */
  readonly warmAskMs: number;
  readonly rssTreeMB: number;
  readonly rssBotMB: number;
  readonly processes: number;
  readonly exitMs: number;
  readonly leftAlive: number;
  readonly portStillOpen: boolean;
}

export interface StartupRow {
  readonly key: string;
  readonly mode: Mode;
  readonly label: string;
  readonly runs: StartupRun[];
}

export interface StartupReport {
  readonly node: string;
  /** A bare `node -e` on the same machine in the same minutes: process uptime and CPU time at its end, per run. */
  readonly bareNode: readonly { readonly uptimeMs: number; readonly cpuMs: number }[];
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  readonly rows: StartupRow[];
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
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/))
        if (child) out.push(Number(child));
    } catch {
      // the task ended meanwhile
    }
  }
  return out;
}

function tree(pid: number): number[] {
  const all = [pid];
  // Iterating while appending: each child's own children are visited in turn.
  for (const each of all) all.push(...kids(each));
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

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, () => probe.close(() => resolve(false)));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A signed `/ask` to the HTTP endpoint, as Discord sends it; resolves when answered. */
function askHttp(port: number, keys: TestKeys, question: string): Promise<void> {
  const body = JSON.stringify(
    chatInput('ask', { question }, { applicationId: '100', guildId: '101', channelId: '102' }),
  );
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/interactions', method: 'POST', headers: signedHeaders(keys.privateKey, body) },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`/ask answered ${res.statusCode}`)),
        );
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

async function askGateway(standIn: StandIn, question: string): Promise<void> {
  const handle = await standIn.sendInteraction(chatInput('ask', { question }, standIn.context));
  const callback = await handle.response(10_000);
  if (callback.status >= 300) throw new Error(`/ask callback ${callback.status}`);
}

async function measure(row: Row, mode: Mode, root: string, keys: TestKeys, standIn: StandIn): Promise<StartupRun> {
  const port = await freePort();
  const modeEnv =
    mode === 'http'
      ? {
          PARLEY_MODE: 'http',
          PORT: String(port),
          DISCORD_PUBLIC_KEY: keys.publicKeyHex,
          DISCORD_TOKEN: '',
          DISCORD_API_URL: standIn.apiUrl,
        }
      : {
          PARLEY_MODE: 'gateway',
          METRICS_PORT: String(port),
          DISCORD_TOKEN: standIn.token,
          DISCORD_API_URL: standIn.apiUrl,
          DISCORD_CLIENT_ID: standIn.applicationId,
        };
  const started = performance.now();
  const child = spawn(row.command, [...row.args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...modeEnv,
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      CORPUS_DIR: 'corpus',
      CORPUS_WATCH: 'false',
      COOLDOWN_SECONDS: '0',
    },
  });
  const childPid = child.pid;
  if (childPid === undefined) throw new Error(`${row.key}/${mode}: could not start ${row.command}`);
  let text = '';
  let readyAt = 0;
  let cpuAtReady = 0;
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    if (!readyAt && text.includes('"msg":"ready"')) {
      readyAt = performance.now();
      // Read at once: the bot goes on working (its warm-up) after the line.
      cpuAtReady = tree(childPid).reduce((sum, pid) => sum + cpuMs(pid), 0);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now())));
  const lines = () =>
    text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const waitFor = async (test: (line: Record<string, unknown>) => boolean, what: string, boundMs = 120_000) => {
    const deadline = Date.now() + boundMs;
    for (;;) {
      const found = lines().find(test);
      if (found) return found;
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`${row.key}/${mode}: no ${what} line\n${text.slice(-2000)}`);
      await sleep(2);
    }
  };
  const run = async (): Promise<StartupRun> => {
    const ready = await waitFor((l) => l.msg === 'ready', 'ready');
    const ask = (question: string) => (mode === 'http' ? askHttp(port, keys, question) : askGateway(standIn, question));
    // The answer's line: a deferred answer logs `deferred` first, then the answer with its full time.
    const answered = () => lines().filter((l) => l.msg === 'interaction' && l.outcome !== 'deferred');
    const interaction = async (n: number) => {
      await waitFor(() => answered().length > n, `interaction ${n}`);
      const line = answered()[n];
      if (!line) throw new Error(`${row.key}/${mode}: interaction ${n} has no line`);
      return line;
    };
    await ask(FIRST_QUESTION);
    const first = await interaction(0);
    // An older checkout (`--root`) warms up before ready and has no such line.
    await waitFor((l) => l.msg === 'index warmed up', 'index warmed up', 15_000).catch(() => undefined);
    await ask(LATER_QUESTION);
    const later = await interaction(1);
    await sleep(500); // let start-up garbage settle as a supervisor would see it after a moment
    const pids = tree(childPid);
    const rssTree = pids.reduce((sum, pid) => sum + rssMB(pid), 0);
    const botPid = Number(ready.pid ?? child.pid);
    const rssBot = rssMB(botPid);
    const signalled = performance.now();
    process.kill(childPid, 'SIGTERM');
    const exitedAt = await Promise.race([exited, sleep(15_000).then(() => Number.NaN)]);
    await sleep(3_000);
    const left = pids.filter(alive);
    const stillOpen = await portOpen(port);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    return {
      readyWallMs: readyAt - started,
      startupMs: Number(ready.startupMs ?? Number.NaN),
      cpuMs: cpuAtReady,
      firstAskMs: Number(first.ms ?? Number.NaN),
      warmAskMs: Number(later.ms ?? Number.NaN),
      rssTreeMB: rssTree,
      rssBotMB: rssBot,
      processes: pids.length,
      exitMs: exitedAt - signalled,
      leftAlive: left.length,
      portStillOpen: stillOpen,
    };
  };
  try {
    return await run();
  } catch (error) {
    // A failed run must not leave its bot behind: it runs in its own process group.
    if (child.pid !== undefined && alive(-child.pid)) process.kill(-child.pid, 'SIGKILL');
    throw error;
  }
}

/** What Node itself costs to start here and now: the yardstick for the rows on a shared machine. */
async function bareNode(): Promise<{ uptimeMs: number; cpuMs: number }> {
  const script =
    'const c = process.cpuUsage(); console.log(JSON.stringify({ uptimeMs: process.uptime() * 1000, cpuMs: (c.user + c.system) / 1000 }))';
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out) as { uptimeMs: number; cpuMs: number };
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)] ?? Number.NaN;
const min = (values: number[]) => sorted(values)[0] ?? Number.NaN;

export function renderStartup(report: StartupReport): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const lines = [
    `Node ${report.node}; load average (1, 5, 15 min) ${report.loadBefore.map((l) => l.toFixed(1)).join(', ')} before, ${report.loadAfter.map((l) => l.toFixed(1)).join(', ')} after. Times min / median of ${report.rows[0]?.runs.length ?? 0} runs.`,
    `A bare \`node -e\` meanwhile: ${fmt(min(report.bareNode.map((b) => b.uptimeMs)))} / ${fmt(median(report.bareNode.map((b) => b.uptimeMs)))} ms from process start to its end, ${fmt(min(report.bareNode.map((b) => b.cpuMs)))} / ${fmt(median(report.bareNode.map((b) => b.cpuMs)))} ms CPU.`,
    '',
    '| how it was started | mode | ready after process start (`startupMs`) | ready after spawn (wall) | CPU time until ready (all processes) | first question (at ready) / after warm-up | memory (RSS, all processes) | bot process RSS | SIGTERM to the spawned PID |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of report.rows) {
    const pick = (f: (r: StartupRun) => number) => row.runs.map(f);
    const both = (f: (r: StartupRun) => number) => `${fmt(min(pick(f)))} / ${fmt(median(pick(f)))} ms`;
    const left = row.runs.filter((r) => r.leftAlive > 0 || r.portStillOpen).length;
    const exit = fmt(median(pick((r) => r.exitMs)));
    const sigterm =
      left === 0
        ? `clean: exits in ${exit} ms, nothing left, port free (${row.runs.length} of ${row.runs.length})`
        : `**${left} of ${row.runs.length} runs left processes or the port open** (exits in ${exit} ms)`;
    lines.push(
      `| ${row.label} | ${row.mode} | ${both((r) => r.startupMs)} | ${both((r) => r.readyWallMs)} | ${both((r) => r.cpuMs)} | ${fmt(median(pick((r) => r.firstAskMs)))} / ${fmt(median(pick((r) => r.warmAskMs)))} ms | ${fmt(median(pick((r) => r.rssTreeMB)))} MB (${median(pick((r) => r.processes))} processes) | ${fmt(median(pick((r) => r.rssBotMB)))} MB | ${sigterm} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function runStartupBench(argv: readonly string[]): Promise<StartupReport> {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const runs = Number(value('runs') ?? 5);
  const root = value('root') ?? REPO_ROOT;
  const keys = (value('rows') ?? 'npm,dist,tsx').split(',');
  const modes = (value('modes') ?? 'http,gateway').split(',') as Mode[];
  const testKeys = generateTestKeys();
  const standIn = await startStandIn({ warmUp: false });
  const loadBefore = loadavg();
  const rows: StartupRow[] = [];
  const bare: { uptimeMs: number; cpuMs: number }[] = [];
  try {
    for (const mode of modes) {
      for (const row of ROWS.filter((r) => keys.includes(r.key))) {
        process.stderr.write(`startup: ${row.key} ${mode} (warm-up run, then ${runs})\n`);
        await measure(row, mode, root, testKeys, standIn); // warms the index cache and the file system cache
        const measured: StartupRun[] = [];
        for (let i = 0; i < runs; i += 1) {
          measured.push(await measure(row, mode, root, testKeys, standIn));
          bare.push(await bareNode());
        }
        rows.push({ key: row.key, mode, label: row.label, runs: measured });
      }
    }
  } finally {
    await standIn.close();
  }
  return { node: process.version, bareNode: bare, loadBefore, loadAfter: loadavg(), rows };
}

export async function startupMain(argv: readonly string[]): Promise<void> {
  const report = await runStartupBench(argv);
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
  else process.stdout.write(renderStartup(report));
}

if (import.meta.url === `file://${process.argv[1]}`) await startupMain(process.argv.slice(2));

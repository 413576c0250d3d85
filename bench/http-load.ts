/**
 * Load test of the HTTP interactions endpoint: signed `/ask` requests against the real entry
 * point (`dist/src/main.js` with `PARLEY_MODE=http`, exactly what `npm start` runs), on loopback only,
 * bounded in time. The server runs in a child process pinned to one core (taskset) and
 * autocannon on the other, so the figure is "one core of endpoint".
 *
 *   npm run bench:http                        # 10 s, 50 connections
 *   npm run bench:http -- --duration 5 --connections 20 --cpu-prof
 *
 * Target: ≥ 2,000 signed /ask requests/s on one core with p99 ≤ 20 ms, both measured
 * in the same saturated run (so the p99 includes queueing behind every open connection).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync, sign } from 'node:crypto';
import { freePort } from '../tests/support/free-port.js';
import { availableParallelism, loadavg } from 'node:os';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const TARGET_RPS = 2_000;
const TARGET_P99_MS = 20;
/** Never let a run go on longer than this, whatever the flags say. */
const MAX_DURATION_S = 60;
const MAX_CONNECTIONS = 200;
const LIGHT_CONNECTIONS = 10;
/** Part of the router's overload note (src/discord/router.ts); a busy note is a 200 but not an answer. */
const BUSY_NOTE = 'answering a lot of questions';

const root = fileURLToPath(new URL('..', import.meta.url));

const USAGE = `Usage: npm run bench:http [-- OPTIONS]
  --duration S      seconds of load, at most ${MAX_DURATION_S} (default 10)
  --connections N   concurrent connections, at most ${MAX_CONNECTIONS} (default 50)
  --core N|none     pin the server to this core (default 0), or leave it unpinned
  --cpu-prof        write a CPU profile of the server
  --json            one JSON object on stdout
  --help            this text`;

let parsedFlags;
try {
  parsedFlags = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      'cpu-prof': { type: 'boolean', default: false },
      /** Pin the server to this core (default 0); `none` to leave it unpinned. */
      core: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (error) {
  process.stderr.write(`bench:http: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const { values: flags } = parsedFlags;
if (flags.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const duration = Math.min(MAX_DURATION_S, Math.max(1, Number(flags.duration)));
const connections = Math.min(MAX_CONNECTIONS, Math.max(1, Number(flags.connections)));

/**
 * Questions a member might ask of the seed brief, written for this bench (not taken from the
 * evaluation set). Varied so that the index and the renderer do real, different work.
 */
const QUESTIONS = [
  'why do they keep meeting in Rome?',
  'what is the maximum pressure campaign',
  'uranium enrichment 3.67%',
  'who mediates between Washington and Tehran',
  'what did Oman say about a fair and binding agreement',
  'frozen financial assets in exchange for lowering enrichment',
  'role of Israel in the negotiations',
  'what happened after the US left the JCPOA in 2018',
  'sanctions on Iranian oil exports',
  'hostage crisis 1979 revolution',
  'why are the talks held in secret',
  'what would success in the talks look like',
  'proxy conflicts in the region',
  'security council accusations between Israel and Iran',
  'how many rounds of negotiations have there been',
  'Geneva meeting',
  'distrust between the two countries',
  'what does Iran want from the talks',
  'what does the United States want',
  'economic relief for Iran',
  'Trump sanctions policy',
  'nuclear weapons fears',
  'intermediaries indirect talks',
  'hopes for progress May 2025',
  'verifiable agreement inspections',
  'strikes on the defense ministry',
  'regional influence and militant groups',
  'why does the venue matter',
  'energy markets and global stability',
  'what are the obstacles to a deal',
  'enrichment levels and breakout time',
  'who are Parisa Hafezi and John Irish',
] as const;

const APPLICATION_ID = '1300000000000000000';
const GUILD_ID = '1300000000000000001';
const CHANNEL_ID = '1300000000000000002';
const COMMAND_ID = '1300000000000000003';

/** A `/ask` interaction shaped like the ones Discord POSTs (guild context, full member). */
function askInteraction(question: string, n: number): string {
  const userId = String(1_310_000_000_000_000_000n + BigInt(n));
  return JSON.stringify({
    id: String(1_320_000_000_000_000_000n + BigInt(n)),
    application_id: APPLICATION_ID,
    type: 2,
    token: `bench-token-${n}-${'x'.repeat(160)}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general' },
    guild: { id: GUILD_ID, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    member: {
      user: { id: userId, username: `member${n}`, discriminator: '0', global_name: `Member ${n}`, avatar: null },
      roles: [],
      permissions: '2248473465835073',
      joined_at: '2025-01-01T00:00:00.000000+00:00',
      deaf: false,
      mute: false,
      flags: 0,
    },
    locale: 'en-US',
    app_permissions: '2248473465835073',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 10_485_760,
    data: {
      id: COMMAND_ID,
      name: 'ask',
      type: 1,
      options: [{ name: 'question', type: 3, value: question }],
    },
  });
}

function hasTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function waitUntilReady(base: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server not ready after ${timeoutMs} ms`);
}

/** CPU time (user + system) a process has used so far, in ms, from /proc; undefined where there is no /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const getconf = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
// No getconf (spawn failed, so no output at all): Linux's usual 100 ticks a second.
const CLOCK_TICKS = (getconf.error ? 0 : Number(getconf.stdout.trim())) || 100;

function describe(r: autocannon.Result, serverCpuMs?: number) {
  return {
    requestsPerSecond: r.requests.average,
    totalRequests: r.requests.total,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    // On a busy machine wall-clock figures drop; server CPU per request does much less.
    serverCpuMsPerRequest:
      serverCpuMs === undefined || r.requests.total === 0
        ? undefined
        : Math.round((serverCpuMs / r.requests.total) * 1000) / 1000,
  };
}

async function main(): Promise<void> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const publicKeyHex = spki.subarray(spki.length - 32).toString('hex');

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const pin = flags.core !== 'none' && hasTaskset();
  // What `npm start` runs: the compiled entry, rebuilt first if a source is newer.
  if (spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' }).status !== 0)
    throw new Error('npm run build failed');
  const nodeArgs = [
    ...(flags['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${root}bench/out/profiles`] : []),
    'dist/src/main.js',
  ];
  const [command, args] = pin
    ? ['taskset', ['-c', flags.core, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PARLEY_MODE: 'http',
      PORT: String(port),
      HOST: '127.0.0.1',
      DISCORD_PUBLIC_KEY: publicKeyHex,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      // Many bench "members" ask at once; the per-user cooldown would answer most of them with a note.
      COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'warn',
    },
  });
  const stopChild = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await once(child, 'exit');
    clearTimeout(timer);
  };
  process.once('SIGINT', () => void stopChild().then(() => process.exit(130)));

  const cores = availableParallelism();
  // The load generator gets another core, so the two do not take turns on one.
  const loaderCore = pin && cores > 1 ? String(flags.core === '0' ? 1 : 0) : undefined;
  if (loaderCore !== undefined) spawnSync('taskset', ['-cp', loaderCore, String(process.pid)], { stdio: 'ignore' });

  try {
    const startupMs = await waitUntilReady(base, child, 120_000);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { passages: number };

    // One request per question and member, all signed with this run's timestamp (valid for 5 minutes).
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signed = (body: string) => ({
      method: 'POST' as const,
      path: '/interactions',
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
        'x-signature-timestamp': timestamp,
      },
      body,
    });
    const requests = Array.from({ length: QUESTIONS.length * 8 }, (_, n) =>
      signed(askInteraction(QUESTIONS[n % QUESTIONS.length] ?? '', n)),
    );
    // PING goes through everything but the router: size cap, signature, JSON, response.
    const pings = [
      signed(JSON.stringify({ id: '1', application_id: APPLICATION_ID, type: 1, token: 'ping', version: 1 })),
    ];

    // Check what the load will be made of: signed /ask requests answered inline with embeds.
    let answers = 0;
    let noMatch = 0;
    let busy = 0;
    let responseBytes = 0;
    for (const request of requests.slice(0, QUESTIONS.length)) {
      const res = await fetch(`${base}${request.path}`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`warm-up request answered ${res.status}: ${text.slice(0, 200)}`);
      const json = JSON.parse(text) as { type: number; data?: { embeds?: unknown[] } };
      if (json.type !== 4) throw new Error(`expected an inline message (type 4), got type ${json.type}`);
      if ((json.data?.embeds?.length ?? 0) > 0) answers += 1;
      else if (text.includes(BUSY_NOTE)) busy += 1;
      else noMatch += 1;
      responseBytes += text.length;
    }

    const run = (options: Partial<autocannon.Options>) =>
      autocannon({
        url: base,
        connections,
        duration,
        requests,
        // A 401 or 503 storm would otherwise look fast.
        bailout: 100,
        ...options,
      });
    /**
     * Sorts the 200s: passages (embeds), the router's "busy" note (under overload it answers a
     * polite note instead of queueing past Discord's 3 s — not an answer), and the rest (no-match
     * replies, which are answers too).
     */
    const tally = { passages: 0, busy: 0, other: 0 };
    const counted = requests.map((request) => ({
      ...request,
      onResponse: (status: number, body: string) => {
        if (status === 200 && body.includes('"embeds":[{')) tally.passages += 1;
        else if (body.includes(BUSY_NOTE)) tally.busy += 1;
        else tally.other += 1;
      },
    }));
    const measured = async (options: Partial<autocannon.Options>) => {
      tally.passages = tally.busy = tally.other = 0;
      const before = cpuMs(child.pid);
      const result = await run(options);
      const after = cpuMs(child.pid);
      const summary = describe(result, before === undefined || after === undefined ? undefined : after - before);
      const seen = tally.passages + tally.busy + tally.other;
      const share = (n: number) => (seen === 0 ? 0 : Math.round((n / seen) * 1000) / 1000);
      return {
        result,
        summary: {
          ...summary,
          ...(seen > 0
            ? {
                answersPerSecond: Math.round(result.requests.average * (1 - tally.busy / seen)),
                shares: {
                  passages: share(tally.passages),
                  noMatchOrOther: share(tally.other),
                  busy: share(tally.busy),
                },
              }
            : {}),
        },
      };
    };

    // Let the JIT settle so start-up compilation does not land in the measured p99.
    await run({ duration: 2 });
    // Closed loop: every connection sends its next request as soon as the last is answered — the ceiling.
    const saturated = await measured({ requests: counted });
    // Light load: latency without much queueing. (autocannon's rate limit is not used for this: it
    // fires each second's quota in a burst and back-fills latencies for coordinated omission
    // at a 1 ms interval, which measures the load generator rather than the server.)
    const light = await measured({ connections: LIGHT_CONNECTIONS, requests: counted });
    // The endpoint's own share: signed PINGs, same connections, no router.
    const transport = await measured({ requests: pings });

    const load = loadavg()[0] ?? 0;
    const clean = (r: autocannon.Result): boolean => r.non2xx === 0 && r.errors === 0 && r.timeouts === 0;
    const summary = {
      server: {
        pinned: pin ? `core ${flags.core}` : 'unpinned',
        loadGenerator: loaderCore ? `core ${loaderCore}` : 'unpinned',
        startupMs,
        passages: health.passages,
      },
      // Other work on the machine skews every figure; the 1-minute load average says how much there was.
      machine: { cores, loadAverage1m: Math.round(load * 100) / 100 },
      load: {
        duration,
        connections,
        distinctRequests: requests.length,
        answersWithEmbeds: answers,
        noMatch,
        busy,
        meanResponseBytes: Math.round(responseBytes / QUESTIONS.length),
      },
      saturated: saturated.summary,
      light: light.summary,
      transportOnly: transport.summary,
      // Both at once, under full load: at saturation the p99 includes the queueing of every connection.
      verdict:
        (saturated.summary.answersPerSecond ?? 0) >= TARGET_RPS &&
        saturated.result.latency.p99 <= TARGET_P99_MS &&
        clean(saturated.result) &&
        clean(light.result) &&
        clean(transport.result)
          ? 'meets target'
          : 'MISSES target',
    };
    if (flags.json) console.log(JSON.stringify(summary, null, 2));
    else {
      const line = (
        name: string,
        r: ReturnType<typeof describe> & {
          answersPerSecond?: number;
          shares?: { passages: number; noMatchOrOther: number; busy: number };
        },
      ): void => {
        console.log(`  ${name}`);
        console.log(`    requests/s  ${Math.round(r.requestsPerSecond)} (total ${r.totalRequests})`);
        if (r.shares) {
          const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
          console.log(
            `    answered/s  ${r.answersPerSecond} (passages ${pct(r.shares.passages)}, no-match ${pct(r.shares.noMatchOrOther)}, "busy" notes ${pct(r.shares.busy)})`,
          );
        }
        console.log(
          `    latency ms  p50 ${r.latencyMs.p50}  p90 ${r.latencyMs.p90}  p99 ${r.latencyMs.p99}  max ${r.latencyMs.max}`,
        );
        if (r.serverCpuMsPerRequest !== undefined) {
          console.log(
            `    server CPU  ${r.serverCpuMsPerRequest} ms per request (≈ ${Math.round(1000 / r.serverCpuMsPerRequest)} req/s per fully available core)`,
          );
        }
        console.log(`    non-2xx ${r.non2xx}  errors ${r.errors}  timeouts ${r.timeouts}`);
      };
      console.log(
        `\nHTTP signed /ask load — server ${summary.server.pinned}, load generator ${summary.server.loadGenerator}, ${health.passages} passages, ${duration} s per run`,
      );
      line(`/ask saturated: ${connections} connections, closed loop`, summary.saturated);
      line(`/ask light: ${LIGHT_CONNECTIONS} connections, closed loop`, summary.light);
      line(`PING (endpoint only: cap, signature, JSON, response): ${connections} connections`, summary.transportOnly);
      console.log(
        `  machine: ${summary.machine.cores} cores, 1-min load average ${summary.machine.loadAverage1m}${load > 1 ? ' — other work was running; wall-clock figures are pessimistic' : ''}`,
      );
      console.log(
        `  warm-up (one request per question): ${answers} with passages, ${noMatch} no-match, ${busy} busy; mean response ${summary.load.meanResponseBytes} bytes; ready in ${startupMs} ms`,
      );
      console.log(
        `  target ≥ ${TARGET_RPS} answered /ask per second on one core with p99 ≤ ${TARGET_P99_MS} ms (saturated run): ${summary.verdict}`,
      );
    }
    if (summary.verdict !== 'meets target') process.exitCode = 1;
  } finally {
    await stopChild();
  }
}

await main();

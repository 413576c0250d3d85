/**
 * `npm run bench:gateway-memory`: gateway-mode memory under many distinct members. The Discord
 * stand-in runs here; the bot runs as `npm start` does (its own process, real discord.js client,
 * the seed corpus), and `/ask` interactions, each from a member never seen before, are dispatched
 * over the stand-in's gateway with a bounded number in flight. The bot's RSS (from /proc) is
 * sampled as the members add up. Loopback only; bounded in count.
 *
 *   npm run bench:gateway-memory                        30,000 members, 64 in flight
 *   npm run bench:gateway-memory -- --members=150000 --in-flight=64 --json
 *
 * Prints a Markdown table (or one JSON object with --json); progress goes to stderr.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chatInput, user } from '../tests/support/interactions.js';
import { startStandIn } from '../tests/support/stand-in.js';

const args = new Map<string, string | undefined>(
  process.argv.slice(2).map((a): [string, string | undefined] => {
    const [key = '', value] = a.replace(/^--/, '').split('=');
    return [key, value];
  }),
);
const members = Number(args.get('members') ?? 30_000);
const inFlight = Number(args.get('in-flight') ?? 64);
const json = args.has('json');
const samples = 15;
const root = fileURLToPath(new URL('..', import.meta.url));

/** Resident set size of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 102.4) / 10;
}

const standIn = await startStandIn({ heartbeatIntervalMs: 5_000 });
const bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: root,
  env: {
    ...process.env,
    PARLEY_MODE: 'gateway',
    DISCORD_TOKEN: standIn.token,
    DISCORD_CLIENT_ID: standIn.applicationId,
    DISCORD_API_URL: standIn.apiUrl,
    CORPUS_DIR: 'corpus',
    CORPUS_WATCH: 'false',
    COOLDOWN_SECONDS: '3',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'pipe'],
});
const warnings = new Map<string, number>();
createInterface({ input: bot.stderr }).on('line', (line) => {
  try {
    const entry = JSON.parse(line) as { msg?: string; level?: number };
    if ((entry.level ?? 0) >= 40) warnings.set(entry.msg ?? '?', (warnings.get(entry.msg ?? '?') ?? 0) + 1);
  } catch {
    process.stderr.write(`  bot: ${line}\n`);
  }
});
const exited = new Promise<never>((_, reject) =>
  bot.once('exit', (code) => reject(new Error(`the bot exited (${code}) during the run`))),
);

const rows: { members: number; rssMb: number }[] = [];
let failed = 0;
const refusals = new Map<string, number>();
try {
  // LOG_LEVEL=warn hides the ready line: ready is when the first interaction is answered.
  const first = await Promise.race([
    (async () => {
      for (;;) {
        try {
          return await (await standIn.sendInteraction(ask(-1), { deadlineMs: 60_000 })).response(60_000);
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    })(),
    exited,
  ]);
  if (first.status >= 300) throw new Error(`the first interaction was refused: ${first.status}`);
  // Warm-up from one member, so JIT and sockets are settled before the baseline.
  for (let i = 0; i < 200; i++) await (await standIn.sendInteraction(ask(-1))).response(10_000);
  rows.push({ members: 0, rssMb: rssMb(bot.pid as number) });
  const step = Math.max(1, Math.floor(members / samples));
  let next = 0;
  let done = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < members) {
      const i = next++;
      const response = await (await standIn.sendInteraction(ask(i))).response(30_000);
      if (response.status >= 300) {
        failed++;
        const why = `${response.status} ${JSON.stringify(response.error ?? '').slice(0, 80)}`;
        refusals.set(why, (refusals.get(why) ?? 0) + 1);
      }
      done++;
      if (done % step === 0) {
        rows.push({ members: done, rssMb: rssMb(bot.pid as number) });
        process.stderr.write(
          `  ${done} members: ${rows[rows.length - 1]?.rssMb} MB (${Math.round(done / ((performance.now() - start) / 1000))}/s)\n`,
        );
      }
    }
  };
  await Promise.race([Promise.all(Array.from({ length: inFlight }, worker)), exited]);
  const seconds = (performance.now() - start) / 1000;
  const base = rows[0]?.rssMb ?? 0;
  const last = rows[rows.length - 1]?.rssMb ?? 0;
  // The heap grows once to what the load needs; what matters is the trend after that: the
  // least-squares slope of RSS over members, from the first sample under load on.
  const loaded = rows.slice(1);
  const slope = leastSquaresSlope(
    loaded.map((r) => r.members),
    loaded.map((r) => r.rssMb),
  );
  const result = {
    members,
    inFlight,
    seconds: Math.round(seconds),
    failed,
    rssStartMb: base,
    rssFirstLoadedMb: loaded[0]?.rssMb ?? base,
    rssEndMb: last,
    rssMaxMb: Math.max(...rows.map((r) => r.rssMb)),
    bytesPerMember: Math.round(slope * 1024 * 1024),
    samples: rows,
    warnings: Object.fromEntries(warnings),
    refusals: Object.fromEntries(refusals),
  };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      `Gateway memory: ${members} distinct members, ${inFlight} in flight, ${result.seconds} s, ${failed} refused\n\n`,
    );
    process.stdout.write('| members | bot RSS (MB) |\n|---:|---:|\n');
    for (const row of rows) process.stdout.write(`| ${row.members} | ${row.rssMb} |\n`);
    process.stdout.write(
      `\nRSS ${result.rssStartMb} MB idle, ${result.rssFirstLoadedMb} MB at the first sample under load, ${result.rssEndMb} MB at the end (max ${result.rssMaxMb} MB); trend ${result.bytesPerMember} bytes per member\n`,
    );
    if (failed > 0)
      process.stdout.write(
        `Refused: ${JSON.stringify(result.refusals)}; bot warnings: ${JSON.stringify(result.warnings)}\n`,
      );
  }
} finally {
  bot.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  if (bot.exitCode === null) bot.kill('SIGKILL');
  await standIn.close();
}

function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function ask(i: number) {
  // A fresh member per interaction (i = -1: one warm-up member).
  const id = String(1_400_000_000_000_000_000n + BigInt(i + 1));
  return chatInput(
    'ask',
    { question: 'why do they keep meeting in Rome?' },
    { ...standIn.context, user: user({ id, username: `m${i + 1}` }) },
  );
}

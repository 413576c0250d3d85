/**
 * End to end in a fresh process: the Discord stand-in runs here, the bot runs as `npm start` does
 * (its own process, real discord.js client, gateway mode, the seed corpus), and `/ask`
 * interactions are dispatched over the stand-in's gateway with a bounded number in flight.
 * Timed: dispatch → the bot's first interaction callback arriving at the stand-in, first one at a
 * time (the bot's own processing, from its `interaction` log lines: `ms` from receiving the
 * interaction to the reply, whole milliseconds), then with `inFlight` outstanding (throughput).
 * Prints one JSON line (`E2eResult`).
 *
 * Usage: node --import tsx bench/e2e-child.ts <interactions> <inFlight>
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startStandIn } from '../tests/support/stand-in.js';
import { chatInput, user } from '../tests/support/interactions.js';
import { loadCorpus } from '../src/corpus/load.js';
import { makeQuestions } from './questions.js';
import { devQuestions } from './dev-questions.js';
import { percentile, round, summarize } from './latency.js';
import type { E2eResult } from './result.js';

const total = Number(process.argv[2] ?? 1000);
const inFlight = Number(process.argv[3] ?? 32);
const root = fileURLToPath(new URL('..', import.meta.url));

const corpus = await loadCorpus(`${root}corpus`);
const dev = devQuestions();
const generated = makeQuestions(corpus, total);
const questions = Array.from({ length: total }, (_, i) =>
  i % 2 === 0 && dev.length ? (dev[i % dev.length] as string) : (generated[i] as string),
);

const standIn = await startStandIn({ heartbeatIntervalMs: 5_000 });
// PARLEY_BENCH_BOT_FLAGS passes node flags to the bot only, e.g. `--cpu-prof` to profile it under load.
const botFlags = process.env.PARLEY_BENCH_BOT_FLAGS?.split(' ').filter(Boolean) ?? [];
const bot = spawn(process.execPath, [...botFlags, '--import', 'tsx', 'src/main.ts'], {
  cwd: root,
  env: {
    ...process.env,
    PARLEY_MODE: 'gateway',
    DISCORD_TOKEN: standIn.token,
    DISCORD_CLIENT_ID: standIn.applicationId,
    DISCORD_API_URL: standIn.apiUrl,
    CORPUS_DIR: 'corpus',
    // One member asks many times: the per-member cooldown would answer most with "slow down".
    COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'info',
  },
  // The bot logs (pino, JSON lines) to stderr; its stdout stays quiet.
  stdio: ['ignore', 'inherit', 'pipe'],
});
const botMs: number[] = [];
let ready: () => void = () => undefined;
const isReady = new Promise<void>((resolve) => (ready = resolve));
createInterface({ input: bot.stderr }).on('line', (line) => {
  try {
    const entry = JSON.parse(line) as { msg?: string; ms?: number; interaction?: string };
    if (entry.msg === 'ready') ready();
    if (entry.msg === 'interaction' && typeof entry.ms === 'number' && entry.interaction !== 'autocomplete')
      botMs.push(entry.ms);
  } catch {
    process.stderr.write(`  bot: ${line}\n`);
  }
});
const exited = new Promise<never>((_, reject) =>
  bot.once('exit', (code) => reject(new Error(`the bot exited (${code}) during the e2e run`))),
);

try {
  await Promise.race([isReady, exited, timeout(120_000, 'the bot was not ready within 120 s')]);
  // A few untimed interactions first: the bot's JIT and the sockets warm up.
  for (let i = 0; i < 20; i++)
    await (await standIn.sendInteraction(ask(questions[i % questions.length] as string, i))).response(10_000);

  // Phase 1, one at a time: the bot's own processing time without any queue in front of it.
  const sequential = Math.min(total, Math.max(50, Math.floor(total / 5)));
  const logged = botMs.length;
  const alone: number[] = [];
  for (let i = 0; i < sequential; i++) {
    const t = performance.now();
    await (await standIn.sendInteraction(ask(questions[i] as string, i))).response(10_000);
    alone.push(performance.now() - t);
  }
  // The log line of the last interaction may still be on its way.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const botAlone = botMs.slice(logged).sort((a, b) => a - b);

  // Phase 2, `inFlight` at a time, the next sent as soon as one is answered: throughput and
  // latency under load (the router's `ms` then includes waiting behind the others).
  const loadedFrom = botMs.length;
  const latencies: number[] = [];
  // What the member saw: passages (embeds), a no-match text, the bot's "busy" notice (it sheds a
  // search whose interaction is already too late for Discord's 3-second window — see
  // src/discord/lateness.ts), or a deferral (the answer follows as an edit). `perSecond` counts
  // everything but busy notes: real answers per second.
  const kinds = { answers: 0, noMatch: 0, busy: 0, deferred: 0 };
  const count = (body: unknown) => {
    const b = body as { type?: number; data?: { embeds?: unknown[]; content?: string } } | undefined;
    if (b?.type === 5) kinds.deferred++;
    else if ((b?.data?.embeds?.length ?? 0) > 0) kinds.answers++;
    else if (/a lot of questions|try again/i.test(b?.data?.content ?? '')) kinds.busy++;
    else kinds.noMatch++;
    if (process.env.PARLEY_BENCH_SHOW_TEXT && !b?.data?.embeds?.length)
      process.stderr.write(`  text reply: ${JSON.stringify(b).slice(0, 300)}\n`);
  };
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      const handle = await standIn.sendInteraction(ask(questions[i] as string, i));
      const response = await handle.response(10_000);
      latencies.push(performance.now() - t);
      count(response.body);
    }
  };
  await Promise.race([Promise.all(Array.from({ length: inFlight }, worker)), exited]);
  const seconds = (performance.now() - start) / 1000;
  const stats = summarize(latencies);
  const unloaded = summarize(alone);
  const botLoaded = botMs.slice(loadedFrom).sort((a, b) => a - b);
  const result: E2eResult = {
    interactions: stats.queries,
    inFlight,
    p50Ms: stats.p50Ms,
    p99Ms: stats.p99Ms,
    perSecond: round((stats.queries - kinds.busy) / seconds, 1),
    repliesPerSecond: round(stats.queries / seconds, 1),
    ...kinds,
    sequential: unloaded.queries,
    sequentialP50Ms: unloaded.p50Ms,
    sequentialP99Ms: unloaded.p99Ms,
    ...(botAlone.length ? { botP50Ms: percentile(botAlone, 0.5), botP99Ms: percentile(botAlone, 0.99) } : {}),
    ...(botLoaded.length ? { botLoadedP99Ms: percentile(botLoaded, 0.99) } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  bot.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  if (bot.exitCode === null) bot.kill('SIGKILL');
  await standIn.close();
}

function ask(question: string, i: number) {
  // Members differ so nothing is mistaken for one member flooding.
  return chatInput(
    'ask',
    { question },
    { ...standIn.context, user: user({ id: String(100_000_000_000_000_000n + BigInt(i % 50)) }) },
  );
}

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}

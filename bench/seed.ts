/**
 * Seed-corpus latency, Parley beside the baseline in the same process: `ask()` vs plain MiniSearch
 * (`fields: ['text','heading']`, defaults, `search()`), over the dev questions cycled plus
 * generated ones. Prints one JSON line (`SeedResult`).
 *
 * Usage: node --import tsx bench/seed.ts <questions>
 */
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/engine/engine.js';
import { buildLibrary } from './libraries.js';
import { makeQuestions } from './questions.js';
import { measure, round, type LatencyStats } from './latency.js';
import { devQuestions } from './dev-questions.js';

export interface SeedResult {
  readonly passages: number;
  readonly questions: number;
  readonly devQuestions: number;
  readonly parley: LatencyStats;
  readonly baseline: LatencyStats;
  /** Baseline p99 ÷ Parley p99: how many times faster the tail is. */
  readonly ratio: number;
  /** Baseline p50 ÷ Parley p50. */
  readonly ratioP50: number;
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 1000);
  // The seed as the bot serves it (Engine.start: its loader, its synonyms.json); the baseline indexes the same passages.
  const started = await Engine.start({ corpusDir: fileURLToPath(new URL('../corpus', import.meta.url)) });
  if (started.kind !== 'ready') throw new Error(`Parley: ${started.message}`);
  started.engine.close();
  const served = started.engine.current;
  const corpus = served.corpus;
  const dev = devQuestions();
  // Half the dev questions cycled, half generated from the seed's passages.
  const cycled = dev.length
    ? Array.from({ length: Math.floor(total / 2) }, (_, i) => dev[i % dev.length] as string)
    : [];
  const questions = [...cycled, ...makeQuestions(corpus, total - cycled.length)];
  // A fixed, seed-free mix of the two kinds, so p99 is not shaped by their order.
  questions.sort((a, b) => hash(a) - hash(b));

  // The bot's default page of answers, as buildLibrary('parley') asks.
  const parley = { ask: (q: string) => served.ask(q, { limit: 3 }) };
  const baseline = await buildLibrary('minisearch', corpus);
  const p1 = measure(questions, (q) => parley.ask(q), { warmup: 100 });
  const b1 = measure(questions, (q) => baseline.ask(q), { warmup: 100 });
  const result: SeedResult = {
    passages: corpus.passages.length,
    questions: questions.length,
    devQuestions: dev.length,
    parley: p1,
    baseline: b1,
    ratio: round(b1.p99Ms / p1.p99Ms, 3),
    ratioP50: round(b1.p50Ms / p1.p50Ms, 3),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

await main();

/**
 * `npm run bench`: query latency on the seed, scale (10k/100k/1M passages of two corpora) beside
 * plain MiniSearch and FlexSearch, cold start with and without the index cache, and end to end
 * through discord.js against the local stand-in.
 *
 *   npm run bench                 human-readable Markdown tables on stdout, progress on stderr
 *   npm run bench -- --json       exactly one JSON object on stdout
 *   npm run bench -- --quick      under a minute: scale and cold start at 10k only
 *   npm run bench -- --only=startup   ready time, RSS and SIGTERM per way of starting the bot (bench/startup.ts)
 *   npm run bench -- --render=bench.json   the tables of a saved --json run
 *   npm run bench -- --only=e2e --merge=bench.json --json   re-measure one part of a saved run
 *   npm run bench -- --only=seed,scale,cold,e2e   --sizes=10000,100000   --corpora=wordnet   --libraries=parley
 *
 * Every measurement runs in a fresh child process (`--expose-gc`, a large old space): heap and RSS
 * then belong to one library alone, and a 1M-passage baseline's garbage cannot slow the next
 * library down. Libraries of a row run one after another on the same machine, corpus and questions.
 */
import { machineInfo } from './machine.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runChild, REPO_ROOT } from './child.js';
import { LIBRARIES, type LibraryName } from './libraries.js';
import { CORPORA, type CorpusName } from './corpora/index.js';
import { measureColdStart } from './cold-start.js';
import { measureE2e } from './e2e.js';
import { renderReport } from './report.js';
import { checkTargets } from './targets.js';
import type { BenchResult, ScaleRow } from './result.js';
import type { ScaleResult } from './scale-child.js';
import type { SeedResult } from './seed.js';

const PARTS = ['seed', 'scale', 'cold', 'e2e'] as const;
type Part = (typeof PARTS)[number];

interface Args {
  readonly json: boolean;
  readonly quick: boolean;
  readonly only: ReadonlySet<Part>;
  readonly sizes: readonly number[];
  readonly corpora: readonly CorpusName[];
  readonly libraries: readonly LibraryName[];
}

function parseArgs(argv: readonly string[]): Args {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const quick = flag('quick');
  const only = value('only')?.split(',') ?? [...PARTS];
  for (const p of only)
    if (!PARTS.includes(p as Part)) throw new Error(`Parley: --only takes ${PARTS.join(',')}; got ${p}`);
  const sizes = value('sizes')?.split(',').map(Number) ?? (quick ? [10_000] : [10_000, 100_000, 1_000_000]);
  const corpora = (value('corpora')?.split(',') ?? [...CORPORA]) as CorpusName[];
  const libraries = (value('libraries')?.split(',') ?? [...LIBRARIES]) as LibraryName[];
  return { json: flag('json'), quick, only: new Set(only as Part[]), sizes, corpora, libraries };
}

const USAGE = `Usage: npm run bench [-- OPTIONS]
  (no options)              every part, human-readable Markdown tables on stdout, progress on stderr
  --json                    exactly one JSON object on stdout
  --quick                   under a minute: scale and cold start at 10k only
  --only=seed,scale,cold,e2e   measure only these parts
  --sizes=10000,100000      corpus sizes for scale and cold start
  --corpora=wordnet         corpora for scale (${CORPORA.join(', ')})
  --libraries=parley        libraries for scale (${LIBRARIES.join(', ')})
  --render=bench.json       the tables of a saved --json run (measures nothing)
  --merge=bench.json        re-measure the --only parts of a saved run, keep the rest
  --help                    this text`;

/** Per-library query budget: enough for ~1,000 Parley questions, bounded for the slow baselines. */
function budgetMs(passages: number, quick: boolean): number {
  if (quick) return 1_000;
  return passages >= 1_000_000 ? 60_000 : passages >= 100_000 ? 30_000 : 10_000;
}

const progress = (message: string) => process.stderr.write(`${message}\n`);

/** bench/out/partial.json after every step: a long run that is stopped still leaves its figures. */
function savePartial(result: BenchResult): void {
  try {
    mkdirSync(join(REPO_ROOT, 'bench/out'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'bench/out/partial.json'), `${JSON.stringify(result, null, 1)}\n`);
  } catch {
    // Progress only.
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const render = process.argv.find((a) => a.startsWith('--render='))?.slice('--render='.length);
  if (render) {
    // Tables from a saved `--json` run, so one (long) run gives both forms.
    const saved = JSON.parse(readFileSync(render, 'utf8')) as BenchResult;
    saved.targets = checkTargets(saved);
    process.stdout.write(renderReport(saved, saved.command ?? 'npm run bench -- --json'));
    return;
  }
  // Start-up, memory and SIGTERM per way of running the bot (docs/DEPLOYING.md): its own table.
  if (process.argv.includes('--only=startup')) {
    const { startupMain } = await import('./startup.js');
    await startupMain(process.argv.slice(2));
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const merge = process.argv.find((a) => a.startsWith('--merge='))?.slice('--merge='.length);
  const fresh: BenchResult = {
    machine: machineInfo(),
    command,
    options: { quick: args.quick, sizes: args.sizes },
    scale: [],
    errors: {},
    targets: [],
  };
  // --merge=saved.json: re-measure only the --only parts of a saved run and keep the rest as saved.
  const result: BenchResult = merge ? (JSON.parse(readFileSync(merge, 'utf8')) as BenchResult) : fresh;
  if (merge) {
    result.remeasured = [
      ...(result.remeasured ?? []),
      {
        parts: [...args.only],
        ...(args.only.has('scale') ? { sizes: args.sizes, libraries: args.libraries } : {}),
        machine: fresh.machine,
      },
    ];
    const remeasured = new Set<string>([...args.only].map((part) => (part === 'cold' ? 'coldStart' : part)));
    result.errors = Object.fromEntries(Object.entries(result.errors).filter(([part]) => !remeasured.has(part)));
  }

  if (args.only.has('seed')) {
    progress('seed: ask() vs plain MiniSearch…');
    const r = await runChild<SeedResult>('seed.ts', [args.quick ? '1000' : '2000']);
    if (r.ok && r.value) result.seed = r.value;
    else result.errors.seed = r.error ?? 'failed';
    progress(`  → ${JSON.stringify(result.seed ?? result.errors.seed)}`);
    savePartial(result);
  }

  const scaleRows = async (sizes: readonly number[]) => {
    for (const passages of sizes) {
      for (const corpus of args.corpora) {
        const row: ScaleRow = { corpus, passages };
        for (const library of args.libraries) {
          progress(`scale: ${corpus} ${passages.toLocaleString('en-US')} passages, ${library}…`);
          const r = await runChild<ScaleResult>('scale-child.ts', [
            corpus,
            String(passages),
            library,
            String(budgetMs(passages, args.quick)),
            '1000',
          ]);
          row[library] = r.ok && r.value ? r.value : { error: r.error ?? 'failed' };
          progress(`  → ${JSON.stringify(row[library])}`);
        }
        // With --merge a re-measured library replaces its cell of the saved row; other cells stay.
        const saved = result.scale.find((x) => x.corpus === corpus && x.passages === passages);
        if (saved) Object.assign(saved, row);
        else result.scale.push(row);
        savePartial(result);
      }
    }
  };
  // The 1M rows take most of a full run: they go last, so everything else is in hand first.
  const small = args.sizes.filter((n) => n < 1_000_000);
  const large = args.sizes.filter((n) => n >= 1_000_000);
  if (args.only.has('scale')) await scaleRows(small);

  if (args.only.has('cold')) {
    const passages = args.quick ? 10_000 : 100_000;
    progress(`cold start: ${passages.toLocaleString('en-US')} passages, rebuild vs cache…`);
    try {
      result.coldStart = await measureColdStart({ corpus: 'synthetic', passages, runs: args.quick ? 1 : 3 });
      progress(`  → ${JSON.stringify(result.coldStart)}`);
    } catch (error) {
      result.errors.coldStart = error instanceof Error ? error.message : String(error);
    }
  }

  if (args.only.has('e2e')) {
    progress('e2e: /ask through discord.js against the stand-in…');
    try {
      result.e2e = await measureE2e({ interactions: args.quick ? 150 : 1000 });
      progress(`  → ${JSON.stringify(result.e2e)}`);
    } catch (error) {
      result.errors.e2e = error instanceof Error ? error.message : String(error);
    }
  }

  savePartial(result);
  if (args.only.has('scale')) await scaleRows(large);
  if (!merge) result.machine = { ...result.machine, loadAvg1mEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100 };

  result.targets = checkTargets(result);
  process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : renderReport(result, command));
}

await main();

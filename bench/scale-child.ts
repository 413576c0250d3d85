/**
 * One scale measurement in a fresh process: generate the corpus, build ONE library, force GC,
 * read heap and RSS, then time the questions. Prints one JSON line (`ScaleResult`) on stdout.
 *
 * Usage: node --expose-gc --import tsx bench/scale-child.ts <synthetic|wordnet> <passages> <library> <budgetMs> <questions>
 */
import { makeCorpus, type CorpusName } from './corpora/index.js';
import { makeQuestions } from './questions.js';
import { buildLibrary, type LibraryName } from './libraries.js';
import { measure, round, type LatencyStats } from './latency.js';

export interface ScaleResult extends LatencyStats {
  readonly buildMs: number;
  /** CPU time of the build (user + system): robust to other load on the machine. */
  readonly buildCpuMs: number;
  /** Heap used by the index: heap after build minus heap with only the corpus and questions loaded (after GC). */
  readonly heapMB: number;
  /** Whole process heap after build and GC (corpus included). */
  readonly processHeapMB: number;
  /** Process RSS after build and GC. */
  readonly rssMB: number;
  /** Time to generate the corpus (not part of any library's figure). */
  readonly generateMs: number;
}

const MB = 2 ** 20;

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Parley: run the bench child with node --expose-gc');
  gc();
  gc();
}

async function main(): Promise<void> {
  const [corpusName, passagesArg, library, budgetArg, questionsArg] = process.argv.slice(2);
  const passages = Number(passagesArg);
  const t0 = performance.now();
  const corpus = makeCorpus(corpusName as CorpusName, passages);
  const questions = makeQuestions(corpus, Number(questionsArg ?? 1000));
  const generateMs = performance.now() - t0;
  collect();
  const heapBefore = process.memoryUsage().heapUsed;

  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const built = await buildLibrary(library as LibraryName, corpus);
  const buildMs = performance.now() - t1;
  const buildCpu = process.cpuUsage(c1);
  collect();
  const mem = process.memoryUsage();

  process.stderr.write(
    `  ${corpusName} ${passages} ${library}: built in ${(buildMs / 1000).toFixed(1)} s, querying…\n`,
  );
  const stats = measure(questions, (q) => built.ask(q), { budgetMs: Number(budgetArg), warmup: 20 });
  const result: ScaleResult = {
    buildMs: round(buildMs, 0),
    buildCpuMs: round((buildCpu.user + buildCpu.system) / 1000, 0),
    heapMB: round((mem.heapUsed - heapBefore) / MB, 1),
    processHeapMB: round(mem.heapUsed / MB, 1),
    rssMB: round(mem.rss / MB, 1),
    generateMs: round(generateMs, 0),
    ...stats,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();

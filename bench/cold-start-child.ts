/**
 * One cold start, as the bot does it: read the corpus folder, get the index (rebuild, or load from
 * the cache), answer one question. Prints one JSON line the moment it is ready to answer; the
 * parent times process spawn → that line.
 *
 * Usage: node --import tsx bench/cold-start-child.ts <corpusDir> <cacheDir> <rebuild|cache|prime>
 */
import { loadCorpus } from '../src/corpus/load.js';
import { loadOrBuildIndex } from '../src/search/cache.js';

export interface ColdStartChildResult {
  readonly mode: string;
  readonly source: 'cache' | 'built';
  readonly passages: number;
  /** Node's own clock: process time origin → ready (misses only the exec of node itself). */
  readonly sinceOriginMs: number;
  readonly loadCorpusMs: number;
  readonly indexMs: number;
  readonly writeMs: number;
  readonly firstAskMs: number;
  /** CPU time of this process up to ready (user + system, from process start): robust to other load. */
  readonly cpuMs: number;
}

const [corpusDir, cacheDir, mode] = process.argv.slice(2);
if (!corpusDir || !cacheDir || !['rebuild', 'cache', 'prime'].includes(mode ?? '')) {
  throw new Error('Parley: usage: cold-start-child.ts <corpusDir> <cacheDir> <rebuild|cache|prime>');
}
const t0 = performance.now();
const corpus = await loadCorpus(corpusDir);
const loadCorpusMs = performance.now() - t0;
const loaded = await loadOrBuildIndex(corpus, {
  cacheDir,
  read: mode === 'cache',
  write: mode === 'prime',
  // PARLEY_BENCH_LOAD_ASYNC=1 compares the yielding load (what a load while serving would use).
  loadAsync: process.env.PARLEY_BENCH_LOAD_ASYNC === '1',
  logger: (level, message) => process.stderr.write(`  cache ${level}: ${message}\n`),
});
const t1 = performance.now();
loaded.index.ask('what is the latest news?', { limit: 3 });
const firstAskMs = performance.now() - t1;
const result: ColdStartChildResult = {
  mode: mode as string,
  source: loaded.source,
  passages: corpus.passages.length,
  sinceOriginMs: Math.round(performance.now()),
  loadCorpusMs: Math.round(loadCorpusMs),
  indexMs: Math.round(loaded.ms),
  writeMs: Math.round(loaded.writeMs),
  firstAskMs: Math.round(firstAskMs * 10) / 10,
  cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
};
process.stdout.write(`${JSON.stringify(result)}\n`);

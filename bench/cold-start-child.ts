/**
 * One cold start, as the bot does it (`loadCorpusAndIndex`, what Engine.start uses with a cache
 * folder): get the corpus and the index (parse and rebuild, or load both from the cache), answer
 * one question. Prints one JSON line the moment it is ready to answer; the
 * parent times process spawn → that line.
 *
 * Usage: node --import tsx bench/cold-start-child.ts <corpusDir> <cacheDir> <rebuild|cache|prime>
 */
import { loadCorpusAndIndex } from '../src/search/cache.js';

export interface ColdStartChildResult {
  readonly mode: string;
  readonly source: 'cache' | 'built';
  /** Where the corpus came from: the cache file, or the folder parsed. */
  readonly corpusSource: 'cache' | 'loaded';
  readonly passages: number;
  /** Node's own clock: process time origin → ready (misses only the exec of node itself). */
  readonly sinceOriginMs: number;
  /** Getting the corpus: hashing the folder and reading the corpus file, or parsing the folder. */
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
// The bot's start-up path (Engine.start with a cache folder): corpus and index each from the cache
// when valid. In `rebuild` mode nothing is read or written, as with no cache folder at all.
const loaded = await loadCorpusAndIndex(corpusDir, {}, {
  cacheDir,
  read: mode === 'cache',
  write: mode === 'prime',
  // PARLEY_BENCH_LOAD_ASYNC=1 compares the yielding load (what a load while serving would use).
  loadAsync: process.env.PARLEY_BENCH_LOAD_ASYNC === '1',
  logger: (level, message) => process.stderr.write(`  cache ${level}: ${message}\n`),
});
const { corpus, index } = loaded;
if (!index) throw new Error(`Parley: no passage in ${corpusDir}`);
const t1 = performance.now();
index.index.ask('what is the latest news?', { limit: 3 });
const firstAskMs = performance.now() - t1;
const result: ColdStartChildResult = {
  mode: mode as string,
  source: index.source,
  corpusSource: loaded.corpusSource,
  passages: corpus.passages.length,
  sinceOriginMs: Math.round(performance.now()),
  loadCorpusMs: Math.round(loaded.corpusMs),
  indexMs: Math.round(index.ms),
  writeMs: Math.round(index.writeMs),
  firstAskMs: Math.round(firstAskMs * 10) / 10,
  cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
};
process.stdout.write(`${JSON.stringify(result)}\n`);

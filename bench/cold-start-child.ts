/**
 * One cold start, as the bot does it (`Engine.start`, with or without a cache folder): get the
 * corpus and the index (parse and rebuild, or load both from the cache), answer one question.
 * Prints one JSON line the moment it is ready to answer; the parent times process spawn → that line.
 *
 * Usage: node --import tsx bench/cold-start-child.ts <corpusDir> <cacheDir> <rebuild|cache|prime>
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../src/engine/engine.js';

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
  /** Getting the index once the corpus is there: loading the index file, or building (and, priming, saving) it. */
  readonly indexMs: number;
  readonly firstAskMs: number;
  /** CPU time of this process up to ready (user + system, from process start): robust to other load. */
  readonly cpuMs: number;
}

const [corpusDir, cacheDir, mode] = process.argv.slice(2);
if (!corpusDir || !cacheDir || !['rebuild', 'cache', 'prime'].includes(mode ?? '')) {
  throw new Error('Parley: usage: cold-start-child.ts <corpusDir> <cacheDir> <rebuild|cache|prime>');
}
// `rebuild` starts without a cache folder (nothing read or written); `prime` starts with an empty
// one (the start parses, builds and saves both files); `cache` starts from what `prime` saved.
if (mode === 'prime')
  for (const file of ['parley-corpus.json', 'parley-index.json']) rmSync(join(cacheDir, file), { force: true });
const cacheLog = (level: string) => (_fields: object, message: string) =>
  process.stderr.write(`  ${level}: ${message}\n`);
const started = await Engine.start({
  corpusDir,
  ...(mode === 'rebuild' ? {} : { cacheDir }),
  logger: { info: () => undefined, warn: cacheLog('warn'), error: cacheLog('error') },
});
if (started.kind === 'no-document') throw new Error(`Parley: ${started.message}`);
const searcher = started.engine.current;
const t1 = performance.now();
searcher.ask('what is the latest news?', { limit: 3 });
const firstAskMs = performance.now() - t1;
const result: ColdStartChildResult = {
  mode: mode as string,
  source: started.source,
  corpusSource: started.corpusSource,
  passages: searcher.corpus.passages.length,
  sinceOriginMs: Math.round(performance.now()),
  loadCorpusMs: Math.round(started.corpusMs),
  indexMs: Math.round(started.ms - started.corpusMs),
  firstAskMs: Math.round(firstAskMs * 10) / 10,
  cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
started.engine.close();

/**
 * The seed corpus (corpus/) as the bot serves it: `Engine.start`, the bot's load path, with the
 * folder's synonyms.json and the loader's defaults. Tests that stand for the bot answering
 * members use this rather than building an index their own way. Started once per test file.
 */
import { Engine, type EngineLogger } from '../../src/engine/engine.js';
import type { Searcher } from '../../src/types.js';

const silent: EngineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
let served: Promise<Searcher> | undefined;

/** The index the bot serves for corpus/ (nothing watched: the engine is closed once it is ready). */
export function servedSeed(): Promise<Searcher> {
  served ??= Engine.start({ corpusDir: 'corpus', logger: silent }).then((started) => {
    if (started.kind !== 'ready') throw new Error(started.message);
    started.engine.close();
    return started.engine.current;
  });
  return served;
}

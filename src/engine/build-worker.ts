/**
 * The index-build worker thread: builds (or loads from the cache) the index of the corpus it is
 * given and sends it back as JSON text. Building here keeps the main thread answering questions
 * during a rebuild; only parsing the result (`ParleyIndex.fromJSON`) happens there.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadOrBuildIndex } from '../search/cache.js';
import { ParleyIndex, type IndexOptions } from '../search/index.js';
import type { Corpus } from '../types.js';

/** What the engine sends (as `workerData.request`). */
export interface BuildRequest {
  readonly corpus: Corpus;
  readonly build: IndexOptions;
  readonly cacheDir?: string;
  /** The corpus's index cache key, when the engine already knows it. */
  readonly key?: string;
}

/** What the worker sends back. */
export type BuildMessage =
  | { readonly type: 'log'; readonly level: 'info' | 'warn'; readonly message: string; readonly code: string }
  | { readonly type: 'done'; readonly json: string; readonly source: 'cache' | 'built'; readonly ms: number }
  | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('Parley: build-worker.ts runs as a worker thread (see engine/worker.ts)');
const { corpus, build, cacheDir, key } = (workerData as { request: BuildRequest }).request;
const send = (message: BuildMessage) => port.postMessage(message);

try {
  const start = performance.now();
  let index: ParleyIndex;
  let source: 'cache' | 'built' = 'built';
  if (cacheDir !== undefined) {
    const loaded = await loadOrBuildIndex(
      corpus,
      { cacheDir, buildOptions: build, logger: (level, message, code) => send({ type: 'log', level, message, code }) },
      key,
    );
    index = loaded.index;
    source = loaded.source;
  } else {
    // WordNet serves questions only; the serialized index does not depend on it.
    index = ParleyIndex.build(corpus, { ...build, wordNet: false });
  }
  // One string crosses the thread boundary much faster than the object graph it encodes.
  send({ type: 'done', json: JSON.stringify(index.toJSON()), source, ms: performance.now() - start });
} catch (error) {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

/**
 * The corpus-load worker thread: reads and parses corpus folders off the main thread, one request
 * at a time, telling the engine which file it starts on (so a watchdog there can name and skip a
 * file that overruns its parse budget), and sends each loaded corpus back as JSON text. It stays
 * up between requests, so a reload pays neither a thread start nor a cold parser.
 */
import { parentPort } from 'node:worker_threads';
import { loadCorpus, type LoadOptions } from '../corpus/load.js';

/** One load: options without the callbacks, which cannot cross threads. */
export interface LoadRequest {
  readonly id: number;
  readonly dir: string;
  readonly load: Omit<LoadOptions, 'onFile'>;
}

/** What the worker sends back, tagged with the request's id. */
export type LoadMessage =
  | { readonly id: number; readonly type: 'file'; readonly file: string }
  | { readonly id: number; readonly type: 'done'; readonly json: string }
  | { readonly id: number; readonly type: 'error'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('Parley: load-worker.ts runs as a worker thread (see engine/load-in-worker.ts)');
const send = (message: LoadMessage) => port.postMessage(message);

port.on('message', ({ id, dir, load }: LoadRequest) => {
  // Every failure goes back to the caller as a message: nothing rejects unheard in this thread.
  loadCorpus(dir, { ...load, onFile: (file) => send({ id, type: 'file', file }) })
    // One string crosses the thread boundary much faster than the object graph it encodes.
    .then((corpus) => send({ id, type: 'done', json: JSON.stringify(corpus) }))
    .catch((error: unknown) =>
      send({ id, type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
});

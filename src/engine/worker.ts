/**
 * Builds an index in a worker thread (see `build-worker.ts`), so a rebuild of a large corpus does
 * not stop the main thread from answering. The corpus is copied to the worker, the index comes
 * back as JSON text and is loaded with `ParleyIndex.fromJSON` — the only part that still runs on
 * the main thread (a few seconds at 100k passages, against tens of seconds for the build).
 */
import { Worker } from 'node:worker_threads';
import { ParleyIndex, type IndexOptions } from '../search/index.js';
import type { Corpus } from '../types.js';
import type { BuildMessage, BuildRequest } from './build-worker.js';

/** Options of {@link buildInWorker}. All optional. */
export interface WorkerBuildOptions {
  readonly build?: IndexOptions;
  /** Cache folder: the worker loads a valid cached index, or builds and saves one. */
  readonly cacheDir?: string;
  /** The corpus's index cache key when already known (hashing 100k passages again costs ~0.16 s). */
  readonly key?: string;
  /** Cache events from the worker. */
  readonly log?: (level: 'info' | 'warn', message: string, code: string) => void;
  /** Stops the worker (e.g. on shutdown); the promise then rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
}

/** What {@link buildInWorker} returns. */
export interface WorkerBuilt {
  readonly index: ParleyIndex;
  readonly source: 'cache' | 'built';
  /** Time spent in the worker (build or cache load, and serialization). */
  readonly workerMs: number;
  /** Time the main thread spent loading the result. */
  readonly loadMs: number;
}

/** Under tsx (tests, `npm run dev`) the worker needs the bootstrap to register tsx; compiled, it runs as is. */
const TYPESCRIPT = import.meta.url.endsWith('.ts');
const ENTRY = new URL(TYPESCRIPT ? './build-worker.ts' : './build-worker.js', import.meta.url);
const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

/**
 * The index of `corpus`, built off the main thread. Rejects when the worker fails (the error says
 * why); the worker is always terminated.
 *
 * @example
 * const { index } = await buildInWorker(corpus, { build: { rerankDepth: 30 } });
 */
export function buildInWorker(corpus: Corpus, options: WorkerBuildOptions = {}): Promise<WorkerBuilt> {
  const build = options.build ?? {};
  const request: BuildRequest = {
    corpus,
    build,
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    ...(options.key !== undefined ? { key: options.key } : {}),
  };
  return new Promise<WorkerBuilt>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    let settled = false;
    const worker = new Worker(TYPESCRIPT ? BOOTSTRAP : ENTRY, {
      workerData: { entry: ENTRY.href, typescript: TYPESCRIPT, request },
      // The worker's stdout/stderr must not mix into a CLI's JSON output.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const onAbort = () => finish(() => reject(abortError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      outcome();
    };
    worker.on('message', (message: BuildMessage) => {
      if (message.type === 'log') options.log?.(message.level, message.message, message.code);
      else if (message.type === 'error') finish(() => reject(new Error(`index build worker: ${message.message}`)));
      else {
        finish(() => {
          const start = performance.now();
          ParleyIndex.fromJSONAsync(message.json, corpus, build).then(
            (index) =>
              resolve({ index, source: message.source, workerMs: message.ms, loadMs: performance.now() - start }),
            reject,
          );
        });
      }
    });
    worker.on('error', (error) => finish(() => reject(new Error(`index build worker: ${error.message}`))));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`index build worker exited (code ${code}) before sending the index`))),
    );
  });
}

function abortError(): Error {
  const error = new Error('index build cancelled');
  error.name = 'AbortError';
  return error;
}

/**
 * Loads a corpus folder in a worker thread (see `load-worker.ts`) under a per-file parse budget.
 * Reading and parsing never run on the main thread, so whatever a file holds, interactions and
 * `/healthz` keep being answered. A file that takes longer than the budget is a skipped file:
 * the watchdog terminates the worker (a regex deep in backtracking cannot be interrupted any
 * other way), records a problem naming the file, and loads again in a new worker without it.
 *
 * One worker serves the process, one load at a time; it stays up between loads (not keeping the
 * process alive), so a reload costs no thread start and finds the parser already compiled.
 */
import { Worker } from 'node:worker_threads';
import type { LoadOptions } from '../corpus/load.js';
import type { Corpus, CorpusProblem } from '../types.js';
import type { LoadMessage, LoadRequest } from './load-worker.js';

/** Options of {@link loadCorpusInWorker}. All optional. */
export interface WorkerLoadOptions {
  /** Most time one file may take to read and parse, in milliseconds (default 20,000). */
  readonly budgetMs?: number;
  /** Most files skipped for overrunning the budget before the load gives up (default 20). */
  readonly maxSkipped?: number;
  /** Stops the load (e.g. on shutdown); the promise then rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
}

export const defaultWorkerLoadOptions = { budgetMs: 20_000, maxSkipped: 20 } as const;

const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './load-worker.ts' : './load-worker.js', import.meta.url);
const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

/**
 * `loadCorpus(dir, load)` in a worker thread, with every file held to `budgetMs`. Files over it
 * are left out and reported as `error` problems naming them; the rest loads as usual. Rejects
 * only when the worker itself fails or more than `maxSkipped` files overrun (the error says why).
 * The budget of the last file also covers sending the corpus back (a second at 100k passages).
 *
 * @example
 * const corpus = await loadCorpusInWorker('corpus', { maxFileBytes: 5e6 }, { budgetMs: 20_000 });
 */
export async function loadCorpusInWorker(
  dir: string,
  load: LoadOptions = {},
  options: WorkerLoadOptions = {},
): Promise<Corpus> {
  const { budgetMs, maxSkipped } = { ...defaultWorkerLoadOptions, ...options };
  if (!(budgetMs > 0)) throw new RangeError(`Parley: budgetMs must be > 0, got ${budgetMs}`);
  // The callbacks cannot cross the thread boundary; progress comes back as messages instead.
  const { onFile: _onFile, ...rest } = load;
  const skipped: CorpusProblem[] = [];
  const exclude = [...(load.exclude ?? [])];
  for (;;) {
    const outcome = await loader.run(dir, { ...rest, exclude }, budgetMs, options.signal);
    if (outcome.kind === 'done') {
      if (skipped.length === 0) return outcome.corpus;
      return { ...outcome.corpus, problems: [...outcome.corpus.problems, ...skipped] };
    }
    exclude.push(outcome.file);
    skipped.push({
      severity: 'error',
      file: outcome.file,
      message: `took longer than ${formatSeconds(budgetMs)} to parse; skipped (check the file, or raise CORPUS_PARSE_TIMEOUT)`,
    });
    if (skipped.length > maxSkipped) {
      throw new Error(
        `${skipped.length} files took longer than ${formatSeconds(budgetMs)} each to parse (is the machine overloaded?); gave up`,
      );
    }
  }
}

type Outcome = { readonly kind: 'done'; readonly corpus: Corpus } | { readonly kind: 'overran'; readonly file: string };

/** The process's load worker: started on first use, replaced after it was terminated. */
class Loader {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Loads run one after another: the watchdog times one file of one load. */
  private queue: Promise<unknown> = Promise.resolve();

  run(dir: string, load: LoadRequest['load'], budgetMs: number, signal: AbortSignal | undefined): Promise<Outcome> {
    const turn = this.queue.then(() => this.runNow(dir, load, budgetMs, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private spawn(): Worker {
    // The worker's stdout/stderr are the process's own: piped streams would keep the process
    // alive after its last load, and loading prints nothing (problems come back as values).
    // Under tsx the bootstrap registers the TypeScript loader first; compiled, the entry runs as is
    // (the bootstrap is not part of dist/).
    const typescript = ENTRY.pathname.endsWith('.ts');
    const worker = new Worker(typescript ? BOOTSTRAP : ENTRY, { workerData: { entry: ENTRY.href, typescript } });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    return worker;
  }

  private kill(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }

  private runNow(
    dir: string,
    load: LoadRequest['load'],
    budgetMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const worker = (this.worker ??= this.spawn());
      worker.ref();
      const id = this.nextId++;
      let settled = false;
      let watchdog: NodeJS.Timeout | undefined;
      const finish = (outcome: () => void, terminate: boolean) => {
        if (settled) return;
        settled = true;
        if (watchdog) clearTimeout(watchdog);
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (terminate) this.kill(worker);
        else worker.unref();
        outcome();
      };
      const onAbort = () => finish(() => reject(abortError()), true);
      const onMessage = (message: LoadMessage) => {
        if (message.id !== id) return;
        if (message.type === 'file') {
          if (watchdog) clearTimeout(watchdog);
          watchdog = setTimeout(() => finish(() => resolve({ kind: 'overran', file: message.file }), true), budgetMs);
        } else if (message.type === 'error') {
          finish(() => reject(new Error(`corpus load worker: ${message.message}`)), false);
        } else {
          finish(() => {
            try {
              resolve({ kind: 'done', corpus: JSON.parse(message.json) as Corpus });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          }, false);
        }
      };
      const onError = (error: Error) => finish(() => reject(new Error(`corpus load worker: ${error.message}`)), true);
      const onExit = (code: number) =>
        finish(() => reject(new Error(`corpus load worker exited (code ${code}) before sending the corpus`)), true);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const request: LoadRequest = { id, dir, load };
      worker.postMessage(request);
    });
  }
}

const loader = new Loader();

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

function abortError(): Error {
  const error = new Error('corpus load cancelled');
  error.name = 'AbortError';
  return error;
}

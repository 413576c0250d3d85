/**
 * The Engine owns the index the bot serves: it loads the corpus folder at start, rebuilds the
 * index in the background when the folder changes (or an owner asks), and swaps the new index in
 * with one reference assignment once it is complete. Readers call `engine.current` per question
 * and so always get one whole index, old or new, never a mix; a failed rebuild keeps the old one.
 *
 * Core module: no discord.js. The bot passes `() => engine.current` as the router's `getSearcher`
 * and `() => engine.reload({ force: true })` as its `reload`.
 *
 * Cost of a rebuild: `ParleyIndex.build` is synchronous MiniSearch work — ~50 ms on the seed
 * (24 passages), ~4 s on 10k generated passages and 50–100 s on 100k on two cores. On the main
 * thread that freezes every interaction for the whole build, so corpora of
 * `workerMinPassages` or more are rebuilt in a worker thread (`worker.ts`): the main thread then
 * only copies the corpus over and loads the result with `ParleyIndex.fromJSON`, which is still
 * synchronous — the longest event-loop stall measured was ~1 s at 10k and ~7 s at 100k, against
 * ~4 s and ~98 s for an in-thread build. Start-up builds in place unless `startInWorker` is set.
 * Memory: the old and the new index coexist until the swap, so a reload needs about twice the
 * index's memory.
 */
import { performance } from 'node:perf_hooks';
import { loadCorpus, type LoadOptions } from '../corpus/load.js';
import {
  cacheKey,
  loadCorpusCached,
  loadOrBuildIndex,
  removeStaleTempFiles,
  type CacheLogLevel,
} from '../search/cache.js';
import { ParleyIndex, type IndexOptions } from '../search/index.js';
import { corpusSynonyms } from '../search/synonyms.js';
import type { Corpus, CorpusProblem, Searcher } from '../types.js';
import { watchFolder, type FolderWatch, type WatchMode } from './watch.js';
import { loadCorpusInWorker } from './load-in-worker.js';
import { buildInWorker } from './worker.js';

/** The logging the engine needs; a pino logger fits. */
export interface EngineLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Builds the searchable index of a loaded corpus (the default uses `ParleyIndex` and the cache). */
export type BuildIndex = (corpus: Corpus) => Searcher | Promise<Searcher>;

/** Options of {@link Engine.start}. Only `corpusDir` is required. */
export interface EngineOptions {
  /** The folder of documents (`CORPUS_DIR`). */
  readonly corpusDir: string;
  /** Options for `loadCorpus` (size limit, extensions, …). */
  readonly load?: LoadOptions;
  /**
   * Read and parse the folder in a worker thread, at start-up and on every reload (default true):
   * the event loop stays free whatever a file holds, and a file over `parseBudgetMs` is skipped
   * with a problem naming it. `false` parses on the calling thread, without a budget.
   */
  readonly parseInWorker?: boolean;
  /** Most time one file may take to read and parse in the worker, in milliseconds (default 20,000). */
  readonly parseBudgetMs?: number;
  /** Options for `ParleyIndex.build`; part of the cache key. */
  readonly build?: IndexOptions;
  /**
   * Folder of the on-disk cache. When set, start-up takes the parsed corpus (with its problems) and
   * the index from it while the folder's files are unchanged, instead of parsing and building; every
   * freshly parsed corpus and built index is saved for the next start. Default: no cache.
   */
  readonly cacheDir?: string;
  /** Where the engine reports; a pino logger fits (default: silent). */
  readonly logger?: EngineLogger;
  /** Called after every reload attempt, whatever its outcome (e.g. to tell an owner). */
  readonly onReload?: (outcome: EngineReloadOutcome) => void;
  /** Quiet time after the last change in the folder before a watched reload (default 300 ms). */
  readonly debounceMs?: number;
  /** How `watch()` notices changes (default `auto`: native recursive events, else polling). */
  readonly watchMode?: WatchMode;
  /** Polling period when watching falls back to polling (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /**
   * Rebuild in a worker thread: `auto` (default) when the corpus has at least `workerMinPassages`
   * passages, `true` always, `false` never. Applies to reloads, and to start-up with `startInWorker`.
   */
  readonly worker?: boolean | 'auto';
  /** Size from which `worker: 'auto'` rebuilds in a worker thread (default 5,000 passages). */
  readonly workerMinPassages?: number;
  /**
   * Build at start-up in a worker thread too, when `worker` says so for the corpus size. Costs a
   * little more time than building in place, but the event loop stays free: use it when something
   * must answer during start-up (HTTP mode's PING and `/healthz`, a liveness probe). Default false.
   */
  readonly startInWorker?: boolean;
  /**
   * Replaces the index builder (default: `ParleyIndex.build`, through the cache when `cacheDir` is
   * set). For tests and custom indexes; a throw is a failed build like any other.
   */
  readonly buildIndex?: BuildIndex;
}

const silentLogger: EngineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Defaults of {@link EngineOptions}. */
export const defaultEngineOptions: Required<Omit<EngineOptions, 'corpusDir' | 'cacheDir' | 'buildIndex'>> = {
  load: {},
  parseInWorker: true,
  parseBudgetMs: 20_000,
  build: {},
  logger: silentLogger,
  onReload: () => undefined,
  debounceMs: 300,
  watchMode: 'auto',
  pollIntervalMs: 1000,
  worker: 'auto',
  workerMinPassages: 5000,
  startInWorker: false,
};

/** What {@link Engine.start} returns: a serving engine, or why nothing can be served. */
export type EngineStartResult =
  | {
      readonly kind: 'ready';
      readonly engine: Engine;
      /** Files skipped or served with a caveat (already logged as warnings). */
      readonly problems: readonly CorpusProblem[];
      /** `cache` when the index came from the cache file, else `built`. */
      readonly source: IndexSource;
      /** `cache` when the parsed corpus came from the cache file, else `loaded` (the folder was parsed). */
      readonly corpusSource: 'cache' | 'loaded';
      /** Time to get the corpus (hash the folder and read the cache file, or parse the folder). */
      readonly corpusMs: number;
      /** Load + build (or cache load) time. */
      readonly ms: number;
    }
  | {
      readonly kind: 'no-document';
      /** Every problem met; the `error` ones say why each file was refused. */
      readonly problems: readonly CorpusProblem[];
      /** One line for the admin, naming the folder and the first reason. */
      readonly message: string;
    };

export type IndexSource = 'cache' | 'built';

/** What a reload did. `ok` and `message` make it a router `ReloadOutcome` as is. */
export type EngineReloadOutcome =
  | {
      readonly ok: true;
      readonly kind: 'reloaded';
      /** e.g. "Reloaded: 3 documents, 120 passages in 84 ms". */
      readonly message: string;
      readonly documents: number;
      readonly passages: number;
      readonly source: IndexSource;
      readonly ms: number;
      readonly problems: readonly CorpusProblem[];
    }
  | {
      readonly ok: true;
      /** The folder gives exactly the passages already served: nothing was rebuilt. */
      readonly kind: 'unchanged';
      readonly message: string;
      readonly documents: number;
      readonly passages: number;
      readonly ms: number;
      readonly problems: readonly CorpusProblem[];
    }
  | {
      readonly ok: false;
      readonly kind: 'failed';
      /** `no-document`: nothing usable left in the folder; `error`: loading or building threw; `closed`: the engine was closed. */
      readonly reason: 'no-document' | 'error' | 'closed';
      /** Why, and that the previous index is still served. */
      readonly message: string;
      readonly ms: number;
      readonly problems: readonly CorpusProblem[];
      readonly error?: unknown;
    };

/** Options of {@link Engine.reload}. All optional. */
export interface ReloadOptions {
  /** Rebuild even when the folder gives the same passages (e.g. the synonym table changed). Default false. */
  readonly force?: boolean;
}

/** What is served: swapped as one object so the index and its cache key never disagree. */
interface Served {
  readonly searcher: Searcher;
  readonly key: string;
}

type Settings = typeof defaultEngineOptions & EngineOptions;

/**
 * Loads the corpus, serves its index, and rebuilds it in the background on change.
 *
 * @example
 * const started = await Engine.start({ corpusDir: 'corpus', cacheDir: '.cache', logger });
 * if (started.kind === 'no-document') { console.error(started.message); process.exit(1); }
 * const { engine } = started;
 * engine.watch();
 * const router = createRouter({ commands: allCommands, getSearcher: () => engine.current, reload: () => engine.reload({ force: true }), logger, version });
 */
export class Engine {
  private served: Served;
  private readonly settings: Settings;
  private readonly listeners = new Set<(outcome: EngineReloadOutcome) => void>();
  private inFlight: Promise<EngineReloadOutcome> | undefined;
  private queued: Promise<EngineReloadOutcome> | undefined;
  private queuedForce = false;
  private watcher: FolderWatch | undefined;
  private closed = false;
  /** Read anew after every await: close() may have run meanwhile (a field check would be narrowed away). */
  private isClosed(): boolean {
    return this.closed;
  }
  /** Aborted by `close()`: stops a worker build in progress. */
  private readonly closing = new AbortController();
  /** Problems already logged, so a watched reload does not repeat the same warning every time. */
  private loggedProblems: Set<string>;

  private constructor(settings: Settings, served: Served, loggedProblems: Set<string>) {
    this.settings = settings;
    this.served = served;
    this.loggedProblems = loggedProblems;
  }

  /**
   * Loads `corpusDir` and builds (or loads the cached) index. Skipped files are logged as warnings
   * and returned; a folder with no usable document gives `kind: 'no-document'` (callers print its
   * `message` and exit). Throws only for a programmer mistake or an index that cannot be built at all.
   *
   * @example
   * const started = await Engine.start({ corpusDir: config.corpusDir, logger });
   */
  static async start(options: EngineOptions): Promise<EngineStartResult> {
    // Checked at run time too: JavaScript callers and bad config reach here without the types.
    if (typeof (options as Partial<EngineOptions> | undefined)?.corpusDir !== 'string' || options.corpusDir === '') {
      throw new TypeError('Parley: Engine.start needs { corpusDir } (the folder of documents)');
    }
    const settings: Settings = { ...defaultEngineOptions, ...options };
    if (!(settings.debounceMs >= 0))
      throw new RangeError(`Parley: debounceMs must be >= 0, got ${settings.debounceMs}`);
    if (!(settings.pollIntervalMs > 0))
      throw new RangeError(`Parley: pollIntervalMs must be > 0, got ${settings.pollIntervalMs}`);
    if (settings.worker !== 'auto' && typeof settings.worker !== 'boolean')
      throw new TypeError(`Parley: worker must be true, false or 'auto'`);
    if (!(settings.workerMinPassages >= 0))
      throw new RangeError(`Parley: workerMinPassages must be >= 0, got ${settings.workerMinPassages}`);
    if (!(settings.parseBudgetMs > 0))
      throw new RangeError(`Parley: parseBudgetMs must be > 0, got ${settings.parseBudgetMs}`);
    const start = performance.now();
    // A kill during a cache write leaves its temporary file; each is as large as the cache.
    if (settings.cacheDir !== undefined)
      await removeStaleTempFiles(settings.cacheDir, { logger: cacheLogger(settings.logger) });
    // With a cache folder, a warm start takes the parsed corpus (and its problems) from the cache
    // when the folder's files are unchanged: at 100k passages parsing is ~40 % of a warm start.
    const corpusStart = performance.now();
    const { corpus, key, build, corpusSource } = await readCorpus(settings, undefined);
    const corpusMs = performance.now() - corpusStart;
    const logged = new Set<string>();
    logProblems(settings.logger, corpus.problems, logged);
    if (corpus.passages.length === 0) {
      return {
        kind: 'no-document',
        problems: corpus.problems,
        message: noDocumentMessage(settings.corpusDir, corpus.problems),
      };
    }
    const { searcher, source } = await buildWith(settings, build, corpus, settings.startInWorker, undefined, key);
    const ms = performance.now() - start;
    settings.logger.info(
      { documents: corpus.documents.length, passages: corpus.passages.length, source, ms: Math.round(ms) },
      'index ready',
    );
    const engine = new Engine(settings, { searcher, key }, logged);
    return { kind: 'ready', engine, problems: corpus.problems, source, corpusSource, corpusMs, ms };
  }

  /**
   * The corpus {@link Engine.start} would serve with these options, without building its index:
   * the same loader (a worker thread under the per-file budget unless `parseInWorker` is false)
   * and the same corpus cache. For tools that check a corpus (`npm run validate-corpus`).
   *
   * @example
   * const corpus = await Engine.readCorpus({ corpusDir: 'corpus' });
   * for (const p of corpus.problems) console.log(`${p.file}: ${p.message}`);
   */
  static async readCorpus(options: EngineOptions): Promise<Corpus> {
    const settings: Settings = { ...defaultEngineOptions, ...options };
    return (await readCorpus(settings, undefined)).corpus;
  }

  /** The index to answer from. Read it once per question: a reload may swap it between two reads. */
  get current(): Searcher {
    return this.served.searcher;
  }

  /** Whether `watch()` is running, and how (`fs-watch` or `poll`). */
  get watching(): 'fs-watch' | 'poll' | false {
    return this.watcher?.mode ?? false;
  }

  /**
   * Re-reads the folder and builds a new index while the old one keeps answering, then swaps it
   * in. Never rejects: a failed rebuild keeps the old index and says why. Requests during a
   * rebuild coalesce: one build runs, at most one more is queued (it will see every change made
   * until it starts), and every caller gets the outcome of a build that began after its request.
   *
   * @example
   * const outcome = await engine.reload();
   * logger.info(outcome.message); // "Reloaded: 2 documents, 57 passages in 80 ms"
   */
  reload(options: ReloadOptions = {}): Promise<EngineReloadOutcome> {
    const force = options.force === true;
    if (this.closed) return Promise.resolve(this.report(closedOutcome()));
    if (this.queued) {
      this.queuedForce ||= force;
      return this.queued;
    }
    if (this.inFlight) {
      this.queuedForce = force;
      const next = this.inFlight.then(() => {
        const queuedForce = this.queuedForce;
        this.queued = undefined;
        this.queuedForce = false;
        return this.run(queuedForce);
      });
      this.queued = next;
      return next;
    }
    return this.run(force);
  }

  /**
   * Reloads by itself when something in the corpus folder changes (debounced). Idempotent.
   *
   * @example
   * engine.watch(); // …and engine.close() on shutdown
   */
  watch(): this {
    if (this.closed || this.watcher) return this;
    this.watcher = watchFolder(this.settings.corpusDir, () => void this.reload(), {
      debounceMs: this.settings.debounceMs,
      mode: this.settings.watchMode,
      pollIntervalMs: this.settings.pollIntervalMs,
      onFallback: (reason) =>
        this.settings.logger.warn({ corpusDir: this.settings.corpusDir }, `corpus watch: ${reason}`),
    });
    this.settings.logger.info(
      { corpusDir: this.settings.corpusDir, mode: this.watcher.mode },
      'watching the corpus folder',
    );
    return this;
  }

  /**
   * Calls `listener` after every reload attempt. Returns a function that removes it.
   *
   * @example
   * const off = engine.onReload((o) => console.log(o.message));
   */
  onReload(listener: (outcome: EngineReloadOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stops watching and stops a rebuild running in a worker thread (an in-place build cannot be
   * interrupted; its result is dropped). Pending and later reloads report `closed`; the current
   * index keeps answering.
   */
  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
    this.closing.abort();
  }

  private run(force: boolean): Promise<EngineReloadOutcome> {
    const running = this.rebuild(force)
      .catch((error: unknown): EngineReloadOutcome =>
        failed('error', `Reload failed (${describe(error)})`, 0, [], error),
      )
      .then((outcome) => this.report(outcome))
      .finally(() => {
        if (this.inFlight === running) this.inFlight = undefined;
      });
    this.inFlight = running;
    return running;
  }

  private async rebuild(force: boolean): Promise<EngineReloadOutcome> {
    if (this.isClosed()) return closedOutcome();
    const { settings } = this;
    const start = performance.now();
    const elapsed = () => performance.now() - start;
    const still = () => {
      const corpus = this.served.searcher.corpus;
      return `still serving the previous index (${count(corpus.documents.length, 'document')}, ${count(corpus.passages.length, 'passage')})`;
    };

    let corpus: Corpus;
    let key: string;
    let build: IndexOptions;
    try {
      ({ corpus, key, build } = await readCorpus(settings, this.closing.signal));
    } catch (error) {
      if (this.isClosed()) return closedOutcome();
      return failed(
        'error',
        `Reload failed: could not read ${settings.corpusDir} (${describe(error)}); ${still()}`,
        elapsed(),
        [],
        error,
      );
    }
    logProblems(settings.logger, corpus.problems, this.loggedProblems);
    if (corpus.passages.length === 0) {
      return failed(
        'no-document',
        `Reload failed: ${lowerFirst(noDocumentMessage(settings.corpusDir, corpus.problems))}; ${still()}`,
        elapsed(),
        corpus.problems,
      );
    }
    if (!force && key === this.served.key) {
      return {
        ok: true,
        kind: 'unchanged',
        message: `Unchanged: ${count(corpus.documents.length, 'document')}, ${count(corpus.passages.length, 'passage')}; nothing to rebuild`,
        documents: corpus.documents.length,
        passages: corpus.passages.length,
        ms: elapsed(),
        problems: corpus.problems,
      };
    }
    if (this.isClosed()) return closedOutcome();
    let built: { searcher: Searcher; source: IndexSource };
    try {
      built = await buildWith(settings, build, corpus, true, this.closing.signal, key);
    } catch (error) {
      if (this.isClosed()) return closedOutcome();
      return failed(
        'error',
        `Reload failed: the index could not be built (${describe(error)}); ${still()}`,
        elapsed(),
        corpus.problems,
        error,
      );
    }
    if (this.isClosed()) return closedOutcome();
    // The swap: one assignment, after the new index is complete. Readers holding the old one finish with it.
    this.served = { searcher: built.searcher, key };
    const ms = elapsed();
    return {
      ok: true,
      kind: 'reloaded',
      message: `Reloaded: ${count(corpus.documents.length, 'document')}, ${count(corpus.passages.length, 'passage')} in ${Math.round(ms)} ms`,
      documents: corpus.documents.length,
      passages: corpus.passages.length,
      source: built.source,
      ms,
      problems: corpus.problems,
    };
  }

  /** Logs an outcome once and tells the listeners; a throwing listener cannot break a reload. */
  private report(outcome: EngineReloadOutcome): EngineReloadOutcome {
    const { logger } = this.settings;
    const fields = {
      kind: outcome.kind,
      ms: Math.round(outcome.ms),
      ...('passages' in outcome ? { passages: outcome.passages } : {}),
    };
    if (outcome.ok) logger.info(fields, outcome.message);
    else if (outcome.reason !== 'closed')
      logger.error(
        { ...fields, reason: outcome.reason, ...(outcome.error ? { err: outcome.error } : {}) },
        outcome.message,
      );
    for (const listener of [this.settings.onReload, ...this.listeners]) {
      try {
        listener(outcome);
      } catch (error) {
        logger.warn({ err: error }, 'a reload listener threw');
      }
    }
    return outcome;
  }
}

/**
 * The corpus, the index options (with the folder's own `synonyms.json` unless `build` gives a
 * table) and the index cache key: through the corpus cache when there is a cache folder. The table
 * is part of the key, so editing it rebuilds the index.
 */
async function readCorpus(
  settings: Settings,
  signal: AbortSignal | undefined,
): Promise<{ corpus: Corpus; key: string; build: IndexOptions; corpusSource: 'cache' | 'loaded' }> {
  const load = (dir: string, options: LoadOptions): Promise<Corpus> =>
    settings.parseInWorker
      ? loadCorpusInWorker(dir, options, { budgetMs: settings.parseBudgetMs, ...(signal ? { signal } : {}) })
      : loadCorpus(dir, options);
  let build = settings.build;
  if (build.synonyms === undefined) {
    const { table, problem } = corpusSynonyms(settings.corpusDir);
    if (problem !== undefined) settings.logger.warn({ code: 'synonyms' }, `synonyms: ${problem}; using none`);
    build = { ...build, synonyms: table };
  }
  if (settings.cacheDir === undefined) {
    const corpus = await load(settings.corpusDir, settings.load);
    return { corpus, key: cacheKey(corpus, build), build, corpusSource: 'loaded' };
  }
  const loaded = await loadCorpusCached(settings.corpusDir, settings.load, {
    cacheDir: settings.cacheDir,
    buildOptions: build,
    logger: cacheLogger(settings.logger),
    loadCorpus: load,
  });
  return { corpus: loaded.corpus, key: loaded.indexKey, build, corpusSource: loaded.source };
}

function cacheLogger(logger: EngineLogger): (level: CacheLogLevel, message: string, code: string) => void {
  return (level, message, code) => logger[level]({ code }, `index cache: ${message}`);
}

async function buildWith(
  settings: Settings,
  build: IndexOptions,
  corpus: Corpus,
  background: boolean,
  signal: AbortSignal | undefined,
  key: string,
): Promise<{ searcher: Searcher; source: IndexSource }> {
  if (settings.buildIndex) return { searcher: await settings.buildIndex(corpus), source: 'built' };
  const { logger } = settings;
  const cacheLog = cacheLogger(logger);
  const inWorker = settings.worker === 'auto' ? corpus.passages.length >= settings.workerMinPassages : settings.worker;
  if (background && inWorker) {
    const built = await buildInWorker(corpus, {
      build,
      key,
      log: cacheLog,
      ...(settings.cacheDir !== undefined ? { cacheDir: settings.cacheDir } : {}),
      ...(signal ? { signal } : {}),
    });
    logger.info(
      {
        passages: corpus.passages.length,
        workerMs: Math.round(built.workerMs),
        mainThreadMs: Math.round(built.loadMs),
      },
      'index built in a worker thread',
    );
    return { searcher: built.index, source: built.source };
  }
  if (settings.cacheDir !== undefined) {
    const loaded = await loadOrBuildIndex(
      corpus,
      { cacheDir: settings.cacheDir, buildOptions: build, logger: cacheLog },
      key,
    );
    return { searcher: loaded.index, source: loaded.source };
  }
  return { searcher: ParleyIndex.build(corpus, build), source: 'built' };
}

/** Identical problems (same message, other files) logged one by one before the rest are summarised. */
const REPEATS_LOGGED = 3;

function logProblems(logger: EngineLogger, problems: readonly CorpusProblem[], logged: Set<string>): void {
  const now = new Set<string>();
  // A folder of 10,000 empty files is one fact, not 10,000 lines: a few examples, then a count.
  const repeats = new Map<
    string,
    { severity: CorpusProblem['severity']; message: string; count: number; files: string[] }
  >();
  for (const problem of problems) {
    const id = `${problem.severity}\u0000${problem.file}\u0000${problem.line ?? ''}\u0000${problem.message}`;
    now.add(id);
    if (logged.has(id)) continue;
    const same = `${problem.severity}\u0000${problem.message}`;
    const group = repeats.get(same) ?? { severity: problem.severity, message: problem.message, count: 0, files: [] };
    repeats.set(same, group);
    group.count++;
    if (group.count > REPEATS_LOGGED) {
      if (group.files.length < 10) group.files.push(problem.file);
      continue;
    }
    const fields = {
      file: problem.file,
      ...(problem.line !== undefined ? { line: problem.line } : {}),
      severity: problem.severity,
    };
    logger.warn(fields, `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}: ${problem.message}`);
  }
  for (const group of repeats.values()) {
    const more = group.count - REPEATS_LOGGED;
    if (more <= 0) continue;
    logger.warn(
      { severity: group.severity, count: more, examples: group.files },
      `…and ${count(more, 'more file')} with the same problem: ${group.message}`,
    );
  }
  // Forget fixed problems, so one that comes back is reported again.
  logged.clear();
  for (const id of now) logged.add(id);
}

function noDocumentMessage(dir: string, problems: readonly CorpusProblem[]): string {
  const why = problems.find((p) => p.severity === 'error');
  const reason = why ? (why.file === dir ? why.message : `${why.file}: ${why.message}`) : 'no document';
  return `No usable document in ${dir} (${reason}): put .txt or .md files there, or set CORPUS_DIR (check them with npm run validate-corpus)`;
}

function failed(
  reason: 'no-document' | 'error',
  message: string,
  ms: number,
  problems: readonly CorpusProblem[],
  error?: unknown,
): EngineReloadOutcome {
  return { ok: false, kind: 'failed', reason, message, ms, problems, ...(error !== undefined ? { error } : {}) };
}

function closedOutcome(): EngineReloadOutcome {
  return {
    ok: false,
    kind: 'failed',
    reason: 'closed',
    message: 'Reload refused: the engine is shutting down',
    ms: 0,
    problems: [],
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

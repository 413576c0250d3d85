/**
 * Watching a corpus folder for changes: native events (one inotify watch per folder on Linux,
 * `fs.watch` recursive on macOS and Windows), falling back to polling the folder listing with
 * sizes and mtimes where those are unavailable or break (network file systems, a folder removed
 * and re-created). Bursts of events (an editor saving, `cp -r` of many files) are debounced into
 * one call. Nothing here reads documents: it only says "something changed". */
import { isFsError } from '../fs-error.js';
import { statSync, watch, type FSWatcher } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** How the folder is watched: `fs-watch` (native events), `poll` (listing + mtimes), or `auto` (native, else polling). */
export type WatchMode = 'auto' | 'fs-watch' | 'poll';

/** Options of {@link watchFolder}. All optional. */
export interface WatchOptions {
  /** Quiet time after the last event before `onChange` runs (default 300 ms). */
  readonly debounceMs?: number;
  /** `auto` (default): native recursive events, else polling. */
  readonly mode?: WatchMode;
  /** Polling period when polling (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Whether a changed path concerns the corpus (default: every path that is not hidden or a backup file). */
  readonly relevant?: (relativePath: string) => boolean;
  /** Called when watching falls back to polling, with why (e.g. to log it once). */
  readonly onFallback?: (reason: string) => void;
}

export const defaultWatchOptions = {
  debounceMs: 300,
  mode: 'auto',
  pollIntervalMs: 1000,
  relevant: isRelevantPath,
  onFallback: () => undefined,
} as const satisfies WatchOptions;

/** A running watch. */
export interface FolderWatch {
  /** `fs-watch` or `poll`: what is actually used now. */
  readonly mode: 'fs-watch' | 'poll';
  close(): void;
}

/**
 * Hidden files (editor swap files, `.DS_Store`, `.git`) and backups (`name~`, `*.swp`, `*.tmp`)
 * never hold documents: the loader skips them, so changes to them are noise. Names starting with
 * `..` are not noise: a Kubernetes ConfigMap or Secret volume updates its files by swapping the
 * `..data` link, and that is the only event such an update gives.
 */
export function isRelevantPath(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  if (parts.some((p) => p.startsWith('.') && !p.startsWith('..'))) return false;
  const base = parts[parts.length - 1] ?? '';
  return !(base.endsWith('~') || /\.(swp|swx|tmp|part|crdownload)$/i.test(base));
}

/**
 * Calls `onChange` (debounced) whenever something under `dir` changes. Never keeps the process
 * alive by itself (the bot's connections do), and never throws after it started: a broken native
 * watcher turns into polling.
 *
 * @example
 * const w = watchFolder('corpus', () => void engine.reload(), { debounceMs: 300 });
 * process.once('SIGTERM', () => w.close());
 */
export function watchFolder(dir: string, onChange: () => void, options: WatchOptions = {}): FolderWatch {
  const opts = { ...defaultWatchOptions, ...options };
  if (!(opts.debounceMs >= 0)) throw new RangeError(`Parley: debounceMs must be >= 0, got ${opts.debounceMs}`);
  if (!(opts.pollIntervalMs > 0))
    throw new RangeError(`Parley: pollIntervalMs must be > 0, got ${opts.pollIntervalMs}`);

  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let native: { close(): void } | undefined;
  let poller: { close(): void } | undefined;
  let mode: 'fs-watch' | 'poll' = 'poll';

  const changed = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onChange();
    }, opts.debounceMs);
    timer.unref();
  };

  const startPolling = (reason?: string) => {
    if (closed || poller) return;
    if (reason !== undefined) opts.onFallback(reason);
    mode = 'poll';
    poller = pollFolder(dir, opts.pollIntervalMs, changed);
  };

  // The folder was removed or replaced, or a watcher broke: native watchers cannot follow a
  // re-created folder, polling can.
  const stopped = (why: string) => {
    if (closed || !native) return;
    const watcher = native;
    native = undefined;
    watcher.close();
    changed();
    startPolling(`native watching stopped (${why}); polling every ${opts.pollIntervalMs} ms`);
  };

  if (opts.mode !== 'poll') {
    try {
      const onEvent = (relativePath: string | null) => {
        // Without a file name (some platforms) the change may concern anything.
        if (relativePath === null || opts.relevant(relativePath)) changed();
      };
      native =
        process.platform === 'linux' ? watchDirectories(dir, onEvent, stopped) : watchRecursive(dir, onEvent, stopped);
      mode = 'fs-watch';
    } catch (error) {
      if (opts.mode === 'fs-watch') throw error;
      startPolling(
        `native watching is unavailable (${(error as Error).message}); polling every ${opts.pollIntervalMs} ms`,
      );
    }
  } else startPolling();

  return {
    get mode() {
      return mode;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const watcher = native;
      native = undefined;
      watcher?.close();
      poller?.close();
      poller = undefined;
    },
  };
}

/** Most folders a corpus may have before the rest is left to the next reload's full read. */
const MAX_WATCHED_FOLDERS = 1000;
const MAX_DEPTH = 16;

/**
 * Native recursive watching where the platform does it in the kernel (macOS FSEvents, Windows).
 */
function watchRecursive(
  dir: string,
  onEvent: (relativePath: string | null) => void,
  broken: (why: string) => void,
): { close(): void } {
  const inode = statSync(dir).ino;
  const watcher = watch(dir, { recursive: true, persistent: false }, (event, filename) => {
    onEvent(filename);
    if (event === 'rename' && !filename) void checkRoot(dir, inode, broken);
  });
  watcher.on('error', (error: Error) => broken(error.message));
  return { close: () => watcher.close() };
}

/**
 * Linux: one inotify watch per folder, not per file. Node 20's `recursive: true` on Linux watches
 * files one by one and loses a file for good once an editor saves it the usual way (write a temp
 * file, rename it over the old one): the watched inode is gone. A folder watch sees every entry
 * created, renamed or written in it. Folders appearing or going are picked up by re-listing the
 * tree after each rename.
 */
function watchDirectories(
  dir: string,
  onEvent: (relativePath: string | null) => void,
  broken: (why: string) => void,
): { close(): void } {
  const inode = statSync(dir).ino;
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  let syncing: Promise<void> | undefined;
  let again = false;
  // Read through a function: events and close() change these while a sync awaits.
  const goAgain = (): boolean => again && !closed;

  const add = (relative: string) => {
    if (closed || watchers.has(relative) || watchers.size >= MAX_WATCHED_FOLDERS) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(path.join(dir, relative), { persistent: false }, (event, filename) => {
        onEvent(filename === null ? null : relative === '' ? filename : `${relative}/${filename}`);
        if (event === 'rename') sync();
      });
    } catch (error) {
      if (relative === '') throw error;
      return; // The folder went away between the listing and the watch: the next sync settles it.
    }
    watcher.on('error', () => {
      watcher.close();
      watchers.delete(relative);
      if (relative === '') broken('the folder watch failed');
      else sync();
    });
    watchers.set(relative, watcher);
  };

  // Re-lists the folders and watches the new ones; one listing at a time, and one more after it
  // when renames came in meanwhile.
  const sync = () => {
    if (closed) return;
    if (syncing) {
      again = true;
      return;
    }
    syncing = (async () => {
      do {
        again = false;
        if (!(await checkRoot(dir, inode, broken))) return;
        const folders = new Set(await listFolders(dir));
        for (const [relative, watcher] of watchers) {
          if (relative !== '' && !folders.has(relative)) {
            watcher.close();
            watchers.delete(relative);
          }
        }
        for (const relative of folders) add(relative);
      } while (goAgain());
    })().finally(() => {
      syncing = undefined;
    });
  };

  add('');
  sync();
  return {
    close() {
      closed = true;
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** Whether `dir` is still the folder that was watched; if not, says why through `broken`. */
async function checkRoot(dir: string, inode: number, broken: (why: string) => void): Promise<boolean> {
  try {
    if ((await stat(dir)).ino === inode) return true;
    broken('the folder was replaced');
  } catch (error) {
    if (!isFsError(error)) throw error;
    broken(error.code === 'ENOENT' ? 'the folder was removed' : `the folder cannot be read (${error.code ?? 'error'})`);
  }
  return false;
}

/** Every non-hidden sub-folder of `dir` (relative paths), bounded in depth and count. */
async function listFolders(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    } catch (error) {
      // Gone or unreadable since it was listed: nothing below it to watch.
      if (!isFsError(error)) throw error;
      return;
    }
    for (const entry of entries) {
      if (
        !entry.isDirectory() ||
        (entry.name.startsWith('.') && !entry.name.startsWith('..')) ||
        entry.name === 'node_modules'
      )
        continue;
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      out.push(rel);
      if (out.length >= MAX_WATCHED_FOLDERS) return;
      if (depth < MAX_DEPTH) await walk(rel, depth + 1);
    }
  };
  await walk('', 0);
  return out;
}

/**
 * Polls a folder: a signature of every non-hidden path with its size and mtime, compared with the
 * previous one. Only one scan runs at a time; a missing folder is a signature too, so removal and
 * re-creation are both noticed.
 */
function pollFolder(dir: string, intervalMs: number, changed: () => void): { close(): void } {
  let previous: string | undefined;
  let scanning = false;
  let closed = false;
  // Read through a function: close() may run while a scan awaits.
  const isClosed = (): boolean => closed;
  const tick = async () => {
    if (scanning || closed) return;
    scanning = true;
    try {
      const signature = await folderSignature(dir);
      if (previous !== undefined && signature !== previous && !isClosed()) changed();
      previous = signature;
    } finally {
      scanning = false;
    }
  };
  void tick();
  const interval = setInterval(() => void tick(), intervalMs);
  interval.unref();
  return {
    close() {
      closed = true;
      clearInterval(interval);
    },
  };
}

/** Every non-hidden entry under `dir` with its size and mtime, sorted; `missing` when the folder is gone. */
export async function folderSignature(dir: string): Promise<string> {
  const lines: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(dir, relative), { withFileTypes: true });
    } catch (error) {
      lines.push(`${relative}\u0000!${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        lines.push(`${rel}/`);
        // Deep trees are not corpora; the bound keeps a symlink cycle from running forever.
        if (depth < MAX_DEPTH) await walk(rel, depth + 1);
        continue;
      }
      try {
        const s = await stat(path.join(dir, rel));
        lines.push(`${rel}\u0000${s.size}\u0000${s.mtimeMs}`);
      } catch (error) {
        if (!isFsError(error)) throw error;
        lines.push(`${rel}\u0000gone`);
      }
    }
  };
  await walk('', 0);
  return lines.sort().join('\n');
}

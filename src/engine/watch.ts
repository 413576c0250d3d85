/**
 * Watching a corpus folder for changes: `fs.watch` with `recursive` (inotify on Linux since Node
 * 20, FSEvents/ReadDirectoryChanges elsewhere), falling back to polling the folder listing with
 * sizes and mtimes where that is unavailable or breaks (network file systems, a folder removed
 * and re-created). Bursts of events (an editor saving, `cp -r` of many files) are debounced into
 * one call. Nothing here reads documents: it only says "something changed".
 */
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
  onFallback: (_reason: string) => undefined,
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
  if (!(opts.pollIntervalMs > 0)) throw new RangeError(`Parley: pollIntervalMs must be > 0, got ${opts.pollIntervalMs}`);

  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let native: FSWatcher | undefined;
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

  // The folder was removed or replaced, or the watcher broke: a native watcher cannot follow a
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
      const inode = statSync(dir).ino;
      native = watch(dir, { recursive: true, persistent: false }, (event, filename) => {
        // Without a file name (some platforms) the change may concern anything.
        if (filename === null || opts.relevant(String(filename))) changed();
        // A removed or replaced folder gives one last "rename" and then silence: check for it.
        if (event === 'rename' && !filename) {
          void stat(dir).then(
            (s) => s.ino !== inode && stopped('the folder was replaced'),
            () => stopped('the folder was removed'),
          );
        }
      });
      mode = 'fs-watch';
      native.on('error', (error: Error) => stopped(error.message));
    } catch (error) {
      if (opts.mode === 'fs-watch') throw error;
      startPolling(`native recursive watching is unavailable (${(error as Error).message}); polling every ${opts.pollIntervalMs} ms`);
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

/**
 * Polls a folder: a signature of every non-hidden path with its size and mtime, compared with the
 * previous one. Only one scan runs at a time; a missing folder is a signature too, so removal and
 * re-creation are both noticed.
 */
function pollFolder(dir: string, intervalMs: number, changed: () => void): { close(): void } {
  let previous: string | undefined;
  let scanning = false;
  let closed = false;
  const tick = async () => {
    if (scanning || closed) return;
    scanning = true;
    try {
      const signature = await folderSignature(dir);
      if (previous !== undefined && signature !== previous && !closed) changed();
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
        if (depth < 16) await walk(rel, depth + 1);
        continue;
      }
      try {
        const s = await stat(path.join(dir, rel));
        lines.push(`${rel}\u0000${s.size}\u0000${s.mtimeMs}`);
      } catch {
        lines.push(`${rel}\u0000gone`);
      }
    }
  };
  await walk('', 0);
  return lines.sort().join('\n');
}

/**
 * The on-disk index cache: a restart loads the index saved by the last build instead of
 * rebuilding it, as long as the corpus, the analyzer and MiniSearch are unchanged.
 *
 * A cache file is a one-line JSON header (key, payload length and SHA-256) followed by the index
 * JSON. It is written to a temporary file and renamed into place, so readers see the old file or
 * the new one, never half of one. A missing, stale, truncated or corrupt file is logged and
 * rebuilt over; the cache never makes start-up fail.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile, rename, unlink, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Corpus } from '../types.js';
import { ParleyIndex } from './index.js';

/** Bump when the file layout or the index JSON changes: older files then count as stale (2: compact postings). */
const CACHE_FORMAT = 2;
const MAGIC = 'parley-index-cache';

export type CacheLogLevel = 'info' | 'warn';

/** Options of {@link loadOrBuildIndex}. All optional. */
export interface CacheOptions {
  /** Folder of the cache file (default `.cache`, relative to the working directory). Created when missing. */
  readonly cacheDir?: string;
  /** Name of the cache file in `cacheDir` (default `parley-index.json`). */
  readonly fileName?: string;
  /** Try the cache file before building (default true). */
  readonly read?: boolean;
  /** Save a freshly built index (default true). */
  readonly write?: boolean;
  /**
   * Load with `ParleyIndex.fromJSONAsync`, which yields to the event loop between chunks (default
   * false). Use it for a load while the process is already serving; at start-up and in a worker
   * thread nothing waits on the event loop, and the synchronous load is faster (100k passages:
   * ~3.1 s against ~4.4 s).
   */
  readonly loadAsync?: boolean;
  /** Options for `ParleyIndex.build`; they are part of the cache key. */
  readonly buildOptions?: Parameters<typeof ParleyIndex.build>[1];
  /**
   * Where cache events go: `info` for normal outcomes (loaded, saved, no file yet), `warn` for a
   * file that had to be ignored or could not be written. Default: warnings to `console.warn`.
   */
  readonly logger?: (level: CacheLogLevel, message: string, code: string) => void;
}

/** What {@link loadOrBuildIndex} returns. */
export interface LoadedIndex {
  readonly index: ParleyIndex;
  /** `cache` when the index came from a valid cache file, `built` when it was built from the corpus. */
  readonly source: 'cache' | 'built';
  /** Time to load or build the index (saving the cache file is not included). */
  readonly ms: number;
  /** Time to save the cache file after a build (0 when nothing was written). */
  readonly writeMs: number;
  /** The cache key: it changes whenever the corpus, the analyzer or MiniSearch does. */
  readonly key: string;
}

const defaultOptions = {
  cacheDir: '.cache',
  fileName: 'parley-index.json',
  read: true,
  write: true,
  loadAsync: false,
  buildOptions: undefined,
  logger: (level: CacheLogLevel, message: string) => {
    if (level === 'warn') console.warn(`index cache: ${message}`);
  },
} satisfies CacheOptions;

interface Header {
  readonly magic: string;
  readonly format: number;
  readonly key: string;
  readonly bytes: number;
  readonly sha256: string;
}

let minisearchVersion: string | undefined;
/** MiniSearch's installed version (its package.json is not exported, so it is found from the entry point). */
function getMinisearchVersion(): string {
  if (minisearchVersion) return minisearchVersion;
  let dir = dirname(createRequire(import.meta.url).resolve('minisearch'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'minisearch' && pkg.version) return (minisearchVersion = pkg.version);
    } catch {
      // No package.json at this level: keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) return (minisearchVersion = 'unknown');
    dir = parent;
  }
}

/**
 * The cache key of a corpus: SHA-256 of every passage field the index or an answer can show, the
 * analyzer version, the MiniSearch version, the file format and the build options. Hashing the
 * passages (not the files) means a changed splitter or boilerplate rule invalidates the cache too.
 *
 * @example
 * cacheKey(corpus) === cacheKey(await loadCorpus('corpus')) // same files, same key
 */
export function cacheKey(corpus: Corpus, buildOptions?: unknown): string {
  const hash = createHash('sha256');
  hash.update(`${MAGIC}\u0000${CACHE_FORMAT}\u0000${ParleyIndex.ANALYZER_VERSION}\u0000${getMinisearchVersion()}\u0000`);
  hash.update(`${JSON.stringify(buildOptions ?? null)}\u0000${corpus.passages.length}\u0000`);
  // Unit and record separators cannot occur in corpus text the way they are used here, so two
  // different corpora cannot produce the same byte stream.
  for (const p of corpus.passages) {
    hash.update(
      `${p.id}\u001f${p.documentId}\u001f${p.document}\u001f${p.sectionId}\u001f${p.headingPath.join('\u001d')}\u001f` +
        `${p.index}\u001f${p.count}\u001f${p.line}\u001f${p.source ?? ''}\u001f${p.text}\u001e`,
    );
  }
  return hash.digest('hex');
}

/**
 * The index of a corpus, from the cache file when it is valid for this corpus, else built (and
 * then saved for the next start). Never throws because of the cache file.
 *
 * @example
 * const { index, source, ms } = await loadOrBuildIndex(corpus, { cacheDir: '.cache' });
 * logger.info(`index ${source} in ${ms} ms`);
 */
export async function loadOrBuildIndex(corpus: Corpus, options: CacheOptions = {}): Promise<LoadedIndex> {
  const { cacheDir, fileName, read, write, loadAsync, buildOptions, logger } = { ...defaultOptions, ...options };
  const file = resolve(cacheDir, fileName);
  const key = cacheKey(corpus, buildOptions);

  if (read) {
    const start = performance.now();
    const index = await readCache(file, key, corpus, loadAsync, logger);
    if (index) {
      const ms = performance.now() - start;
      logger('info', `loaded ${corpus.passages.length} passages from ${file} in ${Math.round(ms)} ms`, 'loaded');
      return { index, source: 'cache', ms, writeMs: 0, key };
    }
  }

  const start = performance.now();
  const index = await ParleyIndex.build(corpus, buildOptions);
  const ms = performance.now() - start;
  let writeMs = 0;
  if (write) {
    const t = performance.now();
    if (await writeCache(file, key, index, logger)) writeMs = performance.now() - t;
  }
  return { index, source: 'built', ms, writeMs, key };
}

async function readCache(
  file: string,
  key: string,
  corpus: Corpus,
  loadAsync: boolean,
  logger: NonNullable<CacheOptions['logger']>,
): Promise<ParleyIndex | undefined> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') logger('info', `no cache file at ${file} yet: building`, 'missing');
    else logger('warn', `cannot read ${file} (${describe(error)}): rebuilding`, 'unreadable');
    return undefined;
  }
  const newline = buffer.indexOf(0x0a);
  const header = newline > 0 ? parseHeader(buffer.toString('utf8', 0, newline)) : undefined;
  if (!header) {
    logger('warn', `${file} is not a Parley index cache (bad header): rebuilding`, 'corrupt');
    return undefined;
  }
  if (header.key !== key) {
    logger('info', `${file} was built for another corpus or version: rebuilding`, 'stale');
    return undefined;
  }
  const payload = buffer.subarray(newline + 1);
  if (payload.length !== header.bytes || createHash('sha256').update(payload).digest('hex') !== header.sha256) {
    logger('warn', `${file} is truncated or damaged (checksum mismatch): rebuilding`, 'corrupt');
    return undefined;
  }
  try {
    const json = payload.toString('utf8');
    return loadAsync ? await ParleyIndex.fromJSONAsync(json, corpus) : ParleyIndex.fromJSON(json, corpus);
  } catch (error) {
    logger('warn', `${file} could not be loaded (${describe(error)}): rebuilding`, 'corrupt');
    return undefined;
  }
}

function parseHeader(line: string): Header | undefined {
  try {
    const h = JSON.parse(line) as Partial<Header> | null;
    if (
      h &&
      h.magic === MAGIC &&
      h.format === CACHE_FORMAT &&
      typeof h.key === 'string' &&
      typeof h.bytes === 'number' &&
      typeof h.sha256 === 'string'
    ) {
      return h as Header;
    }
  } catch {
    // Not JSON: reported by the caller as a bad header.
  }
  return undefined;
}

/** Saves the index atomically; false (and a warning) when it could not. */
async function writeCache(
  file: string,
  key: string,
  index: ParleyIndex,
  logger: NonNullable<CacheOptions['logger']>,
): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const json = index.toJSON();
    // An index too large for one V8 string (~512 MB) throws here: no cache, but the bot still starts.
    const payload = typeof json === 'string' ? json : JSON.stringify(json);
    const body = Buffer.from(payload, 'utf8');
    const header: Header = {
      magic: MAGIC,
      format: CACHE_FORMAT,
      key,
      bytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    };
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(tmp, [`${JSON.stringify(header)}\n`, body]);
    // rename() replaces the old file in one step: a reader sees either file whole, never a mix.
    await rename(tmp, file);
    logger('info', `saved the index to ${file} (${(body.length / 2 ** 20).toFixed(1)} MB)`, 'saved');
    return true;
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    logger('warn', `could not save the index to ${file} (${describe(error)}); it will be rebuilt next start`, 'write-failed');
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

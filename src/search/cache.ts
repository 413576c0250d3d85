/**
 * The on-disk cache: a restart loads the index saved by the last build instead of rebuilding it
 * ({@link loadOrBuildIndex}), as long as the corpus, the analyzer and MiniSearch are unchanged, and
 * the parsed corpus saved beside it instead of parsing the folder again ({@link loadCorpusCached}),
 * as long as the folder's files, the load options and `CORPUS_FORMAT_VERSION` are unchanged.
 * `Engine.start` (src/engine) is what puts the two together for the bot and the CLI.
 *
 * A cache file (`parley-index.json`, `parley-corpus.json`) is a one-line JSON header (key, payload
 * length and SHA-256) followed by the JSON payload, read and written by one pair of helpers
 * ({@link readCacheFile}, {@link writeCacheFile}). It is written to a temporary file and renamed
 * into place, so readers see the old file or the new one, never half of one. A missing, stale,
 * truncated or corrupt file is logged and rebuilt over; the cache never makes start-up fail.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, writeFile, rename, unlink, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  CORPUS_FORMAT_VERSION,
  defaultLoadOptions,
  listCorpusFiles,
  loadCorpus,
  type LoadOptions,
} from '../corpus/load.js';
import { passageId, type Corpus, type CorpusProblem, type DocumentInfo, type Passage, type Section } from '../types.js';
import { ParleyIndex } from './index.js';

export type CacheLogLevel = 'info' | 'warn';
type CacheLogger = (level: CacheLogLevel, message: string, code: string) => void;

/** Options of {@link loadOrBuildIndex} and {@link loadCorpusCached}. All optional. */
export interface CacheOptions {
  /** Folder of the cache files (default `.cache`, relative to the working directory). Created when missing. */
  readonly cacheDir?: string;
  /** Name of the index file in `cacheDir` (default `parley-index.json`). */
  readonly fileName?: string;
  /** Name of the loaded-corpus file in `cacheDir` (default `parley-corpus.json`). */
  readonly corpusFileName?: string;
  /** Try the cache file before building or parsing (default true). */
  readonly read?: boolean;
  /** Save a freshly built index or parsed corpus (default true). */
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
  readonly logger?: CacheLogger;
  /**
   * How {@link loadCorpusCached} reads the folder when the cache cannot serve it (default
   * `loadCorpus`). The engine passes one that parses in a worker thread under a per-file budget.
   */
  readonly loadCorpus?: (dir: string, options: LoadOptions) => Promise<Corpus>;
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
  corpusFileName: 'parley-corpus.json',
  read: true,
  write: true,
  loadAsync: false,
  buildOptions: undefined,
  loadCorpus,
  logger: (level: CacheLogLevel, message: string) => {
    if (level === 'warn') console.warn(`index cache: ${message}`);
  },
} satisfies CacheOptions;

// One cache file: a header line, then the payload.

/** What tells one kind of cache file from the other, in the file and in the log. */
interface CacheFileKind {
  readonly magic: string;
  /** Bump when the file's layout or payload changes: older files then count as stale. */
  readonly format: number;
  /** What the file holds, in log lines ("index", "corpus"). */
  readonly noun: string;
  /** Prefix of the event codes (`corrupt`, `corpus-corrupt`). */
  readonly codePrefix: string;
  /** What a stale file was made from, in log lines. */
  readonly madeFrom: string;
  /** What happens instead of using the file, in log lines. */
  readonly fallback: string;
  /** What happens next start when the file cannot be saved, in log lines. */
  readonly nextStart: string;
}

const INDEX_FILE: CacheFileKind = {
  magic: 'parley-index-cache',
  // 3: varint postings.
  format: 3,
  noun: 'index',
  codePrefix: '',
  madeFrom: 'another corpus or version',
  fallback: 'rebuilding',
  nextStart: 'it will be rebuilt next start',
};

const CORPUS_FILE: CacheFileKind = {
  magic: 'parley-corpus-cache',
  // Parser changes bump `CORPUS_FORMAT_VERSION` in src/corpus/load.ts instead.
  format: 1,
  noun: 'corpus',
  codePrefix: 'corpus-',
  madeFrom: 'other files, options or parser version',
  fallback: 'reading the folder',
  nextStart: 'it will be parsed again next start',
};

/** The header line of a cache file. `extra` holds what one kind of file stores beside its key. */
interface Header {
  readonly magic: string;
  readonly format: number;
  /** What the payload was made from: the file is used only when the caller's key is the same. */
  readonly key: string;
  readonly extra: Readonly<Record<string, string>>;
  readonly bytes: number;
  readonly sha256: string;
}

const HEADER_FIELDS = new Set(['magic', 'format', 'key', 'bytes', 'sha256']);

function parseHeader(line: string, kind: CacheFileKind): Header | undefined {
  let h: Record<string, unknown> | null;
  try {
    h = JSON.parse(line) as Record<string, unknown> | null;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return undefined; // Not JSON: reported by the caller as a bad header.
  }
  if (!h || h.magic !== kind.magic || h.format !== kind.format) return undefined;
  if (typeof h.key !== 'string' || typeof h.bytes !== 'number' || typeof h.sha256 !== 'string') return undefined;
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(h)) {
    if (HEADER_FIELDS.has(name)) continue;
    if (typeof value !== 'string') return undefined;
    extra[name] = value;
  }
  return { magic: kind.magic, format: kind.format, key: h.key, extra, bytes: h.bytes, sha256: h.sha256 };
}

/**
 * The decoded payload of a cache file whose header matches `kind` and `key` and whose payload is
 * whole (length and SHA-256), or undefined — each reason logged with its code (`missing`,
 * `unreadable`, `corrupt`, `stale`, prefixed by `kind.codePrefix`). A throwing `decode` counts as
 * a corrupt file. Never throws.
 */
async function readCacheFile<T>(
  file: string,
  kind: CacheFileKind,
  key: string,
  logger: CacheLogger,
  decode: (payload: Buffer, header: Header) => T | Promise<T>,
): Promise<T | undefined> {
  const code = (name: string) => `${kind.codePrefix}${name}`;
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      logger('info', `no ${kind.noun} cache at ${file} yet: ${kind.fallback}`, code('missing'));
    else logger('warn', `cannot read ${file} (${describe(error)}): ${kind.fallback}`, code('unreadable'));
    return undefined;
  }
  const newline = buffer.indexOf(0x0a);
  const header = newline > 0 ? parseHeader(buffer.toString('utf8', 0, newline), kind) : undefined;
  if (!header) {
    logger('warn', `${file} is not a Parley ${kind.noun} cache (bad header): ${kind.fallback}`, code('corrupt'));
    return undefined;
  }
  if (header.key !== key) {
    logger('info', `${file} was made from ${kind.madeFrom}: ${kind.fallback}`, code('stale'));
    return undefined;
  }
  const payload = buffer.subarray(newline + 1);
  if (payload.length !== header.bytes || sha256(payload) !== header.sha256) {
    logger('warn', `${file} is truncated or damaged (checksum mismatch): ${kind.fallback}`, code('corrupt'));
    return undefined;
  }
  try {
    return await decode(payload, header);
  } catch (error) {
    logger('warn', `${file} could not be loaded (${describe(error)}): ${kind.fallback}`, code('corrupt'));
    return undefined;
  }
}

/**
 * Saves `payload()` under a header for `kind` and `key` with {@link writeAtomically}, and logs the
 * outcome (`saved` or `write-failed`, prefixed by `kind.codePrefix`). A throwing `payload` (an
 * index too large for one V8 string) is a failed write like a full disk. Never throws.
 */
async function writeCacheFile(
  file: string,
  kind: CacheFileKind,
  key: string,
  extra: Readonly<Record<string, string>>,
  payload: () => string,
  logger: CacheLogger,
): Promise<boolean> {
  try {
    const body = Buffer.from(payload(), 'utf8');
    // The field order is the one the files have always had: a header written here reads back anywhere.
    const header = { magic: kind.magic, format: kind.format, key, ...extra, bytes: body.length, sha256: sha256(body) };
    await writeAtomically(file, JSON.stringify(header), body);
    logger(
      'info',
      `saved the ${kind.noun} to ${file} (${(body.length / 2 ** 20).toFixed(1)} MB)`,
      `${kind.codePrefix}saved`,
    );
    return true;
  } catch (error) {
    logger(
      'warn',
      `could not save the ${kind.noun} to ${file} (${describe(error)}); ${kind.nextStart}`,
      `${kind.codePrefix}write-failed`,
    );
    return false;
  }
}

/**
 * Writes `header` + newline + `body` to a temporary file and renames it into place: rename()
 * replaces the old file in one step, so a reader sees either file whole, never a mix. On failure
 * the temporary file is removed and the error thrown.
 */
async function writeAtomically(file: string, header: string, body: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, [`${header}\n`, body]);
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined); // Never created, or already gone: nothing left behind either way.
    throw error;
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

// The index.

let minisearchVersion: string | undefined;
/** MiniSearch's installed version (its package.json is not exported, so it is found from the entry point). */
function getMinisearchVersion(): string {
  if (minisearchVersion) return minisearchVersion;
  let dir = dirname(createRequire(import.meta.url).resolve('minisearch'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'minisearch' && pkg.version) return (minisearchVersion = pkg.version);
    } catch (error) {
      // No package.json at this level: keep walking up.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
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
  hash.update(
    `${INDEX_FILE.magic}\u0000${INDEX_FILE.format}\u0000${ParleyIndex.ANALYZER_VERSION}\u0000${getMinisearchVersion()}\u0000`,
  );
  hash.update(`${JSON.stringify(buildOptions ?? null)}\u0000${corpus.passages.length}\u0000`);
  // Unit and record separators cannot occur in corpus text the way they are used here, so two
  // different corpora cannot produce the same byte stream.
  for (const p of corpus.passages) {
    hash.update(
      `${p.id}\u001f${p.documentId}\u001f${p.document}\u001f${p.sectionId}\u001f${p.headingPath.join('\u001d')}\u001f` +
        `${p.index}\u001f${p.count}\u001f${p.line}\u001f${p.source ?? ''}\u001f${p.question ?? ''}\u001f${p.text}\u001e`,
    );
  }
  return hash.digest('hex');
}

/**
 * The index of a corpus, from the cache file when it is valid for this corpus, else built (and
 * then saved for the next start). Pass `key` when the corpus's {@link cacheKey} is already known
 * (from {@link loadCorpusCached}): hashing costs ~0.16 s at 100k passages. Never throws because of
 * the cache file.
 *
 * @example
 * const { index, source, ms } = await loadOrBuildIndex(corpus, { cacheDir: '.cache' });
 * logger.info(`index ${source} in ${ms} ms`);
 */
export async function loadOrBuildIndex(corpus: Corpus, options: CacheOptions = {}, key?: string): Promise<LoadedIndex> {
  const { cacheDir, fileName, read, write, loadAsync, buildOptions, logger } = { ...defaultOptions, ...options };
  const file = resolve(cacheDir, fileName);
  const indexKey = key ?? cacheKey(corpus, buildOptions);

  if (read) {
    const start = performance.now();
    // The options (synonyms, weights) are applied at load: the saved index holds postings only.
    const index = await readCacheFile(file, INDEX_FILE, indexKey, logger, (payload) => {
      const json = payload.toString('utf8');
      return loadAsync
        ? ParleyIndex.fromJSONAsync(json, corpus, buildOptions)
        : ParleyIndex.fromJSON(json, corpus, buildOptions);
    });
    if (index) {
      const ms = performance.now() - start;
      logger('info', `loaded ${corpus.passages.length} passages from ${file} in ${Math.round(ms)} ms`, 'loaded');
      return { index, source: 'cache', ms, writeMs: 0, key: indexKey };
    }
  }

  const start = performance.now();
  const index = ParleyIndex.build(corpus, buildOptions);
  const ms = performance.now() - start;
  let writeMs = 0;
  if (write) {
    const t = performance.now();
    const toText = () => {
      const json = index.toJSON();
      return typeof json === 'string' ? json : JSON.stringify(json);
    };
    if (await writeCacheFile(file, INDEX_FILE, indexKey, {}, toText, logger)) writeMs = performance.now() - t;
  }
  return { index, source: 'built', ms, writeMs, key: indexKey };
}

// The loaded corpus, beside the index. Parsing a 100k-passage folder costs ~1.2 s of a warm start
// that is otherwise ~2 s, and its result is a function of the files' bytes, the load options and
// the parser's version alone: hashing the files (~0.1 s for 36 MB) says whether it can be reused.

/** Files hashed at once: enough to overlap the reads, few enough to bound memory. */
const HASH_BATCH = 16;

/** What {@link loadCorpusCached} returns. */
export interface LoadedCorpus {
  readonly corpus: Corpus;
  /** `cache` when the corpus came from the cache file (no document was parsed), `loaded` when it was read from the folder. */
  readonly source: 'cache' | 'loaded';
  /** Time to hash the folder and get the corpus (saving the file is not included). */
  readonly ms: number;
  /** The corpus's index {@link cacheKey} for `buildOptions` (stored with the corpus, so a warm start does not recompute it). */
  readonly indexKey: string;
}

/**
 * SHA-256 of what {@link loadCorpus} would read in `dir`: each counted file's relative path and
 * bytes (by the loader's own listing rules), the loader's options and `CORPUS_FORMAT_VERSION`.
 * Files the loader refuses without reading (over `maxFileBytes`, not regular files) count by their
 * size or kind only, and are never read here either.
 *
 * @example
 * const before = await corpusFolderKey('corpus');
 * // …edit a file…
 * (await corpusFolderKey('corpus')) !== before; // → true
 */
export async function corpusFolderKey(dir: string, loadOptions: LoadOptions = {}): Promise<string> {
  const opts = { ...defaultLoadOptions, ...loadOptions };
  const { files, problems } = await listCorpusFiles(dir, opts);
  const hash = createHash('sha256');
  hash.update(
    `${CORPUS_FILE.magic}\u0000${CORPUS_FILE.format}\u0000${CORPUS_FORMAT_VERSION}\u0000${JSON.stringify(opts)}\u0000`,
  );
  for (const p of problems) hash.update(`${JSON.stringify(p)}\u001e`);
  for (let at = 0; at < files.length; at += HASH_BATCH) {
    const batch = files.slice(at, at + HASH_BATCH);
    const contents = await Promise.all(batch.map((file) => fileFingerprint(join(dir, file), opts.maxFileBytes)));
    batch.forEach((file, i) => {
      hash.update(`${file}\u0000`);
      hash.update(contents[i] as string | Buffer);
      hash.update('\u001e');
    });
  }
  return hash.digest('hex');
}

/** A file's bytes, or a marker for what the loader would refuse without reading it. */
async function fileFingerprint(file: string, maxBytes: number): Promise<string | Buffer> {
  try {
    // Look before reading, like the loader: a file over the limit is not read, a pipe would block.
    const info = await stat(file);
    if (!info.isFile()) return `\u0000not-a-file:${info.isDirectory() ? 'folder' : 'special'}`;
    if (info.size > maxBytes) return `\u0000over-limit:${info.size}`;
    return await readFile(file);
  } catch (error) {
    return `\u0000unreadable:${(error as NodeJS.ErrnoException).code ?? describe(error)}`;
  }
}

function indexSalt(buildOptions: unknown): string {
  return `${INDEX_FILE.format}\u0000${ParleyIndex.ANALYZER_VERSION}\u0000${getMinisearchVersion()}\u0000${JSON.stringify(buildOptions ?? null)}`;
}

/**
 * The corpus of a folder: from the cache file when the folder's files, the load options and the
 * parser version are what it was saved from, else parsed with {@link loadCorpus} (and saved for
 * the next start when it has passages). Problems found while loading are stored with it, so a warm
 * start reports the same skipped files and warnings. Never throws because of the cache file.
 *
 * The corpus file's header stores the corpus's index key beside the folder's key, with the
 * `indexSalt` it was computed under (what the index key depends on besides the corpus): a warm
 * start reuses it when the salt matches instead of hashing every passage again.
 *
 * @example
 * const { corpus, source, indexKey } = await loadCorpusCached('corpus', {}, { cacheDir: '.cache' });
 * const { index } = await loadOrBuildIndex(corpus, { cacheDir: '.cache' }, indexKey);
 */
export async function loadCorpusCached(
  dir: string,
  loadOptions: LoadOptions = {},
  options: CacheOptions = {},
): Promise<LoadedCorpus> {
  const {
    cacheDir,
    corpusFileName,
    read,
    write,
    buildOptions,
    logger,
    loadCorpus: load,
  } = { ...defaultOptions, ...options };
  const file = resolve(cacheDir, corpusFileName);
  const start = performance.now();
  // Without the cache file (neither read nor written) the folder's hash is not needed.
  const key = read || write ? await corpusFolderKey(dir, loadOptions) : '';
  const salt = indexSalt(buildOptions);
  if (read) {
    const cached = await readCacheFile(file, CORPUS_FILE, key, logger, (payload, header) => ({
      corpus: decodeCorpus(JSON.parse(payload.toString('utf8'))),
      storedKey: header.extra.indexSalt === salt ? header.extra.indexKey : undefined,
    }));
    if (cached) {
      const indexKey = cached.storedKey ?? cacheKey(cached.corpus, buildOptions);
      const ms = performance.now() - start;
      logger(
        'info',
        `loaded the corpus (${cached.corpus.passages.length} passages) from ${file} in ${Math.round(ms)} ms`,
        'corpus-loaded',
      );
      return { corpus: cached.corpus, source: 'cache', ms, indexKey };
    }
  }
  const corpus = await load(dir, loadOptions);
  const indexKey = cacheKey(corpus, buildOptions);
  const ms = performance.now() - start;
  // A folder without passages is not worth a file, and its problems name the folder as given.
  // A file edited while the folder was being parsed would store one version under the other's key:
  // hash again and save only when nothing moved (costs a second hash on a cold start only).
  if (write && corpus.passages.length > 0 && (await corpusFolderKey(dir, loadOptions)) !== key) {
    logger('info', `${dir} changed while it was being read: the corpus is not saved this time`, 'corpus-moved');
  } else if (write && corpus.passages.length > 0) {
    await writeCacheFile(
      file,
      CORPUS_FILE,
      key,
      { indexSalt: salt, indexKey },
      () => JSON.stringify(encodeCorpus(corpus)),
      logger,
    );
  }
  return { corpus, source: 'loaded', ms, indexKey };
}

/** A section whose passage ids are its passages in corpus order: id, document id, heading path, line, passage count. */
type SectionRow = [id: string, documentId: string, headingPath: readonly string[], line: number, passages: number];
/** A passage whose other fields follow from its section and document (as the parser makes them): section, text, index, line, markdown. */
type PassageRow = [section: number, text: string, index: number, line: number, markdown: 0 | 1];

interface SerializedCorpus {
  readonly format: 'parley-corpus-1';
  readonly documents: readonly DocumentInfo[];
  /** A row, or the whole section when its ids do not follow from the passages. */
  readonly sections: readonly (SectionRow | Section)[];
  /** A row, or the whole passage when it is not what the row would give back. */
  readonly passages: readonly (PassageRow | Passage)[];
  readonly problems: readonly CorpusProblem[];
}

/**
 * The corpus without what repeats on every passage (document title, section id, heading path,
 * source): a third of the size of the plain JSON at 100k passages. Anything that would not come back
 * exactly is stored whole, so decoding always gives the corpus that was encoded.
 */
function encodeCorpus(corpus: Corpus): SerializedCorpus {
  const sectionAt = new Map<string, number>();
  corpus.sections.forEach((s, i) => sectionAt.set(s.id, i));
  const documents = new Map(corpus.documents.map((d) => [d.id, d]));
  const idsBySection = new Map<string, string[]>();
  for (const p of corpus.passages) {
    const ids = idsBySection.get(p.sectionId);
    if (ids) ids.push(p.id);
    else idsBySection.set(p.sectionId, [p.id]);
  }
  const sections = corpus.sections.map((s): SectionRow | Section => {
    const ids = idsBySection.get(s.id) ?? [];
    const derived = ids.length === s.passageIds.length && ids.every((id, i) => id === s.passageIds[i]);
    return derived ? [s.id, s.documentId, s.headingPath, s.line, s.passageIds.length] : s;
  });
  const passages = corpus.passages.map((p): PassageRow | Passage => {
    const at = sectionAt.get(p.sectionId);
    const section = at === undefined ? undefined : corpus.sections[at];
    if (at === undefined || section === undefined) return p;
    const row: PassageRow = [at, p.text, p.index, p.line, p.format === 'markdown' ? 1 : 0];
    const back = passageOf(row, section, section.passageIds.length, documents);
    return back !== undefined && samePassage(back, p) ? row : p;
  });
  return { format: 'parley-corpus-1', documents: corpus.documents, sections, passages, problems: corpus.problems };
}

function decodeCorpus(data: unknown): Corpus {
  const c = data as Partial<SerializedCorpus> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    c.format !== 'parley-corpus-1' ||
    !isArray(c.documents) ||
    !isArray(c.sections) ||
    !isArray(c.passages) ||
    !isArray(c.problems)
  ) {
    throw new Error('Parley: cached corpus is malformed');
  }
  const documents = new Map(c.documents.map((d) => [d.id, d]));
  // Section fields first (passages need them), passage ids once the passages are known.
  const stubs = c.sections.map(
    (s): { id: string; documentId: string; headingPath: readonly string[]; line: number; count: number } =>
      isArray(s)
        ? { id: s[0], documentId: s[1], headingPath: s[2], line: s[3], count: s[4] }
        : { ...s, count: s.passageIds.length },
  );
  const idsBySection = new Map<string, string[]>();
  const passages = c.passages.map((p): Passage => {
    let passage: Passage;
    if (isArray(p)) {
      const stub = stubs[p[0]];
      const made = stub === undefined ? undefined : passageOf(p, stub, stub.count, documents);
      if (made === undefined)
        throw new Error('Parley: cached corpus is malformed (passage without its section or document)');
      passage = made;
    } else {
      passage = p;
    }
    const ids = idsBySection.get(passage.sectionId);
    if (ids) ids.push(passage.id);
    else idsBySection.set(passage.sectionId, [passage.id]);
    return passage;
  });
  const sections = c.sections.map((s, i): Section => {
    if (!isArray(s)) return s;
    const stub = stubs[i] as (typeof stubs)[number];
    return {
      id: stub.id,
      documentId: stub.documentId,
      headingPath: stub.headingPath,
      passageIds: idsBySection.get(stub.id) ?? [],
      line: stub.line,
    };
  });
  return { documents: c.documents, sections, passages, problems: c.problems };
}

/** `Array.isArray` without its `any[]` narrowing of readonly arrays and tuples. */
function isArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/** The passage a row stands for: the fields in the parser's order, shared heading path included. */
function passageOf(
  row: PassageRow,
  section: { readonly id: string; readonly documentId: string; readonly headingPath: readonly string[] },
  count: number,
  documents: ReadonlyMap<string, DocumentInfo>,
): Passage | undefined {
  const document = documents.get(section.documentId);
  if (document === undefined) return undefined;
  const [, text, index, line, markdown] = row;
  return {
    id: passageId(section.id, index),
    documentId: section.documentId,
    document: document.title,
    sectionId: section.id,
    headingPath: section.headingPath,
    text,
    index,
    count,
    line,
    ...(document.source ? { source: document.source } : {}),
    format: markdown === 1 ? 'markdown' : 'text',
  };
}

function samePassage(a: Passage, b: Passage): boolean {
  const keys = Object.keys(a);
  if (keys.join('\u0000') !== Object.keys(b).join('\u0000')) return false;
  for (const k of keys) {
    const x = a[k as keyof Passage];
    const y = b[k as keyof Passage];
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}

/** How a cache write names its temporary file: `<cache file>.<pid>.<8 hex>.tmp`. */
const TEMP_FILE = /^(?<name>[^/]+)\.(?<pid>\d{1,10})\.[0-9a-f]{8}\.tmp$/;
/** A temporary file this old is stale whoever wrote it: a cache write takes seconds. */
const TEMP_STALE_MS = 60 * 60 * 1000;

/** Options of {@link removeStaleTempFiles}. All optional. */
export interface TempCleanupOptions {
  /** Where to say what was removed (default: silent). */
  readonly logger?: (level: CacheLogLevel, message: string, code: string) => void;
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * Removes the temporary files of cache writes that never finished (the process was killed between
 * writing and renaming), so they do not pile up: one per kill, each as large as the cache. A file
 * counts as stale when the process that wrote it is gone, when it carries this process's own id
 * (in a container the restarted bot often gets the id of the killed one, and nothing has been
 * written yet at start), or when it is over an hour old. Another live process's recent file — a
 * shard writing the same folder — is left alone. Returns how many files were removed; never throws.
 *
 * @example
 * await removeStaleTempFiles('.cache'); // → 2 after two kills during a write
 */
export async function removeStaleTempFiles(cacheDir: string, options: TempCleanupOptions = {}): Promise<number> {
  const logger = options.logger ?? (() => undefined);
  const now = options.now ?? Date.now;
  let names: string[];
  try {
    names = await readdir(cacheDir);
  } catch (error) {
    // No cache folder yet: nothing to clean. Any other failure is said, and start-up goes on.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      logger(
        'warn',
        `could not list ${cacheDir} to remove leftover temporary files (${describe(error)})`,
        'temp-unremovable',
      );
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = TEMP_FILE.exec(name)?.groups?.pid;
    if (pid === undefined) continue;
    const file = join(cacheDir, name);
    try {
      const info = await stat(file);
      if (!info.isFile()) continue;
      const stale = Number(pid) === process.pid || !processAlive(Number(pid)) || now() - info.mtimeMs > TEMP_STALE_MS;
      if (!stale) continue;
      await unlink(file);
      removed++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        logger('warn', `could not remove the leftover temporary file ${file} (${describe(error)})`, 'temp-unremovable');
      }
    }
  }
  if (removed > 0)
    logger(
      'info',
      `removed ${removed} temporary file(s) left in ${cacheDir} by cache writes cut short`,
      'temp-removed',
    );
  return removed;
}

function processAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

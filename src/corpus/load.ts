/**
 * A corpus folder → documents, sections, passages and the problems met on the way. Bad files
 * are skipped and reported, never thrown: callers decide whether to stop.
 */
import { isFsError } from '../fs-error.js';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Corpus, CorpusProblem, DocumentInfo, Passage, Section } from '../types.js';
import { BINARY_FORMATS, DOCUMENT_EXTENSIONS, formatOf, parseFile } from './formats/index.js';
import { defaultParseOptions, documentIdFor } from './parse-options.js';
import { uniqueSlug } from './slug.js';

/** Options of {@link loadCorpus}. All optional. */
export interface LoadOptions {
  /** Text files (Markdown, plain text, HTML) larger than this are skipped with an error problem (default 5 MB). */
  readonly maxFileBytes?: number;
  /**
   * PDF and Word files larger than this are skipped with an error problem (default 25 MB: their
   * bytes are mostly fonts and images, so a 5 MB rulebook PDF holds far less text than 5 MB).
   */
  readonly maxBinaryFileBytes?: number;
  /** File name endings read as documents, lower case (default: every ending in `DOCUMENT_EXTENSIONS`). */
  readonly extensions?: readonly string[];
  /** Look in subfolders too (default true). Hidden files and folders are always skipped. */
  readonly recursive?: boolean;
  /**
   * Read files and folders reached through a symbolic link that resolves outside the corpus folder
   * (default false: such links are skipped with a warning, so a link to `/etc/passwd` or to the
   * bot's own `.env` is never served). Hidden files and `.env*` are never read either way.
   */
  readonly followLinksOutside?: boolean;
  /**
   * Most entries (files and folders, of any kind) the folder may hold (default 50,000). Past it
   * nothing is loaded and the folder is refused with an error naming the limit: `CORPUS_DIR`
   * pointing at `/` or a home folder would otherwise read for minutes and fill memory.
   */
  readonly maxFiles?: number;
  /** Files (relative paths, as listed) to leave out, e.g. ones already found too slow to parse. */
  readonly exclude?: readonly string[];
  /**
   * Called before each file is read and parsed (not part of the cache key). A worker thread uses it
   * to report progress, so a watchdog can name the file that overruns its parse budget.
   */
  readonly onFile?: (file: string) => void;
  /** Prose paragraphs longer than this are split into balanced parts (default 1000). */
  readonly targetChars?: number;
  /** Hard cap for any passage, including whole lists and code blocks (default 3000). */
  readonly maxChars?: number;
  /** Drop trailing link lists and comment calls-to-action (default true). */
  readonly boilerplate?: boolean;
}

/**
 * Version of what loading makes of a folder. Caches store loaded corpora keyed by the files'
 * contents and this constant: any change to parsing, splitting, boilerplate, ids or problem
 * reporting MUST bump it, or a warm start keeps serving the corpus as the old code parsed it.
 */
export const CORPUS_FORMAT_VERSION = '7';

export const defaultLoadOptions: Required<LoadOptions> = {
  maxFileBytes: 5 * 1024 * 1024,
  maxBinaryFileBytes: 25 * 1024 * 1024,
  extensions: DOCUMENT_EXTENSIONS,
  recursive: true,
  followLinksOutside: false,
  maxFiles: 50_000,
  exclude: [],
  onFile: () => undefined,
  targetChars: defaultParseOptions.targetChars,
  maxChars: defaultParseOptions.maxChars,
  boilerplate: defaultParseOptions.boilerplate,
};

/**
 * Reads every `.txt` and `.md` file under `dir` (sorted, so ids and order are the same on every
 * run). A file that cannot be used (empty, binary, not UTF-8, too large, unreadable, removed while
 * loading) is skipped with an `error` problem naming it and why; a missing folder or a folder with
 * no usable document is reported the same way. Never rejects for bad content.
 *
 * @example
 * const corpus = await loadCorpus('corpus');
 * if (corpus.documents.length === 0) throw new Error(corpus.problems.map((p) => p.message).join('\n'));
 * corpus.passages[0].headingPath; // → ['Iran-US Talks: Navigating The Complex Path To Diplomacy']
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
  if (typeof dir !== 'string' || dir === '') throw new TypeError('Parley: loadCorpus(dir) needs a folder path');
  const opts = { ...defaultLoadOptions, ...options };
  if (!(opts.maxFileBytes > 0)) throw new RangeError(`Parley: maxFileBytes must be > 0, got ${opts.maxFileBytes}`);
  if (!(opts.maxFiles > 0)) throw new RangeError(`Parley: maxFiles must be > 0, got ${opts.maxFiles}`);
  const extensions = opts.extensions.map((e) => e.toLowerCase());

  // The same listing the corpus cache hashes: one rule for which files count.
  const { files, problems } = await listCorpusFiles(dir, opts);

  const documents: DocumentInfo[] = [];
  const sections: Section[] = [];
  const passages: Passage[] = [];
  const documentIds = new Set<string>();

  for (const file of files) {
    opts.onFile(file);
    const format = formatOf(file);
    const limit = format !== undefined && BINARY_FORMATS.has(format) ? opts.maxBinaryFileBytes : opts.maxFileBytes;
    const read = await readFileBounded(path.join(dir, file), limit, limit === opts.maxFileBytes ? 'maxFileBytes' : 'maxBinaryFileBytes');
    if (read.kind === 'bad') {
      problems.push({ severity: 'error', file, ...(read.line !== undefined ? { line: read.line } : {}), message: read.message });
      continue;
    }
    const documentId = uniqueSlug(documentIdFor(file), documentIds);
    const result = await parseFile(read.bytes, file, {
      documentId,
      targetChars: opts.targetChars,
      maxChars: opts.maxChars,
      boilerplate: opts.boilerplate,
    });
    if (result.kind === 'bad') {
      documentIds.delete(documentId);
      problems.push(result.problem);
      continue;
    }
    const parsed = result.parsed;
    // Loops, not push(...spread): one document can have 100k+ passages, past the argument limit.
    for (const p of parsed.problems) problems.push(p);
    if (parsed.passages.length === 0) {
      documentIds.delete(documentId);
      continue;
    }
    documents.push(parsed.document);
    for (const s of parsed.sections) sections.push(s);
    for (const p of parsed.passages) passages.push(p);
  }

  if (documents.length === 0 && !problems.some((p) => p.file === dir && p.severity === 'error')) {
    problems.push({
      severity: 'error',
      file: dir,
      message:
        files.length === 0
          ? `no usable document: ${dir} holds no document (Parley reads ${extensions.join(', ')})`
          : `no usable document: none of the ${files.length} file(s) in ${dir} could be served`,
    });
  }
  return { documents, sections, passages, problems };
}

/**
 * The files {@link loadCorpus} would read under `dir` (sorted, relative, `/`-separated) and the
 * problems met listing them — the same rules: extensions, hidden entries, recursion, links, the
 * entry limit. For callers that need to know whether a folder changed without parsing it (the
 * corpus cache).
 *
 * The folder is a boundary: a link resolving outside it is skipped with a warning (unless
 * `followLinksOutside`), hidden entries and `.env*` are never listed even as a link's target, and
 * the file system's root or a folder past `maxFiles` entries gives no file and one error.
 *
 * @example
 * const { files } = await listCorpusFiles('corpus'); // → ['iran-us-talks.txt']
 */
export async function listCorpusFiles(dir: string, options: LoadOptions = {}): Promise<{ files: string[]; problems: CorpusProblem[] }> {
  const opts = { ...defaultLoadOptions, ...options };
  const extensions = opts.extensions.map((e) => e.toLowerCase());
  const problems: CorpusProblem[] = [];
  let realRoot: string;
  try {
    realRoot = await realpath(dir);
  } catch (error) {
    // Missing or unreadable: the walk says which, in the usual words.
    if (!isFsError(error)) throw error;
    realRoot = path.resolve(dir);
  }
  if (path.dirname(realRoot) === realRoot) {
    problems.push({
      severity: 'error',
      file: dir,
      message: `corpus folder ${dir} is the root of the file system; refusing to read it all: set CORPUS_DIR to the folder holding your documents`,
    });
    return { files: [], problems };
  }
  const walk: Walk = { root: dir, realRoot, recursive: opts.recursive, extensions, followLinksOutside: opts.followLinksOutside, maxFiles: opts.maxFiles, seen: 0, visited: new Set([realRoot]), problems };
  const files = await listFiles(walk, '', true);
  if (walk.seen > opts.maxFiles) {
    return {
      files: [],
      problems: [
        {
          severity: 'error',
          file: dir,
          message: `corpus folder ${dir} holds more than ${opts.maxFiles} files and folders; refusing to read it (is CORPUS_DIR the documents folder? raise the limit with CORPUS_MAX_FILES)`,
        },
      ],
    };
  }
  const excluded = new Set(opts.exclude);
  const kept = excluded.size === 0 ? files : files.filter((f) => !excluded.has(f));
  kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files: kept, problems };
}

/** State of one listing. */
interface Walk {
  readonly root: string;
  readonly realRoot: string;
  readonly recursive: boolean;
  readonly extensions: readonly string[];
  readonly followLinksOutside: boolean;
  readonly maxFiles: number;
  /** Entries met so far; the walk stops once past `maxFiles`. */
  seen: number;
  /** Real paths of the outside folders walked through links, so none is walked twice (or forever). */
  readonly visited: Set<string>;
  readonly problems: CorpusProblem[];
}

/** Hidden (`.git`, `.env`, editor files), but not Kubernetes' `..data`-style volume folders. */
function isHidden(name: string): boolean {
  return name.startsWith('.') && !name.startsWith('..');
}

/** `.env`, `.env.local`, …: never read, whatever a link says. */
function isSecretName(name: string): boolean {
  return name.toLowerCase().startsWith('.env');
}

type ReadResult = { kind: 'ok'; bytes: Uint8Array } | { kind: 'bad'; line?: number; message: string };

/** Reads a file, refusing it past `maxBytes` without reading it all. */
async function readFileBounded(file: string, maxBytes: number, option: string): Promise<ReadResult> {
  let handle;
  try {
    // Look before opening: opening a named pipe or device would block the loader forever.
    const info = await stat(file);
    if (info.isDirectory()) return { kind: 'bad', message: 'is a folder, not a file' };
    if (!info.isFile()) return { kind: 'bad', message: 'is not a regular file (a pipe, socket or device)' };
    if (info.size > maxBytes) {
      return { kind: 'bad', message: `is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit per file (${option}); split it or raise the limit` };
    }
    handle = await open(file, 'r');
    // Read at most one byte past the limit: the file may have grown since stat.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, info.size + 64 * 1024));
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) {
        return { kind: 'bad', message: `grew past the ${formatBytes(maxBytes)} limit per file (${option}) while being read` };
      }
      if (total === buffer.length) break;
    }
    return { kind: 'ok', bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, total) };
  } catch (error) {
    return { kind: 'bad', message: describeFsError(error) };
  } finally {
    // The bytes are read (or the failure reported): a read-only handle that fails to close loses nothing.
    await handle?.close().catch(() => undefined);
  }
}

async function listFiles(walk: Walk, relative: string, isRoot: boolean): Promise<string[]> {
  const { root, problems } = walk;
  let entries;
  try {
    entries = await readdir(path.join(root, relative), { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = isRoot ? root : relative;
    const message =
      isRoot && code === 'ENOENT'
        ? `corpus folder ${root} does not exist (set CORPUS_DIR to the folder with your .txt and .md files)`
        : isRoot && code === 'ENOTDIR'
          ? `corpus path ${root} is a file, not a folder`
          : `folder ${where} ${describeFsError(error)}`;
    problems.push({ severity: 'error', file: where, message });
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    // Every dot-name, `..data` included: a Kubernetes volume's files are the links beside it.
    if (entry.name.startsWith('.')) continue;
    if (++walk.seen > walk.maxFiles) return out;
    const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
    const wanted = walk.extensions.some((e) => entry.name.toLowerCase().endsWith(e));
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      const target = await linkTarget(walk, rel);
      if (target.kind === 'skip') {
        problems.push({ severity: 'warning', file: rel, message: target.message });
        continue;
      }
      // A broken link with a document's name: reading it says what it is.
      if (target.kind === 'broken') {
        if (wanted) out.push(rel);
        continue;
      }
      isDirectory = target.isDirectory;
      if (isDirectory) {
        // A folder inside is listed where it really is; one outside (allowed) once, whatever links lead to it.
        if (target.inside) {
          if (wanted) out.push(rel); // a folder with a document's name: reading it says so
          continue;
        }
        if (walk.visited.has(target.real)) continue;
        walk.visited.add(target.real);
      }
    }
    if (isDirectory) {
      if (walk.recursive && entry.name !== 'node_modules') {
        for (const f of await listFiles(walk, rel, false)) out.push(f);
      }
      continue;
    }
    // Files, and other entries with a document's name: reading them says what they are.
    if (wanted) out.push(rel);
    else if (!CORPUS_SETTINGS_FILES.includes(entry.name.toLowerCase())) {
      problems.push({ severity: 'warning', file: rel, message: `skipped: not a supported format (${extensionOf(entry.name)}); Parley reads ${walk.extensions.join(', ')}` });
    }
  }
  return out;
}

type LinkTarget =
  | { readonly kind: 'ok'; readonly real: string; readonly isDirectory: boolean; readonly inside: boolean }
  | { readonly kind: 'broken' }
  | { readonly kind: 'skip'; readonly message: string };

/** Where the link at `rel` leads, and whether the corpus may read it. */
async function linkTarget(walk: Walk, rel: string): Promise<LinkTarget> {
  let real: string;
  let isDirectory: boolean;
  try {
    real = await realpath(path.join(walk.root, rel));
    isDirectory = (await stat(real)).isDirectory();
  } catch (error) {
    // Dangling, a loop, or a target we may not read: listed like a broken link, read as one.
    if (!isFsError(error)) throw error;
    return { kind: 'broken' };
  }
  const inside = real === walk.realRoot || real.startsWith(walk.realRoot.endsWith(path.sep) ? walk.realRoot : walk.realRoot + path.sep);
  if (!inside && !walk.followLinksOutside) {
    return { kind: 'skip', message: 'is a link to something outside the corpus folder; skipped (links must stay inside CORPUS_DIR)' };
  }
  // The target's own path counts, not the link's name: `notes.md -> .env` is still the .env.
  const parts = inside ? path.relative(walk.realRoot, real).split(path.sep) : [path.basename(real)];
  if (parts.some((p) => isHidden(p) || isSecretName(p))) {
    return { kind: 'skip', message: 'is a link to a hidden file or folder; skipped (hidden files and .env files are never read)' };
  }
  return { kind: 'ok', real, isDirectory, inside };
}

/** Files of the corpus folder that configure it rather than being documents. */
const CORPUS_SETTINGS_FILES = ['synonyms.json'];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : 'no file name ending';
}


function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'was removed (or is a broken link) while the corpus was loading; skipped';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ELOOP':
      return 'is a symbolic link loop';
    case 'EMFILE':
    case 'ENFILE':
      return 'could not be opened: too many open files';
    default:
      return `could not be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

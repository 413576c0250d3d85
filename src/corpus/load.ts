/**
 * A corpus folder → documents, sections, passages and the problems met on the way. Bad files
 * are skipped and reported, never thrown: callers decide whether to stop.
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Corpus, CorpusProblem, DocumentInfo, Passage, Section } from '../types.js';
import { decodeText } from './decode.js';
import { defaultParseOptions, documentIdFor, parseDocument } from './parse.js';
import { uniqueSlug } from './slug.js';

/** Options of {@link loadCorpus}. All optional. */
export interface LoadOptions {
  /** Files larger than this are skipped with an error problem (default 5 MB). */
  readonly maxFileBytes?: number;
  /** File name endings read as documents, lower case (default `.txt`, `.md`, `.markdown`). */
  readonly extensions?: readonly string[];
  /** Look in subfolders too (default true). Hidden files and folders are always skipped. */
  readonly recursive?: boolean;
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
export const CORPUS_FORMAT_VERSION = '2';

export const defaultLoadOptions: Required<LoadOptions> = {
  maxFileBytes: 5 * 1024 * 1024,
  extensions: ['.txt', '.md', '.markdown'],
  recursive: true,
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
  const extensions = opts.extensions.map((e) => e.toLowerCase());

  // The same listing the corpus cache hashes: one rule for which files count.
  const { files, problems } = await listCorpusFiles(dir, opts);

  const documents: DocumentInfo[] = [];
  const sections: Section[] = [];
  const passages: Passage[] = [];
  const documentIds = new Set<string>();

  for (const file of files) {
    const read = await readFileBounded(path.join(dir, file), opts.maxFileBytes);
    if (read.kind === 'bad') {
      problems.push({ severity: 'error', file, ...(read.line !== undefined ? { line: read.line } : {}), message: read.message });
      continue;
    }
    const decoded = decodeText(read.bytes);
    if (decoded.kind === 'bad') {
      problems.push({ severity: 'error', file, ...(decoded.line !== undefined ? { line: decoded.line } : {}), message: decoded.message });
      continue;
    }
    const documentId = uniqueSlug(documentIdFor(file), documentIds);
    const parsed = parseDocument(decoded.text, file, {
      documentId,
      targetChars: opts.targetChars,
      maxChars: opts.maxChars,
      boilerplate: opts.boilerplate,
    });
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
          ? `no usable document: no ${extensions.join(' or ')} file in ${dir}`
          : `no usable document: none of the ${files.length} file(s) in ${dir} could be served`,
    });
  }
  return { documents, sections, passages, problems };
}

/**
 * The files {@link loadCorpus} would read under `dir` (sorted, relative, `/`-separated) and the
 * problems met listing them — the same rules: extensions, hidden entries, recursion. For callers
 * that need to know whether a folder changed without parsing it (the corpus cache).
 *
 * @example
 * const { files } = await listCorpusFiles('corpus'); // → ['iran-us-talks.txt']
 */
export async function listCorpusFiles(dir: string, options: LoadOptions = {}): Promise<{ files: string[]; problems: CorpusProblem[] }> {
  const opts = { ...defaultLoadOptions, ...options };
  const extensions = opts.extensions.map((e) => e.toLowerCase());
  const problems: CorpusProblem[] = [];
  const files = await listFiles(dir, '', opts.recursive, extensions, problems, true);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files, problems };
}

type ReadResult = { kind: 'ok'; bytes: Uint8Array } | { kind: 'bad'; line?: number; message: string };

/** Reads a file, refusing it past `maxBytes` without reading it all. */
async function readFileBounded(file: string, maxBytes: number): Promise<ReadResult> {
  let handle;
  try {
    // Look before opening: opening a named pipe or device would block the loader forever.
    const info = await stat(file);
    if (info.isDirectory()) return { kind: 'bad', message: 'is a folder, not a file' };
    if (!info.isFile()) return { kind: 'bad', message: 'is not a regular file (a pipe, socket or device)' };
    if (info.size > maxBytes) {
      return { kind: 'bad', message: `is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit per file (maxFileBytes); split it or raise the limit` };
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
        return { kind: 'bad', message: `grew past the ${formatBytes(maxBytes)} limit per file (maxFileBytes) while being read` };
      }
      if (total === buffer.length) break;
    }
    return { kind: 'ok', bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, total) };
  } catch (error) {
    return { kind: 'bad', message: describeFsError(error) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function listFiles(
  root: string,
  relative: string,
  recursive: boolean,
  extensions: readonly string[],
  problems: CorpusProblem[],
  isRoot: boolean,
): Promise<string[]> {
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
    if (entry.name.startsWith('.')) continue;
    const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
    const wanted = extensions.some((e) => entry.name.toLowerCase().endsWith(e));
    if (entry.isDirectory()) {
      if (recursive && entry.name !== 'node_modules') {
        for (const f of await listFiles(root, rel, recursive, extensions, problems, false)) out.push(f);
      }
      continue;
    }
    // Files, and symbolic links or other entries with a document's name: reading them says what they are.
    if (wanted) out.push(rel);
  }
  return out;
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

import { copyFile, mkdtemp, readFile, readdir, rm, unlink, writeFile, mkdir } from 'node:fs/promises';
import * as realFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import {
  cacheKey,
  corpusFolderKey,
  loadCorpusCached,
  loadOrBuildIndex,
  type CacheOptions,
  type CacheLogLevel,
} from '../../src/search/cache.js';
import type { Corpus, Passage } from '../../src/types.js';

// writeFile is wrapped so one test can make the disk fail half-way through a write.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, writeFile: vi.fn(actual.writeFile) };
});

let corpus: Corpus;
let dir: string;
let events: { level: CacheLogLevel; code: string }[];
const logger = (level: CacheLogLevel, _message: string, code: string) => void events.push({ level, code });
const file = () => join(dir, 'parley-index.json');

/** Questions made of each passage's own opening words: every one has a real answer to compare. */
const questions = () => corpus.passages.map((p) => p.text.split(/\s+/u).slice(0, 8).join(' '));

beforeAll(async () => {
  corpus = await loadCorpus(join(import.meta.dirname, '../../corpus'));
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-cache-'));
  events = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadOrBuildIndex', () => {
  it('builds and saves on the first start, then loads an index that answers exactly the same', async () => {
    const first = await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    expect(first.source).toBe('built');
    const second = await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    expect(second.source).toBe('cache');
    expect(second.key).toBe(first.key);
    for (const q of [...questions(), 'nothing about zebras']) {
      expect(second.index.ask(q, { limit: 5 })).toEqual(first.index.ask(q, { limit: 5 }));
    }
    expect(second.index.complete('nucl')).toEqual(first.index.complete('nucl'));
  });

  it('loads the same index when asked to yield to the event loop while loading', async () => {
    const first = await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    const second = await loadOrBuildIndex(corpus, { cacheDir: dir, logger, loadAsync: true });
    expect(second.source).toBe('cache');
    for (const q of questions()) expect(second.index.ask(q, { limit: 5 })).toEqual(first.index.ask(q, { limit: 5 }));
  });

  it('rebuilds over a file that is not a cache at all, and repairs it', async () => {
    await writeFile(file(), 'not json at all\n{{{');
    const loaded = await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    expect(loaded.source).toBe('built');
    expect(events).toContainEqual({ level: 'warn', code: 'corrupt' });
    expect((await loadOrBuildIndex(corpus, { cacheDir: dir, logger })).source).toBe('cache');
  });

  it('rebuilds over a truncated file', async () => {
    await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    const whole = await readFile(file());
    await writeFile(file(), whole.subarray(0, Math.floor(whole.length * 0.6)));
    const loaded = await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    expect(loaded.source).toBe('built');
    expect(events).toContainEqual({ level: 'warn', code: 'corrupt' });
  });

  it('rebuilds when one byte of the index was changed on disk (checksum)', async () => {
    await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    const bytes = Buffer.from(await readFile(file()));
    const at = bytes.length - 100;
    bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
    await writeFile(file(), bytes);
    expect((await loadOrBuildIndex(corpus, { cacheDir: dir, logger })).source).toBe('built');
    expect(events).toContainEqual({ level: 'warn', code: 'corrupt' });
  });

  it('rebuilds when a well-formed file holds something the index cannot load', async () => {
    await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    const text = await readFile(file(), 'utf8');
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as Record<string, unknown>;
    const body = Buffer.from('{"index":"nonsense"}');
    const { createHash } = await import('node:crypto');
    const forged = { ...header, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
    await writeFile(file(), `${JSON.stringify(forged)}\n${body.toString()}`);
    const loaded = await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    expect(loaded.source).toBe('built');
    expect(events).toContainEqual({ level: 'warn', code: 'corrupt' });
    expect(loaded.index.ask(questions()[0] ?? '').kind).toBe('answer');
  });

  it('rebuilds when the corpus changed since the file was saved', async () => {
    await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    const [head, ...rest] = corpus.passages as Passage[];
    const changed: Corpus = {
      ...corpus,
      passages: [{ ...(head as Passage), text: `${head?.text} Zanzibar.` }, ...rest],
    };
    const loaded = await loadOrBuildIndex(changed, { cacheDir: dir, logger });
    expect(loaded.source).toBe('built');
    expect(events).toContainEqual({ level: 'info', code: 'stale' });
    expect(loaded.index.ask('Zanzibar').kind).toBe('answer');
  });

  it('leaves the previous file whole and no temporary file when a write fails half-way', async () => {
    await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    const before = await readFile(file());
    vi.mocked(writeFile).mockImplementationOnce(async (path) => {
      await realFs.appendFile(path, 'half an index');
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const [head, ...rest] = corpus.passages as Passage[];
    const changed: Corpus = { ...corpus, passages: [...rest, head as Passage] };
    const loaded = await loadOrBuildIndex(changed, { cacheDir: dir, logger });
    expect(loaded.source).toBe('built');
    expect(events).toContainEqual({ level: 'warn', code: 'write-failed' });
    expect(await readdir(dir)).toEqual(['parley-index.json']);
    expect(await readFile(file())).toEqual(before);
  });

  it('never throws when the cache path cannot be read or written', async () => {
    await mkdir(join(file(), 'in-the-way'), { recursive: true });
    const loaded = await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    expect(loaded.source).toBe('built');
    expect(events.map((e) => e.code)).toEqual(expect.arrayContaining(['unreadable', 'write-failed']));
    expect(await readdir(dir)).toEqual(['parley-index.json']);
  });

  it('neither reads nor writes when told not to', async () => {
    await loadOrBuildIndex(corpus, { cacheDir: dir, logger, write: false });
    expect(await readdir(dir).catch(() => [])).toEqual([]);
    await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    expect((await loadOrBuildIndex(corpus, { cacheDir: dir, logger, read: false })).source).toBe('built');
  });
});

describe('cacheKey', () => {
  it('is stable for the same corpus and changes with any passage field the answers show', () => {
    const key = cacheKey(corpus);
    expect(cacheKey({ ...corpus, passages: corpus.passages.map((p) => ({ ...p })) })).toBe(key);
    const head = corpus.passages[0] as Passage;
    const variants: Partial<Passage>[] = [
      { text: `${head.text}!` },
      { headingPath: [...head.headingPath, 'More'] },
      { id: `${head.id}x` },
      { line: head.line + 1 },
      { document: `${head.document} (2)` },
      { source: 'https://example.com/other' },
    ];
    for (const change of variants) {
      const passages = [{ ...head, ...change }, ...corpus.passages.slice(1)];
      expect(cacheKey({ ...corpus, passages })).not.toBe(key);
    }
    expect(cacheKey(corpus, { some: 'build option' })).not.toBe(key);
  });
});

describe('loadCorpusCached, then loadOrBuildIndex with the key it gives (a start with a cache folder)', () => {
  const seed = join(import.meta.dirname, '../../corpus/iran-us-talks.txt');
  let folder: string;
  const start = async (loadOptions = {}, buildOptions?: object) => {
    const options: CacheOptions = { cacheDir: dir, logger, ...(buildOptions ? { buildOptions } : {}) };
    const loaded = await loadCorpusCached(folder, loadOptions, options);
    const index =
      loaded.corpus.passages.length > 0 ? await loadOrBuildIndex(loaded.corpus, options, loaded.indexKey) : undefined;
    return { corpus: loaded.corpus, corpusSource: loaded.source, index };
  };

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-corpus-'));
    await copyFile(seed, join(folder, 'iran-us-talks.txt'));
    await writeFile(join(folder, 'notes.md'), '# Notes\n\nThe venue rotates between Muscat and Rome.\n');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('parses and builds on the first start, then gives the same corpus and identical answers from the cache', async () => {
    const cold = await start();
    expect(cold.corpusSource).toBe('loaded');
    expect(cold.index?.source).toBe('built');
    const warm = await start();
    expect(warm.corpusSource).toBe('cache');
    expect(warm.index?.source).toBe('cache');
    expect(warm.corpus).toStrictEqual(await loadCorpus(folder));
    expect(warm.index?.key).toBe(cacheKey(warm.corpus));
    const asked = [
      ...warm.corpus.passages.map((p) => p.text.split(/\s+/u).slice(0, 8).join(' ')),
      'nothing about zebras',
    ];
    for (const q of asked)
      expect(warm.index?.index.ask(q, { limit: 5 })).toEqual(cold.index?.index.ask(q, { limit: 5 }));
  });

  it('reports the same skipped files and warnings on a warm start (they are stored with the corpus)', async () => {
    await writeFile(join(folder, 'empty.txt'), '');
    await writeFile(join(folder, 'binary.md'), Buffer.from([0, 1, 2, 3, 0, 255, 0]));
    await writeFile(join(folder, 'bare.md'), '# Bare\n\nSome text.\n\n## Heading with nothing under it\n');
    const cold = await start();
    const files = cold.corpus.problems.map((p) => p.file);
    expect(files).toEqual(expect.arrayContaining(['empty.txt', 'binary.md', 'bare.md']));
    const warm = await start();
    expect(warm.corpusSource).toBe('cache');
    expect(warm.corpus.problems).toEqual(cold.corpus.problems);
  });

  it.each([
    [
      'a file changes',
      async () => writeFile(join(folder, 'notes.md'), '# Notes\n\nThe venue rotates between Muscat and Geneva.\n'),
    ],
    ['a file is added', async () => writeFile(join(folder, 'more.txt'), 'More\n\nA new paragraph about Oman.\n')],
    ['a file is removed', async () => unlink(join(folder, 'notes.md'))],
    [
      'a file is added in a subfolder',
      async () => mkdir(join(folder, 'sub')).then(() => writeFile(join(folder, 'sub', 'a.md'), '# A\n\nText.\n')),
    ],
  ])('parses the folder again when %s, and serves the new content', async (_what, change) => {
    await start();
    await change();
    const after = await start();
    expect(after.corpusSource).toBe('loaded');
    expect(after.corpus).toStrictEqual(await loadCorpus(folder));
    expect(events).toContainEqual({ level: 'info', code: 'corpus-stale' });
    expect((await start()).corpusSource).toBe('cache');
  });

  it('ignores hidden files, so touching them keeps the cache', async () => {
    await start();
    await writeFile(join(folder, '.hidden.md'), '# Hidden\n\nNot served.\n');
    expect((await start()).corpusSource).toBe('cache');
  });

  it('reads the folder again when a file of an unsupported format appears, so the warning naming it is current', async () => {
    await start();
    await writeFile(join(folder, 'image.png'), 'not a document');
    const again = await start();
    expect(again.corpusSource).toBe('loaded');
    expect(again.corpus.problems.map((p) => p.file)).toContain('image.png');
    expect((await start()).corpusSource).toBe('cache');
  });

  it('parses the folder again when a load option changes', async () => {
    await start();
    const split = await start({ targetChars: 300 });
    expect(split.corpusSource).toBe('loaded');
    expect(split.corpus).toStrictEqual(await loadCorpus(folder, { targetChars: 300 }));
    expect((await start({ extensions: ['.txt'] })).corpus.documents.map((d) => d.file)).toEqual(['iran-us-talks.txt']);
  });

  it('reuses the stored corpus but rebuilds the index when only the build options change', async () => {
    await start();
    const other = await start({}, { rerankDepth: 7 });
    expect(other.corpusSource).toBe('cache');
    expect(other.index?.source).toBe('built');
    expect(other.index?.key).toBe(cacheKey(other.corpus, { rerankDepth: 7 }));
  });

  it('parses the folder again when CORPUS_FORMAT_VERSION is bumped (a parser change)', async () => {
    await start();
    vi.resetModules();
    vi.doMock('../../src/corpus/load.js', async (importOriginal) => ({
      ...(await importOriginal<typeof import('../../src/corpus/load.js')>()),
      CORPUS_FORMAT_VERSION: 'bumped-for-a-test',
    }));
    try {
      const bumped = await import('../../src/search/cache.js');
      const after = await bumped.loadCorpusCached(folder, {}, { cacheDir: dir, logger });
      expect(after.source).toBe('loaded');
    } finally {
      vi.doUnmock('../../src/corpus/load.js');
      vi.resetModules();
    }
  });

  it('does not save a corpus whose files changed while they were being parsed', async () => {
    vi.resetModules();
    vi.doMock('../../src/corpus/load.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/corpus/load.js')>();
      return {
        ...actual,
        // An admin saves a file just after the loader read it.
        loadCorpus: async (...args: Parameters<typeof actual.loadCorpus>) => {
          const loaded = await actual.loadCorpus(...args);
          await writeFile(join(folder, 'notes.md'), '# Notes\n\nEdited during the load.\n');
          return loaded;
        },
      };
    });
    try {
      const racing = await import('../../src/search/cache.js');
      const first = await racing.loadCorpusCached(folder, {}, { cacheDir: dir, logger });
      expect(first.source).toBe('loaded');
      expect(events).toContainEqual({ level: 'info', code: 'corpus-moved' });
      await expect(readFile(join(dir, 'parley-corpus.json'))).rejects.toThrow(/ENOENT/);
    } finally {
      vi.doUnmock('../../src/corpus/load.js');
      vi.resetModules();
    }
    const next = await start();
    expect(next.corpusSource).toBe('loaded');
    expect(next.corpus.passages.some((p) => p.text.includes('Edited during the load'))).toBe(true);
  });

  it('parses the folder again over a damaged or truncated corpus file, and repairs it', async () => {
    await start();
    const corpusFile = join(dir, 'parley-corpus.json');
    const bytes = Buffer.from(await readFile(corpusFile));
    const at = bytes.length - 50;
    bytes[at] = bytes[at] === 0x61 ? 0x62 : 0x61;
    await writeFile(corpusFile, bytes);
    const damaged = await start();
    expect(damaged.corpusSource).toBe('loaded');
    expect(damaged.corpus).toStrictEqual(await loadCorpus(folder));
    expect(events).toContainEqual({ level: 'warn', code: 'corpus-corrupt' });
    expect((await start()).corpusSource).toBe('cache');
    await writeFile(corpusFile, bytes.subarray(0, 200));
    expect((await start()).corpusSource).toBe('loaded');
    await writeFile(corpusFile, 'garbage');
    expect((await start()).corpusSource).toBe('loaded');
  });

  it('never reads a file over the size limit to hash it: only its size counts', async () => {
    const limit = { maxFileBytes: 4096 };
    await writeFile(join(folder, 'big.txt'), 'a'.repeat(10_000));
    const key = await corpusFolderKey(folder, limit);
    // Same size, other bytes: a key from the contents would change.
    await writeFile(join(folder, 'big.txt'), 'b'.repeat(10_000));
    expect(await corpusFolderKey(folder, limit)).toBe(key);
    await writeFile(join(folder, 'big.txt'), 'b'.repeat(10_001));
    expect(await corpusFolderKey(folder, limit)).not.toBe(key);
    const cold = await start(limit);
    expect(cold.corpus.problems).toContainEqual(expect.objectContaining({ file: 'big.txt', severity: 'error' }));
    const warm = await start(limit);
    expect(warm.corpusSource).toBe('cache');
    expect(warm.corpus.problems).toEqual(cold.corpus.problems);
  });

  it('saves nothing for a folder without passages and reports why on every start', async () => {
    const emptyFolder = await mkdtemp(join(tmpdir(), 'parley-empty-'));
    try {
      const first = await loadCorpusCached(emptyFolder, {}, { cacheDir: dir, logger });
      expect(first.corpus.passages).toEqual([]);
      expect(first.corpus.problems[0]?.message).toMatch(/no usable document/);
      expect(await readdir(dir)).toEqual([]);
      const second = await loadCorpusCached(emptyFolder, {}, { cacheDir: dir, logger });
      expect(second.source).toBe('loaded');
      expect(second.corpus.problems).toEqual(first.corpus.problems);
    } finally {
      await rm(emptyFolder, { recursive: true, force: true });
    }
  });
});

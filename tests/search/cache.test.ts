import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import * as realFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { cacheKey, loadOrBuildIndex, type CacheLogLevel } from '../../src/search/cache.js';
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
    expect(second.index.suggest('nucl')).toEqual(first.index.suggest('nucl'));
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
    const changed: Corpus = { ...corpus, passages: [{ ...(head as Passage), text: `${head?.text} Zanzibar.` }, ...rest] };
    const loaded = await loadOrBuildIndex(changed, { cacheDir: dir, logger });
    expect(loaded.source).toBe('built');
    expect(events).toContainEqual({ level: 'info', code: 'stale' });
    expect(loaded.index.ask('Zanzibar').kind).toBe('answer');
  });

  it('leaves the previous file whole and no temporary file when a write fails half-way', async () => {
    await loadOrBuildIndex(corpus, { cacheDir: dir, logger });
    const before = await readFile(file());
    vi.mocked(writeFile).mockImplementationOnce(async (path) => {
      await realFs.appendFile(path as string, 'half an index');
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

/**
 * Reading and parsing run in a worker thread under a per-file budget: a file that takes longer
 * is skipped with a warning naming it, at start-up and on reload, and the rest is served. The
 * budget is made small here and the slow file merely large, so the test holds for any parser.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { Engine } from '../../src/engine/engine.js';
import { loadCorpusInWorker } from '../../src/engine/load-in-worker.js';
import { HARBOUR_MD, recordingLogger, removeTempDirs, slowDocument, tempCorpus, tempDir } from './support.js';

afterEach(removeTempDirs);

/** A second per file: the seed parses in milliseconds; the slow document takes seconds. */
const BUDGET_MS = 1000;
const LOAD = { maxFileBytes: 64 * 1024 * 1024 };

describe('parsing in a worker under a per-file budget', () => {
  it('gives the same corpus as loading in place', async () => {
    const dir = await tempCorpus({ 'harbour.md': HARBOUR_MD, 'empty.txt': '' });
    expect(await loadCorpusInWorker(dir)).toEqual(await loadCorpus(dir));
  });

  it('skips a file over the budget at start-up with a warning naming it, and serves the rest', async () => {
    const dir = await tempCorpus({ 'harbour.md': HARBOUR_MD, 'slow.md': slowDocument() });
    const logger = recordingLogger();
    const started = await Engine.start({ corpusDir: dir, load: LOAD, parseBudgetMs: BUDGET_MS, logger });
    if (started.kind !== 'ready') throw new Error(started.message);
    started.engine.close();
    expect(started.engine.current.corpus.documents.map((d) => d.file).sort()).toEqual([
      'harbour.md',
      'iran-us-talks.txt',
    ]);
    expect(started.problems).toEqual([
      { severity: 'error', file: 'slow.md', message: expect.stringMatching(/took longer than 1 s to parse; skipped/) },
    ]);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringMatching(/^slow\.md: took longer/),
    ]);
  });

  it('skips it on reload too, still serving everything else, and takes it once it parses in time', async () => {
    const dir = await tempCorpus();
    const logger = recordingLogger();
    const started = await Engine.start({ corpusDir: dir, load: LOAD, parseBudgetMs: BUDGET_MS, logger });
    if (started.kind !== 'ready') throw new Error(started.message);
    const { engine } = started;
    await writeFile(path.join(dir, 'slow.md'), slowDocument());
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
    const outcome = await engine.reload();
    expect(outcome.kind).toBe('reloaded');
    expect(outcome.problems.map((p) => p.file)).toEqual(['slow.md']);
    expect(engine.current.corpus.documents.map((d) => d.file).sort()).toEqual(['harbour.md', 'iran-us-talks.txt']);
    await writeFile(path.join(dir, 'slow.md'), HARBOUR_MD.replace('# Harbour Notes', '# Slow No More'));
    const again = await engine.reload();
    expect(again.problems).toEqual([]);
    expect(engine.current.corpus.documents.map((d) => d.file)).toContain('slow.md');
    engine.close();
  });

  it('refuses a budget that is not a positive number', async () => {
    await expect(Engine.start({ corpusDir: await tempDir(), parseBudgetMs: 0 })).rejects.toThrow(
      /^Parley: parseBudgetMs/,
    );
  });
});

describe('repeated identical warnings', () => {
  it('are logged a few times, then summarised in one line with the count', async () => {
    const empties = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`empty-${String(i).padStart(3, '0')}.txt`, '']),
    );
    const dir = await tempCorpus(empties);
    const logger = recordingLogger();
    const started = await Engine.start({ corpusDir: dir, logger });
    if (started.kind !== 'ready') throw new Error(started.message);
    started.engine.close();
    expect(started.problems).toHaveLength(500); // every problem is still returned
    const warnings = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warnings).toHaveLength(4);
    expect(warnings.slice(0, 3)).toEqual([
      'empty-000.txt: the file is empty',
      'empty-001.txt: the file is empty',
      'empty-002.txt: the file is empty',
    ]);
    expect(warnings[3]).toBe('…and 497 more files with the same problem: the file is empty');
  });
});

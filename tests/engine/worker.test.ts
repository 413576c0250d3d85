import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { Engine } from '../../src/engine/engine.js';
import { buildInWorker } from '../../src/engine/worker.js';
import { ParleyIndex, type IndexOptions } from '../../src/search/index.js';
import { HARBOUR_MD, recordingLogger, removeTempDirs, SEED_DIR, tempCorpus, tempDir } from './support.js';

afterEach(removeTempDirs);

// Questions of different kinds: a plain topic, a figure, a misspelling, an off-topic one.
const QUESTIONS = [
  'why do they keep meeting in Rome?',
  'enrichment level 3.67%',
  'sanctons relief',
  'weather in Paris',
  '',
];

describe('buildInWorker', () => {
  it('gives the same answers as an index built on the main thread', async () => {
    const corpus = await loadCorpus(SEED_DIR);
    const local = ParleyIndex.build(corpus);
    const { index, source } = await buildInWorker(corpus);
    expect(source).toBe('built');
    expect(index.corpus).toBe(corpus);
    for (const q of QUESTIONS) expect(index.ask(q, { limit: 5 }), q).toEqual(local.ask(q, { limit: 5 }));
    expect(index.complete('enrich')).toEqual(local.complete('enrich'));
  });

  it('saves to and loads from the cache folder it is given', async () => {
    const corpus = await loadCorpus(SEED_DIR);
    const cacheDir = await tempDir();
    const logs: string[] = [];
    const first = await buildInWorker(corpus, { cacheDir, log: (_level, _message, code) => logs.push(code) });
    const second = await buildInWorker(corpus, { cacheDir, log: (_level, _message, code) => logs.push(code) });
    expect([first.source, second.source]).toEqual(['built', 'cache']);
    expect(logs).toEqual(['missing', 'saved', 'loaded']);
    const [question = ''] = QUESTIONS;
    expect(second.index.ask(question)).toEqual(first.index.ask(question));
  });

  it('stops the worker and rejects with an AbortError when aborted', async () => {
    const corpus = await loadCorpus(SEED_DIR);
    const controller = new AbortController();
    const building = buildInWorker(corpus, { signal: controller.signal });
    controller.abort();
    await expect(building).rejects.toMatchObject({ name: 'AbortError' });
    await expect(buildInWorker(corpus, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects with the reason when the build fails in the worker', async () => {
    const corpus = await loadCorpus(SEED_DIR);
    const broken = { synonyms: { groups: 'not a list' } } as unknown as IndexOptions;
    await expect(buildInWorker(corpus, { build: broken })).rejects.toThrow(/index build worker/);
  });
});

describe('Engine with worker threads', () => {
  it('builds at start-up in a worker when asked to', async () => {
    const logger = recordingLogger();
    const started = await Engine.start({ corpusDir: SEED_DIR, worker: true, startInWorker: true, logger });
    expect(started.kind).toBe('ready');
    if (started.kind !== 'ready') return;
    started.engine.close();
    expect(logger.lines.filter((l) => l.message === 'index built in a worker thread')).toHaveLength(1);
    expect(started.engine.current.ask('why do they keep meeting in Rome?').kind).toBe('answer');
  });

  it('close() during a worker rebuild reports closed and keeps serving the old index', async () => {
    const dir = await tempCorpus();
    const started = await Engine.start({ corpusDir: dir, worker: true });
    if (started.kind !== 'ready') throw new Error(started.message);
    const { engine } = started;
    const before = engine.current;
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
    const reloading = engine.reload();
    // Usually mid-build by now (a worker takes a few hundred ms to start); before it, the outcome is the same.
    await new Promise((r) => setTimeout(r, 100));
    engine.close();
    expect(await reloading).toMatchObject({ ok: false, reason: 'closed' });
    expect(engine.current).toBe(before);
  });
});

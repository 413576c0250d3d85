import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { buildInWorker } from '../../src/engine/worker.js';
import { ParleyIndex, type IndexOptions } from '../../src/search/index.js';
import { removeTempDirs, SEED_DIR, tempDir } from './support.js';

afterEach(removeTempDirs);

// Questions of different kinds: a plain topic, a figure, a misspelling, an off-topic one.
const QUESTIONS = ['why do they keep meeting in Rome?', 'enrichment level 3.67%', 'sanctons relief', 'weather in Paris', ''];

describe('buildInWorker', () => {
  it('gives the same answers as an index built on the main thread', async () => {
    const corpus = await loadCorpus(SEED_DIR);
    const local = ParleyIndex.build(corpus);
    const { index, source } = await buildInWorker(corpus);
    expect(source).toBe('built');
    expect(index.corpus).toBe(corpus);
    for (const q of QUESTIONS) expect(index.ask(q, { limit: 5 }), q).toEqual(local.ask(q, { limit: 5 }));
    expect(index.suggest('enrich')).toEqual(local.suggest('enrich'));
  });

  it('saves to and loads from the cache folder it is given', async () => {
    const corpus = await loadCorpus(SEED_DIR);
    const cacheDir = await tempDir();
    const logs: string[] = [];
    const first = await buildInWorker(corpus, { cacheDir, log: (_level, _message, code) => logs.push(code) });
    const second = await buildInWorker(corpus, { cacheDir, log: (_level, _message, code) => logs.push(code) });
    expect([first.source, second.source]).toEqual(['built', 'cache']);
    expect(logs).toEqual(['missing', 'saved', 'loaded']);
    expect(second.index.ask(QUESTIONS[0]!)).toEqual(first.index.ask(QUESTIONS[0]!));
  });

  it('rejects with the reason when the build fails in the worker', async () => {
    const corpus = await loadCorpus(SEED_DIR);
    const broken = { synonyms: { groups: 'not a list' } } as unknown as IndexOptions;
    await expect(buildInWorker(corpus, { build: broken })).rejects.toThrow(/index build worker/);
  });
});

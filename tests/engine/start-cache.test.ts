import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { Engine } from '../../src/engine/engine.js';
import { HARBOUR_MD, recordingLogger, removeTempDirs, tempCorpus, tempDir } from './support.js';

afterEach(removeTempDirs);

const codes = (logger: ReturnType<typeof recordingLogger>) =>
  logger.lines.map((l) => (l.fields as { code?: string }).code).filter(Boolean);

describe('Engine.start with a cache folder', () => {
  it('takes the parsed corpus and the index from the cache on a warm start, and answers the same', async () => {
    const dir = await tempCorpus({ 'harbour.md': HARBOUR_MD });
    const cacheDir = await tempDir();
    const cold = await Engine.start({ corpusDir: dir, cacheDir });
    const logger = recordingLogger();
    const warm = await Engine.start({ corpusDir: dir, cacheDir, logger });
    if (cold.kind !== 'ready' || warm.kind !== 'ready') throw new Error('expected ready engines');
    expect(codes(logger)).toEqual(expect.arrayContaining(['corpus-loaded', 'loaded']));
    expect(warm.source).toBe('cache');
    expect(warm.engine.current.corpus).toStrictEqual(await loadCorpus(dir));
    for (const q of ['breakwater extension', 'enrichment level', 'why Rome?']) {
      expect(warm.engine.current.ask(q)).toEqual(cold.engine.current.ask(q));
    }
    // The key served on a warm start is the corpus's own: an untouched folder is "unchanged".
    expect((await warm.engine.reload()).kind).toBe('unchanged');
    cold.engine.close();
    warm.engine.close();
  });

  it('still logs and returns skipped files on a warm start', async () => {
    const dir = await tempCorpus({ 'empty.txt': '', 'binary.md': new Uint8Array([0, 159, 146, 150, 0]) });
    const cacheDir = await tempDir();
    const cold = await Engine.start({ corpusDir: dir, cacheDir });
    const logger = recordingLogger();
    const warm = await Engine.start({ corpusDir: dir, cacheDir, logger });
    if (cold.kind !== 'ready' || warm.kind !== 'ready') throw new Error('expected ready engines');
    expect(codes(logger)).toContain('corpus-loaded');
    expect(warm.problems).toEqual(cold.problems);
    const warned = logger.lines.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warned).toEqual(
      expect.arrayContaining([expect.stringMatching(/^empty\.txt: /), expect.stringMatching(/^binary\.md:1: /)]),
    );
    cold.engine.close();
    warm.engine.close();
  });

  it('parses the folder again after a file changed, and serves the change', async () => {
    const dir = await tempCorpus();
    const cacheDir = await tempDir();
    const cold = await Engine.start({ corpusDir: dir, cacheDir });
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
    const logger = recordingLogger();
    const warm = await Engine.start({ corpusDir: dir, cacheDir, logger });
    if (cold.kind !== 'ready' || warm.kind !== 'ready') throw new Error('expected ready engines');
    expect(codes(logger)).toContain('corpus-stale');
    expect(warm.source).toBe('built');
    const answer = warm.engine.current.ask('breakwater extension');
    expect(answer.kind === 'answer' && answer.results[0]?.passage.documentId).toBe('harbour');
    cold.engine.close();
    warm.engine.close();
  });
});

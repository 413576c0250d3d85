import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

// Removes `vanishing.txt` for real at the moment the loader opens it: after it was listed, before
// it is read — the race a live corpus folder can have. The rest of fs is untouched.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    open: async (file: Parameters<typeof fs.open>[0], ...rest: unknown[]) => {
      if (String(file).endsWith('vanishing.txt')) await fs.unlink(String(file));
      return (fs.open as (...a: unknown[]) => ReturnType<typeof fs.open>)(file, ...rest);
    },
  };
});

const { loadCorpus } = await import('../../src/corpus/load.js');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-removed-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('skips a document removed while the corpus is loading and serves the rest', async () => {
  await writeFile(path.join(dir, 'stays.txt'), 'Stays\nA paragraph that is still there when it is read.\nMore Detail\nAnd a section with a paragraph of its own.\n');
  await writeFile(path.join(dir, 'vanishing.txt'), 'Vanishing\nA paragraph that will be gone.\n');
  const corpus = await loadCorpus(dir);
  expect(corpus.documents.map((d) => d.file)).toEqual(['stays.txt']);
  expect(corpus.problems).toEqual([{ severity: 'error', file: 'vanishing.txt', message: expect.stringMatching(/removed .* while the corpus was loading/) }]);
  await expect(unlink(path.join(dir, 'vanishing.txt'))).rejects.toThrow(/ENOENT/);
});

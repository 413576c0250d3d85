/**
 * The corpus folder is a boundary: nothing outside it, and nothing hidden in it, is ever read —
 * whatever links point where — and a folder that is plainly not a corpus (the file system's root,
 * or one past the file limit) is refused with one line that says why.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCorpusFiles, loadCorpus } from '../../src/corpus/load.js';

const GOOD =
  'Good Document\nAn introduction that is long enough to be a real paragraph of this document.\nFirst Section\nThe first section has a paragraph of its own, ending like a sentence.\n';
const SECRET = GOOD.replace('ending like a sentence', 'DISCORD_TOKEN=the-secret-that-must-never-be-served');

let base: string;
let dir: string;
let outside: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'parley-boundary-'));
  dir = path.join(base, 'corpus');
  outside = path.join(base, 'elsewhere');
  await mkdir(dir);
  await mkdir(outside);
  await writeFile(path.join(dir, 'good.txt'), GOOD);
  await writeFile(path.join(outside, 'secret.txt'), SECRET);
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const served = (corpus: Awaited<ReturnType<typeof loadCorpus>>) => corpus.passages.map((p) => p.text).join('\n');

describe('links leading out of the corpus folder', () => {
  it('skips a file link to outside with a warning naming it, and never reads the target', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'passwd.txt'));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['good.txt']);
    expect(served(corpus)).not.toContain('the-secret');
    expect(corpus.problems).toEqual([{ severity: 'warning', file: 'passwd.txt', message: expect.stringMatching(/outside the corpus folder; skipped/) }]);
  });

  it('skips links into /etc and /proc the same way', async () => {
    await symlink('/etc/passwd', path.join(dir, 'passwd.txt'));
    await symlink('/proc/self/status', path.join(dir, 'status.txt'));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['good.txt']);
    expect(corpus.problems.map((p) => [p.file, p.severity])).toEqual([
      ['passwd.txt', 'warning'],
      ['status.txt', 'warning'],
    ]);
  });

  it('skips a folder link to outside with a warning, reading nothing under it', async () => {
    await symlink(outside, path.join(dir, 'more'));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['good.txt']);
    expect(corpus.problems).toEqual([{ severity: 'warning', file: 'more', message: expect.stringMatching(/outside the corpus folder/) }]);
  });

  it('follows links to outside when followLinksOutside is set, a looping folder link once', async () => {
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'linked.txt'));
    await symlink(outside, path.join(dir, 'more'));
    await symlink(outside, path.join(outside, 'again'));
    const corpus = await loadCorpus(dir, { followLinksOutside: true });
    expect(corpus.documents.map((d) => d.file)).toEqual(['good.txt', 'linked.txt', 'more/secret.txt']);
    expect(served(corpus)).toContain('the-secret');
    expect(corpus.problems).toEqual([]);
  });

  it('keeps serving links that stay inside the folder (a Kubernetes ConfigMap volume’s layout)', async () => {
    await mkdir(path.join(dir, '..2026_01_01_00_00_00.123'));
    await writeFile(path.join(dir, '..2026_01_01_00_00_00.123', 'faq.txt'), GOOD.replace('Good', 'FAQ'));
    await symlink('..2026_01_01_00_00_00.123', path.join(dir, '..data'));
    await symlink('..data/faq.txt', path.join(dir, 'faq.txt'));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['faq.txt', 'good.txt']);
    expect(corpus.problems).toEqual([]);
  });
});

describe('hidden files and .env', () => {
  it('never lists hidden files or .env files, whatever their extension', async () => {
    await writeFile(path.join(dir, '.env'), SECRET);
    await writeFile(path.join(dir, '.env.txt'), SECRET);
    await writeFile(path.join(dir, '.notes.md'), SECRET);
    await mkdir(path.join(dir, '.git'));
    await writeFile(path.join(dir, '.git', 'README.md'), SECRET);
    const { files } = await listCorpusFiles(dir);
    expect(files).toEqual(['good.txt']);
  });

  it('skips a link with a document’s name that leads to a .env file inside the folder', async () => {
    await writeFile(path.join(dir, '.env'), SECRET);
    await symlink('.env', path.join(dir, 'settings.txt'));
    const corpus = await loadCorpus(dir);
    expect(served(corpus)).not.toContain('the-secret');
    expect(corpus.problems).toEqual([{ severity: 'warning', file: 'settings.txt', message: expect.stringMatching(/hidden file/) }]);
  });

  it('skips a link to an outside .env even when links outside are allowed', async () => {
    await writeFile(path.join(outside, '.env'), SECRET);
    await symlink(path.join(outside, '.env'), path.join(dir, 'env.txt'));
    const corpus = await loadCorpus(dir, { followLinksOutside: true });
    expect(served(corpus)).not.toContain('the-secret');
    expect(corpus.problems.map((p) => p.file)).toEqual(['env.txt']);
  });
});

describe('folders that are not a corpus', () => {
  it('refuses the file system’s root without reading it, in one line that says why', async () => {
    const corpus = await loadCorpus('/');
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems).toEqual([{ severity: 'error', file: '/', message: expect.stringMatching(/root of the file system.*CORPUS_DIR/) }]);
  });

  it('refuses a folder holding more than maxFiles entries, naming the limit', async () => {
    for (let i = 0; i < 12; i++) await writeFile(path.join(dir, `doc${i}.txt`), GOOD);
    const corpus = await loadCorpus(dir, { maxFiles: 10 });
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems).toEqual([{ severity: 'error', file: dir, message: expect.stringMatching(/more than 10 files.*CORPUS_MAX_FILES/) }]);
    expect((await loadCorpus(dir, { maxFiles: 13 })).documents).toHaveLength(13);
  });
});

import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';

const GOOD =
  'Good Document\nAn introduction that is long enough to be a real paragraph of this document.\nFirst Section\nThe first section has a paragraph of its own, ending like a sentence.\n';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-faults-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, content: string | Uint8Array): Promise<void> => writeFile(path.join(dir, name), content);

describe('loadCorpus with broken files', () => {
  it('skips an empty file with an error naming it, and serves the rest', async () => {
    await write('good.txt', GOOD);
    await write('empty.txt', '');
    await write('blank.md', '\n  \n');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['good.txt']);
    expect(corpus.problems).toEqual([
      { severity: 'error', file: 'blank.md', message: 'the file is empty' },
      { severity: 'error', file: 'empty.txt', message: 'the file is empty' },
    ]);
  });

  it('skips a binary file (NUL bytes), giving the line of the first NUL', async () => {
    await write('good.txt', GOOD);
    await write('image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x0a, 0x00, 0x00, 0x01]));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toHaveLength(1);
    expect(corpus.problems).toEqual([{ severity: 'error', file: 'image.txt', line: 3, message: expect.stringMatching(/binary/) }]);
  });

  it('skips invalid UTF-8 with the line of the bad byte instead of indexing mojibake', async () => {
    await write('good.txt', GOOD);
    const latin1 = Buffer.concat([Buffer.from('Caf\u00e9 Notes\nFine line.\nBad: '), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20]), Buffer.from('here\n')]);
    await write('latin1.txt', latin1);
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['good.txt']);
    expect(corpus.problems).toEqual([{ severity: 'error', file: 'latin1.txt', line: 3, message: expect.stringMatching(/not valid UTF-8.*0xe9/) }]);
  });

  it('skips a file over the size limit without reading it', async () => {
    await write('good.txt', GOOD);
    await write('huge.txt', `Huge\n${'x'.repeat(5000)}\n`);
    const corpus = await loadCorpus(dir, { maxFileBytes: 1000 });
    expect(corpus.documents.map((d) => d.file)).toEqual(['good.txt']);
    expect(corpus.problems).toEqual([{ severity: 'error', file: 'huge.txt', message: expect.stringMatching(/over the 1000 bytes limit/) }]);
  });

  it('strips a BOM and reads CRLF line endings', async () => {
    await write('windows.txt', '\uFEFFWindows Title\r\nA paragraph written on Windows, with CRLF line endings.\r\n');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents[0]?.title).toBe('Windows Title');
    expect(corpus.passages.map((p) => [p.text, p.line])).toEqual([['A paragraph written on Windows, with CRLF line endings.', 2]]);
  });

  it('reports a document entry that cannot be read as a file (here a folder behind a .txt link)', async () => {
    // Stands in for an unreadable file when the suite runs as root, where permissions do not bite.
    await write('good.txt', GOOD);
    await mkdir(path.join(dir, 'real-folder'));
    await symlink(path.join(dir, 'real-folder'), path.join(dir, 'folder.txt'));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toHaveLength(1);
    expect(corpus.problems).toEqual([{ severity: 'error', file: 'folder.txt', message: 'is a folder, not a file' }]);
  });

  it('skips a named pipe with a document name instead of blocking on it', async () => {
    await write('good.txt', GOOD);
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toHaveLength(1);
    expect(corpus.problems).toEqual([{ severity: 'error', file: 'pipe.txt', message: expect.stringMatching(/not a regular file/) }]);
  });

  it.skipIf(isRoot)('reports a file without read permission (skipped as root: root reads anything)', async () => {
    await write('good.txt', GOOD);
    await write('secret.txt', GOOD);
    await chmod(path.join(dir, 'secret.txt'), 0o000);
    const corpus = await loadCorpus(dir);
    expect(corpus.problems).toEqual([{ severity: 'error', file: 'secret.txt', message: expect.stringMatching(/permission denied/) }]);
  });

  it.skipIf(isRoot)('reports a subfolder without read permission and serves the rest (skipped as root)', async () => {
    await write('good.txt', GOOD);
    await mkdir(path.join(dir, 'locked'));
    await chmod(path.join(dir, 'locked'), 0o000);
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toHaveLength(1);
    expect(corpus.problems).toEqual([{ severity: 'error', file: 'locked', message: expect.stringMatching(/^folder locked cannot be read: permission denied$/) }]);
  });

  it('reports a file that is listed but gone when read (a broken link)', async () => {
    await write('good.txt', GOOD);
    await symlink(path.join(dir, 'nowhere.txt'), path.join(dir, 'dangling.txt'));
    const corpus = await loadCorpus(dir);
    expect(corpus.problems).toEqual([{ severity: 'error', file: 'dangling.txt', message: expect.stringMatching(/removed/) }]);
  });

  it('serves a document with no headings, with a warning', async () => {
    await write('flat.txt', 'Flat Notes\nFirst paragraph of a document with no headings.\nSecond paragraph, still no headings.\n');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toHaveLength(1);
    // Two short paragraphs of one section are one passage: a lone line answers nothing.
    expect(corpus.passages.map((p) => p.headingPath)).toEqual([['Flat Notes']]);
    expect(corpus.problems).toEqual([{ severity: 'warning', file: 'flat.txt', line: 2, message: expect.stringMatching(/no headings/) }]);
  });

  it('gives two files with the same name stem different document ids', async () => {
    await write('notes.txt', GOOD);
    await write('notes.md', '# Notes\n\nMarkdown notes with a paragraph.\n');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => [d.file, d.id])).toEqual([
      ['notes.md', 'notes'],
      ['notes.txt', 'notes-2'],
    ]);
  });

  it('ignores other file types and hidden files', async () => {
    await write('good.txt', GOOD);
    await write('synonyms.json', '{}');
    await write('.hidden.txt', GOOD);
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['good.txt']);
    expect(corpus.problems).toEqual([]);
  });
});

describe('loadCorpus with no usable document', () => {
  it('reports an empty folder', async () => {
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems).toEqual([{ severity: 'error', file: dir, message: expect.stringMatching(/no usable document: .* holds no document \(Parley reads .*\.txt.*\.pdf/) }]);
  });

  it('reports a folder whose every file is broken, after each file', async () => {
    await write('empty.txt', '');
    await write('bin.md', new Uint8Array([0, 1, 2]));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems.map((p) => p.file)).toEqual(['bin.md', 'empty.txt', dir]);
    expect(corpus.problems.at(-1)?.message).toMatch(/none of the 2 file\(s\)/);
  });

  it('reports a missing folder without throwing', async () => {
    const missing = path.join(dir, 'nope');
    const corpus = await loadCorpus(missing);
    expect(corpus.problems).toEqual([{ severity: 'error', file: missing, message: expect.stringMatching(/does not exist.*CORPUS_DIR/) }]);
  });

  it('reports a path that is a file, not a folder', async () => {
    await write('good.txt', GOOD);
    const corpus = await loadCorpus(path.join(dir, 'good.txt'));
    expect(corpus.problems).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/is a file, not a folder/) })]);
  });

  it('throws only for programmer mistakes', async () => {
    await expect(loadCorpus('')).rejects.toThrow(/^Parley:/);
    await expect(loadCorpus(dir, { maxFileBytes: 0 })).rejects.toThrow(/^Parley:/);
  });
});

/**
 * A corpus folder holding HTML, PDF and Word files: each goes through the same document tree as
 * Markdown, and every file Parley cannot serve is named with the reason.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.js';
import type { Corpus } from '../../../src/types.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/corpora/', import.meta.url));
const FORMATS = path.join(FIXTURES, 'formats');

function outline(corpus: Corpus, documentId: string): string[] {
  return corpus.sections.filter((s) => s.documentId === documentId).map((s) => s.headingPath.join(' › '));
}

describe('loadCorpus on a folder of HTML, PDF and Word files', () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await loadCorpus(FORMATS);
  });

  it('serves every file, titled from the file itself', () => {
    expect(corpus.documents.map((d) => [d.file, d.title])).toEqual([
      ['celery-debugging.html', 'Debugging'],
      ['celery-security.docx', 'Security'],
      ['celery-security.pdf', 'Security'],
      ['trek.pdf', 'STAR TREK'],
    ]);
    expect(corpus.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('gives the HTML page its outline, empty headings included', () => {
    // The h1 is the title; the version notice above it is page furniture, so the title has no section of its own.
    expect(outline(corpus, 'celery-debugging')).toEqual([
      'Debugging Tasks Remotely (using pdb)',
      'Debugging Tasks Remotely (using pdb) › Basics',
      'Debugging Tasks Remotely (using pdb) › Tips',
      'Debugging Tasks Remotely (using pdb) › Tips › Enabling the break-point signal',
    ]);
  });

  it('gives the Word file and the PDF exported from the same page the same outline', () => {
    const expected = [
      'Security',
      'Introduction',
      'Areas of Concern',
      'Areas of Concern › Broker',
      'Areas of Concern › Client',
      'Areas of Concern › Worker',
      'Serializers',
      'Message Signing',
      'Intrusion Detection',
      'Intrusion Detection › Logs',
      'Intrusion Detection › Tripwire',
    ];
    expect(outline(corpus, 'celery-security')).toEqual(expected);
    expect(outline(corpus, 'celery-security-2')).toEqual(expected);
  });

  it('keeps the page of every PDF passage, and no page for other formats', () => {
    const pdf = corpus.passages.filter((p) => p.documentId === 'trek' || p.documentId === 'celery-security-2');
    expect(pdf.length).toBeGreaterThan(40);
    expect(pdf.every((p) => Number.isInteger(p.page) && (p.page ?? 0) >= 1 && (p.page ?? 0) <= 12)).toBe(true);
    const worker = corpus.passages.find((p) => p.documentId === 'celery-security-2' && p.headingPath.at(-1) === 'Worker');
    expect(worker?.page).toBe(2);
    expect(corpus.passages.filter((p) => p.documentId === 'celery-security').every((p) => p.page === undefined)).toBe(true);
  });

  it('leaves navigation, footers and page numbers out of every passage', () => {
    for (const p of corpus.passages) {
      expect(p.text).not.toMatch(/Quick search|Previous topic|Next topic|Show Source|Copyright 2009/);
      expect(p.text.replace(/\s/g, '')).not.toMatch(/^-?\d{1,3}-?$/);
    }
  });

  it('gives structured formats Discord Markdown display text, code blocks included', () => {
    const code = corpus.passages.find((p) => p.documentId === 'celery-debugging' && p.text.includes('rdb.set_trace()'));
    expect(code?.display).toMatch(/```\n[^`]*rdb\.set_trace\(\)/);
  });
});

describe('loadCorpus on files it cannot serve', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-formats-'));
    await copyFile(path.join(FORMATS, 'celery-debugging.html'), path.join(dir, 'good.html'));
    await copyFile(path.join(FIXTURES, 'formats-faults', 'locked.pdf'), path.join(dir, 'locked.pdf'));
    await writeFile(path.join(dir, 'damaged.pdf'), (await readFile(path.join(FORMATS, 'trek.pdf'))).subarray(0, 700));
    await writeFile(path.join(dir, 'damaged.docx'), (await readFile(path.join(FORMATS, 'celery-security.docx'))).subarray(0, 1500));
    await writeFile(path.join(dir, 'notes.pages'), 'not a format Parley reads');
    await writeFile(path.join(dir, 'synonyms.json'), '{"groups": []}');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('skips each broken file with one error naming it and why, and serves the rest', async () => {
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['good.html']);
    const errors = Object.fromEntries(corpus.problems.filter((p) => p.severity === 'error').map((p) => [p.file, p.message]));
    expect(errors['locked.pdf']).toMatch(/password-protected/);
    expect(errors['damaged.pdf']).toMatch(/could not be read as a PDF/);
    expect(errors['damaged.docx']).toMatch(/could not be read as a Word document|not a Word/);
    expect(Object.keys(errors)).toHaveLength(3);
  });

  it('names a file of an unsupported format once, with the formats it does read; settings files are not documents', async () => {
    const corpus = await loadCorpus(dir);
    const warnings = corpus.problems.filter((p) => p.severity === 'warning' && p.message.startsWith('skipped: not a supported format'));
    expect(warnings).toEqual([
      { severity: 'warning', file: 'notes.pages', message: expect.stringMatching(/\(\.pages\); Parley reads .*\.md.*\.txt.*\.html.*\.pdf.*\.docx/) },
    ]);
  });

  it('holds PDF and Word files to their own size limit, and says which option raises it', async () => {
    const big = await loadCorpus(FORMATS, { maxBinaryFileBytes: 30_000 });
    const tooBig = big.problems.filter((p) => p.message.includes('maxBinaryFileBytes')).map((p) => p.file);
    expect(tooBig).toEqual(['celery-security.pdf', 'trek.pdf']);
    // The text limit does not apply to them.
    const textLimit = await loadCorpus(FORMATS, { maxFileBytes: 20_000 });
    expect(textLimit.documents.map((d) => d.file)).toContain('trek.pdf');
  });
});

describe('validate-corpus --outline on the formats folder', () => {
  it('prints each document outline from the same parse the bot serves, a PDF by page', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/validate-corpus.ts', '--dir', FORMATS, '--outline'], { encoding: 'utf8' });
    expect(out).toContain('celery-debugging.html: "Debugging"');
    // Counts after short paragraphs are joined into passages that stand on their own (MIN_PASSAGE_CHARS).
    expect(out).toMatch(/^ {4}Basics {2}\(line \d+, 3 passages\)$/m);
    expect(out).toContain('celery-security.docx: "Security"');
    expect(out).toMatch(/^ {4}Worker {2}\(page 2, 1 passage\)$/m);
    expect(out).toMatch(/^ {2}Cloaking Device {2}\(page \d+, \d+ passages?\)$/m);
    expect(out).toMatch(/^OK: 0 error\(s\)/m);
  });
});

import { readFileSync } from 'node:fs';
import type { Heading, Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { pdfToMdast } from '../../../src/corpus/formats/pdf.js';
import { SECURITY_OUTLINE } from './outlines.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/corpora/${path}`, import.meta.url));

function headings(tree: Root): string[] {
  return tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => `${'#'.repeat(h.depth)} ${toString(h)}`);
}

function pageOf(node: Nodes): number | undefined {
  const data: { page?: number } | undefined = node.data;
  return data?.page;
}

async function converted(path: string) {
  const result = await pdfToMdast(fixture(path));
  if (result.kind !== 'ok') throw new Error(`expected ${path} to convert: ${result.message}`);
  return result;
}

describe('pdfToMdast on a PDF with an outline (LibreOffice export of a CC-BY-SA user guide page)', () => {
  it('takes the headings and their levels from the bookmarks, not from a contents list repeating them', async () => {
    const { tree, pages } = await converted('formats/celery-security.pdf');
    expect(pages).toBe(4);
    expect(headings(tree)).toEqual(SECURITY_OUTLINE);
  });

  it('keeps the page of every block', async () => {
    const { tree } = await converted('formats/celery-security.pdf');
    const worker = tree.children.find((n) => n.type === 'heading' && toString(n) === 'Worker');
    expect(worker && pageOf(worker)).toBe(2);
    expect(tree.children.every((n) => n.type === 'list' || (pageOf(n) ?? 0) >= 1)).toBe(true);
  });
});

describe('pdfToMdast on a PDF without an outline (groff output of the BSD Star Trek manual)', () => {
  it('finds headings by size and by bold weight against the body text', async () => {
    const { tree } = await converted('formats/trek.pdf');
    const found = headings(tree).map((h) => h.replace(/^#+ /, ''));
    for (const heading of ['INTRODUCTION', 'STARTING UP THE GAME', 'ISSUING COMMANDS', 'THE COMMANDS', 'Short Range Scan', 'Status Report']) {
      expect(found).toContain(heading);
    }
  });

  it('never takes a bold word that a lower-case line continues as a heading', async () => {
    const { tree } = await converted('formats/trek.pdf');
    expect(headings(tree).map((h) => h.replace(/^#+ /, ''))).not.toContain('/usr/games/trek');
  });

  it('drops page numbers and keeps paragraphs whole across line ends', async () => {
    const { tree } = await converted('formats/trek.pdf');
    const paragraphs = tree.children.filter((n) => n.type === 'paragraph').map((n) => toString(n));
    expect(paragraphs.some((p) => /^-?\s*\d{1,2}\s*-?$/.test(p))).toBe(false);
    const galaxy = paragraphs.find((p) => p.startsWith('For the purposes of the game the galaxy is divided into 64 quadrants'));
    expect(galaxy?.length).toBeGreaterThan(200);
  });

  it('joins a word hyphenated at a line end', () => {
    // Covered through the tree: no paragraph ends a line with "letter-" followed by a lower-case word.
    return converted('formats/trek.pdf').then(({ tree }) => {
      const text = toString(tree);
      expect(text).not.toMatch(/\p{L}- \p{Ll}/u);
    });
  });
});

describe('pdfToMdast on files it cannot serve', () => {
  it('says a password-protected PDF needs a copy without a password', async () => {
    const result = await pdfToMdast(fixture('formats-faults/locked.pdf'));
    expect(result).toEqual({ kind: 'bad', message: expect.stringContaining('password-protected') });
  });

  it('says a damaged PDF may be damaged, without throwing', async () => {
    const bytes = fixture('formats/trek.pdf').subarray(0, 900);
    const result = await pdfToMdast(bytes);
    expect(result.kind).toBe('bad');
  });

  it('says a PDF with no text layer needs OCR first', async () => {
    const result = await pdfToMdast(imageOnlyPdf());
    expect(result).toEqual({ kind: 'bad', message: expect.stringMatching(/no text layer.*OCR/) });
  });

  it('refuses bytes that are not a PDF at all', async () => {
    const result = await pdfToMdast(new TextEncoder().encode('just some text, not a PDF'));
    expect(result.kind).toBe('bad');
  });
});

/** A one-page PDF that only draws a filled rectangle, as a scan without OCR has only an image. */
function imageOnlyPdf(): Uint8Array {
  const content = '0 0 0 rg 100 100 400 600 re f';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

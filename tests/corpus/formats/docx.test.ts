import { readFileSync } from 'node:fs';
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { docxToMdast } from '../../../src/corpus/formats/docx.js';
import { SECURITY_OUTLINE } from './outlines.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/corpora/${path}`, import.meta.url));

function headings(tree: Root): string[] {
  return tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => `${'#'.repeat(h.depth)} ${toString(h)}`);
}

describe('docxToMdast on a Word file (LibreOffice export of a CC-BY-SA user guide page)', () => {
  it("uses the document's heading styles for the outline", async () => {
    const result = await docxToMdast(fixture('formats/celery-security.docx'));
    if (result.kind !== 'ok') throw new Error(result.message);
    expect(headings(result.tree)).toEqual(SECURITY_OUTLINE);
    expect(result.title).toBe('Security');
  });

  it('keeps lists as lists', async () => {
    const result = await docxToMdast(fixture('formats/celery-security.docx'));
    if (result.kind !== 'ok') throw new Error(result.message);
    expect(result.tree.children.some((n) => n.type === 'list')).toBe(true);
  });
});

describe('docxToMdast on files it cannot serve', () => {
  it('says an encrypted (password-protected) Office file needs saving without a password', async () => {
    // Encrypted Office files are OLE compound files: this is that file signature.
    const compound = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    expect(await docxToMdast(compound)).toEqual({ kind: 'bad', message: expect.stringContaining('password-protected') });
  });

  it('says a damaged file may be damaged, without throwing', async () => {
    const truncated = fixture('formats/celery-security.docx').subarray(0, 2000);
    const result = await docxToMdast(truncated);
    expect(result).toEqual({ kind: 'bad', message: expect.stringContaining('damaged') });
  });

  it('refuses a file that is not a .docx at all', async () => {
    expect((await docxToMdast(new TextEncoder().encode('plain words'))).kind).toBe('bad');
  });
});

/**
 * Word (`.docx`) → mdast. mammoth maps the document's heading styles (Heading 1 … 6, Title) to
 * HTML headings and keeps lists and tables; the HTML then takes the same path as a saved web page.
 */
import mammoth from 'mammoth';
import { htmlToMdast, type ConvertedDocument } from './html.js';

/** Outcome of reading a binary document: the tree, or why the file cannot be served. */
export type Conversion = ({ readonly kind: 'ok' } & ConvertedDocument & { readonly pages?: number }) | { readonly kind: 'bad'; readonly message: string };

/**
 * mammoth's default style map turns "Heading 1" … "Heading 6" into `h1` … `h6`; a document's
 * "Title" paragraph style is its title, and "Subtitle" is not a heading of its own.
 */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"];

/**
 * Converts a `.docx` file's bytes. A corrupt file, or one that is really an encrypted
 * (password-protected) Office file, comes back as `bad` with a reason a person can act on.
 *
 * @example
 * const result = await docxToMdast(await readFile('policy.docx'));
 * if (result.kind === 'ok') result.tree; // mdast with the document's headings
 */
export async function docxToMdast(bytes: Uint8Array): Promise<Conversion> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isCompoundFile(buffer)) {
    return { kind: 'bad', message: 'is password-protected (an encrypted Office file); save it without a password' };
  }
  if (!isZip(buffer)) return { kind: 'bad', message: 'is not a Word .docx file (no .docx zip structure); save it again as .docx' };
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer }, { styleMap: STYLE_MAP, includeDefaultStyleMap: true }));
  } catch (error) {
    return { kind: 'bad', message: `could not be read as a Word document (${describe(error)}); it may be damaged` };
  }
  return { kind: 'ok', ...htmlToMdast(`<main>${html}</main>`) };
}

/** Encrypted .docx files are OLE compound files, not zips. */
function isCompoundFile(buffer: Buffer): boolean {
  return buffer.length >= 8 && buffer.readUInt32BE(0) === 0xd0cf11e0 && buffer.readUInt32BE(4) === 0xa1b11ae1;
}

function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 160) ?? 'unknown error';
}

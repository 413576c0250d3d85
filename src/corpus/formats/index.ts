/**
 * Which files are documents, and how each format becomes one. Text formats (Markdown, plain
 * text, HTML) are decoded as UTF-8 first; PDF and Word files are read as bytes. Every structured
 * format ends in the same mdast → document tree builder, so headings, passages, FAQ questions and
 * display text work alike whatever the file was.
 */
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { CorpusProblem } from '../../types.js';
import type { ParsedDocument } from '../assemble.js';
import { decodeText } from '../decode.js';
import { documentFromMdast } from '../mdast-tree.js';
import type { ParseOptions } from '../parse-options.js';
import type { Conversion } from './docx.js';

/** The formats Parley reads, by file name ending (lower case). */
export const DOCUMENT_FORMATS = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
} as const satisfies Record<string, string>;

export type DocumentFormat = (typeof DOCUMENT_FORMATS)[keyof typeof DOCUMENT_FORMATS];

/** Every ending in {@link DOCUMENT_FORMATS}, for messages and listings. */
export const DOCUMENT_EXTENSIONS: readonly string[] = Object.keys(DOCUMENT_FORMATS);

/** Formats read as bytes: they may be larger than text files (see `maxBinaryFileBytes`). */
export const BINARY_FORMATS: ReadonlySet<DocumentFormat> = new Set(['pdf', 'docx']);

/** The format of a file by its name, or `undefined` when Parley does not read it. */
export function formatOf(file: string): DocumentFormat | undefined {
  const lower = file.toLowerCase();
  const dot = lower.lastIndexOf('.');
  if (dot < 0) return undefined;
  return (DOCUMENT_FORMATS as Record<string, DocumentFormat>)[lower.slice(dot)];
}

/** What one file became: a document, or the reason it is skipped. */
export type ParsedFile = { readonly kind: 'ok'; readonly parsed: ParsedDocument } | { readonly kind: 'bad'; readonly problem: CorpusProblem };

/**
 * Reads one document file's bytes into its sections and passages. Never throws for bad content:
 * a file that cannot be used comes back as `bad` with a problem naming it and why.
 *
 * @example
 * const result = await parseFile(await readFile('corpus/rules.pdf'), 'rules.pdf', { documentId: 'rules' });
 * if (result.kind === 'ok') result.parsed.passages[0]?.page; // → 1
 */
export async function parseFile(bytes: Uint8Array, file: string, options: ParseOptions = {}): Promise<ParsedFile> {
  const format = formatOf(file) ?? 'text';
  const bad = (message: string, line?: number): ParsedFile => ({ kind: 'bad', problem: { severity: 'error', file, ...(line !== undefined ? { line } : {}), message } });

  if (format === 'pdf' || format === 'docx') {
    // PDF.js and mammoth are large: loaded on the first file that needs them, not by every corpus.
    const converted: Conversion = format === 'pdf' ? await (await import('./pdf.js')).pdfToMdast(bytes) : await (await import('./docx.js')).docxToMdast(bytes);
    if (converted.kind === 'bad') return bad(converted.message);
    const parsed = fromTree(converted.tree, file, options, converted);
    // The PDF converter places every node at its page, so a passage's line is its page.
    return { kind: 'ok', parsed: format === 'pdf' ? { ...parsed, passages: parsed.passages.map((p) => ({ ...p, page: p.line })) } : parsed };
  }
  const decoded = decodeText(bytes);
  if (decoded.kind === 'bad') return bad(decoded.message, decoded.line);
  // The parsers load on the first file parsed: a start that takes the corpus from the cache needs none.
  if (format === 'html') {
    const page = (await import('./html.js')).htmlToMdast(decoded.text);
    return { kind: 'ok', parsed: fromTree(page.tree, file, options, page) };
  }
  return { kind: 'ok', parsed: (await import('../parse.js')).parseDocument(decoded.text, file, { ...options, format }) };
}

/** Text before a page's title longer than this is content, not a banner. */
const LEAD_IN_MAX_CHARS = 300;

/**
 * Web pages and exports of them often put a notice or breadcrumbs above the title ("This
 * document describes the current stable version…"). When the document has one top heading and
 * only a little text stands before it, that text is page furniture: the title opens the document.
 */
function dropLeadIn(tree: Root): Root {
  const first = tree.children.findIndex((n) => n.type === 'heading');
  const top = tree.children.filter((n) => n.type === 'heading' && n.depth === 1);
  if (first <= 0 || top.length !== 1 || tree.children[first] !== top[0]) return tree;
  const leadIn = tree.children.slice(0, first);
  if (leadIn.some((n) => n.type !== 'paragraph') || toString({ type: 'root', children: leadIn }).length > LEAD_IN_MAX_CHARS) return tree;
  return { ...tree, children: tree.children.slice(first) };
}

function fromTree(source: Root, file: string, options: ParseOptions, meta: { readonly title?: string | undefined; readonly source?: string | undefined }): ParsedDocument {
  const tree = dropLeadIn(source);
  return documentFromMdast(tree, {
    file,
    ...(options.documentId !== undefined ? { documentId: options.documentId } : {}),
    ...(options.targetChars !== undefined ? { targetChars: options.targetChars } : {}),
    ...(options.maxChars !== undefined ? { maxChars: options.maxChars } : {}),
    ...(options.boilerplate !== undefined ? { boilerplate: options.boilerplate } : {}),
    frontMatter: { ...(meta.title ? { title: meta.title } : {}), ...(meta.source ? { source: meta.source } : {}) },
  });
}

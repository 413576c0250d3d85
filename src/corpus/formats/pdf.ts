/**
 * PDF → mdast with the page of every block. PDF.js (Mozilla's, pure JavaScript, no native
 * binaries) gives positioned text runs; this rebuilds what a reader sees: lines, then paragraphs
 * (hyphenation at line ends joined), headings from the PDF's outline (bookmarks) when it has one,
 * else from font size against the body text, with running headers, footers and page numbers
 * dropped.
 */
import type { Heading, List, Paragraph, Root, RootContent } from 'mdast';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { Conversion } from './docx.js';

/** One visual line of a page. */
interface Line {
  text: string;
  page: number;
  /** Baseline, in PDF units from the page's top. */
  top: number;
  left: number;
  size: number;
  /** Every run of the line is set in a bold face (read only for PDFs without an outline). */
  bold: boolean;
}

interface OutlineEntry {
  readonly title: string;
  readonly depth: number;
  readonly page: number;
}

/** A block's page, kept on the mdast node for the tree builder to carry onto its passages. */
export interface PageData {
  readonly page: number;
}

/** Share of the page height at the top and bottom where running headers and footers sit. */
const MARGIN_SHARE = 0.1;
/** A margin line repeated (digits aside) on at least this share of pages is a running header or footer. */
const RUNNING_SHARE = 0.4;
/** Lines at least this much larger than the body text are headings when the PDF has no outline. */
const HEADING_SIZE_RATIO = 1.15;
/** A vertical gap over this many line heights starts a new paragraph. */
const PARAGRAPH_GAP = 1.5;
const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$|^[ivxlc]{1,6}$/iu;
const BULLET = /^(?:[•◦▪‣∙·\-–—*]|\d{1,3}[.)]|[a-z][.)])\s+/u;
const SENTENCE_END = /[.!?:;]["”’)]*$/u;

/**
 * Extracts a PDF's text as mdast. A PDF that cannot be opened (damaged, password-protected) or
 * has no text layer (a scan) comes back as `bad` with what to do about it.
 *
 * @example
 * const result = await pdfToMdast(await readFile('rulebook.pdf'));
 * if (result.kind === 'ok') result.pages; // → 24
 */
export async function pdfToMdast(bytes: Uint8Array): Promise<Conversion> {
  let pdf: PDFDocumentProxy;
  try {
    // PDF.js takes ownership of the buffer it is given: hand it a copy.
    pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false }).promise;
  } catch (error) {
    const name = (error as { name?: string } | undefined)?.name;
    if (name === 'PasswordException') return { kind: 'bad', message: 'is password-protected; save a copy without a password' };
    return { kind: 'bad', message: `could not be read as a PDF (${describe(error)}); it may be damaged` };
  }
  try {
    const outline = await readOutline(pdf);
    const lines: Line[] = [];
    const heights: number[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const height = page.getViewport({ scale: 1 }).height;
      heights.push(height);
      const content = await page.getTextContent();
      // Weights cost a pass over the page's drawing operators: only needed to find headings without an outline.
      const bold = outline.length === 0 ? await boldFonts(page, content.items as readonly TextRun[]) : new Set<string>();
      for (const line of pageLines(content.items as readonly TextRun[], n, height, bold)) lines.push(line);
      page.cleanup();
    }
    if (!lines.some((line) => /\p{L}/u.test(line.text))) {
      return { kind: 'bad', message: 'has no text layer (a scanned PDF?): OCR it first (for example with ocrmypdf) and add the result' };
    }
    const body = dropRunningLines(lines, heights, pdf.numPages);
    const title = await pdfTitle(pdf);
    const tree = toTree(body, outline);
    return { kind: 'ok', tree, pages: pdf.numPages, ...(title ? { title } : {}) };
  } catch (error) {
    return { kind: 'bad', message: `could not be read as a PDF (${describe(error)}); it may be damaged` };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

/** The subset of PDF.js's `TextItem` this file reads. */
interface TextRun {
  readonly str?: string;
  readonly transform?: readonly number[];
  readonly width?: number;
  readonly height?: number;
  readonly hasEOL?: boolean;
  readonly fontName?: string;
}

/** The page's fonts whose face is bold, by PDF.js's loaded name. */
async function boldFonts(page: PDFPageProxy, items: readonly TextRun[]): Promise<Set<string>> {
  const bold = new Set<string>();
  await page.getOperatorList();
  for (const name of new Set(items.map((item) => item.fontName))) {
    if (!name || !page.commonObjs.has(name)) continue;
    const font = page.commonObjs.get(name) as { bold?: boolean; black?: boolean; name?: string } | undefined;
    if (font?.bold || font?.black || /bold|black|heavy|semibold|demi/iu.test(font?.name ?? '')) bold.add(name);
  }
  return bold;
}

/** Text runs → lines, top to bottom, each run placed by its baseline. */
function pageLines(items: readonly TextRun[], page: number, pageHeight: number, boldNames: ReadonlySet<string>): Line[] {
  const runs = items
    .filter((item): item is Required<TextRun> => typeof item.str === 'string' && Array.isArray(item.transform) && item.str.trim() !== '')
    .map((item) => ({
      text: item.str,
      left: item.transform[4] ?? 0,
      top: pageHeight - (item.transform[5] ?? 0),
      width: item.width,
      size: Math.abs(item.transform[3] ?? item.height) || item.height,
      bold: boldNames.has(item.fontName),
    }));
  runs.sort((a, b) => a.top - b.top || a.left - b.left);
  const lines: Line[] = [];
  let current: { runs: typeof runs; top: number; size: number } | undefined;
  for (const run of runs) {
    if (current && Math.abs(run.top - current.top) <= Math.max(2, 0.4 * Math.min(run.size, current.size))) {
      current.runs.push(run);
      current.size = Math.max(current.size, run.size);
      continue;
    }
    if (current) lines.push(joinRuns(current.runs, page, current.top, current.size));
    current = { runs: [run], top: run.top, size: run.size };
  }
  if (current) lines.push(joinRuns(current.runs, page, current.top, current.size));
  return lines;
}

function joinRuns(runs: { text: string; left: number; width: number; size: number; bold: boolean }[], page: number, top: number, size: number): Line {
  runs.sort((a, b) => a.left - b.left);
  let text = '';
  let end = -Infinity;
  for (const run of runs) {
    // Runs are often split mid-line without a space: a visible gap is one.
    const gap = run.left - end;
    if (text !== '' && !text.endsWith(' ') && !run.text.startsWith(' ') && gap > 0.15 * run.size) text += ' ';
    text += run.text;
    end = run.left + run.width;
  }
  return { text: collapse(text), page, top, left: runs[0]?.left ?? 0, size, bold: runs.every((run) => run.bold) };
}

/** Drops page numbers and lines repeated in the top or bottom margin of many pages. */
function dropRunningLines(lines: readonly Line[], heights: readonly number[], pages: number): Line[] {
  const inMargin = (line: Line) => {
    const height = heights[line.page - 1] ?? 792;
    return line.top < height * MARGIN_SHARE || line.top > height * (1 - MARGIN_SHARE);
  };
  const key = (line: Line) => line.text.toLowerCase().replace(/\d+/gu, '#');
  const pagesWith = new Map<string, Set<number>>();
  for (const line of lines) {
    if (!inMargin(line)) continue;
    const set = pagesWith.get(key(line)) ?? new Set<number>();
    set.add(line.page);
    pagesWith.set(key(line), set);
  }
  const running = (line: Line) => pages >= 3 && (pagesWith.get(key(line))?.size ?? 0) >= Math.max(2, RUNNING_SHARE * pages);
  return lines.filter((line) => !(inMargin(line) && (running(line) || PAGE_NUMBER.test(line.text))) && !PAGE_NUMBER.test(line.text));
}

async function readOutline(pdf: PDFDocumentProxy): Promise<OutlineEntry[]> {
  const entries: OutlineEntry[] = [];
  // PDF.js types `items` loosely (`any[]`), and a damaged outline may lack it.
  type Item = { title: string; dest: string | unknown[] | null; items?: Item[] };
  const walk = async (items: readonly Item[], depth: number): Promise<void> => {
    for (const item of items) {
      const page = await destinationPage(pdf, item.dest);
      const title = collapse(item.title);
      if (page !== undefined && title !== '') entries.push({ title, depth: Math.min(depth, 6), page });
      await walk(item.items ?? [], depth + 1);
    }
  };
  // An outline PDF.js cannot read is only a missing table of contents: the text is still read page by page.
  const outline = (await pdf.getOutline().catch(() => null)) as Item[] | null;
  if (outline) await walk(outline, 1);
  return entries;
}

async function destinationPage(pdf: PDFDocumentProxy, dest: string | unknown[] | null): Promise<number | undefined> {
  try {
    const explicit: unknown[] | null = typeof dest === 'string' ? await pdf.getDestination(dest) : dest;
    const target = explicit?.[0];
    if (typeof target === 'number') return target + 1;
    if (target && typeof target === 'object') return (await pdf.getPageIndex(target as never)) + 1;
  } catch {
    // A bookmark to a missing page is dropped (PDF.js rejects the reference): the text is still read page by page.
  }
  return undefined;
}

async function pdfTitle(pdf: PDFDocumentProxy): Promise<string | undefined> {
  const meta = await pdf.getMetadata().catch(() => undefined);
  const raw = meta && 'Title' in meta.info ? meta.info.Title : undefined;
  const title = typeof raw === 'string' ? collapse(raw) : '';
  // Producers often fill Title with a file name ("Microsoft Word - rules.doc", "untitled").
  if (title === '' || /\.(?:docx?|odt|tex|pdf|rtf)$/iu.test(title) || /^untitled$/iu.test(title)) return undefined;
  return title;
}

/** Lines → headings and paragraphs. */
function toTree(lines: readonly Line[], outline: readonly OutlineEntry[]): Root {
  const bodySize = commonSize(lines);
  const headingDepth = outline.length > 0 ? outlineMatcher(outline, lines) : sizeMatcher(lines, bodySize);
  const children: RootContent[] = [];
  let paragraph: { lines: Line[] } | undefined;
  let list: List | undefined;
  let previous: Line | undefined;

  const flush = () => {
    if (paragraph) {
      const page = paragraph.lines[0]?.page ?? 1;
      const node: Paragraph = atPage({ type: 'paragraph', children: [{ type: 'text', value: unwrap(paragraph.lines) }], data: pageData(paragraph.lines[0]) }, page);
      if (list) list.children.push(atPage({ type: 'listItem', spread: false, children: [node] }, page));
      else children.push(node);
    }
    paragraph = undefined;
  };
  const closeList = () => {
    flush();
    if (list) children.push(list);
    list = undefined;
  };

  for (const [i, line] of lines.entries()) {
    const depth = headingDepth(line, lines[i + 1]);
    if (depth !== undefined) {
      closeList();
      const last = children.at(-1);
      // A heading set over two lines is one heading; large type leaves larger gaps between its lines.
      if (last?.type === 'heading' && previous && isHeadingContinuation(previous, line, line.size >= bodySize * HEADING_SIZE_RATIO ? 2.5 : 1.6) && last.depth === depth) {
        const text = last.children[0];
        if (text?.type === 'text') text.value = `${text.value} ${line.text}`;
      } else {
        const heading: Heading = atPage({ type: 'heading', depth: depth as Heading['depth'], children: [{ type: 'text', value: line.text }], data: pageData(line) }, line.page);
        children.push(heading);
      }
      previous = line;
      continue;
    }
    const bullet = BULLET.test(line.text);
    const newBlock =
      !paragraph ||
      bullet ||
      (previous !== undefined && (line.page !== previous.page ? SENTENCE_END.test(previous.text) : line.top - previous.top > PARAGRAPH_GAP * Math.max(previous.size, line.size) * 1.2));
    if (newBlock) {
      if (bullet) {
        flush();
        list ??= atPage({ type: 'list', ordered: /^\d/u.test(line.text), spread: false, children: [] }, line.page);
        paragraph = { lines: [{ ...line, text: line.text.replace(BULLET, '') }] };
      } else {
        // A list item's wrapped lines stay in the item; a gap or an unindented line ends the list.
        if (list && paragraph && previous && line.page === previous.page && line.top - previous.top <= PARAGRAPH_GAP * line.size * 1.2 && line.left > (paragraph.lines[0]?.left ?? 0) - 1) {
          paragraph.lines.push(line);
        } else {
          closeList();
          paragraph = { lines: [line] };
        }
      }
    } else {
      paragraph?.lines.push(line);
    }
    previous = line;
  }
  closeList();
  return { type: 'root', children };
}

function isHeadingContinuation(previous: Line, line: Line, lineGap: number): boolean {
  return previous.page === line.page && Math.abs(previous.size - line.size) < 0.5 && line.top - previous.top < lineGap * line.size && !SENTENCE_END.test(previous.text);
}

/**
 * With an outline: each bookmark is the line on its page that reads as its title — the largest
 * such line, so a contents list that repeats the titles in body text never takes their place.
 */
function outlineMatcher(outline: readonly OutlineEntry[], lines: readonly Line[]): (line: Line, next: Line | undefined) => number | undefined {
  const depthOf = new Map<Line, number>();
  for (const entry of outline) {
    const key = headingKey(entry.title);
    let best: Line | undefined;
    for (const line of lines) {
      if (line.page !== entry.page || depthOf.has(line) || BULLET.test(line.text)) continue;
      const lineKey = headingKey(line.text);
      if (lineKey !== key && !(lineKey.length >= 8 && key.startsWith(lineKey))) continue;
      if (!best || line.size > best.size + 0.1) best = line;
    }
    if (best) depthOf.set(best, entry.depth);
  }
  return (line) => depthOf.get(line);
}

/**
 * Without an outline: distinct sizes above the body text, largest first, are heading levels;
 * a short line wholly in bold at the body size is the level below them.
 */
function sizeMatcher(lines: readonly Line[], bodySize: number): (line: Line, next: Line | undefined) => number | undefined {
  const headingText = (line: Line) => line.text.length <= 120 && /\p{L}/u.test(line.text) && !SENTENCE_END.test(line.text);
  const larger = (line: Line) => line.size >= bodySize * HEADING_SIZE_RATIO;
  const sizes = [...new Set(lines.filter((line) => larger(line) && headingText(line)).map((line) => Math.round(line.size * 2) / 2))].sort((a, b) => b - a);
  return (line, next) => {
    if (!headingText(line)) return undefined;
    if (larger(line)) {
      const level = sizes.indexOf(Math.round(line.size * 2) / 2);
      return level === -1 ? undefined : Math.min(level + 1, 6);
    }
    // A bold line that the next line continues in lower case is emphasis inside a sentence.
    const continued = next !== undefined && /^\p{Ll}/u.test(next.text);
    if (line.bold && !continued && line.text.length <= 80 && Math.abs(line.size - bodySize) < 0.6) return Math.min(sizes.length + 1, 6);
    return undefined;
  };
}

/** The font size most of the text is set in. */
function commonSize(lines: readonly Line[]): number {
  const weight = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + line.text.length);
  }
  let best = 10;
  let most = -1;
  for (const [size, chars] of weight) {
    if (chars > most) {
      best = size;
      most = chars;
    }
  }
  return best;
}

/** Lines of one paragraph → its text: a word hyphenated at a line end is joined again. */
function unwrap(lines: readonly Line[]): string {
  let text = '';
  for (const line of lines) {
    if (text === '') text = line.text;
    else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line.text)) text = `${text.slice(0, -1)}${line.text}`;
    else text = `${text} ${line.text}`;
  }
  return text;
}

function pageData(line: Line | undefined): Paragraph['data'] {
  return { page: line?.page ?? 1 };
}

/**
 * A PDF has pages, not source lines: every node's position is its page, so the tree builder's
 * line numbers (in passages, sections and problems) are page numbers for a PDF.
 */
function atPage<T extends RootContent>(node: T, page: number): T {
  const point = { line: page, column: 1 };
  node.position = { start: point, end: point };
  return node;
}

function headingKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.slice(0, 160) ?? 'unknown error';
}

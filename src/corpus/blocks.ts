/**
 * The intermediate form both parsers produce: a title and a flat list of blocks in reading
 * order. Headings carry a depth; everything else becomes passages under the current heading path.
 */
import { CHAPTER_LABEL } from './numbering.js';

/**
 * `aside-start` and `aside-end` (no text) enclose a block quote that holds headings: its headings
 * open sections like any other, and the text after it goes back under the heading before it, as
 * a reader sees the quote as a box set into that section.
 */
export type BlockKind = 'prose' | 'list' | 'code' | 'table' | 'quote' | 'heading' | 'aside-start' | 'aside-end';

export interface Block {
  readonly kind: BlockKind;
  /** Prose is unwrapped (source line breaks become spaces); lists, code and tables keep theirs. */
  readonly text: string;
  /** 1-based line of the block's first source line. */
  readonly line: number;
  /** Offsets in `text` where source lines `line`, `line + 1`, … begin (for the line of a split part). */
  readonly lineStarts: readonly number[];
  /** Heading depth, 1 = top level (headings only). */
  readonly depth?: number;
  /**
   * The same content as Discord Markdown (from Markdown and other structured sources); absent
   * for plain text, which is shown escaped.
   */
  readonly display?: string;
  /** For prose with `display`: offset in `display` of each offset of `text` (length `text.length + 1`), so a split part gets its own display. */
  readonly displayMap?: readonly number[];
  /** A table's header row, repeated at the top of each part when the table is split (text, display). */
  readonly header?: { readonly text: string; readonly display: string };
  /** Prose that is a figure's caption: it goes with the text next to it, never a passage of its own. */
  readonly caption?: boolean;
}

/** Source lines deliberately left out of the passages, and why (shown by validate-corpus). */
export interface Skipped {
  readonly line: number;
  readonly endLine: number;
  readonly reason: 'table of contents' | 'boilerplate' | 'images' | 'template code';
}

/** Last source line of a block. */
export function endLineOf(block: Block): number {
  return block.line + Math.max(block.lineStarts.length, block.text.split('\n').length) - 1;
}

/** The lines of `removed` blocks as one skipped range (none when empty). */
export function skippedRange(removed: readonly Block[], reason: Skipped['reason']): Skipped[] {
  const [first] = removed;
  if (!first) return [];
  let endLine = 0;
  for (const b of removed) endLine = Math.max(endLine, endLineOf(b)); // no spread: there may be 100k blocks
  return [{ line: first.line, endLine, reason }];
}

export interface ParsedBlocks {
  /** The document title found in the text, if any. */
  readonly title?: string;
  /** Line of the title, when it came from the text. */
  readonly titleLine?: number;
  readonly blocks: readonly Block[];
  readonly problems: ReadonlyArray<{ readonly severity: 'error' | 'warning'; readonly line?: number; readonly message: string }>;
  readonly skipped: readonly Skipped[];
}

/** Ends like a sentence: terminal punctuation, possibly followed by closing quotes or brackets. */
export const SENTENCE_END = /[.!?…:;,](["”’'»)\]]*)$/u;

/** Section numbering in front of a heading: "1. ", "2.3 ", "IV. ". */
export const NUMBERING = /^(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[IVXLC]{1,6}[.)])\s+(?=\S)/u;

export const LIST_ITEM = /^\s{0,3}(?:[-*+•–]|\d{1,3}[.)])\s+\S/u;

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Share of the longer words (≥ 4 letters) that start with a capital: headlines are title-cased. */
export function titleCaseRatio(text: string): number {
  const words = text.split(/[\s:–—-]+/).filter((w) => (w.match(/\p{L}/gu)?.length ?? 0) >= 4);
  if (words.length === 0) return 1;
  const capitalised = words.filter((w) => /^[^\p{L}]*[\p{Lu}]/u.test(w)).length;
  return capitalised / words.length;
}

/**
 * Looks like a heading on its own: one shortish line, starting like a title, with no closing
 * punctuation (a question mark is allowed for title-cased headings like "Why Now?").
 */
export function isHeadingLike(text: string): boolean {
  if (text.includes('\n')) return false;
  const whole = text.trim();
  if (whole.length < 2 || whole.length > 120) return false;
  if (/^[-*+•–]\s/u.test(whole)) return false;
  // Numbered headings ("1. Introduction", "2.3 Costs") are judged on their words; after a number
  // the words may be lower case ("3 things to bring").
  const t = whole.replace(NUMBERING, '');
  const numbered = t.length < whole.length;
  if (!/^[\p{Lu}\p{N}"“'‘(¿¡]/u.test(t) && !(numbered && /^\p{Ll}/u.test(t) && wordCount(t) <= 8)) return false;
  const words = wordCount(t);
  if (words < 1 || words > 16) return false;
  const ratio = titleCaseRatio(t);
  if (/[?]["”’')]*$/u.test(t)) return ratio >= 0.6 && words <= 14;
  if (SENTENCE_END.test(t)) return false;
  return ratio >= 0.6 || words <= 8;
}

/** Prose: a line or paragraph that reads like running text rather than a title or a link. */
export function isProse(text: string): boolean {
  const t = text.trim();
  return t.length > 120 || (SENTENCE_END.test(t) && !/:$/.test(t) && wordCount(t) >= 4);
}

/** Builds `lineStarts` for text made by joining source lines with `separator`. */
export function joinLines(lines: readonly string[], separator: string): { text: string; lineStarts: number[] } {
  const lineStarts: number[] = [];
  let text = '';
  lines.forEach((l, i) => {
    if (i > 0) text += separator;
    lineStarts.push(text.length);
    text += l;
  });
  return { text, lineStarts };
}

/**
 * Same heading text, ignoring case, spacing, quote styles, trailing punctuation or page numbers,
 * and numbering with its chapter label (a contents list says "1. Introduction" or "A. Licence"
 * where the heading says "Chapter 1. Introduction" or "Appendix A. Licence").
 */
export function normaliseHeading(text: string): string {
  const t = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(CHAPTER_LABEL, '')
    .replace(NUMBERING, '')
    .replace(/^[a-z][.)]\s+/u, '');
  return withoutLeaders(t).replace(/\s+/g, ' ').trim();
}

const LEADER = new Set(['.', '·', '…']);
const isSpace = (c: string | undefined): boolean => c !== undefined && c.trim() === '';

/**
 * Drops a table-of-contents leader and page number ("Costs ....... 12", "Costs 12"): trailing
 * whitespace, then digits, then the dots or spaces before them. A backwards scan, linear in the
 * length: the regex it replaces went quadratic on a line of many spaces.
 */
export function withoutLeaders(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end--;
  let digits = end;
  while (digits > 0 && text.charCodeAt(digits - 1) >= 48 && text.charCodeAt(digits - 1) <= 57) digits--;
  let start = digits;
  while (start > 0 && (LEADER.has(text.charAt(start - 1)) || isSpace(text[start - 1]))) start--;
  return start < digits ? text.slice(0, start) : text.slice(0, end);
}

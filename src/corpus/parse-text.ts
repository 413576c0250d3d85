/**
 * Plain text → title and blocks. Headings are bare lines, so they are found by structure:
 * the entries of a "Table of Contents" block are the top-level headings, and other heading-like
 * lines that stand between paragraphs are subheadings of the top-level heading before them.
 * Without a table of contents every heading-like line is a top-level heading.
 */
import { boilerplateStart } from './boilerplate.js';
import {
  type Block,
  type ParsedBlocks,
  type Skipped,
  LIST_ITEM,
  SENTENCE_END,
  isHeadingLike,
  isProse,
  joinLines,
  normaliseHeading,
  skippedRange,
} from './blocks.js';

/** A rule drawn with one repeated character ("-----", "* * *", "====="): a break, not text. */
const SEPARATOR = /^\s*(?:([-=*_~#.•·—–])(?:\s*\1){2,})\s*$/u;

const TOC_LINE = /^\s*(table of contents|contents|in this article|on this page)\s*:?\s*$/i;

interface Line {
  readonly text: string;
  /** 1-based line in the file. */
  readonly line: number;
}

/**
 * @param body text after front matter, LF line endings
 * @param firstLine 1-based file line of `body`'s first line
 * @param frontMatterTitle when front matter gave the title, the first line is only taken as the
 *   title if it repeats it; otherwise it is text (or a heading)
 */
export function parseTextBlocks(body: string, firstLine = 1, frontMatterTitle?: string, dropBoilerplate = true): ParsedBlocks {
  const problems: Array<{ severity: 'error' | 'warning'; line?: number; message: string }> = [];
  const lines: Line[] = body.split('\n').map((text, i) => ({ text: text.replace(/\s+$/u, ''), line: firstLine + i }));
  let units = toUnits(lines);
  const skipped: Skipped[] = [];

  // Title: the first line, when it is a line and not a paragraph.
  let title: string | undefined;
  let titleLine: number | undefined;
  const first = units[0];
  // (A first line ending like a sentence is still the title by convention, if it is short.)
  const firstIsTitle =
    !!first &&
    first.kind === 'prose' &&
    first.lineStarts.length === 1 &&
    first.text.length <= 200 &&
    (frontMatterTitle === undefined || normaliseHeading(first.text) === normaliseHeading(frontMatterTitle));
  if (first && firstIsTitle) {
    title = first.text.trim();
    titleLine = first.line;
    units = units.slice(1);
  }

  // Table of contents: the label line and the list after it; its entries are the top-level headings.
  let tocEntries: string[] = [];
  let tocLine: number | undefined;
  const stripMarker = (l: string): string => l.replace(/^\s*(?:[-*+•–]|\d{1,3}[.)])\s+/u, '');
  // Only a list whose entries come back later as lines of their own is a table of contents; a
  // "Contents" line before an ordinary list (a box's contents, say) keeps its list as text.
  const tocAt = units.findIndex((u, i) => {
    const next = units[i + 1];
    if (u.kind !== 'prose' || !TOC_LINE.test(u.text) || next?.kind !== 'list') return false;
    const entries = new Set(next.text.split('\n').map((l) => normaliseHeading(stripMarker(l))));
    return units.slice(i + 2).some((v) => v.text.length <= 200 && entries.has(normaliseHeading(v.kind === 'list' ? stripMarker(v.text.split('\n')[0]!) : v.text)));
  });
  if (tocAt !== -1) {
    const list = units[tocAt + 1]!;
    tocLine = units[tocAt]!.line;
    const listLines = list.text.split('\n');
    // With numbered entries the first body heading ("1. Overview") can run straight on from the
    // list; the list ends where an entry repeats, and the rest is text again.
    const seen = new Set<string>();
    let cut = listLines.length;
    for (let k = 0; k < listLines.length; k++) {
      const key = normaliseHeading(stripMarker(listLines[k]!));
      if (seen.has(key)) {
        cut = k;
        break;
      }
      seen.add(key);
    }
    tocEntries = listLines
      .slice(0, cut)
      .filter((l) => LIST_ITEM.test(l))
      .map((l) => stripMarker(l).trim());
    const rest: Block[] = listLines
      .slice(cut)
      .map((l, k) => ({ kind: 'prose' as const, text: l.trim(), line: list.line + cut + k, lineStarts: [0] }));
    skipped.push({ line: tocLine, endLine: list.line + cut - 1, reason: 'table of contents' });
    units = [...units.slice(0, tocAt), ...rest, ...units.slice(tocAt + 2)];
  } else {
    // A table of contents whose bullets were lost (copied from a web page): bare heading-like
    // lines after the label, each of which comes back later in the text as a line of its own.
    const label = units.findIndex((u) => u.kind === 'prose' && TOC_LINE.test(u.text));
    if (label !== -1) {
      const entries: Block[] = [];
      const seen = new Set<string>();
      for (let k = label + 1; k < units.length && entries.length < 100; k++) {
        const u = units[k]!;
        const key = normaliseHeading(u.text);
        if (u.kind !== 'prose' || u.lineStarts.length !== 1 || !isHeadingLike(u.text) || seen.has(key)) break;
        if (!units.slice(k + 1).some((v) => v.kind === 'prose' && v.text.length <= 200 && normaliseHeading(v.text) === key)) break;
        seen.add(key);
        entries.push(u);
      }
      if (entries.length >= 2) {
        tocLine = units[label]!.line;
        tocEntries = entries.map((e) => e.text.trim());
        skipped.push({ line: tocLine, endLine: entries[entries.length - 1]!.line, reason: 'table of contents' });
        units = [...units.slice(0, label), ...units.slice(label + 1 + entries.length)];
      }
    }
  }

  if (dropBoilerplate) {
    const start = boilerplateStart(units);
    skipped.push(...skippedRange(units.slice(start), 'boilerplate'));
    units = units.slice(0, start);
  }

  // Headings.
  const wanted = new Map<string, string>(tocEntries.map((e) => [normaliseHeading(e), e]));
  const found = new Set<string>();
  const blocks: Block[] = [];
  const isTocHeading = (u: Block): boolean =>
    wanted.size > 0 && u.kind === 'prose' && u.lineStarts.length === 1 && u.text.length <= 200 && wanted.has(normaliseHeading(u.text));
  const isCandidate = units.map((u) => u.kind === 'prose' && u.lineStarts.length === 1 && isHeadingLike(u.text));
  const candidate = (i: number): boolean => isCandidate[i] === true;
  // Length of the run of bare heading-like lines each unit belongs to (computed once: a file of
  // 300k short lines must not be rescanned per line).
  const runLength = new Array<number>(units.length).fill(0);
  for (let i = 0; i < units.length; ) {
    if (!candidate(i) || isTocHeading(units[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < units.length && candidate(j + 1) && !isTocHeading(units[j + 1]!)) j++;
    for (let k = i; k <= j; k++) runLength[k] = j - i + 1;
    i = j + 1;
  }
  let nested = false;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (isTocHeading(u)) {
      found.add(normaliseHeading(u.text));
      blocks.push({ kind: 'heading', depth: 1, text: u.text.trim(), line: u.line, lineStarts: [0] });
      continue;
    }
    if (candidate(i) && (runLength[i] ?? 0) <= 2 && standsBeforeText(units, i, candidate, isTocHeading)) {
      let depth: number;
      if (wanted.size > 0) depth = found.size > 0 ? 2 : 1;
      else if (runLength[i] === 2 && candidate(i + 1)) {
        // Without a ToC, a heading followed straight by another is a parent with its first
        // subheading ("History" / "Early years"); lone headings after it are its subheadings
        // until the next such pair opens a new parent.
        depth = 1;
        nested = true;
      } else depth = nested ? 2 : 1;
      blocks.push({ kind: 'heading', depth, text: u.text.trim(), line: u.line, lineStarts: [0] });
      continue;
    }
    blocks.push(u);
  }
  for (const [key, entry] of wanted) {
    if (!found.has(key)) {
      problems.push({ severity: 'warning', ...(tocLine !== undefined ? { line: tocLine } : {}), message: `table of contents entry "${entry}" has no matching heading line` });
    }
  }
  return { ...(title !== undefined ? { title, titleLine } : {}), blocks, problems, skipped };
}

/**
 * A heading stands before text: the next block is a paragraph, list or table — or one more
 * heading that itself stands before text (a heading directly followed by its first subheading).
 * (A run of three or more bare short lines is a list without bullets, not headings: the caller
 * checks the run length.)
 */
function standsBeforeText(units: readonly Block[], i: number, candidate: (i: number) => boolean, isTocHeading: (u: Block) => boolean): boolean {
  const next = units[i + 1];
  if (!next) return false;
  if (isTocHeading(next)) return false; // a bare line right before a top-level heading has no text of its own
  if (candidate(i + 1)) {
    const after = units[i + 2];
    return !!after && !candidate(i + 2) && (after.kind !== 'prose' || isProse(after.text));
  }
  return next.kind !== 'prose' || isProse(next.text);
}

/**
 * Lines → paragraph units. Text with one paragraph per line (like the seed) gives one unit per
 * line; hard-wrapped text (lines cut at a fixed width) is unwrapped into paragraphs. Consecutive
 * list items form one list unit.
 */
function toUnits(lines: readonly Line[]): Block[] {
  const wrapWidth = hardWrapWidth(lines);
  const units: Block[] = [];
  let para: Line[] = [];
  let list: Line[] = [];
  const flushPara = (): void => {
    if (para.length === 0) return;
    const { text, lineStarts } = joinLines(
      para.map((l) => l.text.trim()),
      ' ',
    );
    units.push({ kind: 'prose', text, line: para[0]!.line, lineStarts });
    para = [];
  };
  const flushList = (): void => {
    if (list.length === 0) return;
    // A lone numbered line that reads like a title is a numbered heading ("1. Introduction"), not a list.
    if (list.length === 1 && /^\s*\d/.test(list[0]!.text) && isHeadingLike(list[0]!.text)) {
      units.push({ kind: 'prose', text: list[0]!.text.trim(), line: list[0]!.line, lineStarts: [0] });
      list = [];
      return;
    }
    const { text, lineStarts } = joinLines(
      list.map((l) => l.text),
      '\n',
    );
    units.push({ kind: 'list', text, line: list[0]!.line, lineStarts });
    list = [];
  };
  for (const l of lines) {
    const text = l.text;
    if (text.trim() === '' || SEPARATOR.test(text)) {
      flushPara();
      flushList();
      continue;
    }
    if (LIST_ITEM.test(text)) {
      flushPara();
      list.push(l);
      continue;
    }
    if (list.length > 0 && /^\s{2,}\S/.test(text)) {
      list.push(l); // an indented continuation of a list item
      continue;
    }
    flushList();
    if (wrapWidth === 0) {
      para.push(l);
      flushPara();
      continue;
    }
    const prev = para[para.length - 1];
    if (prev && !continues(prev.text, text, wrapWidth, para.length === 1)) flushPara();
    para.push(l);
  }
  flushPara();
  flushList();
  return units;
}

/** In hard-wrapped text, does `next` continue the paragraph that `prev` is part of? */
function continues(prev: string, next: string, width: number, prevIsFirst: boolean): boolean {
  const p = prev.trim();
  // A line starting in lower case goes on with the sentence before it.
  if (/^\p{Ll}/u.test(next.trim())) return true;
  // A short first line that looks like a heading stands on its own.
  if (prevIsFirst && isHeadingLike(p) && p.length < width * 0.7) return false;
  // A line ending a sentence well short of the width is the end of its paragraph.
  if (SENTENCE_END.test(p) && p.length < width * 0.75) return false;
  return true;
}

/**
 * The width text was wrapped at, or 0 when lines are whole paragraphs. Wrapped text has almost no
 * line over ~100 characters and many lines that stop mid-sentence with the next line going on.
 */
function hardWrapWidth(lines: readonly Line[]): number {
  const lengths = lines.map((l) => l.text.trim().length).filter((n) => n > 0);
  if (lengths.length < 3) return 0;
  const long = lengths.filter((n) => n > 120).length;
  if (long > lengths.length * 0.1) return 0; // a stray long line (a URL) does not make it unwrapped
  let joints = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i]!.text.trim();
    const b = lines[i + 1]!.text.trim();
    if (a.length >= 40 && b !== '' && !LIST_ITEM.test(b) && !SENTENCE_END.test(a) && !isHeadingLike(a)) joints++;
  }
  if (joints < 2) return 0;
  const sorted = [...lengths].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length * 0.9)] ?? 80;
}

/**
 * Plain text → title and blocks. Headings are bare lines, so they are found by structure:
 * the entries of a "Table of Contents" block are the top-level headings, and other heading-like
 * lines that stand between paragraphs are subheadings of the top-level heading before them.
 * Without a table of contents every heading-like line is a top-level heading.
 */
import { boilerplateStart } from './boilerplate.js';
import { codeBlock } from './discord-markdown.js';
import { numberedDepth, numberingDepth } from './numbering.js';
import { TOC_LINE, dropInnerContents, entryKey } from './text-contents.js';
import { MARKED_HEADINGS, TEXT_LIST_ITEM, indentOf, isCentred, isDefinition, isWrappedProse, textWidth } from './text-layout.js';
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
  titleCaseRatio,
  wordCount,
} from './blocks.js';

/** A rule drawn with one repeated character ("-----", "* * *", "====="): a break, not text. */
const SEPARATOR = /^\s*(?:([-=*_~#.•·—–])(?:\s*\1){2,})\s*$/u;

interface Line {
  readonly text: string;
  /** 1-based line in the file. */
  readonly line: number;
}

/** A run of lines holding at least one. */
type Group = readonly [Line, ...Line[]];
const isGroup = (lines: readonly Line[]): lines is Group => lines.length > 0;

/** The text up to its first line break. */
function firstLineOf(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

/**
 * @param body text after front matter, LF line endings
 * @param firstLine 1-based file line of `body`'s first line
 * @param frontMatterTitle when front matter gave the title, the first line is only taken as the
 *   title if it repeats it; otherwise it is text (or a heading)
 */
export function parseTextBlocks(body: string, firstLine = 1, frontMatterTitle?: string, dropBoilerplate = true): ParsedBlocks {
  const problems: Array<{ severity: 'error' | 'warning'; line?: number; message: string }> = [];
  // trimEnd, not a `\s+$` regex: that backtracks quadratically on a line with a long run of spaces.
  const lines: Line[] = body.split('\n').map((text, i) => ({ text: text.trimEnd(), line: firstLine + i }));
  const blankLines = separatesParagraphsWithBlankLines(lines);
  const read = blankLines ? blankSeparatedUnits(lines) : { units: lineUnits(lines), bodyLines: new Set<number>(), terms: new Set<number>() };
  let units = read.units;
  const skipped: Skipped[] = [];

  // Title: the first line, when it is a line and not a paragraph.
  let title: string | undefined;
  let titleLine: number | undefined;
  const first = units[0];
  // (A first line ending like a sentence is still the title by convention, if it is short.)
  const firstIsTitle =
    !!first &&
    (first.kind === 'prose' || first.kind === 'heading') &&
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
    if (u.kind !== 'prose' || !TOC_LINE.test(u.text.trim()) || next?.kind !== 'list') return false;
    const entries = new Set(next.text.split('\n').map((l) => normaliseHeading(stripMarker(l))));
    return units.slice(i + 2).some((v) => v.text.length <= 200 && entries.has(normaliseHeading(v.kind === 'list' ? stripMarker(firstLineOf(v.text)) : v.text)));
  });
  // Without a "Contents" label: a list near the top whose entries nearly all come back later as lines of their own.
  let unlabelled = -1;
  if (tocAt === -1) {
    const standalone = new Set(units.filter((v) => (v.kind === 'prose' || v.kind === 'heading') && v.lineStarts.length === 1 && v.text.length <= 200).map((v) => normaliseHeading(v.text)));
    const at = units.slice(0, 3).findIndex((u) => u.kind === 'list');
    const candidateList = units[at];
    if (candidateList) {
      const entries = candidateList.text.split('\n').map((l) => normaliseHeading(stripMarker(l)));
      const back = entries.filter((e) => standalone.has(e)).length;
      if (entries.length >= 3 && back >= entries.length * 0.6) unlabelled = at;
    }
  }
  const listAt = tocAt !== -1 ? tocAt + 1 : unlabelled;
  const list = tocAt !== -1 || unlabelled !== -1 ? units[listAt] : undefined;
  if (list) {
    tocLine = units[tocAt]?.line ?? list.line;
    const listLines = list.text.split('\n');
    // With numbered entries the first body heading ("1. Overview") can run straight on from the
    // list; the list ends where an entry repeats, and the rest is text again.
    const seen = new Set<string>();
    let cut = listLines.length;
    for (const [k, listLine] of listLines.entries()) {
      // Numbering kept: "2.1. Overview" after "1.1. Overview" is another entry, not the body starting.
      const key = entryKey(listLine);
      if (seen.has(key)) {
        cut = k;
        break;
      }
      seen.add(key);
    }
    tocEntries = listLines
      .slice(0, cut)
      .filter((l) => l.trim() !== '')
      .map((l) => stripMarker(l).trim());
    const rest: Block[] = listLines
      .slice(cut)
      .map((l, k) => ({ kind: 'prose' as const, text: l.trim(), line: list.line + cut + k, lineStarts: [0] }));
    skipped.push({ line: tocLine, endLine: list.line + cut - 1, reason: 'table of contents' });
    units = [...units.slice(0, tocAt !== -1 ? tocAt : listAt), ...rest, ...units.slice(listAt + 1)];
  } else {
    // A table of contents whose bullets were lost (copied from a web page): bare heading-like
    // lines after the label, each of which comes back later in the text as a line of its own.
    const label = units.findIndex((u) => u.kind === 'prose' && TOC_LINE.test(u.text.trim()));
    const labelUnit = units[label];
    if (labelUnit) {
      const entries: Block[] = [];
      const seen = new Set<string>();
      for (let k = label + 1; k < units.length && entries.length < 100; k++) {
        const u = units[k];
        if (!u) break;
        const key = normaliseHeading(u.text);
        if (u.kind !== 'prose' || u.lineStarts.length !== 1 || !isHeadingLike(u.text) || seen.has(key)) break;
        if (!units.slice(k + 1).some((v) => v.kind === 'prose' && v.text.length <= 200 && normaliseHeading(v.text) === key)) break;
        seen.add(key);
        entries.push(u);
      }
      const lastEntry = entries.at(-1);
      if (entries.length >= 2 && lastEntry) {
        tocLine = labelUnit.line;
        tocEntries = entries.map((e) => e.text.trim());
        skipped.push({ line: tocLine, endLine: lastEntry.line, reason: 'table of contents' });
        units = [...units.slice(0, label), ...units.slice(label + 1 + entries.length)];
      }
    }
  }

  const inner = dropInnerContents(units);
  units = inner.units;
  skipped.push(...inner.skipped);

  if (dropBoilerplate) {
    const start = boilerplateStart(units);
    skipped.push(...skippedRange(units.slice(start), 'boilerplate'));
    units = units.slice(0, start);
  }

  // Headings.
  const wanted = new Map<string, string>(tocEntries.map((e) => [normaliseHeading(e), e]));
  const found = new Set<string>();
  const blocks: Block[] = [];
  const isTocHeading = (u: Block | undefined): boolean =>
    u !== undefined &&
    wanted.size > 0 && (u.kind === 'prose' || u.kind === 'heading') && u.lineStarts.length === 1 && u.text.length <= 200 && wanted.has(normaliseHeading(u.text));
  // Paragraphs separated by blank lines let a standalone line be judged more freely (longer, a comma at the end).
  const headingShape = blankLines ? isHeadingText : (t: string): boolean => (isHeadingLike(t) && !LEAD_IN.test(t.trim())) || QUESTION_LINE.test(t.trim());
  const isCandidate = units.map((u) => u.kind === 'prose' && u.lineStarts.length === 1 && !read.bodyLines.has(u.line) && headingShape(u.text));
  // Numbering on two levels or more ("Chapter 2.", "2.1.") says how deep each numbered heading sits.
  const numberedLevels = new Set(units.filter((u, i) => isCandidate[i] === true || u.kind === 'heading').map((u) => numberedDepth(u.text)));
  numberedLevels.delete(undefined);
  const byNumbering = numberedLevels.size >= 2;
  // Underlined headings: the shallowest underline style is the top level.
  let shallowest = 6;
  for (const u of units) if (u.kind === 'heading') shallowest = Math.min(shallowest, u.depth ?? 1);
  let parentDepth = 0;
  let answerMarker = false;
  const candidate = (i: number): boolean => isCandidate[i] === true;
  // Length of the run of bare heading-like lines each unit belongs to (computed once: a file of
  // 300k short lines must not be rescanned per line).
  const runLength = new Array<number>(units.length).fill(0);
  for (let i = 0; i < units.length; ) {
    if (!candidate(i) || isTocHeading(units[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < units.length && candidate(j + 1) && !isTocHeading(units[j + 1])) j++;
    for (let k = i; k <= j; k++) runLength[k] = j - i + 1;
    i = j + 1;
  }
  let nested = false;
  /** Adds a heading; true when it is a question, whose answer may open with "A:". */
  const pushHeading = (u: Block, depth: number): boolean => {
    const question = isQuestionLine(u.text.trim());
    if (!question && !read.terms.has(u.line)) parentDepth = depth;
    blocks.push({ kind: 'heading', depth, text: u.text.replace(/\s+/g, ' ').trim(), line: u.line, lineStarts: [0] });
    return question;
  };
  for (const [i, unit] of units.entries()) {
    let u = unit;
    const marker = answerMarker && u.kind === 'prose' ? ANSWER_MARKER.exec(u.text) : null;
    if (marker) {
      // "A:" in front of an answer repeats what the question heading already says.
      const cut = marker[0].length;
      u = { ...u, text: u.text.slice(cut), lineStarts: u.lineStarts.map((o) => Math.max(0, o - cut)) };
    }
    answerMarker = false;
    if (isTocHeading(u)) {
      found.add(normaliseHeading(u.text));
      answerMarker = pushHeading(u, numberingDepth(u.text));
      continue;
    }
    if (u.kind === 'heading') {
      answerMarker = pushHeading(u, wanted.size > 0 ? (found.size > 0 ? 2 : 1) : Math.max(1, (u.depth ?? 1) - shallowest + 1));
      continue;
    }
    if (candidate(i) && read.terms.has(u.line)) {
      // A term heads its definition one level below the section it stands in, never a level of the outline.
      answerMarker = pushHeading(u, Math.min(6, parentDepth + 1));
      continue;
    }
    if (candidate(i) && isQuestionLine(u.text.trim()) && units[i + 1] && !candidate(i + 1)) {
      answerMarker = pushHeading(u, Math.min(6, parentDepth + 1));
      continue;
    }
    if (candidate(i) && (runLength[i] ?? 0) <= 2 && standsBeforeText(units, i, candidate, isTocHeading)) {
      let depth: number;
      const numbered = numberedDepth(u.text);
      if (wanted.size > 0) depth = found.size > 0 ? (numbered ?? 2) : 1;
      else if (byNumbering && numbered !== undefined) {
        depth = numbered;
        nested = true; // unnumbered headings after it sit under it
      } else if (runLength[i] === 2 && candidate(i + 1)) {
        // Without a ToC, a heading followed straight by another is a parent with its first
        // subheading ("History" / "Early years"); lone headings after it are its subheadings
        // until the next such pair opens a new parent.
        depth = 1;
        nested = true;
      } else depth = nested ? 2 : 1;
      answerMarker = pushHeading(u, depth);
      continue;
    }
    blocks.push(u);
  }
  for (const [key, entry] of wanted) {
    if (!found.has(key)) {
      problems.push({ severity: 'warning', ...(tocLine !== undefined ? { line: tocLine } : {}), message: `table of contents entry "${entry}" has no matching heading line` });
    }
  }
  return { ...(title !== undefined && titleLine !== undefined ? { title, titleLine } : {}), blocks, problems, skipped };
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

/*
 * Lines → paragraph units. A document whose paragraphs are separated by blank lines is read
 * paragraph by paragraph (everything between blank lines, unwrapped); only a document without
 * blank lines between paragraphs (like the seed) is read a line per paragraph, with hard-wrapped
 * lines joined by width. Consecutive list items form one list unit.
 */

/** A question line of an FAQ ("Q: How do I …?"): the heading of the answer after it. */
const QUESTION_LINE = /^Q\s?[:.]\s+\S/u;
/**
 * A numbered question of an FAQ ("12. Why does my .forward file need my login name?"), a group
 * of its own of at most a few lines: the heading of the answer after it.
 */
const NUMBERED_QUESTION = /^\d{1,3}[.)]\s+[^?\n]{8,240}\?/u;
const isQuestionLine = (t: string): boolean => QUESTION_LINE.test(t) || (NUMBERED_QUESTION.test(t) && t.length <= 320);
/** A copyright notice ("Copyright © 1999 A. Author", "(c) 2004 …"): a line of front matter, not a heading. */
const COPYRIGHT_NOTICE = /^(?:copyright\s+)?(?:©|\(c\)\s)|^copyright\s+\d{4}/iu;
/**
 * A header field of a mail or a control file ("Package: hello", "Forwarded: foo@example.com"): one
 * word, a colon and a value that does not open like a title. An example line, not a heading.
 */
const HEADER_FIELD = /^[A-Z][A-Za-z]*(?:-[A-Za-z]+)*:\s+[^\s\p{Lu}"“]/u;
/** "A:" in front of an answer. */
const ANSWER_MARKER = /^A\s?[:.]\s+/u;

/**
 * The end of a lead-in rather than a title: the sentence goes on in the example under it ("… would
 * do something like", "… as follows", "… such as the").
 */
const LEAD_IN = /(?:\b(?:like|following|as follows|below|such as|for example|for instance|e\.g\.|i\.e\.|including|namely|the|a|an))$/u;

/** A line drawn under the line before it (`=====`, `-----`): that line is a heading. */
const UNDERLINE = /^\s*(?:=+|-+)\s*$/u;

/** Columns aligned with runs of spaces ("README      This file"): a table, not prose. */
const COLUMN_GAP = /\S {3,}\S/u;

/**
 * Does the text separate paragraphs with blank lines? Yes when at least two blank-line-separated
 * groups hold several lines that run on into each other (a line not ending a sentence followed
 * by more text): those lines are wrapped, and the blank lines are the paragraph breaks.
 */
function separatesParagraphsWithBlankLines(lines: readonly Line[]): boolean {
  let wrappedGroups = 0;
  let inGroup = false;
  let counted = false;
  for (const [i, line] of lines.entries()) {
    const a = line.text.trim();
    if (a === '') {
      inGroup = false;
      counted = false;
      continue;
    }
    if (!inGroup) inGroup = true;
    const b = lines[i + 1]?.text.trim() ?? '';
    if (!counted && b !== '' && a.length >= 30 && !TEXT_LIST_ITEM.test(b) && !SENTENCE_END.test(a) && !UNDERLINE.test(b) && !isHeadingLike(a)) {
      wrappedGroups++;
      counted = true;
    }
  }
  const blank = lines.some((l) => l.text.trim() === '');
  return blank && wrappedGroups >= 2;
}

/** Greeting or sign-off lines: never headings, whatever their shape. */
export const GREETING = /^(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening)|welcome|thanks|thank you|cheers|regards|best|sincerely|yours)\b/iu;

/**
 * Paragraph units of text whose paragraphs are separated by blank lines; the lines that are
 * indented like body text where headings are not (never headings); and the terms of definition
 * lists (headings only below the section they stand in).
 */
function blankSeparatedUnits(lines: readonly Line[]): { units: Block[]; bodyLines: Set<number>; terms: Set<number> } {
  // Groups of non-blank lines; an underlined line is a heading of its own.
  const groups: Group[] = [];
  let group: Line[] = [];
  const headingAt = new Map<number, number>(); // file line → depth, for underlined headings
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l) break;
    const next = lines[i + 1];
    const boxed = boxedHeading(lines, i);
    if (boxed !== undefined) {
      if (isGroup(group)) groups.push(group);
      groups.push([{ text: boxed, line: l.line }]);
      group = [];
      headingAt.set(l.line, 1);
      continue;
    }
    if (next && l.text.trim() !== '' && UNDERLINE.test(next.text) && !UNDERLINE.test(l.text) && next.text.trim().length >= 3 && (isHeadingText(l.text) || isUnderlinedTitle(lines, i))) {
      if (isGroup(group)) groups.push(group);
      groups.push([l]);
      group = [];
      // Below the boxed headings: those are the top level when a text has them.
      headingAt.set(l.line, next.text.trim().startsWith('=') ? 2 : 3);
      i++;
      continue;
    }
    if (l.text.trim() === '' || SEPARATOR.test(l.text)) {
      if (isGroup(group)) groups.push(group);
      group = [];
      continue;
    }
    group.push(l);
  }
  if (isGroup(group)) groups.push(group);
  // The usual indentation of running text, so deeper-indented groups read as preformatted.
  const indents = new Map<number, number>();
  for (const g of groups) if (g.length >= 2 && !TEXT_LIST_ITEM.test(g[0].text)) indents.set(indentOf(g[0].text), (indents.get(indentOf(g[0].text)) ?? 0) + 1);
  let baseIndent = 0;
  let most = 0;
  for (const [indent, n] of indents) if (n > most || (n === most && indent < baseIndent)) [baseIndent, most] = [indent, n];
  // Headings set shallower than the body (flush left over indented paragraphs): a line indented
  // like the body is body text, however short — a lead-in, a term, a line of a screen dump.
  const shallowHeadings = groups.filter((g) => g.length === 1 && indentOf(g[0].text) < baseIndent && (headingAt.has(g[0].line) || isHeadingText(g[0].text)));
  const bodyLines = new Set<number>();
  const terms = new Set<number>();
  const width = textWidth(lines.map((l) => l.text));
  if (shallowHeadings.length >= 2) {
    for (const g of groups) if (!headingAt.has(g[0].line) && indentOf(g[0].text) >= baseIndent && !isCentred(g[0].text, baseIndent, width)) bodyLines.add(g[0].line);
  }

  const units: Block[] = [];
  for (const g of groups) {
    const depth = headingAt.get(g[0].line);
    if (depth !== undefined) {
      units.push({ kind: 'heading', depth, text: g[0].text.trim(), line: g[0].line, lineStarts: [0] });
      continue;
    }
    // A document that marks its headings (underlined, boxed) leaves none unmarked: a short line
    // with its text hanging indented under it is a term and its definition (an option, a key, a
    // glossary entry), which belongs to the section it stands in.
    if (headingAt.size >= MARKED_HEADINGS && isDefinition(g.map((l) => l.text))) {
      terms.add(g[0].line);
      for (const l of g.slice(1)) bodyLines.add(l.line);
    }
    // Header fields on lines of their own ("Package: hello" / "Version: 1.3-16") are an example
    // of a mail or control file: kept as they are, like code.
    const fields = g.every((l) => HEADER_FIELD.test(l.text.trim()) && !/[.!?]$/u.test(l.text.trim()));
    const preformatted =
      fields ||
      g.length >= 2 && !TEXT_LIST_ITEM.test(g[0].text) && ((g.every((l) => indentOf(l.text) > baseIndent) && !isWrappedProse(g.map((l) => l.text))) || g.filter((l) => COLUMN_GAP.test(l.text.trim())).length * 2 > g.length);
    if (preformatted) {
      units.push(preformattedBlock(g));
      continue;
    }
    // Several short lines none of which ends a sentence (an address, names, a list without
    // bullets) are one block of lines, not a heading and its text.
    if (g.length >= 3 && g.every((l) => l.text.trim().length <= 60 && !/[.!?]["”’')]*$/u.test(l.text.trim()) && !TEXT_LIST_ITEM.test(l.text))) {
      const { text, lineStarts } = joinLines(
        g.map((l) => l.text.trim()),
        '\n',
      );
      units.push({ kind: 'list', text, line: g[0].line, lineStarts });
      continue;
    }
    groupUnits(g, units, !bodyLines.has(g[0].line));
  }
  return { units, bodyLines, terms };
}

/**
 * A line standing alone over an underline is a heading even when it opens with a symbol (a game
 * manual's "[ Armour", named for its key): the underline marks it, so only a sentence is refused.
 */
function isUnderlinedTitle(lines: readonly Line[], i: number): boolean {
  const t = lines[i]?.text.trim() ?? '';
  const before = lines[i - 1]?.text.trim() ?? '';
  return before === '' && t.length <= 80 && /\p{L}/u.test(t) && wordCount(t) <= 12 && !/[.!?;:,]["”’')]*$/u.test(t);
}

/** A title drawn inside a rule ("------ Frequently Asked Questions ------"). */
const RULED_TITLE = /^\s*([-=*~#])\1{2,}\s+(\S.{0,98}?)\s+\1{3,}\s*$/u;

/**
 * A heading set in a box of rules: a short line between two rule lines ("-----" / "A.   OVERVIEW" /
 * "-----"), or a title inside a rule line itself. Its inner runs of spaces (centring, a letter and
 * its title set apart) collapse to one. Undefined when line `i` is not one.
 */
function boxedHeading(lines: readonly Line[], i: number): string | undefined {
  const t = lines[i]?.text.trim() ?? '';
  if (t === '') return undefined;
  const title = RULED_TITLE.exec(t)?.[2];
  if (title !== undefined && /\p{L}/u.test(title) && wordCount(title) <= 12) return title.trim();
  const before = lines[i - 1]?.text ?? '';
  const after = lines[i + 1]?.text ?? '';
  if (SEPARATOR.test(t) || !SEPARATOR.test(before) || !SEPARATOR.test(after)) return undefined;
  const text = t.replace(/\s+/gu, ' ');
  return text.length <= 100 && wordCount(text) <= 12 && !/[.!?;:,]["”’')]*$/u.test(text) ? text : undefined;
}

/** Lines kept as they are (a table of aligned columns, commands, addresses): common indentation removed. */
function preformattedBlock(g: Group): Block {
  const common = Math.min(...g.map((l) => indentOf(l.text)));
  const { text, lineStarts } = joinLines(
    g.map((l) => l.text.slice(common)),
    '\n',
  );
  return { kind: 'code', text, line: g[0].line, lineStarts, display: codeBlock(text) };
}

/** One blank-line-separated group → a heading line, paragraphs and lists (each item with its continuation lines). */
function groupUnits(g: Group, units: Block[], mayOpenWithHeading: boolean): void {
  let i = 0;
  // A question of an FAQ may wrap onto more lines: the whole group is the question.
  if (QUESTION_LINE.test(g[0].text.trim()) || (g.length <= 3 && isQuestionLine(g.map((l) => l.text.trim()).join(' ')))) {
    units.push({ kind: 'prose', text: g.map((l) => l.text.trim()).join(' '), line: g[0].line, lineStarts: [0] });
    return;
  }
  // A short first line that is not a sentence, with text straight under it, is that text's heading.
  const second = g[1];
  if (second && mayOpenWithHeading && !TEXT_LIST_ITEM.test(g[0].text) && isHeadingText(g[0].text) && !continuesSentence(g[0].text, second.text)) {
    units.push({ kind: 'prose', text: g[0].text.trim(), line: g[0].line, lineStarts: [0] });
    i = 1;
  }
  let para: Line[] = [];
  let list: Line[] = [];
  let itemIndent = 0;
  const flushPara = (): void => {
    const unit = paragraphUnit(para);
    if (unit) units.push(unit);
    para = [];
  };
  const flushList = (): void => {
    const [head] = list;
    if (!head) return;
    // Items keep their marker and start a line; an item's wrapped lines are joined to it.
    const items: Line[] = [];
    for (const l of list) {
      const last = items[items.length - 1];
      if (last && !TEXT_LIST_ITEM.test(l.text)) items[items.length - 1] = { text: `${last.text.trimEnd()} ${l.text.trim()}`, line: last.line };
      else items.push({ text: l.text.trim(), line: l.line });
    }
    const [only] = items;
    if (only && items.length === 1 && /^\d/.test(only.text) && isHeadingLike(only.text) && list.length === 1) {
      units.push({ kind: 'prose', text: only.text, line: only.line, lineStarts: [0] });
    } else {
      const lineStarts: number[] = [];
      let offset = 0;
      for (const l of list) {
        lineStarts.push(Math.min(offset, Math.max(0, items.map((x) => x.text).join('\n').length)));
        offset += l.text.trim().length + 1;
      }
      units.push({ kind: 'list', text: items.map((x) => x.text).join('\n'), line: head.line, lineStarts });
    }
    list = [];
  };
  for (const l of g.slice(i)) {
    if (TEXT_LIST_ITEM.test(l.text)) {
      flushPara();
      list.push(l);
      itemIndent = indentOf(l.text);
      continue;
    }
    if (list.length > 0 && indentOf(l.text) > itemIndent) {
      list.push(l);
      continue;
    }
    flushList();
    para.push(l);
  }
  flushPara();
  flushList();
}

/** Could this line be a heading (shape only; whether text follows is decided by the caller)? */
function isHeadingText(line: string): boolean {
  const t = line.trim();
  if (GREETING.test(t) || looksLikeAddress(t) || ANSWER_MARKER.test(t) || COLUMN_GAP.test(t) || LEAD_IN.test(t) || COPYRIGHT_NOTICE.test(t) || HEADER_FIELD.test(t)) return false;
  if (isHeadingLike(t) || /^Q\s?[:.]\s/u.test(t) || isQuestionLine(t)) return true;
  // Standing alone, a heading may be longer or end in a comma ("Saturday, 9:00–12:30, Main Hall,").
  const words = wordCount(t);
  return t.length <= 100 && words <= 14 && /^[\p{Lu}\p{N}]/u.test(t) && !/[.!?;:]["”’')]*$/u.test(t) && titleCaseRatio(t) >= 0.5;
}

/** Does `next` go on with the sentence `line` started (so `line` is not a heading)? */
function continuesSentence(line: string, next: string): boolean {
  return /^\p{Ll}/u.test(next.trim()) || /[,;–—-]$/u.test(line.trim()) && !/,$/.test(line.trim());
}

/** A street address or post-code line ("221B Baker Street", "Springfield, IL 62704"): text, never a heading. */
export function looksLikeAddress(text: string): boolean {
  const t = text.trim();
  if (/^\d+[A-Za-z]?\s+(?:[\p{Lu}][\p{L}'.-]*\s+){1,4}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|square|sq|terrace|close|crescent|highway|hwy)\b\.?/iu.test(t)) return true;
  if (/\b(?:p\.?\s?o\.?\s+box|suite \d+)\b/iu.test(t)) return true;
  return /,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?$/u.test(t) || /\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}$/u.test(t);
}

/** Lines of one paragraph as a prose unit: unwrapped, each line's start kept. */
function paragraphUnit(para: readonly Line[]): Block | undefined {
  const [head] = para;
  if (!head) return undefined;
  const { text, lineStarts } = joinLines(
    para.map((l) => l.text.trim()),
    ' ',
  );
  return { kind: 'prose', text, line: head.line, lineStarts };
}

/** Units of text with one paragraph per line (or wrapped without blank lines between paragraphs). */
function lineUnits(lines: readonly Line[]): Block[] {
  const wrapWidth = hardWrapWidth(lines);
  const units: Block[] = [];
  let para: Line[] = [];
  let list: Line[] = [];
  const flushPara = (): void => {
    const unit = paragraphUnit(para);
    if (unit) units.push(unit);
    para = [];
  };
  const flushList = (): void => {
    const [head] = list;
    if (!head) return;
    // A lone numbered line that reads like a title is a numbered heading ("1. Introduction"), not a list.
    if (list.length === 1 && /^\s*\d/.test(head.text) && isHeadingLike(head.text)) {
      units.push({ kind: 'prose', text: head.text.trim(), line: head.line, lineStarts: [0] });
      list = [];
      return;
    }
    const { text, lineStarts } = joinLines(
      list.map((l) => l.text),
      '\n',
    );
    units.push({ kind: 'list', text, line: head.line, lineStarts });
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
  for (const [i, line] of lines.entries()) {
    const next = lines[i + 1];
    if (!next) break;
    const a = line.text.trim();
    const b = next.text.trim();
    if (a.length >= 40 && b !== '' && !LIST_ITEM.test(b) && !SENTENCE_END.test(a) && !isHeadingLike(a)) joints++;
  }
  if (joints < 2) return 0;
  const sorted = [...lengths].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length * 0.9)] ?? 80;
}

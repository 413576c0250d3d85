/**
 * One document's text → its sections and passages. Pure: no file system, so tests and hot
 * reload can call it directly.
 */
import type { CorpusProblem, DocumentInfo, Passage, Section } from '../types.js';
import type { Block, ParsedBlocks, Skipped } from './blocks.js';
import { readFrontMatter } from './front-matter.js';
import { parseMarkdownBlocks } from './parse-markdown.js';
import { parseTextBlocks } from './parse-text.js';
import { defaultSplitOptions, splitParagraph } from './split.js';
import { slugify, uniqueSlug } from './slug.js';

export type { Skipped } from './blocks.js';

/** Options of {@link parseDocument}. All optional. */
export interface ParseOptions {
  /** Document id; default: a slug of `file` without its extension. The loader passes one unique in the corpus. */
  readonly documentId?: string;
  /** Prose paragraphs longer than this are split into balanced parts at sentence boundaries (default 1000). */
  readonly targetChars?: number;
  /**
   * Hard cap for any passage, including lists, tables and code blocks, which are kept whole up to
   * it (default 3000: a Discord embed description holds 4096, leaving room for markup).
   */
  readonly maxChars?: number;
  /** Drop trailing link lists and comment calls-to-action (default true). */
  readonly boilerplate?: boolean;
  /** Force the format; default: by extension (`.md`/`.markdown` → Markdown, else plain text). */
  readonly format?: 'markdown' | 'text';
}

export const defaultParseOptions = {
  targetChars: defaultSplitOptions.targetChars,
  maxChars: 3000,
  boilerplate: true,
} as const;

export interface ParsedDocument {
  readonly document: DocumentInfo;
  readonly sections: Section[];
  readonly passages: Passage[];
  /** Warnings (the document is served) and errors (it should be skipped: nothing to serve). */
  readonly problems: CorpusProblem[];
  /** Line ranges deliberately not indexed (table of contents, boilerplate), for validate-corpus to show. */
  readonly skipped: readonly Skipped[];
}

/** Section slug of the text before the first heading. */
export const INTRODUCTION_SLUG = 'intro';

/** A document id from a corpus-relative path: `notes/Rome Talks.md` → `notes-rome-talks`. */
export function documentIdFor(file: string): string {
  const withoutExt = file.replace(/\.[^./\\]+$/, '');
  return slugify(withoutExt.replace(/[\\/]+/g, ' '), 40) || 'document';
}

/**
 * Parses one document. Never throws for bad content: an empty document comes back with an
 * `error` problem and no passages.
 *
 * @example
 * const { sections, passages } = parseDocument('Title\nFirst paragraph.', 'notes.txt');
 * passages[0].headingPath; // → ['Title']
 */
export function parseDocument(text: string, file: string, options: ParseOptions = {}): ParsedDocument {
  if (typeof text !== 'string' || typeof file !== 'string') {
    throw new TypeError('Parley: parseDocument(text, file) expects two strings');
  }
  const { targetChars, maxChars, boilerplate } = { ...defaultParseOptions, ...options };
  if (!(maxChars >= targetChars)) throw new Error(`Parley: maxChars (${maxChars}) must be ≥ targetChars (${targetChars})`);
  const documentId = options.documentId ?? documentIdFor(file);
  const problems: CorpusProblem[] = [];
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

  const fm = readFrontMatter(normalised);
  if (fm.problem) problems.push({ severity: 'warning', file, line: fm.problem.line, message: fm.problem.message });
  const markdown = options.format ? options.format === 'markdown' : /\.(md|markdown)$/i.test(file);
  const parsed: ParsedBlocks = markdown
    ? parseMarkdownBlocks(fm.body, fm.lineOffset + 1, boilerplate)
    : parseTextBlocks(fm.body, fm.lineOffset + 1, fm.data.title, boilerplate);
  for (const p of parsed.problems) problems.push({ severity: p.severity, file, ...(p.line !== undefined ? { line: p.line } : {}), message: p.message });

  const title = fm.data.title ?? parsed.title ?? fallbackTitle(file);
  const document: DocumentInfo = {
    id: documentId,
    file,
    title,
    ...(fm.data.source ? { source: fm.data.source } : {}),
    ...(fm.data.date ? { date: fm.data.date } : {}),
  };

  const blocks = attachLeadIns(parsed.blocks, targetChars, maxChars);

  const sections: Section[] = [];
  const passages: Passage[] = [];
  const sectionSlugs = new Set<string>();
  const seenPaths = new Map<string, number>();

  interface Open {
    readonly headingPath: string[];
    readonly line: number;
    readonly slug: string;
    readonly depth: number;
    readonly texts: Array<{ text: string; line: number }>;
  }
  const stack: Array<{ depth: number; text: string }> = [];
  let current: Open | undefined;
  const finished: Open[] = [];

  const open = (headingPath: string[], line: number, depth: number, isIntro: boolean): Open => {
    const base = isIntro ? INTRODUCTION_SLUG : slugify(headingPath[headingPath.length - 1] ?? '', 40) || 'section';
    return { headingPath, line, slug: base, depth, texts: [] };
  };

  const headings = blocks.filter((b) => b.kind === 'heading');
  if (headings.length === 0 && blocks.length > 0) {
    problems.push({ severity: 'warning', file, line: blocks[0]!.line, message: 'no headings found; the whole document is one section under its title' });
  }

  for (const block of blocks) {
    if (block.kind === 'heading') {
      const depth = block.depth ?? 1;
      while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
      if (current) finished.push(current);
      stack.push({ depth, text: block.text });
      const headingPath = stack.map((s) => s.text);
      const key = headingPath.join('\u0000').toLowerCase();
      const firstLine = seenPaths.get(key);
      if (firstLine !== undefined) {
        problems.push({ severity: 'warning', file, line: block.line, message: `duplicate heading "${headingPath.join(' › ')}" (first at line ${firstLine}); its section gets its own id` });
      } else seenPaths.set(key, block.line);
      current = open(headingPath, block.line, depth, false);
      continue;
    }
    if (!current) current = open([title], block.line, 0, true);
    for (const part of toPassageTexts(block, targetChars, maxChars)) current.texts.push(part);
  }
  if (current) finished.push(current);

  finished.forEach((s, i) => {
    if (s.texts.length === 0) {
      // A heading whose text is all in its subsections is fine; one with nothing under it is not.
      const hasChildren = (finished[i + 1]?.depth ?? 0) > s.depth;
      if (!hasChildren && s.depth > 0) {
        problems.push({ severity: 'warning', file, line: s.line, message: `heading "${s.headingPath.join(' › ')}" has no text under it` });
      }
      return;
    }
    const sectionId = `${documentId}/${uniqueSlug(s.slug, sectionSlugs)}`;
    const passageIds: string[] = [];
    s.texts.forEach((t, i) => {
      const id = `${sectionId}#${i + 1}`;
      passageIds.push(id);
      passages.push({
        id,
        documentId,
        document: title,
        sectionId,
        headingPath: s.headingPath,
        text: t.text,
        index: i + 1,
        count: s.texts.length,
        line: t.line,
        ...(document.source ? { source: document.source } : {}),
        format: markdown ? 'markdown' : 'text',
      });
    });
    sections.push({ id: sectionId, documentId, headingPath: s.headingPath, passageIds, line: s.line });
  });

  if (passages.length === 0) {
    const empty = normalised.trim() === '';
    problems.push({
      severity: 'error',
      file,
      ...(empty ? {} : { line: parsed.titleLine ?? 1 }),
      message: empty ? 'the file is empty' : 'no text to serve besides the title (or only boilerplate)',
    });
  }
  return { document, sections, passages, problems: capWarnings(problems, file), skipped: parsed.skipped };
}

/** Warnings listed per file before the rest are summed up: a generated file can repeat one 100k times. */
export const MAX_WARNINGS_PER_FILE = 20;

function capWarnings(problems: CorpusProblem[], file: string): CorpusProblem[] {
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (warnings.length <= MAX_WARNINGS_PER_FILE) return problems;
  const kept = new Set(warnings.slice(0, MAX_WARNINGS_PER_FILE));
  const out = problems.filter((p) => p.severity === 'error' || kept.has(p));
  out.push({ severity: 'warning', file, message: `${warnings.length - MAX_WARNINGS_PER_FILE} more warnings like these in this file` });
  return out;
}

function fallbackTitle(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ').trim();
  return name === '' ? base : name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * A short paragraph ending in ":" introduces the list, table or code after it ("Install it:");
 * they answer together, so they become one passage when that fits.
 */
function attachLeadIns(blocks: readonly Block[], targetChars: number, maxChars: number): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.kind === 'prose' &&
      /:\s*$/.test(prev.text) &&
      prev.text.length <= targetChars &&
      (b.kind === 'list' || b.kind === 'code' || b.kind === 'table') &&
      prev.text.length + 1 + b.text.length <= maxChars
    ) {
      const shift = prev.text.length + 1;
      out[out.length - 1] = {
        kind: b.kind,
        text: `${prev.text}\n${b.text}`,
        line: prev.line,
        lineStarts: [...prev.lineStarts, ...b.lineStarts.map((o) => o + shift)],
      };
      continue;
    }
    out.push(b);
  }
  return out;
}

/** Line of the source where offset `offset` of a block's text falls. */
function lineAt(block: Block, offset: number): number {
  let n = 0;
  for (let i = 0; i < block.lineStarts.length; i++) if (block.lineStarts[i]! <= offset) n = i;
  return block.line + n;
}

/** A block → passage texts: prose split into balanced parts; lists, tables and code kept whole up to the hard cap. */
function toPassageTexts(block: Block, targetChars: number, maxChars: number): Array<{ text: string; line: number }> {
  if (block.kind === 'prose') {
    return splitParagraph(block.text, { targetChars }).map((p) => ({ text: p.text, line: lineAt(block, p.offset) }));
  }
  const whole = block.text.replace(/^\n+|\s+$/g, '');
  if (whole.trim() === '') return [];
  if (whole.length <= maxChars) return [{ text: whole, line: block.line }];
  if (block.kind === 'code') return splitCode(block, maxChars);
  return splitItems(block, targetChars, maxChars);
}

/** An oversized list or table: whole items per part (an item's continuation lines stay with it). */
function splitItems(block: Block, targetChars: number, maxChars: number): Array<{ text: string; line: number }> {
  const lines = block.text.split('\n');
  const items: Array<{ text: string; line: number }> = [];
  lines.forEach((l, i) => {
    const startsItem = block.kind === 'table' || /^\s{0,3}(?:[-*+•–]|\d{1,3}[.)])\s+\S/u.test(l);
    const last = items[items.length - 1];
    if (startsItem || !last) items.push({ text: l, line: block.line + i });
    else last.text += `\n${l}`;
  });
  const out: Array<{ text: string; line: number }> = [];
  let group: Array<{ text: string; line: number }> = [];
  let size = 0;
  const flush = (): void => {
    const text = group.map((g) => g.text).join('\n').replace(/^\n+|\s+$/g, '');
    if (text.trim() !== '') out.push({ text, line: group[0]!.line });
    group = [];
    size = 0;
  };
  for (const item of items) {
    if (item.text.length > maxChars) {
      flush();
      for (const p of splitParagraph(item.text.replace(/\s*\n\s*/g, ' '), { targetChars })) out.push({ text: p.text, line: item.line });
      continue;
    }
    if (size + item.text.length + 1 > maxChars) flush();
    group.push(item);
    size += item.text.length + 1;
  }
  flush();
  return out;
}

/** An oversized code block: whole lines per part, each part re-fenced so it still renders as code. */
function splitCode(block: Block, maxChars: number): Array<{ text: string; line: number }> {
  const lines = block.text.split('\n');
  const open = lines[0] ?? '```';
  const close = (open.match(/^\s*(`{3,}|~{3,})/)?.[1] ?? '```');
  const inner = lines.slice(1, lines.length - 1);
  const budget = maxChars - open.length - close.length - 2;
  const out: Array<{ text: string; line: number }> = [];
  let group: string[] = [];
  let firstLine = block.line + 1;
  let size = 0;
  const flush = (): void => {
    if (group.length === 0) return;
    out.push({ text: `${open}\n${group.join('\n')}\n${close}`, line: firstLine });
    group = [];
    size = 0;
  };
  inner.forEach((raw, i) => {
    // A single line longer than the budget is cut; code lines that long are data, not prose.
    const pieces = raw.length > budget ? (raw.match(new RegExp(`[\\s\\S]{1,${budget}}`, 'g')) ?? ['']) : [raw];
    for (const l of pieces) {
      if (size + l.length + 1 > budget) flush();
      if (group.length === 0) firstLine = block.line + 1 + i;
      group.push(l);
      size += l.length + 1;
    }
  });
  flush();
  return out;
}

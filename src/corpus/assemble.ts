/**
 * Title and blocks (from any parser) → the document's sections and passages. Every heading is a
 * section, even one with no text of its own (its subsections hang under it in the outline);
 * a heading that is a question gives its answer's first passage that question; very short
 * passages are merged with their neighbours so no passage is a lone fragment.
 */
import { passageId, type CorpusProblem, type DocumentInfo, type Passage, type Section } from '../types.js';
import type { Block, ParsedBlocks, Skipped } from './blocks.js';
import { codeBlock, escapeList, escapeText } from './discord-markdown.js';
import { splitParagraph } from './split.js';
import { slugify, uniqueSlug } from './slug.js';

/** Section slug of the text before the first heading. */
export const INTRODUCTION_SLUG = 'intro';

/** Warnings listed per file before the rest are summed up: a generated file can repeat one 100k times. */
export const MAX_WARNINGS_PER_FILE = 20;

/**
 * A passage shorter than this is merged with a neighbour in its section (when the section has
 * one and the two fit together). A passage is shown as an answer on its own, so it should carry
 * a sentence or two of context, not a fragment: a lone line wins on one common word and answers
 * nothing. About 250 characters is two or three sentences — enough to stand alone, still a
 * short read in an embed (far under the hard cap) — and scored best across varied document
 * shapes; much longer minimums began to lose to plain keyword search on some of them.
 */
export const MIN_PASSAGE_CHARS = 250;

export interface AssembleOptions {
  readonly file: string;
  readonly documentId: string;
  /** Front matter fields, when given. */
  readonly frontMatter: { readonly title?: string; readonly source?: string; readonly date?: string };
  readonly format: 'markdown' | 'text';
  readonly targetChars: number;
  readonly maxChars: number;
  /** Passages shorter than this are merged with a neighbour (default {@link MIN_PASSAGE_CHARS}). */
  readonly minChars?: number;
  /** Problems found before assembling (front matter, parser). */
  readonly problems?: readonly CorpusProblem[];
  /** True when the source had no text at all (for the "empty file" error). */
  readonly empty?: boolean;
}

export interface ParsedDocument {
  readonly document: DocumentInfo;
  readonly sections: Section[];
  readonly passages: Passage[];
  /** Warnings (the document is served) and errors (it should be skipped: nothing to serve). */
  readonly problems: CorpusProblem[];
  /** Line ranges deliberately not indexed (table of contents, boilerplate, image rows), for validate-corpus to show. */
  readonly skipped: readonly Skipped[];
  /** Prose paragraphs as read, before short ones were merged: how many, and how many were short (for the shape warnings). */
  readonly paragraphs: { readonly count: number; readonly short: number; readonly firstShortLine?: number };
}

/** A paragraph shorter than this counts as short in {@link ParsedDocument.paragraphs}. */
export const SHORT_PARAGRAPH_CHARS = 80;

/** A heading that asks what its text answers: ends with `?`, or starts with `Q:`. */
export function isQuestionHeading(text: string): boolean {
  const t = text.trim();
  return t.endsWith('?') || /^Q\s?[:.)]\s/iu.test(t);
}

/** A document title from its file name: `-`/`_` as spaces, its own letters kept (`abc-code.md` → "abc code"). */
export function titleFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base
    .replace(/\.[^.]+$/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return name === '' ? base : name;
}

interface Part {
  readonly text: string;
  readonly display?: string;
  readonly line: number;
  readonly kind: Block['kind'];
  readonly caption?: boolean;
}

/**
 * Builds the document from parsed blocks.
 *
 * @example
 * const doc = assembleDocument(parseTextBlocks(body), { file: 'a.txt', documentId: 'a', frontMatter: {}, format: 'text', targetChars: 1000, maxChars: 3000 });
 */
export function assembleDocument(parsed: ParsedBlocks, options: AssembleOptions): ParsedDocument {
  const { file, documentId, targetChars, maxChars } = options;
  const minChars = options.minChars ?? MIN_PASSAGE_CHARS;
  const problems: CorpusProblem[] = [...(options.problems ?? [])];
  for (const p of parsed.problems) problems.push({ severity: p.severity, file, ...(p.line !== undefined ? { line: p.line } : {}), message: p.message });
  const fm = options.frontMatter;
  const title = fm.title ?? parsed.title ?? titleFromFileName(file);
  const document: DocumentInfo = {
    id: documentId,
    file,
    title,
    ...(fm.source ? { source: fm.source } : {}),
    ...(fm.date ? { date: fm.date } : {}),
  };

  const blocks = attachLeadIns(parsed.blocks, targetChars, maxChars);
  const headings = blocks.filter((b) => b.kind === 'heading');
  const firstBlock = blocks[0];
  if (headings.length === 0 && firstBlock) {
    problems.push({ severity: 'warning', file, line: firstBlock.line, message: 'no headings found; the whole document is one section under its title' });
  }

  interface Open {
    readonly headingPath: string[];
    readonly line: number;
    readonly slug: string;
    readonly depth: number;
    readonly parts: Part[];
  }
  const paragraphs: { count: number; short: number; firstShortLine?: number } = { count: 0, short: 0 };
  const stack: Array<{ depth: number; text: string }> = [];
  const seenPaths = new Map<string, number>();
  let current: Open | undefined;
  let intro: Open | undefined;
  // Sections in the order they open; a section resumed after an aside is already here.
  const finished: Open[] = [];
  const asides: Array<{ readonly stack: Array<{ depth: number; text: string }>; readonly current: Open | undefined }> = [];
  for (const block of blocks) {
    if (block.kind === 'aside-start') {
      asides.push({ stack: [...stack], current });
      continue;
    }
    if (block.kind === 'aside-end') {
      const saved = asides.pop();
      if (saved) {
        stack.splice(0, stack.length, ...saved.stack);
        current = saved.current;
      }
      continue;
    }
    if (block.kind === 'heading') {
      const depth = block.depth ?? 1;
      for (let top = stack.at(-1); top && top.depth >= depth; top = stack.at(-1)) stack.pop();
      stack.push({ depth, text: block.text });
      const headingPath = stack.map((s) => s.text);
      const key = headingPath.join('\u0000').toLowerCase();
      const firstLine = seenPaths.get(key);
      if (firstLine !== undefined) {
        problems.push({ severity: 'warning', file, line: block.line, message: `duplicate heading "${headingPath.join(' › ')}" (first at line ${firstLine}); its section gets its own id` });
      } else seenPaths.set(key, block.line);
      current = { headingPath, line: block.line, slug: slugify(block.text, 40) || 'section', depth, parts: [] };
      finished.push(current);
      continue;
    }
    if (!current) {
      // Text before the first heading is one introduction, even when a quoted heading stands in it.
      if (!intro) {
        intro = { headingPath: [title], line: block.line, slug: INTRODUCTION_SLUG, depth: 0, parts: [] };
        finished.unshift(intro);
      }
      current = intro;
    }
    const parts = toParts(block, targetChars, maxChars);
    if (block.kind === 'prose') {
      paragraphs.count++;
      if (block.text.length < SHORT_PARAGRAPH_CHARS) {
        paragraphs.short++;
        paragraphs.firstShortLine ??= block.line;
      }
    }
    // A code block cut between lines (each part fenced) and a table cut between rows (each part
    // with its header) still read right; a list or quote cut loses what introduces it.
    if (parts.length > 1 && (block.kind === 'list' || block.kind === 'quote')) {
      const what = block.kind === 'quote' ? 'quote' : 'list';
      problems.push({ severity: 'warning', file, line: block.line, message: `a ${what} longer than a passage (${maxChars} characters) was split into ${parts.length} parts` });
    }
    for (const part of parts) current.parts.push(part);
  }

  const sections: Section[] = [];
  const passages: Passage[] = [];
  const sectionSlugs = new Set<string>();
  const skipped: Skipped[] = [...parsed.skipped];
  finished.forEach((s, i) => {
    // Captions with no text beside them describe pictures the answer cannot show: they go with their images.
    const captionsOnly = s.parts.length > 0 && s.parts.every((p) => p.caption);
    if (captionsOnly) for (const p of s.parts) skipped.push({ line: p.line, endLine: p.line + p.text.split('\n').length - 1, reason: 'images' });
    const parts = captionsOnly ? [] : mergeShort(attachCaptions(s.parts, maxChars), minChars, targetChars, maxChars);
    if (parts.length === 0) {
      const hasChildren = (finished[i + 1]?.depth ?? 0) > s.depth;
      if (s.depth === 0) return; // an introduction with nothing in it is no section
      const what = captionsOnly ? 'only figures under it (their captions are not served alone)' : 'no text under it';
      if (!hasChildren) problems.push({ severity: 'warning', file, line: s.line, message: `heading "${s.headingPath.join(' › ')}" has ${what}` });
    }
    const sectionId = `${documentId}/${uniqueSlug(s.slug, sectionSlugs)}`;
    const heading = s.headingPath[s.headingPath.length - 1] ?? '';
    const question = s.depth > 0 && isQuestionHeading(heading) ? heading : undefined;
    const passageIds: string[] = [];
    parts.forEach((t, k) => {
      const id = passageId(sectionId, k + 1);
      passageIds.push(id);
      passages.push({
        id,
        documentId,
        document: title,
        sectionId,
        headingPath: s.headingPath,
        text: t.text,
        index: k + 1,
        count: parts.length,
        line: t.line,
        ...(document.source ? { source: document.source } : {}),
        format: options.format,
        ...(t.display !== undefined ? { display: t.display } : {}),
        ...(question !== undefined && k === 0 ? { question } : {}),
      });
    });
    sections.push({ id: sectionId, documentId, headingPath: s.headingPath, passageIds, line: s.line });
  });

  if (passages.length === 0) {
    problems.push({
      severity: 'error',
      file,
      ...(options.empty ? {} : { line: parsed.titleLine ?? 1 }),
      message: options.empty ? 'the file is empty' : 'no text to serve besides the title (or only boilerplate)',
    });
  }
  return { document, sections, passages, problems: capWarnings(problems, file), skipped, paragraphs };
}

function capWarnings(problems: CorpusProblem[], file: string): CorpusProblem[] {
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (warnings.length <= MAX_WARNINGS_PER_FILE) return problems;
  const kept = new Set(warnings.slice(0, MAX_WARNINGS_PER_FILE));
  const out = problems.filter((p) => p.severity === 'error' || kept.has(p));
  out.push({ severity: 'warning', file, message: `${warnings.length - MAX_WARNINGS_PER_FILE} more warnings like these in this file` });
  return out;
}

/**
 * A short paragraph ending in ":" introduces the list, table or code after it ("Install it:");
 * they answer together, so they become one block when that fits.
 */
function attachLeadIns(blocks: readonly Block[], targetChars: number, maxChars: number): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    if (
      prev &&
      prev.kind === 'prose' &&
      prev.text.trimEnd().endsWith(':') &&
      prev.text.length <= targetChars &&
      (b.kind === 'list' || b.kind === 'code' || b.kind === 'table') &&
      prev.text.length + 1 + b.text.length <= maxChars
    ) {
      const shift = prev.text.length + 1;
      const display = prev.display !== undefined || b.display !== undefined ? `${displayOf(prev)}\n${displayOf(b)}` : undefined;
      out[out.length - 1] = {
        kind: b.kind,
        text: `${prev.text}\n${b.text}`,
        line: prev.line,
        lineStarts: [...prev.lineStarts, ...b.lineStarts.map((o) => o + shift)],
        ...(display !== undefined ? { display } : {}),
      };
      continue;
    }
    out.push(b);
  }
  return out;
}

/**
 * A part's display text, written for one it is joined to: plain text escaped, except that a
 * plain-text list keeps its item markers, so a list joined to a code block still reads as a list.
 */
function displayOf(part: { readonly text: string; readonly display?: string; readonly kind: Block['kind'] }): string {
  return part.display ?? (part.kind === 'list' ? escapeList(part.text) : escapeText(part.text));
}

/**
 * A figure's caption joins the text it illustrates: the next part of its section, else the one
 * before. It comes after that text, in italics, as under a figure: the answer leads with the
 * text, and the caption is kept because it may say what the text does not (and a member may
 * search for its words). A section with nothing but captions has no text for them to join: they
 * are dropped before this, with their images.
 */
function attachCaptions(parts: readonly Part[], maxChars: number): Part[] {
  const out: Part[] = [];
  const join = (target: Part, captions: readonly Part[]): Part[] => {
    const text = [target.text, ...captions.map((c) => c.text)].join('\n');
    if (text.length > maxChars) return [target, ...captions.map(({ caption: _, ...c }) => c)];
    const display = [displayOf(target), ...captions.map((c) => `*${c.display ?? escapeText(c.text)}*`)].join('\n\n');
    return [{ text, display, line: target.line, kind: target.kind }];
  };
  let pending: Part[] = [];
  for (const part of parts) {
    if (part.caption) {
      pending.push(part);
      continue;
    }
    for (const p of pending.length > 0 ? join(part, pending) : [part]) out.push(p);
    pending = [];
  }
  if (pending.length === 0) return out;
  const last = out.pop();
  for (const p of last ? join(last, pending) : pending) out.push(p);
  return out;
}

/** Joins parts shorter than `minChars` to a neighbour in one linear pass (never beyond the caps). */
function mergeShort(parts: readonly Part[], minChars: number, targetChars: number, maxChars: number): Part[] {
  const out: Part[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last && (last.text.length < minChars || part.text.length < minChars)) {
      const bothProse = last.kind === 'prose' && part.kind === 'prose';
      const text = `${last.text}\n${part.text}`;
      const display = last.display !== undefined || part.display !== undefined ? `${displayOf(last)}\n\n${displayOf(part)}` : undefined;
      if (text.length <= (bothProse ? targetChars : maxChars) && (display?.length ?? 0) <= maxChars + 500) {
        out[out.length - 1] = { text, line: last.line, kind: bothProse ? 'prose' : 'list', ...(display !== undefined ? { display } : {}) };
        continue;
      }
    }
    out.push(part);
  }
  return out;
}

/** Line of the source where offset `offset` of a block's text falls. */
function lineAt(block: Block, offset: number): number {
  let n = 0;
  for (const [i, start] of block.lineStarts.entries()) if (start <= offset) n = i;
  return block.line + n;
}

/** Does Markdown close every `*`, `` ` ``, `~` and bracket it opens (escapes skipped)? */
function balanced(display: string): boolean {
  let stars = 0;
  let ticks = 0;
  let tildes = 0;
  let brackets = 0;
  for (let i = 0; i < display.length; i++) {
    const c = display[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '*') stars++;
    else if (c === '`') ticks++;
    else if (c === '~') tildes++;
    else if (c === '[') brackets++;
    else if (c === ']') brackets--;
  }
  return stars % 2 === 0 && ticks % 2 === 0 && tildes % 2 === 0 && brackets === 0;
}

/** A block → passage parts: prose split into balanced parts; lists, tables and code kept whole up to the hard cap. */
function toParts(block: Block, targetChars: number, maxChars: number): Part[] {
  if (block.kind === 'prose') {
    const pieces = splitParagraph(block.text, { targetChars });
    const [only] = pieces;
    if (pieces.length === 1 && only && block.display !== undefined) return [{ text: only.text, display: block.display, line: block.line, kind: 'prose', ...(block.caption ? { caption: true } : {}) }];
    const map = block.displayMap;
    return pieces.map((p, k) => {
      let display: string | undefined;
      if (block.display !== undefined) {
        // Cut the display at the spaces between the plain parts: markup sits between them only when emphasis spans a sentence end.
        const from = k === 0 ? 0 : (map?.[p.offset - 1] ?? 0);
        const next = pieces[k + 1];
        const to = next ? (map?.[next.offset - 1] ?? block.display.length) : block.display.length;
        const slice = block.display.slice(from, to).trim();
        display = map && balanced(slice) ? slice : escapeText(p.text);
      }
      return { text: p.text, line: lineAt(block, p.offset), kind: 'prose', ...(display !== undefined ? { display } : {}) };
    });
  }
  const whole = trimBlankEdges(block.text);
  if (whole.trim() === '') return [];
  const displayFits = block.display === undefined || block.display.length <= maxChars + 500;
  if (whole.length <= maxChars && displayFits) return [{ text: whole, line: block.line, kind: block.kind, ...(block.display !== undefined ? { display: block.display } : {}) }];
  if (block.kind === 'code') return splitCode(block, maxChars);
  // An oversized list, quote or table: whole items per part, shown as escaped text.
  return splitItems(block, targetChars, maxChars).map((p) => ({ ...p, kind: block.kind }));
}

/** Blank lines off both ends (a linear scan: no `\s+$` regex, which backtracks on long space runs). */
function trimBlankEdges(text: string): string {
  let start = 0;
  while (start < text.length && text[start] === '\n') start++;
  return text.slice(start).trimEnd();
}

/** An oversized list or table: whole items per part (an item's continuation lines stay with it). */
function splitItems(block: Block, targetChars: number, maxChars: number): Array<{ text: string; line: number }> {
  const lines = block.text.split('\n');
  const items: Array<{ text: string; line: number }> = [];
  const plainLines = block.lineStarts.length >= lines.length;
  lines.forEach((l, i) => {
    const startsItem = block.kind === 'table' || block.display !== undefined || /^\s{0,3}(?:[-*+•–]|\d{1,3}[.)])\s+\S/u.test(l);
    const last = items[items.length - 1];
    const line = plainLines ? block.line + i : block.line;
    if (startsItem || !last) items.push({ text: l, line });
    else last.text += `\n${l}`;
  });
  const out: Array<{ text: string; line: number }> = [];
  let group: Array<{ text: string; line: number }> = [];
  let size = 0;
  const header = block.header?.text;
  const flush = (): void => {
    const text = trimBlankEdges(group.map((g) => g.text).join('\n'));
    const first = group[0];
    if (first && text.trim() !== '') out.push({ text: header && out.length > 0 && !text.startsWith(header) ? `${header}\n${text}` : text, line: first.line });
    group = [];
    size = 0;
  };
  const room = maxChars - (header?.length ?? 0) - 1;
  for (const item of items) {
    if (item.text.length > room) {
      flush();
      for (const p of splitParagraph(item.text.split('\n').map((line) => line.trim()).join(' '), { targetChars })) out.push({ text: p.text, line: item.line });
      continue;
    }
    if (size + item.text.length + 1 > room) flush();
    group.push(item);
    size += item.text.length + 1;
  }
  flush();
  return out;
}

/** An oversized code block: whole lines per part, each part fenced again so it still renders as code. */
function splitCode(block: Block, maxChars: number): Part[] {
  const lang = /^`{3,}([^\n`]*)\n/.exec(block.display ?? '')?.[1];
  // Plain-text code (from a .txt parser) keeps its fences in the text; Markdown code is bare.
  const fencedText = block.display === undefined && /^\s*(`{3,}|~{3,})/.test(block.text);
  const lines = block.text.split('\n');
  const inner = fencedText ? lines.slice(1, lines.length - 1) : lines;
  const budget = maxChars - 20;
  // Even parts rather than full ones then a scrap: the text after the block can still join the last part.
  const total = inner.reduce((n, l) => n + l.length + 1, 0);
  const even = Math.min(budget, Math.ceil(total / Math.max(1, Math.ceil(total / budget))) + 100);
  const out: Part[] = [];
  let group: string[] = [];
  let firstLine = block.line + (fencedText ? 1 : 0);
  let size = 0;
  const flush = (): void => {
    if (group.length === 0) return;
    const code = group.join('\n');
    // A part cut from a run of blanks holds no text: nothing to find or show.
    if (code.trim() !== '') out.push({ text: code, display: codeBlock(code, lang), line: firstLine, kind: 'code' });
    group = [];
    size = 0;
  };
  inner.forEach((raw, i) => {
    // A single line longer than the budget is cut; code lines that long are data, not prose.
    const pieces: string[] = [];
    for (let at = 0; at < raw.length || pieces.length === 0; at += budget) pieces.push(raw.slice(at, at + budget));
    for (const l of pieces) {
      if (size + l.length + 1 > even) flush();
      if (group.length === 0) firstLine = block.line + (fencedText ? 1 : 0) + i;
      group.push(l);
      size += l.length + 1;
    }
  });
  flush();
  return out;
}

/**
 * Markdown → title and blocks. `#`…`######` (and setext `===`/`---` underlines) give headings;
 * fenced code, lists and tables stay whole blocks, so a passage never starts inside a fence.
 * A single `#` heading at the top is the document title and is not repeated in every heading
 * path (so paths read like the plain-text ones); with several `#` headings each is top level.
 */
import { boilerplateStart } from './boilerplate.js';
import { type Block, type ParsedBlocks, type Skipped, LIST_ITEM, joinLines, normaliseHeading, skippedRange } from './blocks.js';

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TOC_HEADING = /^(table of contents|contents|toc|in this article|on this page)$/i;

interface Line {
  readonly text: string;
  readonly line: number;
}

/** Strips inline markup from heading text: emphasis, code ticks, links, images, HTML tags. */
export function plainHeading(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseMarkdownBlocks(body: string, firstLine = 1, dropBoilerplate = true): ParsedBlocks {
  const problems: Array<{ severity: 'error' | 'warning'; line?: number; message: string }> = [];
  const lines: Line[] = body.split('\n').map((text, i) => ({ text: text.replace(/[ \t]+$/u, ''), line: firstLine + i }));
  const blocks: Block[] = [];
  let para: Line[] = [];
  let list: Line[] = [];
  let table: Line[] = [];

  const flushPara = (): void => {
    if (para.length === 0) return;
    // A block quote is unwrapped like any paragraph, keeping one ">" in front.
    const quote = para.every((l) => /^\s{0,3}>/.test(l.text));
    const { text, lineStarts } = joinLines(
      para.map((l, i) => (quote && i > 0 ? l.text.replace(/^\s{0,3}>\s?/, '') : l.text).trim()),
      ' ',
    );
    blocks.push({ kind: 'prose', text, line: para[0]!.line, lineStarts });
    para = [];
  };
  const flushList = (): void => {
    // Trailing blank lines belong to whatever follows, not to the list.
    while (list.length > 0 && list[list.length - 1]!.text.trim() === '') list.pop();
    if (list.length === 0) return;
    const { text, lineStarts } = joinLines(
      list.map((l) => l.text),
      '\n',
    );
    blocks.push({ kind: 'list', text, line: list[0]!.line, lineStarts });
    list = [];
  };
  const flushTable = (): void => {
    if (table.length === 0) return;
    const { text, lineStarts } = joinLines(
      table.map((l) => l.text),
      '\n',
    );
    blocks.push({ kind: 'table', text, line: table[0]!.line, lineStarts });
    table = [];
  };
  const flushAll = (): void => {
    flushPara();
    flushList();
    flushTable();
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const text = l.text;

    const fence = FENCE_OPEN.exec(text);
    if (fence && !(fence[2]!.startsWith('`') && fence[3]!.includes('`'))) {
      flushAll();
      const marker = fence[2]!;
      const closing = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
      const fenced: Line[] = [l];
      let closed = false;
      for (i = i + 1; i < lines.length; i++) {
        fenced.push(lines[i]!);
        if (closing.test(lines[i]!.text)) {
          closed = true;
          break;
        }
      }
      if (!closed) {
        problems.push({ severity: 'warning', line: l.line, message: 'code fence is never closed; it runs to the end of the file' });
        fenced.push({ text: marker, line: fenced[fenced.length - 1]!.line });
      }
      const { text: code, lineStarts } = joinLines(
        fenced.map((f) => f.text),
        '\n',
      );
      blocks.push({ kind: 'code', text: code, line: l.line, lineStarts });
      continue;
    }

    const atx = ATX.exec(text);
    if (atx) {
      flushAll();
      const heading = plainHeading(atx[2] ?? '');
      if (heading !== '') blocks.push({ kind: 'heading', depth: atx[1]!.length, text: heading, line: l.line, lineStarts: [0] });
      continue;
    }

    // Setext: a paragraph line underlined with === (h1) or --- (h2).
    if (para.length > 0 && /^ {0,3}(=+|-+)[ \t]*$/.test(text)) {
      const depth = text.trim().startsWith('=') ? 1 : 2;
      const heading = plainHeading(para.map((p) => p.text.trim()).join(' '));
      const line = para[0]!.line;
      para = [];
      if (heading !== '') blocks.push({ kind: 'heading', depth, text: heading, line, lineStarts: [0] });
      continue;
    }

    if (text.trim() === '') {
      flushPara();
      flushTable();
      if (list.length > 0) list.push(l); // a loose list may go on after a blank line
      continue;
    }

    if (THEMATIC_BREAK.test(text)) {
      flushAll();
      continue;
    }
    // HTML comments are invisible on the page, so they are not passages either.
    if (/^\s*<!--/.test(text)) {
      flushPara();
      while (i < lines.length && !lines[i]!.text.includes('-->')) i++;
      continue;
    }

    // Indented code (4 spaces or a tab, not inside a list or paragraph): one fenced block, so it
    // renders as code and is never split.
    if (para.length === 0 && list.length === 0 && /^(?: {4}|\t)/.test(text)) {
      flushTable();
      const code: Line[] = [];
      while (i < lines.length && (/^(?: {4}|\t)/.test(lines[i]!.text) || (lines[i]!.text.trim() === '' && /^(?: {4}|\t)/.test(lines[i + 1]?.text ?? '')))) {
        code.push(lines[i]!);
        i++;
      }
      i--;
      const body = code.map((c) => c.text.replace(/^(?: {4}|\t)/, ''));
      const { text: fenced, lineStarts } = joinLines(['```', ...body, '```'], '\n');
      blocks.push({ kind: 'code', text: fenced, line: l.line, lineStarts });
      continue;
    }

    if (LIST_ITEM.test(text) || (list.length > 0 && /^\s{2,}\S/.test(text))) {
      flushPara();
      flushTable();
      list.push(l);
      continue;
    }
    if (list.length > 0) {
      const afterBlank = list[list.length - 1]!.text.trim() === '';
      if (!afterBlank) {
        list.push(l); // lazy continuation of the item's paragraph
        continue;
      }
      flushList();
    }

    if (TABLE_ROW.test(text)) {
      flushPara();
      table.push(l);
      continue;
    }
    flushTable();
    para.push(l);
  }
  flushAll();

  // Title: a single `#` heading that opens the document.
  let title: string | undefined;
  let titleLine: number | undefined;
  let out = blocks;
  const h1s = blocks.filter((b) => b.kind === 'heading' && b.depth === 1);
  const firstHeading = blocks.findIndex((b) => b.kind === 'heading');
  if (h1s.length >= 1 && firstHeading !== -1 && blocks[firstHeading]!.depth === 1) {
    title = blocks[firstHeading]!.text;
    titleLine = blocks[firstHeading]!.line;
    if (h1s.length === 1) out = [...blocks.slice(0, firstHeading), ...blocks.slice(firstHeading + 1)];
  }

  // A "Contents" heading followed by a list of the headings is navigation, not text.
  const skipped: Skipped[] = [];
  const isToc = (b: Block | undefined): boolean => b?.kind === 'heading' && TOC_HEADING.test(normaliseHeading(b.text));
  out = out.filter((b, i) => {
    if (isToc(b) && out[i + 1]?.kind === 'list') {
      skipped.push(...skippedRange([b, out[i + 1]!], 'table of contents'));
      return false;
    }
    return !(b.kind === 'list' && isToc(out[i - 1]));
  });

  if (dropBoilerplate) {
    const start = boilerplateStart(out);
    skipped.push(...skippedRange(out.slice(start), 'boilerplate'));
    out = out.slice(0, start);
  }
  return { ...(title !== undefined ? { title, titleLine } : {}), blocks: out, problems, skipped };
}

/**
 * An mdast tree (Markdown parsed by remark, or HTML/DOCX/PDF converted to mdast) → the title and
 * the blocks a document is made of, each with plain text for the index and the same content as
 * Discord Markdown for display. Format-neutral: converters build mdast and call
 * {@link documentFromMdast}; nothing here knows where the tree came from.
 *
 * - Headings give the outline; a single `#` heading that opens the document is its title.
 * - Lists, tables and code blocks stay whole blocks (a table too long for one passage is split
 *   between rows, its header row repeated).
 * - Images, and paragraphs that hold only images (badge rows), are dropped. A figure's caption
 *   (a template call's `caption`, italic text beside an image or right under it) is kept as
 *   prose that joins the text next to it, or goes with its image when its section has no text.
 * - A heading inside a block quote opens a section like any heading; after the quote, the text
 *   goes back under the heading before it.
 * - The marks around a callout box (`:::tip`, Hugo's `{{< hint >}}`, GitHub's `> [!NOTE]`) are
 *   dropped, its text kept.
 * - Inline HTML is reduced to its text; `<details><summary>Q</summary>A</details>` becomes a
 *   heading `Q` (one level below the heading it sits under) with the answer as its text.
 * - Link text is kept in both forms; the link target only in the display form.
 */
import type { Definition, Heading, Html, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { type ParsedDocument, assembleDocument } from './assemble.js';
import { boilerplateStart } from './boilerplate.js';
import { withoutCalloutMarks } from './callouts.js';
import { shortcodeText, withoutRefLinks } from './shortcodes.js';
import { slugify } from './slug.js';
import { type Block, type ParsedBlocks, type Skipped, normaliseHeading, skippedRange } from './blocks.js';
import { codeBlock, codeSpan, escapeAt, escapeLineStart, escapeText, linkTarget } from './discord-markdown.js';

/** Options of {@link blocksFromMdast}. All optional. */
export interface MdastOptions {
  /** Added to every source line number: how many lines came before the tree's text (front matter). Default 0. */
  readonly lineOffset?: number;
  /** Drop trailing link lists and comment calls-to-action (default true). */
  readonly boilerplate?: boolean;
  /** Longest passage: a table longer than this is split between rows (default 3000). */
  readonly maxChars?: number;
}

// Static-site generators' syntax that Markdown itself does not know, left in the sources they
// build from: a heading's attribute block (`## Filters {#filters}`, kramdown, Pandoc and Hugo) and
// a paragraph that is one template call (`{{< figure src="a.png" caption="…" >}}`, Hugo's shortcodes).
const HEADING_ATTRIBUTES = / ?\{[#.][^{}]*\}$/;
const TEMPLATE_CALL = /^\{\{[<%][^\n]*[>%]\}\}$/;
const TOC_HEADING = /^(table of contents|contents|toc|in this article|on this page)$/i;

/** What a run of inline content reads as: plain text, Discord Markdown, and how the two line up. */
class Inline {
  plain = '';
  display = '';
  /** `map[i]`: offset in `display` where plain character `i` is written. */
  readonly map: number[] = [];
  /** Plain offsets where a new source line begins (after a soft line break), with that line. */
  readonly lineStarts: Array<[offset: number, line: number]> = [];

  /** Appends source text: whitespace collapsed, escaped for display. */
  text(value: string, line?: number): void {
    let lineNo = line;
    for (let i = 0; i < value.length; i++) {
      let c = value.charAt(i);
      if (c === '\n' && lineNo !== undefined) {
        lineNo++;
        this.lineStarts.push([this.plain.length + (this.plain.endsWith(' ') ? 0 : 1), lineNo]);
      }
      if (c.trim() === '' && c !== '\u00a0') c = ' ';
      if (c === ' ' && (this.plain === '' || this.plain.endsWith(' '))) continue;
      this.map.push(this.display.length);
      this.plain += c;
      this.display += c === ' ' ? ' ' : escapeAt(value, i);
    }
  }

  /** Display-only markup (emphasis markers, link targets). */
  markup(value: string): void {
    this.display += value;
  }

  /** Text shown verbatim in both forms inside display markup already written (code spans). */
  verbatim(plain: string, display: string): void {
    const at = this.display.length;
    const inner = display.indexOf(plain);
    for (let i = 0; i < plain.length; i++) this.map.push(at + (inner >= 0 ? inner + i : 0));
    this.plain += plain;
    this.display += display;
  }

  /** A hard line break. */
  lineBreak(): void {
    if (this.plain !== '' && !this.plain.endsWith(' ')) {
      this.map.push(this.display.length);
      this.plain += ' ';
    }
    this.display = this.display.trimEnd() + '\n';
  }
}

/** Drops the HTML tags of a fragment, keeping the text between them (linear scan, no regex backtracking). */
export function htmlText(html: string): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const c = html.charAt(i);
    if (c === '<') {
      if (html.startsWith('<!--', i)) {
        const end = html.indexOf('-->', i + 4);
        i = end === -1 ? html.length : end + 3;
        continue;
      }
      const end = html.indexOf('>', i + 1);
      if (end !== -1 && /^<\/?[a-zA-Z!]/.test(html.slice(i, i + 3))) {
        const name = tagName(html.slice(i, end + 1));
        if (name === 'br' || name === 'p' || name === 'div' || name === 'li' || name === 'tr') out += '\n';
        i = end + 1;
        continue;
      }
    }
    out += c;
    i++;
  }
  return decodeEntities(out);
}

/** Lower-case tag name of `<tag …>` or `</tag>`. */
function tagName(tag: string): string {
  let i = tag.startsWith('</') ? 2 : 1;
  let name = '';
  while (i < tag.length && /[a-zA-Z0-9]/.test(tag.charAt(i))) name += tag.charAt(i++);
  return name.toLowerCase();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', copy: '©' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (all, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}

/** `<details><summary>` pieces of an HTML block, in order: the summary texts and the text around them. */
function htmlPieces(html: string): Array<{ kind: 'summary' | 'text' | 'open' | 'close' | 'heading'; text: string; depth?: number }> {
  const pieces: Array<{ kind: 'summary' | 'text' | 'open' | 'close' | 'heading'; text: string; depth?: number }> = [];
  let i = 0;
  let textStart = 0;
  const flushText = (end: number): void => {
    const text = htmlText(html.slice(textStart, end));
    if (text.trim() !== '') pieces.push({ kind: 'text', text });
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    const gt = html.indexOf('>', lt + 1);
    if (gt === -1) break;
    const name = tagName(html.slice(lt, gt + 1));
    const closing = html[lt + 1] === '/';
    if (/^h[1-6]$/.test(name) && !closing) {
      flushText(lt);
      const end = html.toLowerCase().indexOf(`</${name}`, gt + 1);
      const stop = end === -1 ? html.length : end;
      pieces.push({ kind: 'heading', text: htmlText(html.slice(gt + 1, stop)), depth: Number(name[1]) });
      const after = end === -1 ? html.length : html.indexOf('>', end) + 1 || html.length;
      i = textStart = after;
      continue;
    }
    if (name === 'summary' && !closing) {
      flushText(lt);
      const end = html.toLowerCase().indexOf('</summary', gt + 1);
      const stop = end === -1 ? html.length : end;
      pieces.push({ kind: 'summary', text: htmlText(html.slice(gt + 1, stop)) });
      const after = end === -1 ? html.length : html.indexOf('>', end) + 1 || html.length;
      i = textStart = after;
      continue;
    }
    if (name === 'details') {
      flushText(lt);
      pieces.push({ kind: closing ? 'close' : 'open', text: '' });
      i = textStart = gt + 1;
      continue;
    }
    i = gt + 1;
  }
  flushText(html.length);
  return pieces;
}

/** Is every item of a list (nested lists included) one link to an anchor on the page? */
function inPageLinksOnly(node: List): boolean {
  return node.children.length > 0 && node.children.every((item) =>
    item.children.every((child) => {
      if (child.type === 'list') return inPageLinksOnly(child);
      if (child.type !== 'paragraph') return false;
      const content = child.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const [only] = content;
      return content.length === 1 && only?.type === 'link' && only.url.startsWith('#');
    }),
  );
}

/** The text of a paragraph that is nothing but one static-site template call, if it is one. */
function templateCall(children: readonly PhrasingContent[]): string | undefined {
  const [only, ...rest] = children;
  if (only?.type !== 'text' || rest.length > 0) return undefined;
  const text = only.value.trim();
  return TEMPLATE_CALL.test(text) ? text : undefined;
}

/** Does a paragraph hold nothing but images (and links around images): a badge row or a banner? */
function onlyImages(children: readonly PhrasingContent[]): boolean {
  let images = 0;
  const visit = (nodes: readonly PhrasingContent[]): boolean =>
    nodes.every((n) => {
      if (n.type === 'image' || n.type === 'imageReference') {
        images++;
        return true;
      }
      if (n.type === 'link' || n.type === 'linkReference') return visit(n.children);
      if (n.type === 'text') return n.value.trim() === '';
      if (n.type === 'break') return true;
      if (n.type === 'html') return htmlText(n.value).trim() === '';
      return false;
    });
  return visit(children) && images > 0;
}

/** Plain heading text of inline content (markup, images and tags dropped). */
export function headingText(children: readonly PhrasingContent[], definitions: ReadonlyMap<string, Definition>): string {
  const inline = new Inline();
  writeInline(children, inline, definitions, undefined);
  return inline.plain.replace(/\s+/g, ' ').trim();
}

function writeInline(nodes: readonly PhrasingContent[], out: Inline, definitions: ReadonlyMap<string, Definition>, line: number | undefined): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out.text(withoutRefLinks(node.value), node.position?.start.line ?? line);
        break;
      case 'emphasis':
      case 'strong':
      case 'delete': {
        const marker = node.type === 'emphasis' ? '*' : node.type === 'strong' ? '**' : '~~';
        const inner = new Inline();
        writeInline(node.children, inner, definitions, line);
        appendWrapped(out, inner, marker);
        break;
      }
      case 'inlineCode':
        out.verbatim(node.value, codeSpan(node.value));
        break;
      case 'break':
        out.lineBreak();
        break;
      case 'link':
      case 'linkReference': {
        const url = node.type === 'link' ? node.url : definitions.get(node.identifier.toLowerCase())?.url;
        const inner = new Inline();
        writeInline(node.children, inner, definitions, line);
        if (inner.plain.trim() === '') break; // a link around an image only
        const target = url ? linkTarget(url) : undefined;
        // A bare URL shown as itself is linked by Discord already; the text of a relative link is all that can be shown.
        if (!target || inner.plain.trim() === url?.trim()) appendWrapped(out, inner, '');
        else {
          out.markup('[');
          appendWrapped(out, inner, '');
          out.markup(`](${target})`);
        }
        break;
      }
      case 'html': {
        const name = tagName(node.value);
        if (name === 'br') out.lineBreak();
        else if (!node.value.startsWith('<')) out.text(htmlText(node.value));
        break;
      }
      case 'image':
      case 'imageReference':
      case 'footnoteReference':
        break;
      default: {
        const rest = node as { children?: PhrasingContent[]; value?: string };
        if (Array.isArray(rest.children)) writeInline(rest.children, out, definitions, line);
        else if (typeof rest.value === 'string') out.text(rest.value, line);
      }
    }
  }
}

/** Appends `inner` wrapped in `marker` (whitespace kept outside the markers, as Discord needs). */
function appendWrapped(out: Inline, inner: Inline, marker: string): void {
  if (inner.plain.trim() === '') {
    if (inner.plain !== '') out.text(' ');
    return;
  }
  if (inner.plain.startsWith(' ')) out.text(' ');
  const plainStart = inner.plain.startsWith(' ') ? 1 : 0;
  const plainEnd = inner.plain.endsWith(' ') ? inner.plain.length - 1 : inner.plain.length;
  const shown = inner.display.trim();
  const displayLead = inner.display.length - inner.display.trimStart().length;
  out.markup(marker);
  const base = out.display.length - displayLead;
  const plainBase = out.plain.length - plainStart;
  for (const offset of inner.map.slice(plainStart, plainEnd)) out.map.push(base + offset);
  out.plain += inner.plain.slice(plainStart, plainEnd);
  for (const [offset, l] of inner.lineStarts) out.lineStarts.push([plainBase + offset, l]);
  out.markup(shown);
  out.markup(marker);
  if (plainEnd < inner.plain.length) out.text(' ');
}

/** A prose block from inline content, or nothing when it has no text. */
function proseBlock(inline: Inline, line: number): Block | undefined {
  const lead = inline.plain.length - inline.plain.trimStart().length;
  const text = inline.plain.trim();
  if (text === '') return undefined;
  const displayLead = inline.display.length - inline.display.trimStart().length;
  const display = inline.display.trim();
  const map = inline.map.slice(lead, lead + text.length).map((d) => Math.max(0, d - displayLead));
  map.push(display.length);
  const lineStarts = [0];
  for (const [offset, l] of inline.lineStarts) {
    const at = Math.max(0, Math.min(text.length, offset - lead));
    while (lineStarts.length < l - line) lineStarts.push(lineStarts.at(-1) ?? 0);
    if (lineStarts.length === l - line) lineStarts.push(at);
  }
  return { kind: 'prose', text, line, lineStarts, display: escapeLineStarts(display), displayMap: map };
}

/** A figure's caption: prose that goes with the text beside it (see `Block.caption`). */
function captionBlock(caption: string, line: number): Block | undefined {
  const inline = new Inline();
  inline.text(caption, line);
  const block = proseBlock(inline, line);
  return block ? { ...block, caption: true } : undefined;
}

/**
 * The words of a paragraph that is only italic text, besides images (`![Chart](a.png) *Chart of
 * sales*`): how Markdown writes a figure's caption. Undefined for any other paragraph.
 */
function italicCaption(children: readonly PhrasingContent[], definitions: ReadonlyMap<string, Definition>): { text: string; images: boolean } | undefined {
  const italics: PhrasingContent[] = [];
  let images = false;
  for (const node of children) {
    if (node.type === 'emphasis') italics.push(node);
    else if (onlyImages([node])) images = true;
    else if (!((node.type === 'text' && node.value.trim() === '') || node.type === 'break')) return undefined;
  }
  const text = headingText(italics, definitions);
  return text === '' ? undefined : { text, images };
}

/** Escapes what would read as block markup at the start of each line (`#`, `>`, `- `, `1. `). */
function escapeLineStarts(display: string): string {
  return display
    .split('\n')
    .map((l) => escapeLineStart(l))
    .join('\n');
}

interface Walk {
  readonly definitions: ReadonlyMap<string, Definition>;
  readonly offset: number;
  readonly maxChars: number;
  readonly blocks: Block[];
  readonly skipped: Skipped[];
  /** Depth of the last Markdown heading, for `<summary>` headings under it. */
  headingDepth: number;
  /** How many `<details>` are open. */
  details: number;
  /** Depth of the last `<summary>` heading, once its `<details>` closed: a deeper Markdown heading after it is its sibling, not its child. */
  closedSummary: number | undefined;
  lastSummary: number | undefined;
  /** Lists made only of in-page links (`[Install](#install)`): tables of contents. */
  readonly navigation: Set<Block>;
  readonly problems: Array<{ severity: 'warning'; line: number; message: string }>;
  /** Inside a list item, where a quote stays part of its item, headings and all. */
  readonly inList: boolean;
  /** The block just read was a paragraph of images only: an italic line after it is their caption. */
  afterImages: boolean;
}

const lineOf = (node: Nodes | undefined, walk: Walk): number => (node?.position?.start.line ?? 1) + walk.offset;

/**
 * The blocks of an mdast tree (see the module comment for what becomes what).
 *
 * @example
 * const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown);
 * const { title, blocks } = blocksFromMdast(tree);
 */
export function blocksFromMdast(tree: Root, options: MdastOptions = {}): ParsedBlocks {
  const definitions = new Map<string, Definition>();
  collectDefinitions(tree, definitions);
  const walk: Walk = {
    definitions,
    offset: options.lineOffset ?? 0,
    maxChars: options.maxChars ?? 3000,
    blocks: [],
    skipped: [],
    headingDepth: 0,
    details: 0,
    closedSummary: undefined,
    lastSummary: undefined,
    navigation: new Set(),
    problems: [],
    inList: false,
    afterImages: false,
  };
  for (const node of tree.children) walkBlock(node, walk);

  let blocks = walk.blocks;
  // Title: a `#` heading that opens the document; with only one, it is not repeated in every path.
  const h1s = blocks.filter((b) => b.kind === 'heading' && b.depth === 1).length;
  // Only a `#` heading that opens the document names it; text before it means it is a section like the others.
  const opening = blocks[0];
  const titleBlock = opening?.kind === 'heading' && opening.depth === 1 ? opening : undefined;
  if (titleBlock && h1s === 1) blocks = blocks.slice(1);

  // A "Contents" heading followed by a list, or a list of in-page links, is navigation, not text;
  // the headings right above it go with it when one of them is the "Contents" heading.
  const skipped = [...walk.skipped];
  const isToc = (b: Block | undefined): boolean => b?.kind === 'heading' && TOC_HEADING.test(normaliseHeading(b.text));
  const drop = new Set<number>();
  blocks.forEach((b, i) => {
    if (b.kind !== 'list' || drop.has(i)) return;
    let top = i;
    while (top > 0 && blocks[top - 1]?.kind === 'heading' && i - top < 3) top--;
    const labelled = blocks.slice(top, i).some(isToc);
    if (!labelled && !walk.navigation.has(b)) return;
    const from = labelled ? top + blocks.slice(top, i).findIndex(isToc) : i;
    for (let k = from; k <= i; k++) drop.add(k);
    skipped.push(...skippedRange(blocks.slice(from, i + 1), 'table of contents'));
  });
  blocks = blocks.filter((_, i) => !drop.has(i));
  if (options.boilerplate ?? true) {
    const start = boilerplateStart(blocks);
    skipped.push(...skippedRange(blocks.slice(start), 'boilerplate'));
    blocks = blocks.slice(0, start);
  }
  return { ...(titleBlock ? { title: titleBlock.text, titleLine: titleBlock.line } : {}), blocks, problems: walk.problems, skipped };
}

function collectDefinitions(node: Nodes, into: Map<string, Definition>): void {
  if (node.type === 'definition') into.set(node.identifier.toLowerCase(), node);
  if ('children' in node) for (const child of node.children) collectDefinitions(child, into);
}

function walkBlock(node: RootContent, walk: Walk): void {
  const line = lineOf(node, walk);
  const afterImages = walk.afterImages;
  walk.afterImages = false;
  switch (node.type) {
    case 'heading':
      heading(node, walk);
      return;
    case 'paragraph': {
      if (onlyImages(node.children)) {
        walk.skipped.push({ line, endLine: (node.position?.end.line ?? 1) + walk.offset, reason: 'images' });
        walk.afterImages = true;
        return;
      }
      const call = templateCall(node.children);
      if (call !== undefined) {
        // A figure's caption is the document's own words; the call around it is not.
        const caption = shortcodeText(call);
        const block = caption ? captionBlock(caption, line) : undefined;
        if (block) walk.blocks.push(block);
        else walk.skipped.push({ line, endLine: (node.position?.end.line ?? 1) + walk.offset, reason: 'template code' });
        return;
      }
      paragraph(withoutCalloutMarks(node, false), walk, afterImages);
      return;
    }
    case 'code': {
      const code = trimNewlines(node.value);
      if (code.trim() === '') return;
      walk.blocks.push({ kind: 'code', text: code, line, lineStarts: [0], display: codeBlock(code, node.lang) });
      return;
    }
    case 'list': {
      const { text, display } = list(node, walk, 0);
      if (text.trim() === '') return;
      const block: Block = { kind: 'list', text, line, lineStarts: [0], display };
      if (inPageLinksOnly(node)) walk.navigation.add(block);
      walk.blocks.push(block);
      return;
    }
    case 'table':
      table(node, walk);
      return;
    case 'blockquote': {
      const inner: Walk = { ...walk, blocks: [] };
      // GitHub's alert mark (`> [!NOTE]`) can only open a quote.
      for (const [i, child] of node.children.entries()) walkBlock(i === 0 && child.type === 'paragraph' ? withoutCalloutMarks(child, true) : child, inner);
      const parts = inner.blocks.filter((b) => b.kind !== 'heading' || b.text !== '');
      if (walk.inList || !parts.some((b) => b.kind === 'heading')) {
        const quote = quoteBlock(parts.filter((b) => b.kind !== 'aside-start' && b.kind !== 'aside-end'), line);
        if (quote) walk.blocks.push(quote);
        return;
      }
      // A reader sees a heading in a quote as a heading: it opens its own section, the quoted text under it.
      walk.blocks.push({ kind: 'aside-start', text: '', line, lineStarts: [0] });
      let run: Block[] = [];
      const flush = (): void => {
        const quote = quoteBlock(run, run[0]?.line ?? line);
        if (quote) walk.blocks.push(quote);
        run = [];
      };
      for (const b of parts) {
        if (b.kind === 'heading' || b.kind === 'aside-start' || b.kind === 'aside-end') {
          flush();
          walk.blocks.push(b);
        } else run.push(b);
      }
      flush();
      walk.blocks.push({ kind: 'aside-end', text: '', line: (node.position?.end.line ?? 1) + walk.offset, lineStarts: [0] });
      return;
    }
    case 'html':
      html(node, walk);
      return;
    case 'footnoteDefinition':
      for (const child of node.children) walkBlock(child, walk);
      return;
    default: {
      // definitions, thematic breaks, front matter nodes: nothing to read
      const rest = node as { children?: RootContent[] };
      if (Array.isArray(rest.children)) for (const child of rest.children) walkBlock(child, walk);
    }
  }
}

/** Blocks read inside a block quote, as one quote block (none when they hold no text). */
function quoteBlock(parts: readonly Block[], line: number): Block | undefined {
  if (parts.length === 0) return undefined;
  const text = parts.map((b) => b.text).join('\n');
  const display = parts
    .map((b) => b.display ?? escapeText(b.text))
    .join('\n')
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  return { kind: 'quote', text, line, lineStarts: [0], display };
}

/** A paragraph of text, or a figure's caption (`afterImages`: the block before it was an image row). */
function paragraph(node: Paragraph, walk: Walk, afterImages: boolean): void {
  const line = lineOf(node, walk);
  // An image's own caption: beside the image, or the italic line right under it.
  const italic = italicCaption(node.children, walk.definitions);
  if (italic && (italic.images || afterImages)) {
    const block = captionBlock(italic.text, line);
    if (block) walk.blocks.push(block);
    return;
  }
  const inline = new Inline();
  writeInline(node.children, inline, walk.definitions, node.position?.start.line);
  if (walk.offset !== 0) for (const s of inline.lineStarts) s[1] += walk.offset;
  const block = proseBlock(inline, line);
  if (block) walk.blocks.push(block);
}

function heading(node: Heading, walk: Walk): void {
  const text = headingText(node.children, walk.definitions).replace(HEADING_ATTRIBUTES, '').trim();
  const depth = walk.closedSummary !== undefined && node.depth > walk.headingDepth ? Math.min(node.depth, walk.closedSummary) : node.depth;
  walk.headingDepth = depth;
  walk.details = 0;
  walk.closedSummary = undefined;
  walk.lastSummary = undefined;
  if (text === '') return;
  walk.blocks.push({ kind: 'heading', depth, text, line: lineOf(node, walk), lineStarts: [0] });
}

function html(node: Html, walk: Walk): void {
  const line = lineOf(node, walk);
  for (const piece of htmlPieces(node.value)) {
    if (piece.kind === 'open') walk.details++;
    else if (piece.kind === 'close') {
      walk.details = Math.max(0, walk.details - 1);
      if (walk.details === 0 && walk.lastSummary !== undefined) walk.closedSummary = walk.lastSummary;
    }
    else if (piece.kind === 'heading') {
      const text = piece.text.replace(/\s+/g, ' ').trim();
      if (text === '') continue;
      walk.headingDepth = piece.depth ?? 1;
      walk.details = 0;
      walk.blocks.push({ kind: 'heading', depth: piece.depth ?? 1, text, line, lineStarts: [0] });
    } else if (piece.kind === 'summary') {
      // Summary text is often written with Markdown code ticks or emphasis inside the tag.
      const text = piece.text.replace(/`+|\*\*/g, '').replace(/\s+/g, ' ').trim();
      if (text === '') continue;
      const depth = Math.min(6, walk.headingDepth + Math.max(1, walk.details));
      walk.lastSummary = depth;
      walk.blocks.push({ kind: 'heading', depth, text, line, lineStarts: [0] });
    } else {
      const text = piece.text.split('\n').map((line) => line.replace(/[ \t]+/g, ' ').trim()).join('\n').trim();
      if (text === '') continue;
      const inline = new Inline();
      inline.text(text.replace(/\n+/g, ' '));
      const block = proseBlock(inline, line);
      if (block) walk.blocks.push(block);
    }
  }
}

/** A list as plain lines (no markers, nested items on their own lines) and as Discord Markdown. */
function list(node: List, walk: Walk, indent: number): { text: string; display: string } {
  const text: string[] = [];
  const display: string[] = [];
  node.children.forEach((item: ListItem, i) => {
    const marker = node.ordered ? `${(node.start ?? 1) + i}.` : '-';
    const check = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : '';
    const pad = ' '.repeat(indent);
    let first = true;
    for (const child of item.children) {
      if (child.type === 'list') {
        const nested = list(child, walk, indent + 2);
        text.push(nested.text);
        display.push(nested.display);
        continue;
      }
      if (child.type === 'code') {
        text.push(child.value);
        display.push(codeBlock(child.value, child.lang));
        continue;
      }
      const inner: Walk = { ...walk, blocks: [], inList: true };
      walkBlock(child, inner);
      for (const b of inner.blocks) {
        const plain = b.text;
        const shown = b.display ?? escapeText(b.text);
        const lines = shown.split('\n');
        if (first) {
          text.push(`${node.ordered ? `${marker} ` : ''}${check}${plain}`);
          display.push(`${pad}${marker} ${check}${lines[0]}${lines.length > 1 ? `\n${lines.slice(1).map((l) => `${pad}  ${l}`).join('\n')}` : ''}`);
          first = false;
        } else {
          text.push(plain);
          display.push(lines.map((l) => `${pad}  ${l}`).join('\n'));
        }
      }
    }
    if (first) {
      text.push(node.ordered ? marker : '');
      display.push(`${pad}${marker}`);
    }
  });
  return { text: text.filter((t) => t.trim() !== '').join('\n'), display: display.join('\n') };
}

/** A table as aligned rows in a code block (Discord has no tables); split between rows when too long, header repeated. */
function table(node: Table, walk: Walk): void {
  const rows = node.children.map((row) => row.children.map((cell) => headingText(cell.children, walk.definitions)));
  const [header, ...body] = rows;
  if (!header) return;
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.min(40, Math.max(3, ...rows.map((r) => (r[c] ?? '').length))));
  const shown = (r: readonly string[]): string =>
    widths
      .map((w, c) => (r[c] ?? '').padEnd(w))
      .join(' | ')
      .trimEnd();
  const plainRow = (r: readonly string[]): string => r.filter((c) => c !== '').join(' · ');
  const headerShown = `${shown(header)}\n${widths.map((w) => '-'.repeat(w)).join('-+-')}`;
  const headerPlain = plainRow(header);
  const lineOfRow = (i: number): number => lineOf(node.children[i], walk);
  const budget = walk.maxChars - headerShown.length - 20;
  let group: string[][] = [];
  let groupStart = 0;
  let size = 0;
  const flush = (): void => {
    if (group.length === 0 && body.length > 0) return;
    const text = [headerPlain, ...group.map((row) => plainRow(row))].filter((t) => t !== '').join('\n');
    const display = codeBlock([headerShown, ...group.map((row) => shown(row))].join('\n'));
    walk.blocks.push({
      kind: 'table',
      text,
      line: group.length > 0 ? lineOfRow(groupStart + 1) : lineOfRow(0),
      lineStarts: [0],
      display,
      header: { text: headerPlain, display: headerShown },
    });
    group = [];
    size = 0;
  };
  body.forEach((row, i) => {
    const length = shown(row).length + 1;
    if (size + length > budget && group.length > 0) flush();
    if (group.length === 0) groupStart = i;
    group.push(row);
    size += length;
  });
  flush();
}

/** Who a tree is and how to cut it: the file it came from and the parse options. */
export interface MdastDocumentMeta extends MdastOptions {
  /** Path relative to the corpus folder. */
  readonly file: string;
  /** Document id (default: a slug of the file name). */
  readonly documentId?: string;
  /** Title, source and date from the source's metadata, when it has any. */
  readonly frontMatter?: { readonly title?: string; readonly source?: string; readonly date?: string };
  /** Prose longer than this is split at sentence boundaries (default 1000). */
  readonly targetChars?: number;
}

/**
 * An mdast tree → a whole document (sections and passages), for converters of other formats
 * (HTML, DOCX, PDF) that produce mdast.
 *
 * @example
 * const doc = documentFromMdast(fromHtmlToMdast(html), { file: 'rules.html' });
 */
export function documentFromMdast(tree: Root, meta: MdastDocumentMeta): ParsedDocument {
  const maxChars = meta.maxChars ?? 3000;
  const parsed = blocksFromMdast(tree, { ...meta, maxChars });
  return assembleDocument(parsed, {
    file: meta.file,
    documentId: meta.documentId ?? (slugify(meta.file.replace(/\.[^./\\]+$/, '').replace(/[\\/]+/g, ' '), 40) || 'document'),
    frontMatter: meta.frontMatter ?? {},
    format: 'markdown',
    targetChars: meta.targetChars ?? 1000,
    maxChars,
    empty: tree.children.length === 0,
  });
}

/** `text` without its trailing line breaks, by a scan: linear on any input. */
function trimNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end--;
  return text.slice(0, end);
}

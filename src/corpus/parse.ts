/**
 * One document's text → its sections and passages. Pure: no file system, so tests and hot
 * reload can call it directly. Markdown goes through a CommonMark + GFM parser (remark) and the
 * shared mdast builder; plain text through the line-structure parser.
 */
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { type ParsedDocument, assembleDocument } from './assemble.js';
import { readFrontMatter } from './front-matter.js';
import { blocksFromMdast } from './mdast-tree.js';
import { parseTextBlocks } from './parse-text.js';
import { defaultParseOptions, documentIdFor, type ParseOptions } from './parse-options.js';

export type { Skipped } from './blocks.js';
export { INTRODUCTION_SLUG, MAX_WARNINGS_PER_FILE, MIN_PASSAGE_CHARS, type ParsedDocument } from './assemble.js';

export { defaultParseOptions, documentIdFor, type ParseOptions } from './parse-options.js';

/** The CommonMark + GFM parser (tables, strikethrough, task lists, autolinks). */
const markdownParser = unified().use(remarkParse).use(remarkGfm);

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
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

  const fm = readFrontMatter(normalised);
  const problems = fm.problem ? [{ severity: 'warning' as const, file, line: fm.problem.line, message: fm.problem.message }] : [];
  const markdown = options.format ? options.format === 'markdown' : /\.(md|markdown)$/i.test(file);
  const parsed = markdown
    ? blocksFromMdast(markdownParser.parse(capQuoteNesting(fm.body)), { lineOffset: fm.lineOffset, boilerplate, maxChars })
    : parseTextBlocks(fm.body, fm.lineOffset + 1, fm.data.title, boilerplate);
  return assembleDocument(parsed, {
    file,
    documentId,
    frontMatter: fm.data,
    format: markdown ? 'markdown' : 'text',
    targetChars,
    maxChars,
    problems,
    ...(options.minPassageChars !== undefined ? { minChars: options.minPassageChars } : {}),
    empty: normalised.trim() === '',
  });
}

/** Deeper block quotes than any document uses; past it the `>` marks are read as text. */
const MAX_QUOTE_DEPTH = 32;

/**
 * The Markdown parser's cost grows with the square of quote nesting: a line of 30,000 `>` took
 * minutes. Marks past {@link MAX_QUOTE_DEPTH} are escaped, so they stay in the text as written
 * and the line is parsed at a bounded depth. One pass over each line's opening marks: linear.
 */
export function capQuoteNesting(markdown: string): string {
  const lines = markdown.split('\n');
  let changed = false;
  for (const [i, line] of lines.entries()) {
    let depth = 0;
    let at = 0;
    while (at < line.length && (line[at] === '>' || line[at] === ' ' || line[at] === '\t')) {
      if (line[at] === '>' && ++depth > MAX_QUOTE_DEPTH) break;
      at++;
    }
    if (depth > MAX_QUOTE_DEPTH) {
      lines[i] = `${line.slice(0, at)}\\${line.slice(at)}`;
      changed = true;
    }
  }
  return changed ? lines.join('\n') : markdown;
}

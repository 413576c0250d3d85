/**
 * Tables of contents inside a plain-text document. Manuals made from DocBook repeat, under each
 * chapter heading, a "Table of Contents" label and the titles of that chapter's sections before
 * the sections themselves. Such a list is navigation: read as text it makes duplicate headings,
 * empty sections and a section called "Table of Contents".
 */
import { type Block, type Skipped, endLineOf, isProse, withoutLeaders } from './blocks.js';

/** A table-of-contents label, tested on a trimmed line. */
export const TOC_LINE = /^(table of contents|contents|in this article|on this page) ?:?$/i;

/** A line's title as it would stand on a line of its own: case, spacing, bullet and page number ignored, numbering kept. */
export function entryKey(text: string): string {
  return withoutLeaders(
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/^\s*[-*+•–]\s+/u, ''),
  )
    .replace(/\s+/gu, ' ')
    .trim();
}

const isLine = (u: Block): boolean => (u.kind === 'prose' || u.kind === 'heading') && u.lineStarts.length === 1 && u.text.length <= 200;

/**
 * Drops each remaining contents label together with the lines after it that all come back later
 * as lines of their own (numbering included, so "2.1. Overview" is not taken for "1.1. Overview").
 * A label whose next lines do not come back is left as it is.
 */
export function dropInnerContents(units: readonly Block[]): { units: Block[]; skipped: Skipped[] } {
  // Where each standalone line occurs last, so "comes back later" is one lookup.
  const lastAt = new Map<string, number>();
  for (const [i, u] of units.entries()) if (isLine(u)) lastAt.set(entryKey(u.text), i);
  const kept: Block[] = [];
  const skipped: Skipped[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (!u) break;
    if (!isLine(u) || !TOC_LINE.test(u.text.trim())) {
      kept.push(u);
      continue;
    }
    let k = i + 1;
    let endLine = u.line;
    for (let v = units[k]; v; v = units[++k]) {
      // Entries set in aligned columns ("A.      Overview") read as a code block.
      const entries = v.kind === 'list' || v.kind === 'code' ? v.text.split('\n').filter((e) => e.trim() !== '') : isLine(v) ? [v.text] : [];
      // Entries are titles: a sentence that happens to recur is text.
      if (entries.length === 0 || !entries.every((e) => !isProse(e) && (lastAt.get(entryKey(e)) ?? -1) > k)) break;
      endLine = endLineOf(v);
    }
    if (k === i + 1) {
      kept.push(u);
      continue;
    }
    skipped.push({ line: u.line, endLine, reason: 'table of contents' });
    i = k - 1;
  }
  return { units: kept, skipped };
}

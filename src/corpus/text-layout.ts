/**
 * The layout of hard-wrapped plain text: how deep lines are indented, how wide the page is, and
 * what an indented block is by its shape (a wrapped paragraph, a term with its definition, a
 * centred title) — the cues a reader takes in before reading the words.
 */

/** A list item in plain text, at any indentation (`- `, `* `, `• `, `1. `, `2) `). */
export const TEXT_LIST_ITEM = /^\s*(?:[-*+•–]|\d{1,3}(?:\.\d{1,3})+[.)]?|\d{1,3}[.)])\s+\S/u;

export const indentOf = (text: string): number => text.length - text.trimStart().length;

/**
 * Lines indented deeper than the body that still read as a wrapped paragraph (a definition, a
 * quotation): full lines of words, no command prompt or brace, the last ending a sentence. Such a
 * block is text; anything else indented that deep is kept as it is (commands, screens, files).
 */
export function isWrappedProse(lines: readonly string[]): boolean {
  const last = lines.at(-1)?.trim() ?? '';
  const indent = indentOf(lines[0] ?? '');
  return (
    /[.!?]["”’')]*$/u.test(last) &&
    lines.every((l, k) => {
      const t = l.trim();
      return indentOf(l) === indent && /^[\p{L}"“'‘(]/u.test(t) && !/[{}<>|\\]|\s{3,}/u.test(t) && (k === lines.length - 1 || t.length >= 40);
    })
  );
}

/** Explicitly marked headings (underlined, boxed) that make a document's unmarked short lines terms, not headings. */
export const MARKED_HEADINGS = 3;

/** A short first line with every line after it indented deeper: a term and its definition. */
export function isDefinition(lines: readonly string[]): boolean {
  const [term, ...rest] = lines;
  if (term === undefined) return false;
  const t = term.trim();
  return rest.length > 0 && t.length <= 60 && !TEXT_LIST_ITEM.test(term) && !/[.!?]["”’')]*$/u.test(t) && rest.every((l) => indentOf(l) >= indentOf(term) + 2);
}

/** The width the text is set in: nearly every line ends within it. */
export function textWidth(lines: readonly string[]): number {
  const lengths = lines
    .map((l) => l.length)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.95)] ?? 0;
}

/** A line set in the middle of the page (a title), well away from the body's indentation. */
export function isCentred(text: string, baseIndent: number, width: number): boolean {
  const left = indentOf(text);
  const right = width - text.length;
  return left >= baseIndent + 8 && Math.abs(left - right) <= 8;
}

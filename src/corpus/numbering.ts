/**
 * Section numbering in plain-text headings. Manuals made from DocBook (and many hand-written
 * ones) number chapters "Chapter 2. Title" and sections "2.1. Title", "2.1.3. Title"; the
 * numbering, not the order of the lines, says how deep a heading sits.
 */

/** A chapter or appendix label: "Chapter 2. ", "Appendix B: ", "CHAPTER IV ". */
export const CHAPTER_LABEL = /^\s*(?:chapter|appendix)\s+(?:\d{1,3}|[A-Z]|[IVXLC]{1,6})\b[.:]?\s+(?=\S)/iu;

/** Dotted section numbering: "2.", "2.1", "2.1.3." (captured without the last dot). */
const SECTION_NUMBER = /^\s*(\d{1,3}(?:\.\d{1,3})*)\.?\s+(?=\S)/u;

/**
 * How deep a numbered heading sits: a chapter or appendix 1, "2." 1, "2.1" 2, "2.1.3" 3 (at most
 * 6); undefined when the heading carries no numbering.
 *
 * @example
 * numberedDepth('Chapter 4. The Interface'); // 1
 * numberedDepth('4.2.6. Final summary'); // 3
 * numberedDepth('Abstract'); // undefined
 */
export function numberedDepth(text: string): number | undefined {
  if (CHAPTER_LABEL.test(text)) return 1;
  const m = SECTION_NUMBER.exec(text);
  if (!m) return undefined;
  return Math.min(6, (m[1] ?? '').split('.').length);
}

/** Depth of a heading from its numbering; an unnumbered heading counts as top level. */
export function numberingDepth(text: string): number {
  return numberedDepth(text) ?? 1;
}

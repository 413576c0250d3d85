/**
 * The options of `parseDocument` and the document id rule, apart from the parsers themselves:
 * the corpus loader needs these on every start, the parsers (remark, YAML, HTML: ~0.3 s of
 * CPU to load) only when a file is actually parsed, not when the corpus comes from the cache.
 */
import { defaultSplitOptions } from './split.js';
import { slugify } from './slug.js';

/** Options of `parseDocument` (parse.ts). All optional. */
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
  /**
   * Passages shorter than this are merged with a neighbour in their section when the two fit
   * together (default 120; 0 keeps every paragraph a passage of its own).
   */
  readonly minPassageChars?: number;
  /** Force the format; default: by extension (`.md`/`.markdown` → Markdown, else plain text). */
  readonly format?: 'markdown' | 'text';
}

export const defaultParseOptions = {
  targetChars: defaultSplitOptions.targetChars,
  maxChars: 3000,
  boilerplate: true,
} as const;

/** A document id from a corpus-relative path: `notes/Rome Talks.md` → `notes-rome-talks`. */
export function documentIdFor(file: string): string {
  const withoutExt = file.replace(/\.[^./\\]+$/, '');
  return slugify(withoutExt.replace(/[\\/]+/g, ' '), 40) || 'document';
}

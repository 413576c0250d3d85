/**
 * What parsing made of a document, for an admin to check: the headings as an indented outline
 * (headings with no text of their own included), and warnings about shapes that usually mean a
 * document was read wrong — many tiny passages, sections of one-line passages, a line that looks
 * like a heading but was read as text, a list or table split over several passages.
 */
import type { CorpusProblem } from '../types.js';
import type { ParsedDocument } from './assemble.js';
import { INTRODUCTION_SLUG } from './assemble.js';
import { isHeadingLike, wordCount } from './blocks.js';

/** A passage shorter than this is "short" for the shape warnings. */
export const SHORT_PASSAGE_CHARS = 80;

export interface OutlineEntry {
  /** 0 for the introduction (text before the first heading), 1 for top-level headings, … */
  readonly depth: number;
  readonly heading: string;
  readonly line: number;
  readonly passages: number;
}

/**
 * The document's sections as an outline, in reading order.
 *
 * @example
 * documentOutline(parseDocument(text, 'faq.md')).map((e) => `${'  '.repeat(e.depth)}${e.heading}`);
 */
export function documentOutline(doc: ParsedDocument): OutlineEntry[] {
  return doc.sections.map((s) => {
    const intro = s.id === `${doc.document.id}/${INTRODUCTION_SLUG}` && s.headingPath.length === 1 && s.headingPath[0] === doc.document.title;
    return {
      depth: intro ? 0 : s.headingPath.length,
      heading: intro ? '(introduction)' : (s.headingPath[s.headingPath.length - 1] ?? ''),
      line: s.line,
      passages: s.passageIds.length,
    };
  });
}

/** The outline as indented lines: `  Usage  (line 12, no text of its own)`. */
export function formatOutline(doc: ParsedDocument): string[] {
  const lines = [`${doc.document.file}: "${doc.document.title}"`];
  // A PDF's positions are pages (see formats/pdf.ts).
  const where = doc.passages.some((p) => p.page !== undefined) ? 'page' : 'line';
  for (const e of documentOutline(doc)) {
    const count = e.passages === 0 ? 'no text of its own' : `${e.passages} passage${e.passages === 1 ? '' : 's'}`;
    lines.push(`${'  '.repeat(Math.max(1, e.depth))}${e.heading}  (${where} ${e.line}, ${count})`);
  }
  return lines;
}

/** Warnings about the shape parsing gave a document (see the module comment). Quiet on documents read right. */
export function shapeWarnings(doc: ParsedDocument): CorpusProblem[] {
  const file = doc.document.file;
  const warnings: CorpusProblem[] = [];
  const passages = doc.passages;
  const short = passages.filter((p) => p.text.length < SHORT_PASSAGE_CHARS);
  const paragraphs = doc.paragraphs;
  const [firstShort] = short;
  if (firstShort && short.length >= 5 && short.length > passages.length * 0.2) {
    warnings.push({
      severity: 'warning',
      file,
      line: firstShort.line,
      message: `${short.length} of ${passages.length} passages are under ${SHORT_PASSAGE_CHARS} characters: line breaks may have been read as paragraph breaks`,
    });
  } else if (doc.document.file.match(/\.txt$/i) && paragraphs.short >= 8 && paragraphs.short > paragraphs.count * 0.4) {
    // Merging keeps passages whole, but a text read as many one-line paragraphs was probably cut at its line ends.
    warnings.push({
      severity: 'warning',
      file,
      ...(paragraphs.firstShortLine !== undefined ? { line: paragraphs.firstShortLine } : {}),
      message: `${paragraphs.short} of ${paragraphs.count} paragraphs are under ${SHORT_PASSAGE_CHARS} characters: line breaks may have been read as paragraph breaks`,
    });
  }
  const byId = new Map(passages.map((p) => [p.id, p]));
  for (const s of doc.sections) {
    const own = s.passageIds.map((id) => byId.get(id)).filter((p) => p !== undefined);
    if (own.length >= 3 && own.every((p) => !p.text.includes('\n') && p.text.length < SHORT_PASSAGE_CHARS)) {
      warnings.push({ severity: 'warning', file, line: s.line, message: `section "${s.headingPath.join(' › ')}" has only one-line passages` });
    }
  }
  // Plain text only: in Markdown a heading is marked, so an unmarked line is meant as text.
  for (const p of passages) {
    if (p.format === 'markdown' || p.display !== undefined) continue;
    const lines = p.text.split('\n');
    lines.forEach((l, i) => {
      const t = l.trim();
      const next = lines[i + 1];
      if (next === undefined || t.length > 60 || wordCount(t) > 8 || /^[-*+•–]\s|^\d{1,3}[.)]\s/u.test(t) || /^[-*+•–]\s|^\d{1,3}[.)]\s/u.test(next.trim())) return;
      if (isHeadingLike(t) && /^\p{Lu}/u.test(next.trim()) && next.trim().length > 60) {
        warnings.push({ severity: 'warning', file, line: p.line + i, message: `"${t}" looks like a heading but was read as text` });
      }
    });
  }
  return warnings;
}

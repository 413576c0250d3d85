/**
 * Lint checks on a loaded corpus, beyond what loading reports: ids unique, no empty passage, and
 * every passage displayable whole in a Discord embed. (A section with no passages is a heading
 * whose text is all in its subsections: an outline node, not a fault; parsing warns about one
 * with nothing under it at all.)
 */
import type { Corpus, CorpusProblem } from '../types.js';

/** Discord's limit on an embed description; passages are shown there. */
export const EMBED_DESCRIPTION_MAX = 4096;
/** Discord's limit on an embed title; the heading path is shown there. */
export const EMBED_TITLE_MAX = 256;
/** How the heading path reads in an embed title. */
export const HEADING_SEPARATOR = ' › ';
/** Room left in the description for markup around the passage (bold terms, "…", a source link). */
export const DESCRIPTION_MARKUP_ROOM = 400;

/**
 * Problems found in a corpus that loaded: duplicate ids, empty sections or passages, text too
 * long for an embed. Loading problems are in `corpus.problems` already and are not repeated.
 *
 * @example
 * const problems = validateCorpus(await loadCorpus('corpus'));
 */
export function validateCorpus(corpus: Corpus): CorpusProblem[] {
  const problems: CorpusProblem[] = [];
  const fileOf = new Map(corpus.documents.map((d) => [d.id, d.file]));
  const file = (documentId: string): string => fileOf.get(documentId) ?? documentId;

  const documentIds = new Set<string>();
  for (const d of corpus.documents) {
    if (documentIds.has(d.id)) problems.push({ severity: 'error', file: d.file, message: `document id "${d.id}" is used twice` });
    documentIds.add(d.id);
  }
  const sectionIds = new Set<string>();
  for (const s of corpus.sections) {
    if (sectionIds.has(s.id)) problems.push({ severity: 'error', file: file(s.documentId), line: s.line, message: `section id "${s.id}" is used twice` });
    sectionIds.add(s.id);
    const title = s.headingPath.join(HEADING_SEPARATOR);
    if (title.length > EMBED_TITLE_MAX) {
      problems.push({
        severity: 'error',
        file: file(s.documentId),
        line: s.line,
        message: `heading path is ${title.length} characters; a Discord embed title holds ${EMBED_TITLE_MAX} — shorten the heading`,
      });
    }
  }
  const passageIds = new Set<string>();
  for (const p of corpus.passages) {
    const where = { file: file(p.documentId), line: p.line };
    if (passageIds.has(p.id)) problems.push({ severity: 'error', ...where, message: `passage id "${p.id}" is used twice` });
    passageIds.add(p.id);
    if (p.text.trim() === '') problems.push({ severity: 'error', ...where, message: `passage ${p.id} is empty` });
    const length = Math.max(p.text.length, p.display?.length ?? 0);
    if (length > EMBED_DESCRIPTION_MAX - DESCRIPTION_MARKUP_ROOM) {
      problems.push({
        severity: 'error',
        ...where,
        message: `passage ${p.id} is ${length} characters; it must stay under ${EMBED_DESCRIPTION_MAX - DESCRIPTION_MARKUP_ROOM} to fit a Discord embed (${EMBED_DESCRIPTION_MAX}) with its markup`,
      });
    }
    if (!sectionIds.has(p.sectionId)) problems.push({ severity: 'error', ...where, message: `passage ${p.id} belongs to no section` });
  }
  return problems;
}

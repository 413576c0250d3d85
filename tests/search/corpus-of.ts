/** A corpus made in memory for ranking tests: one document, sections of passages, no parsing involved. */
import { passageId, type Corpus, type Passage, type Section } from '../../src/types.js';

export interface SectionSpec {
  readonly heading: string;
  /** Passage texts; an object gives the FAQ question the passage answers too. */
  readonly passages: readonly (string | { readonly text: string; readonly question: string })[];
}

export function corpusOf(title: string, sections: readonly SectionSpec[]): Corpus {
  const documentId = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const passages: Passage[] = [];
  const made: Section[] = [];
  sections.forEach((spec, s) => {
    const sectionId = `${documentId}/s${s + 1}`;
    const headingPath = [title, spec.heading];
    const ids: string[] = [];
    spec.passages.forEach((p, i) => {
      const id = passageId(sectionId, i + 1);
      ids.push(id);
      const text = typeof p === 'string' ? p : p.text;
      passages.push({
        id,
        documentId,
        document: title,
        sectionId,
        headingPath,
        text,
        index: i + 1,
        count: spec.passages.length,
        line: s * 10 + i + 1,
        ...(typeof p === 'string' ? {} : { question: p.question }),
      });
    });
    made.push({ id: sectionId, documentId, headingPath, passageIds: ids, line: s * 10 + 1 });
  });
  return { documents: [{ id: documentId, file: `${documentId}.md`, title }], sections: made, passages, problems: [] };
}

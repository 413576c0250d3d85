/**
 * Turns a stream of passage texts into a `Corpus` with the same shape ingestion produces
 * (documents → sections with heading paths → passages), without touching the disk.
 */
import { passageId, type Corpus, type DocumentInfo, type Passage, type Section } from '../../src/types.js';
import { int, type Random } from '../random.js';

export interface AssembleOptions {
  /** Total passages wanted. */
  readonly passages: number;
  /** Passages per document (the last document may be shorter). */
  readonly passagesPerDocument: number;
  /** Inclusive range of passages per section. */
  readonly sectionSize: readonly [number, number];
  /** Next passage text. */
  readonly nextText: () => string;
  /** Title of document number `n` (0-based). */
  readonly documentTitle: (n: number) => string;
  /** Heading of a new section (its path is `[title, heading]`, sometimes with a subheading). */
  readonly heading: () => string;
  readonly random: Random;
  /** Prefix of document ids, to keep generated corpora apart. */
  readonly idPrefix: string;
}

export function assembleCorpus(options: AssembleOptions): Corpus {
  const { random } = options;
  const documents: DocumentInfo[] = [];
  const sections: Section[] = [];
  const passages: Passage[] = [];
  let docNo = 0;
  while (passages.length < options.passages) {
    const title = options.documentTitle(docNo);
    const documentId = `${options.idPrefix}-${String(docNo).padStart(6, '0')}`;
    documents.push({ id: documentId, file: `${documentId}.md`, title });
    const docEnd = Math.min(options.passages, passages.length + options.passagesPerDocument);
    let line = 1;
    let sectionNo = 0;
    let h2 = options.heading();
    while (passages.length < docEnd) {
      // A third of the sections are subsections of the previous top-level heading.
      const nested = sectionNo > 0 && random() < 0.33;
      if (!nested) h2 = options.heading();
      const headingPath = nested ? [title, h2, options.heading()] : [title, h2];
      const sectionId = `${documentId}/s${sectionNo}`;
      const count = Math.min(int(random, options.sectionSize[0], options.sectionSize[1]), docEnd - passages.length);
      const passageIds: string[] = [];
      const sectionLine = line;
      line += 2;
      for (let index = 1; index <= count; index++) {
        const id = passageId(sectionId, index);
        passageIds.push(id);
        passages.push({
          id,
          documentId,
          document: title,
          sectionId,
          headingPath,
          text: options.nextText(),
          index,
          count,
          line,
        });
        line += 2;
      }
      sections.push({ id: sectionId, documentId, headingPath, passageIds, line: sectionLine });
      sectionNo++;
    }
    docNo++;
  }
  return { documents, sections, passages, problems: [] };
}

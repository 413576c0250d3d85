/**
 * Id → object maps over a corpus, built once per corpus object (a hot reload brings a new corpus,
 * so a WeakMap keyed by it never serves stale entries and frees old ones).
 */
import type { Corpus, DocumentInfo, Passage, Section } from '../types.js';
import { hash53 } from './custom-id.js';

interface Lookup {
  readonly documents: ReadonlyMap<string, DocumentInfo>;
  readonly sections: ReadonlyMap<string, Section>;
  /** `#<hash>` → section, for section ids too long to carry in a custom id. */
  readonly sectionsByHash: ReadonlyMap<string, Section>;
  readonly passages: ReadonlyMap<string, Passage>;
  /** Each document's sections, in corpus order. */
  readonly sectionsByDocument: ReadonlyMap<string, readonly Section[]>;
  /** Lower-cased headings for autocomplete: the section's own heading and its whole path. */
  readonly headings: readonly { readonly section: Section; readonly last: string; readonly path: string }[];
}

const cache = new WeakMap<Corpus, Lookup>();

export function lookup(corpus: Corpus): Lookup {
  let found = cache.get(corpus);
  if (!found) {
    found = {
      documents: new Map(corpus.documents.map((d) => [d.id, d])),
      sections: new Map(corpus.sections.map((s) => [s.id, s])),
      sectionsByHash: new Map(corpus.sections.map((s) => [`#${hash53(s.id)}`, s])),
      passages: new Map(corpus.passages.map((p) => [p.id, p])),
      sectionsByDocument: groupByDocument(corpus.sections),
      headings: corpus.sections.map((section) => ({
        section,
        last: (section.headingPath.at(-1) ?? '').toLowerCase(),
        path: section.headingPath.join(' › ').toLowerCase(),
      })),
    };
    cache.set(corpus, found);
  }
  return found;
}

/** The section a custom-id reference (`sectionRef`) points at, in the current corpus. */
export function resolveSection(corpus: Corpus, ref: string): Section | undefined {
  const maps = lookup(corpus);
  return ref.startsWith('#') ? maps.sectionsByHash.get(ref) : maps.sections.get(ref);
}

/** The passages of a section, in reading order (missing ids are skipped). */
export function sectionPassages(corpus: Corpus, section: Section): Passage[] {
  const maps = lookup(corpus);
  return section.passageIds.map((id) => maps.passages.get(id)).filter((p): p is Passage => p !== undefined);
}

function groupByDocument(sections: readonly Section[]): Map<string, Section[]> {
  const groups = new Map<string, Section[]>();
  for (const section of sections) {
    const group = groups.get(section.documentId);
    if (group) group.push(section);
    else groups.set(section.documentId, [section]);
  }
  return groups;
}

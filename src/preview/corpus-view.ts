/**
 * The corpus as Parley read it, for the preview's side panel: the documents, each one's heading
 * outline, and what `validate-corpus` would warn about — so an admin fixes their files before
 * going live.
 */
import { validateCorpus } from '../corpus/validate.js';
import type { Corpus, CorpusProblem, Searcher } from '../types.js';

/** One heading of a document's outline. */
export interface OutlineEntry {
  readonly heading: string;
  /** 0 for a top heading (or the document's title, for its introduction), 1 below it, … */
  readonly depth: number;
  readonly line: number;
  /** Passages under this heading itself (0 for a heading with nothing of its own). */
  readonly passages: number;
}

export interface DocumentView {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly passages: number;
  readonly outline: readonly OutlineEntry[];
}

export interface CorpusView {
  readonly folder: string;
  /** ISO time the index being served was built (changes on every hot reload). */
  readonly builtAt: string;
  readonly documents: readonly DocumentView[];
  readonly passages: number;
  readonly problems: readonly CorpusProblem[];
}

/**
 * The heading outline of one document. The only place the preview reads document structure, so a
 * richer outline from ingestion (e.g. headings that hold no passage) changes this function alone.
 */
export function outlineOf(corpus: Corpus, documentId: string): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  const seen = new Set<string>();
  for (const section of corpus.sections) {
    if (section.documentId !== documentId) continue;
    // A parent heading with no text of its own has no section: show it once, above its first child.
    section.headingPath.forEach((heading, depth) => {
      const key = section.headingPath.slice(0, depth + 1).join('\u0000');
      if (seen.has(key)) return;
      seen.add(key);
      const own = depth === section.headingPath.length - 1;
      entries.push({ heading, depth, line: section.line, passages: own ? section.passageIds.length : 0 });
    });
  }
  return entries;
}

/**
 * Documents, outlines and problems (loading problems plus `validateCorpus`) of the index being served.
 *
 * @example
 * const view = corpusView(engine.current, 'corpus');
 */
export function corpusView(searcher: Searcher, folder: string): CorpusView {
  const corpus = searcher.corpus;
  const passagesOf = new Map<string, number>();
  for (const p of corpus.passages) passagesOf.set(p.documentId, (passagesOf.get(p.documentId) ?? 0) + 1);
  return {
    folder,
    builtAt: searcher.builtAt.toISOString(),
    documents: corpus.documents.map((d) => ({
      id: d.id,
      file: d.file,
      title: d.title,
      passages: passagesOf.get(d.id) ?? 0,
      outline: outlineOf(corpus, d.id),
    })),
    passages: corpus.passages.length,
    problems: [...corpus.problems, ...validateCorpus(corpus)],
  };
}

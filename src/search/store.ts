/**
 * What MiniSearch stores per passage and how Parley reads it back: the indexed fields, the options
 * (the analyzer does all the tokenizing), and read access to the posting lists MiniSearch keeps.
 */
import MiniSearch from 'minisearch';
import type { Passage } from '../types.js';
import { analyze } from './analyzer.js';

/** What MiniSearch indexes per passage: its position in `corpus.passages`, text and heading path. */
export interface IndexedPassage {
  readonly i: number;
  readonly text: string;
  readonly heading: string;
}

export const FIELDS = ['text', 'heading'];
export const TEXT = 0;
export const HEADING = 1;

export type FieldTermData = Map<number, Map<number, number>>;
export interface TermTree {
  get(term: string): FieldTermData | undefined;
  fuzzyGet(term: string, maxEditDistance: number): Map<string, [FieldTermData, number]>;
  atPrefix(prefix: string): { entries(): IterableIterator<[string, FieldTermData]> };
}

/** Read access to the index MiniSearch keeps, for our own scoring of its posting lists. */
export class MiniSearchInternals extends MiniSearch<IndexedPassage> {
  static of(search: MiniSearch<IndexedPassage>) {
    const inner = search as MiniSearchInternals;
    return {
      tree: inner._index as unknown as TermTree,
      documentIds: inner._documentIds as Map<number, number>,
      fieldLength: inner._fieldLength,
      avgFieldLength: inner._avgFieldLength,
      fieldIds: inner._fieldIds,
    };
  }
}

/**
 * Speeds up `search.add()` for a bulk build: MiniSearch finds a term's posting maps by walking its
 * radix tree once per token (about half the build time at 100k passages); here each term's maps are
 * found once and then kept in a hash map, so the next occurrences are one lookup. The tree itself is
 * filled exactly as MiniSearch fills it (the maps are the tree's own), so the index, its JSON and its
 * answers do not change. Only for adding: call the returned function when done (removing documents
 * would leave stale maps behind).
 */
export function bulkAdding(search: MiniSearch<IndexedPassage>): () => void {
  const inner = search as unknown as {
    _index: { fetch(term: string, create: () => FieldTermData): FieldTermData };
    addTerm?: (fieldId: number, documentId: number, term: string) => void;
  };
  const maps = new Map<string, FieldTermData>();
  const tree = inner._index;
  const create = () => new Map<number, Map<number, number>>();
  // An own property shadows MiniSearch's private prototype method for this instance only.
  inner.addTerm = (fieldId, documentId, term) => {
    let data = maps.get(term);
    if (data === undefined) {
      data = tree.fetch(term, create);
      maps.set(term, data);
    }
    const field = data.get(fieldId);
    if (field === undefined) data.set(fieldId, new Map([[documentId, 1]]));
    else field.set(documentId, (field.get(documentId) ?? 0) + 1);
  };
  return () => {
    delete inner.addTerm;
    maps.clear();
  };
}

export function miniSearchOptions() {
  // Every passage of a section repeats its heading path: analyze each distinct one once.
  const headings = new Map<string, string[]>();
  return {
    idField: 'i',
    fields: FIELDS,
    storeFields: [] as string[],
    // The analyzer does all the work, so index and query agree term for term.
    tokenize: (text: string, field?: string) => {
      if (field !== 'heading') return analyze(text);
      let terms = headings.get(text);
      if (terms === undefined) {
        terms = analyze(text);
        if (headings.size >= 10_000) headings.clear();
        headings.set(text, terms);
      }
      return terms;
    },
    processTerm: (term: string) => term,
    searchOptions: { tokenize: (text: string) => analyze(text), processTerm: (term: string) => term },
  };
}

export function headingOf(passage: Passage): string {
  const parts = passage.headingPath[0] === passage.document ? passage.headingPath : [passage.document, ...passage.headingPath];
  return parts.join(' / ');
}


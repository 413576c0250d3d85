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


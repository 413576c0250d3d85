/**
 * The libraries the bench compares, behind one shape: build an index of a corpus, then answer a
 * question. Parley is measured through its public API; the baselines get the same passages
 * (text + heading path) and the same questions.
 */
import MiniSearch from 'minisearch';
import { Index as FlexIndex } from 'flexsearch';
import type { Corpus, Passage } from '../src/types.js';

export type LibraryName = 'parley' | 'minisearch' | 'flexsearch';
export const LIBRARIES: readonly LibraryName[] = ['parley', 'minisearch', 'flexsearch'];

export interface BuiltLibrary {
  /** Answers one question; the result is only kept alive, never checked here. */
  ask(question: string): unknown;
}

/** What the baselines index of a passage: its heading path as one field. */
export function headingText(passage: Passage): string {
  return passage.headingPath.join(' / ');
}

export async function buildLibrary(name: LibraryName, corpus: Corpus): Promise<BuiltLibrary> {
  switch (name) {
    case 'parley': {
      const { ParleyIndex } = await import('../src/search/index.js');
      const index = ParleyIndex.build(corpus);
      // The bot's default page of answers.
      return { ask: (q) => index.ask(q, { limit: 3 }) };
    }
    case 'minisearch': {
      // The baseline: MiniSearch's defaults, plain search() (OR of all terms, every match scored).
      const ms = new MiniSearch<{ id: number; text: string; heading: string }>({ fields: ['text', 'heading'] });
      // One document at a time: no second million-object array at 1M passages.
      corpus.passages.forEach((p, id) => ms.add({ id, text: p.text, heading: headingText(p) }));
      return { ask: (q) => ms.search(q) };
    }
    case 'flexsearch': {
      // Exact-word tokens with the default encoder: FlexSearch's fastest sensible setup for this.
      // `suggest` makes a multi-word question return passages matching only some of its words
      // (without it a natural-language question finds nothing: FlexSearch intersects terms).
      const index = new FlexIndex({ tokenize: 'strict', resolution: 9 });
      corpus.passages.forEach((p, id) => index.add(id, `${headingText(p)} ${p.text}`));
      return { ask: (q) => index.search(q, { limit: 10, suggest: true }) };
    }
  }
}

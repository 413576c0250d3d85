/**
 * The index as plain JSON-able data for the on-disk cache, and the checks that a saved index belongs
 * to this analyzer and this corpus before it is used.
 */
import type { Corpus } from '../types.js';
import { fingerprint } from './corpus-facts.js';
import { compactIndex, type PassageSearch } from './store.js';

/** What `ParleyIndex.toJSON` writes. */
export interface SerializedIndex {
  readonly format: 'parley-index';
  readonly analyzer: string;
  readonly passages: number;
  readonly fingerprint: string;
  readonly aliases: string[][];
  readonly surface: [string, string][];
  readonly miniSearch: unknown;
}

/** The serialized form of an index built from `corpus`. */
export function serializeIndex(
  analyzer: string,
  corpus: Corpus,
  search: PassageSearch,
  aliases: string[][],
  surface: ReadonlyMap<string, string>,
): SerializedIndex {
  return {
    format: 'parley-index',
    analyzer,
    passages: corpus.passages.length,
    fingerprint: fingerprint(corpus),
    aliases,
    surface: [...surface],
    // Compact postings (store.ts), not MiniSearch's own toJSON: a third smaller and loaded ~3× faster.
    miniSearch: compactIndex(search),
  };
}

/** The serialized index, once it is known to be a Parley index of this analyzer for this corpus; else a `Parley:` error. */
export function checkSerialized(json: unknown, corpus: Corpus, analyzer: string): SerializedIndex {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (error) {
      throw new Error(`Parley: cached index is not valid JSON (${(error as Error).message})`);
    }
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== 'parley-index') {
    throw new Error('Parley: cached index is not a Parley index');
  }
  const serialized = data as SerializedIndex;
  if (serialized.analyzer !== analyzer) {
    throw new Error(`Parley: cached index was built by analyzer ${serialized.analyzer}, not ${analyzer}`);
  }
  if (serialized.passages !== corpus.passages.length || serialized.fingerprint !== fingerprint(corpus)) {
    throw new Error('Parley: cached index was built from another corpus');
  }
  if (!Array.isArray(serialized.aliases) || !Array.isArray(serialized.surface)) {
    throw new Error('Parley: cached index is missing its aliases or word forms');
  }
  return serialized;
}

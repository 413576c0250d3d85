import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import {
  compactIndex,
  headingOf,
  loadCompactIndex,
  loadCompactIndexAsync,
  PassageSearch,
} from '../../src/search/store.js';
import type { Corpus } from '../../src/types.js';

let corpus: Corpus;
/** MiniSearch's own JSON with terms sorted: the radix tree lists terms in insertion order, which may differ. */
const canonical = (search: PassageSearch) => {
  const json = search.toJSON();
  return { ...json, index: [...json.index].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
};
let plain: PassageSearch;

beforeAll(async () => {
  corpus = await loadCorpus(join(import.meta.dirname, '../../corpus'));
  plain = new PassageSearch();
  plain.addAll(corpus.passages.map((passage, i) => ({ i, text: passage.text, heading: headingOf(passage) })));
});

describe('compactIndex / loadCompactIndex', () => {
  it('gives back MiniSearch state equal term for term, count for count and length for length', () => {
    const loaded = loadCompactIndex(JSON.parse(JSON.stringify(compactIndex(plain))));
    expect(canonical(loaded)).toEqual(canonical(plain));
    // MiniSearch types result ids as any.
    expect(loaded.search('Rome enrichment').map((r): unknown[] => [r.id, r.score])).toEqual(
      plain.search('Rome enrichment').map((r): unknown[] => [r.id, r.score]),
    );
  });

  it('keeps a removed passage removed (doc-id gaps and dirt survive the round trip)', () => {
    const search = new PassageSearch();
    search.addAll(
      corpus.passages.slice(0, 6).map((passage, i) => ({ i, text: passage.text, heading: headingOf(passage) })),
    );
    search.discard(2);
    const loaded = loadCompactIndex(JSON.parse(JSON.stringify(compactIndex(search))));
    expect(canonical(loaded)).toEqual(canonical(search));
    expect(loaded.documentCount).toBe(5);
  });

  it('is smaller than MiniSearch’s own JSON', () => {
    expect(JSON.stringify(compactIndex(plain)).length).toBeLessThan(JSON.stringify(plain).length);
  });

  it('the async load gives the same index', async () => {
    const loaded = await loadCompactIndexAsync(JSON.parse(JSON.stringify(compactIndex(plain))));
    expect(canonical(loaded)).toEqual(canonical(plain));
  });

  it('throws a Parley error for MiniSearch’s own format, truncated postings or garbage', () => {
    const good = JSON.parse(JSON.stringify(compactIndex(plain))) as { postings: string; terms: string[] };
    expect(() => loadCompactIndex(plain.toJSON())).toThrow(/^Parley:/);
    expect(() => loadCompactIndex({ ...good, postings: good.postings.slice(0, -3) })).toThrow(/^Parley:/);
    expect(() => loadCompactIndex({ ...good, terms: good.terms.slice(0, -1) })).toThrow(/^Parley:/);
    expect(() => loadCompactIndex(null)).toThrow(/^Parley:/);
    expect(() => loadCompactIndex('nonsense')).toThrow(/^Parley:/);
  });
});

import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { ParleyIndex } from '../../src/search/index.js';
import { headingOf, miniSearchOptions, PassageSearch, type IndexedPassage } from '../../src/search/store.js';
import type { Corpus } from '../../src/types.js';

let corpus: Corpus;
const documents = () => corpus.passages.map((passage, i) => ({ i, text: passage.text, heading: headingOf(passage) }));

beforeAll(async () => {
  corpus = await loadCorpus(join(import.meta.dirname, '../../corpus'));
});

describe('PassageSearch.bulkAdding', () => {
  it('fills the index exactly as MiniSearch alone does (same JSON, term for term and count for count)', () => {
    const plain = new MiniSearch<IndexedPassage>(miniSearchOptions());
    plain.addAll(documents());
    const fast = new PassageSearch();
    const done = fast.bulkAdding();
    fast.addAll(documents());
    done();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(plain));
  });

  it('is what ParleyIndex.build uses, and the built index answers like one filled by MiniSearch alone', () => {
    const built = ParleyIndex.build(corpus);
    const plain = new MiniSearch<IndexedPassage>(miniSearchOptions());
    plain.addAll(documents());
    // Same documents behind the same terms: every passage's own opening words find it in both.
    for (const [i, passage] of corpus.passages.entries()) {
      const words = passage.text.split(/\s+/u).slice(0, 6).join(' ');
      const answer = built.ask(words, { limit: 100 });
      expect(answer.kind).toBe('answer');
      if (answer.kind === 'answer') expect(answer.results.map((r) => r.passage.id)).toContain(passage.id);
      expect(plain.search(words).map((r): unknown => r.id)).toContain(i);
    }
  });

  it('gives the tree its own fetch back when done, so later changes keep it consistent', () => {
    const search = new PassageSearch();
    const done = search.bulkAdding();
    search.addAll(documents().slice(0, 5));
    done();
    expect(Object.hasOwn(search.terms, 'fetch')).toBe(false);
    search.discard(0);
    search.addAll(documents().slice(5));
    const plain = new MiniSearch<IndexedPassage>(miniSearchOptions());
    plain.addAll(documents().slice(1));
    expect(search.search('Rome').map((r): unknown => r.id)).toEqual(plain.search('Rome').map((r): unknown => r.id));
  });
});

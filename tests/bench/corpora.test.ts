import { describe, expect, it } from 'vitest';
import { syntheticCorpus } from '../../bench/corpora/synthetic.js';
import { wordnetCorpus } from '../../bench/corpora/wordnet.js';
import { makeQuestions } from '../../bench/questions.js';
import { percentile, summarize } from '../../bench/latency.js';
import type { Corpus } from '../../src/types.js';

const words = (text: string) => text.split(/\s+/u).length;

function checkShape(corpus: Corpus, passages: number): void {
  expect(corpus.passages).toHaveLength(passages);
  expect(new Set(corpus.passages.map((p) => p.id)).size).toBe(passages);
  const sections = new Map(corpus.sections.map((s) => [s.id, s]));
  for (const p of corpus.passages) {
    const section = sections.get(p.sectionId);
    expect(section?.passageIds[p.index - 1]).toBe(p.id);
    expect(section?.passageIds).toHaveLength(p.count);
    expect(p.headingPath[0]).toBe(p.document);
    expect(p.headingPath.length).toBeGreaterThanOrEqual(2);
  }
  expect(corpus.documents.length).toBeGreaterThan(1);
  expect(corpus.sections.length).toBeGreaterThan(corpus.documents.length);
}

describe.each([
  [
    'synthetic',
    (n: number, seed?: number) => syntheticCorpus({ passages: n, ...(seed === undefined ? {} : { seed }) }),
  ],
  ['wordnet', (n: number, seed?: number) => wordnetCorpus({ passages: n, ...(seed === undefined ? {} : { seed }) })],
] as const)('the %s bench corpus', (_name, make) => {
  it('is the same for the same seed and differs for another', () => {
    const a = make(300);
    expect(make(300)).toEqual(a);
    expect(make(300, 12345).passages.map((p) => p.text)).not.toEqual(a.passages.map((p) => p.text));
  });

  it('has exactly the passages asked for, in sections under heading paths, ~60 words each', () => {
    const corpus = make(1234);
    checkShape(corpus, 1234);
    const mean = corpus.passages.reduce((n, p) => n + words(p.text), 0) / corpus.passages.length;
    expect(mean).toBeGreaterThan(50);
    expect(mean).toBeLessThan(70);
  });
});

describe('the synthetic worst case', () => {
  it('makes every content word common: no word is confined to a few passages', () => {
    const corpus = syntheticCorpus({ passages: 2000 });
    const df = new Map<string, number>();
    for (const p of corpus.passages)
      for (const w of new Set(p.text.toLowerCase().match(/\p{L}+/gu))) df.set(w, (df.get(w) ?? 0) + 1);
    const counts = [...df.values()].sort((a, b) => a - b);
    // Half the vocabulary sits in ≥ 1% of passages (WordNet's median word is in one or two).
    expect(percentile(counts, 0.5)).toBeGreaterThanOrEqual(20);
  });
});

describe('the wordnet corpus', () => {
  it('keeps a long Zipfian tail of rare words', () => {
    const corpus = wordnetCorpus({ passages: 2000 });
    const df = new Map<string, number>();
    for (const p of corpus.passages)
      for (const w of new Set(p.text.toLowerCase().match(/\p{L}+/gu))) df.set(w, (df.get(w) ?? 0) + 1);
    const counts = [...df.values()].sort((a, b) => a - b);
    expect(percentile(counts, 0.5)).toBeLessThanOrEqual(2);
    expect(counts[counts.length - 1]).toBeGreaterThan(1000); // "the", "of", "a"
  });
});

describe('bench questions', () => {
  it('are the same for the same corpus and seed, and quote their passage', () => {
    const corpus = syntheticCorpus({ passages: 500 });
    const qs = makeQuestions(corpus, 50);
    expect(makeQuestions(corpus, 50)).toEqual(qs);
    expect(qs).toHaveLength(50);
    for (const q of qs) {
      expect(q.endsWith('?')).toBe(true);
      expect(words(q)).toBeGreaterThanOrEqual(7);
    }
  });
});

describe('latency summary', () => {
  it('uses nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(samples)).toMatchObject({ queries: 100, p50Ms: 50, p99Ms: 99, maxMs: 100 });
    expect(percentile([7], 0.99)).toBe(7);
  });
});

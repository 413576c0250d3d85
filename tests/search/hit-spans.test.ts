/**
 * Every hit says where its best sentence and its matched words are in the passage text, so a
 * renderer highlights them without looking for them again.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { ParleyIndex } from '../../src/search/index.js';
import type { Hit } from '../../src/types.js';

let index: ParleyIndex;
let words: string[];

beforeAll(async () => {
  const corpus = await loadCorpus(join(import.meta.dirname, '../../corpus'));
  index = ParleyIndex.build(corpus, { warmUp: false });
  words = [...new Set(corpus.passages.flatMap((p) => p.text.match(/[\p{L}\p{N}]{3,}/gu) ?? []))].sort();
});

function expectSpansHold(hit: Hit): void {
  const { text } = hit.passage;
  const sentence = hit.bestSentenceSpan;
  expect(0 <= sentence.start && sentence.start < sentence.end && sentence.end <= text.length).toBe(true);
  expect(text.slice(sentence.start, sentence.end)).toBe(hit.bestSentence);
  const matched = new Set(hit.matchedTerms.map((t) => t.toLowerCase()));
  let previousEnd = 0;
  for (const span of hit.matchedSpans) {
    expect(span.start, 'spans in reading order, apart').toBeGreaterThanOrEqual(previousEnd);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(text.length);
    expect(matched.has(text.slice(span.start, span.end).toLowerCase())).toBe(true);
    previousEnd = span.end;
  }
  // Every matched word is shown somewhere.
  const shown = new Set(hit.matchedSpans.map((s) => text.slice(s.start, s.end).toLowerCase()));
  for (const term of matched) expect(shown.has(term)).toBe(true);
}

describe('Hit spans', () => {
  it('point at the best sentence and at each matched word, within the passage text', () => {
    const answer = index.ask('What enrichment level would Iran go back to?', { limit: 5 });
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    for (const hit of answer.results) expectSpansHold(hit);
    expect(answer.results[0]?.matchedSpans.length).toBeGreaterThan(0);
  });

  it('hold for any question made of corpus words, and for "the conclusion" (no matched words)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (picks, misspell) => {
          const question = picks
            .map((k) => words[k % words.length] ?? '')
            .map((w) => (misspell && w.length > 5 ? `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}` : w))
            .join(' ');
          const answer = index.ask(question, { limit: 5 });
          if (answer.kind === 'answer') for (const hit of answer.results) expectSpansHold(hit);
        },
      ),
      { numRuns: 150 },
    );
    const conclusion = index.ask('what does the conclusion say?');
    if (conclusion.kind === 'answer') for (const hit of conclusion.results) expectSpansHold(hit);
  });
});

/**
 * The index's warm-up (WordNet, compiled code, caches) is an optimisation only: a server reports
 * ready before it and keeps answering while it runs, so every question must get the same answer
 * before, during and after it — and the warm-up must let other work run between its slices.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { ParleyIndex } from '../../src/search/index.js';
import { corpusSynonyms } from '../../src/search/synonyms.js';
import type { Corpus } from '../../src/types.js';

let corpus: Corpus;
let questions: string[];
const options = () => ({ synonyms: corpusSynonyms('corpus').table });

beforeAll(async () => {
  corpus = await loadCorpus('corpus');
  // Made from the corpus itself: the opening words of passages, their headings, a misspelling, and off-topic.
  const opening = corpus.passages.map((p) => p.text.split(/\s+/u).slice(0, 8).join(' '));
  const headings = [
    ...new Set(corpus.passages.map((p) => `what does it say about ${p.headingPath.at(-1) ?? p.document}?`)),
  ];
  const misspelt = opening.map((q) =>
    q.replace(/([a-z]{6,})/iu, (word) => `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`),
  );
  questions = [...opening, ...headings, ...misspelt, 'what is the price of tea in london', 'zzzz qqqq'];
});

function askAll(index: ParleyIndex, from: number, to: number) {
  return questions.slice(from, to).map((q) => index.ask(q, { limit: 5 }));
}

describe('ParleyIndex.warmUp', () => {
  // The first test of the file: WordNet (shared by the process) is still cold here.
  it('changes no answer: questions asked before, during and after it are answered as by an index warmed at build', async () => {
    const cold = ParleyIndex.build(corpus, options());
    const third = Math.ceil(questions.length / 3);
    const before = askAll(cold, 0, third);
    const during: ReturnType<typeof askAll> = [];
    // `as boolean`: the warm-up's callback sets it, which TypeScript's narrowing cannot see.
    let settled = false as boolean;
    let askedWhileWarming = 0;
    const warming = cold.warmUp().then(() => (settled = true));
    // Between the warm-up's slices, as interactions would arrive.
    for (let i = third; i < 2 * third; i += 1) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!settled) askedWhileWarming += 1;
      during.push(...askAll(cold, i, i + 1));
    }
    await warming;
    const after = askAll(cold, 2 * third, questions.length);

    const warm = ParleyIndex.build(corpus, { ...options(), warmUp: true });
    expect([...before, ...during, ...after]).toEqual(askAll(warm, 0, questions.length));
    expect(before.some((a) => a.kind === 'answer')).toBe(true);
    // It ran in slices with the event loop free between them, not as one block.
    expect(askedWhileWarming).toBeGreaterThan(1);
  });

  it('stops at once when its signal is already aborted', async () => {
    const index = ParleyIndex.build(corpus, options());
    const stop = new AbortController();
    stop.abort();
    let ticks = 0;
    setImmediate(() => (ticks += 1));
    await index.warmUp({ signal: stop.signal });
    // Resolved without yielding even once: no slice ran.
    expect(ticks).toBe(0);
  });
});

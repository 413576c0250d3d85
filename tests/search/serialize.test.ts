import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { ParleyIndex } from '../../src/search/index.js';
import type { Corpus } from '../../src/types.js';

let corpus: Corpus;
let built: ParleyIndex;
let text: string;

/** Each passage's opening words, plus a question with no answer and one with a typo. */
const questions = () => [
  ...corpus.passages.map((p) => p.text.split(/\s+/u).slice(0, 8).join(' ')),
  'zzzz qqqq',
  'uranum enrichmnt level',
];

beforeAll(async () => {
  corpus = await loadCorpus(join(import.meta.dirname, '../../corpus'));
  built = ParleyIndex.build(corpus);
  text = JSON.stringify(built.toJSON());
});

describe('ParleyIndex.fromJSONAsync', () => {
  it('loads an index that answers every question exactly as the built one', async () => {
    const loaded = await ParleyIndex.fromJSONAsync(text, corpus);
    for (const question of questions()) expect(loaded.ask(question)).toEqual(built.ask(question));
  });

  it('answers exactly as the synchronous fromJSON, from text or from the parsed object', async () => {
    const sync = ParleyIndex.fromJSON(text, corpus);
    const fromObject = await ParleyIndex.fromJSONAsync(JSON.parse(text), corpus);
    for (const question of questions()) expect(fromObject.ask(question)).toEqual(sync.ask(question));
  });

  it('rejects with a Parley error for another corpus, bad JSON or a damaged MiniSearch part', async () => {
    const other: Corpus = { ...corpus, passages: corpus.passages.slice(1) };
    await expect(ParleyIndex.fromJSONAsync(text, other)).rejects.toThrow(/^Parley: .*another corpus/);
    await expect(ParleyIndex.fromJSONAsync(text.slice(0, -10), corpus)).rejects.toThrow(/^Parley: .*not valid JSON/);
    const damaged = JSON.parse(text) as { miniSearch: unknown };
    damaged.miniSearch = 'not an index';
    await expect(ParleyIndex.fromJSONAsync(damaged, corpus)).rejects.toThrow(/^Parley: /);
  });

  it('lets timers run while it loads an index of a few thousand terms', async () => {
    // MiniSearch yields every 1,000 terms; give each passage 100 words of its own to get there.
    const wide: Corpus = {
      ...corpus,
      passages: corpus.passages.map((p, i) => ({
        ...p,
        text: `${p.text} ${Array.from({ length: 100 }, (_, k) => `zq${i}x${k}`).join(' ')}`,
      })),
    };
    const json = ParleyIndex.build(wide).toJSON();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const loaded = await ParleyIndex.fromJSONAsync(json, wide);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(loaded.ask('zq3x7')).toMatchObject({ kind: 'answer', results: [{ passage: { id: wide.passages[3]?.id } }] });
  });
});

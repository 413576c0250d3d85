import { describe, expect, it } from 'vitest';
import { stem } from '../../src/search/analyzer.js';
import { ParleyIndex } from '../../src/search/index.js';
import { SurfaceSpelling } from '../../src/search/spelling.js';
import { corpusOf } from './corpus-of.js';

const written = new Map(['security', 'level', 'different', 'settings'].map((w) => [stem(w), w]));

describe('SurfaceSpelling', () => {
  const spelling = new SurfaceSpelling(written);

  it('finds the corpus word a misspelling was meant to be, where stemming hides it', () => {
    // "secuirty" stems to something three edits from "secur"; written out, it is one swap from "security".
    expect(spelling.near('secuirty', 2).get(stem('security'))).toBe(1);
    expect(spelling.near('levle', 1).get(stem('level'))).toBe(1);
    expect(spelling.near('diferent', 2).get(stem('different'))).toBe(1);
  });

  it('measures only words within the edits allowed', () => {
    expect(spelling.near('secuirty', 0).size).toBe(0);
    expect(spelling.near('lever', 1).has(stem('settings'))).toBe(false);
  });

  it('reads a swap of the first two letters too', () => {
    expect(spelling.near('elvel', 1).get(stem('level'))).toBe(1);
  });
});

describe('correcting a question', () => {
  const guide = corpusOf('Project guide', [
    {
      heading: 'Updates',
      passages: ['Pin the version with a tilde range to avoid breaking security updates arriving as minor releases.'],
    },
    { heading: 'Install', passages: ['Install the package with npm, then require it from your code.'] },
  ]);

  it('answers from the word a misspelling that changes the stem was meant to be', () => {
    const answer = ParleyIndex.build(guide, { warmUp: false }).ask('how do i avoid secuirty updates');
    expect(answer.kind).toBe('answer');
    if (answer.kind === 'answer') expect(answer.results[0]?.passage.headingPath.at(-1)).toBe('Updates');
  });
});

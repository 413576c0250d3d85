import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spellingVariants } from '../../src/search/spelling-variants.js';

describe('British and American spellings', () => {
  it('pair the regular correspondences both ways', () => {
    const pairs = [
      ['armour', 'armor'],
      ['behaviour', 'behavior'],
      ['favourites', 'favorites'],
      ['organised', 'organized'],
      ['organisation', 'organization'],
      ['analyse', 'analyze'],
      ['centre', 'center'],
      ['metres', 'meters'],
      ['licence', 'license'],
      ['catalogue', 'catalog'],
      ['travelled', 'traveled'],
      ['cancelling', 'canceling'],
    ] as const;
    for (const [british, american] of pairs) {
      expect(spellingVariants(british)).toContain(american);
      expect(spellingVariants(american)).toContain(british);
    }
  });

  it('leave short words, words with capitals or digits, and words no rule covers alone', () => {
    expect(spellingVariants('tour')).toEqual([]);
    expect(spellingVariants('Armour')).toEqual([]);
    expect(spellingVariants('x86isation')).toEqual([]);
    expect(spellingVariants('player')).toEqual([]);
    expect(spellingVariants('door')).toEqual([]);
  });

  it('never give the word itself, nor the same variant twice, for any lower-case word', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{0,14}$/), (word) => {
        const variants = spellingVariants(word);
        expect(variants).not.toContain(word);
        expect(new Set(variants).size).toBe(variants.length);
      }),
    );
  });
});

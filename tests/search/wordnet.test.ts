import { describe, expect, it } from 'vitest';
import { wordNet } from '../../src/search/wordnet.js';

describe('the WordNet reader', () => {
  it('gives the synonyms of a word’s first sense', () => {
    expect(wordNet().lookup('go-between')?.synonyms).toEqual(expect.arrayContaining(['intermediary', 'mediator']));
  });

  it('gives derivationally related forms', () => {
    expect(wordNet().lookup('denying')?.derived).toEqual(expect.arrayContaining(['denial']));
  });

  it('reduces inflected forms, including doubled consonants, to the base WordNet lists', () => {
    expect(wordNet().lookup('negotiations')).not.toBeNull();
    expect(wordNet().lookup('occurred')).not.toBeNull();
  });

  it('tells names from common words and knows places', () => {
    expect(wordNet().lookup('venezuela')?.properOnly).toBe(true);
    expect(wordNet().lookup('venezuela')?.place).toBe(true);
    expect(wordNet().lookup('gulf')?.properOnly).toBe(false);
  });

  it('reads an acronym of a common thing as a common word, and one of an organization or place as a name', () => {
    expect(wordNet().lookup('cpu')?.properOnly).toBe(false);
    expect(wordNet().lookup('url')?.properOnly).toBe(false);
    expect(wordNet().lookup('nato')?.properOnly).toBe(true);
    expect(wordNet().lookup('iaea')?.properOnly).toBe(true);
  });

  it('returns null for words English does not have', () => {
    expect(wordNet().lookup('carreno')).toBeNull();
    expect(wordNet().lookup('')).toBeNull();
    expect(wordNet().lookup('x'.repeat(500))).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STOP_WORDS, analyze, baseForm, editDistance, fold, stem, tokenize } from '../../src/search/analyzer.js';

describe('the analyzer', () => {
  it('stems inflected forms to one term (Porter2)', () => {
    expect(analyze('negotiations')).toEqual(analyze('negotiating'));
    expect(analyze('centrifuges')).toEqual(analyze('centrifuge'));
    expect(analyze('denying')).toEqual(analyze('denied'));
    expect(stem('enrichment')).toBe('enrich');
  });

  it('drops English stop words and question words', () => {
    expect(analyze('What is the level of the')).toEqual(['level']);
    expect(analyze('why does who whom whose when where how')).toEqual([]);
    expect(analyze('whats gonna dont')).toEqual([]);
  });

  it('keeps "us", which in this domain is the United States', () => {
    expect(STOP_WORDS.has('us')).toBe(false);
    expect(analyze('the US and Iran')).toEqual(['us', 'iran']);
    expect(analyze('U.S. officials')).toEqual(['us', 'offici']);
  });

  it('folds case and removes diacritics, so Carreño and carreno are the same word', () => {
    expect(analyze('Carreño')).toEqual(analyze('carreno'));
    expect(analyze('NAÏVE Café')).toEqual(analyze('naive cafe'));
    expect(fold('Ｉｒａｎ')).toBe('iran');
  });

  it('keeps numbers as written: decimals, years, thousands', () => {
    expect(analyze('lower enrichment to 3.67% in 2018')).toEqual(['lower', 'enrich', '3.67', '2018']);
    expect(analyze('1,000 centrifuges')).toEqual(['1000', 'centrifug']);
    expect(analyze('April 17, 2025')).toEqual(['april', '17', '2025']);
  });

  it("treats curly and straight apostrophes alike and drops the possessive 's", () => {
    expect(analyze('Iran’s program')).toEqual(analyze("Iran's program"));
    expect(analyze('Iran’s')).toEqual(['iran']);
  });

  it('ignores invisible characters inside a word', () => {
    expect(analyze('nu\u200Bclear')).toEqual(['nuclear']);
    expect(analyze('\u202Eiran\u202C')).toEqual(['iran']);
  });

  it('splits hyphenated words and keeps each part, with the closed form of a two-part one after them', () => {
    expect(analyze('US-Iran counter-terrorism')).toEqual([
      'us',
      'iran',
      'usiran',
      'counter',
      'terror',
      'counterterror',
    ]);
    // "email" is how members type what a manual writes "e-mail".
    expect(analyze('send an e-mail')).toContain(analyze('email')[0]);
  });

  it('leaves longer hyphen chains and codes with digits in their parts', () => {
    expect(analyze('state-of-the-art')).toEqual(['state', 'art']);
    expect(analyze('x86-64')).toEqual(['x86', '64']);
  });

  it('gives the closed form as a token spanning the whole word only when asked', () => {
    expect(tokenize('e-mail').map((t) => t.norm)).toEqual(['e', 'mail']);
    const [, , closed] = tokenize('an e-mail', { compounds: true }).slice(1);
    expect(closed).toMatchObject({ norm: 'email', start: 3, end: 9 });
  });

  it('gives offsets that cut the surface word out of the original text', () => {
    const text = 'In 2018, Iran’s “deal” — unravelled.';
    for (const token of tokenize(text)) {
      expect(text.slice(token.start, token.end).length).toBeGreaterThan(0);
      expect(
        fold(text.slice(token.start, token.end))
          .replace(/['’]s$/, '')
          .replace(/['’]/g, ''),
      ).toBe(token.norm);
    }
  });

  it('never throws and yields only non-empty terms without spaces, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const terms = analyze(text);
        for (const term of terms) expect(term).toMatch(/^\S+$/u);
        for (const token of tokenize(text)) {
          expect(token.start).toBeGreaterThanOrEqual(0);
          expect(token.end).toBeLessThanOrEqual(text.length);
          expect(token.end).toBeGreaterThan(token.start);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('measures edit distance and stops early past the limit', () => {
    expect(editDistance('salmn', 'salman', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('abc', 'xyzxyz', 1)).toBe(2);
  });
});

describe('ligatures', () => {
  it('stay one term when they unfold into several words', () => {
    expect(analyze('\uFDFA')).toHaveLength(1);
    expect(analyze('\uFDFA')[0]).toMatch(/^\S+$/u);
  });
});

describe('irregular forms', () => {
  it('keep their base under a prefix that makes a new verb ("rewritten" → "rewrite"), but not in a verb of its own', () => {
    expect(baseForm('rewritten')).toBe('rewrite');
    expect(baseForm('misunderstood')).toBe('misunderstand');
    expect(baseForm('overtook')).toBe('overtake');
    expect(analyze('rules rewritten')).toEqual(analyze('rules rewrite'));
    expect(baseForm('resent')).toBe('resent');
    expect(baseForm('recent')).toBe('recent');
  });

  it('have a base form that stemming alone cannot reach, and other words are their own', () => {
    expect(baseForm('told')).toBe('tell');
    expect(baseForm('ran')).toBe('run');
    expect(baseForm('tells')).toBe('tells');
    expect(analyze('ran')).toEqual(analyze('run'));
  });

  it('leave contractions typed without an apostrophe and conjunctions out of the index words', () => {
    for (const word of ['weve', 'whenever', 'wherever']) expect(STOP_WORDS.has(word)).toBe(true);
  });
});

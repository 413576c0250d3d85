import { describe, expect, it } from 'vitest';
import { numberedDepth, numberingDepth } from '../../src/corpus/numbering.js';

describe('numberedDepth', () => {
  it('puts chapters and appendices at the top level, whatever they are numbered with', () => {
    expect(numberedDepth('Chapter 4. The Interface')).toBe(1);
    expect(numberedDepth('Appendix B: Licence')).toBe(1);
    expect(numberedDepth('CHAPTER IV  Storms')).toBe(1);
  });

  it('counts the parts of dotted section numbers', () => {
    expect(numberedDepth('2. Usage')).toBe(1);
    expect(numberedDepth('2.1 Setup')).toBe(2);
    expect(numberedDepth('4.2.6. Final summary')).toBe(3);
    expect(numberedDepth('1.2.3.4.5.6.7. Too deep')).toBe(6);
  });

  it('leaves unnumbered headings and numbers that are not numbering alone', () => {
    expect(numberedDepth('Abstract')).toBeUndefined();
    expect(numberedDepth('2023 Review')).toBeUndefined();
    expect(numberedDepth('Chapters to read first')).toBeUndefined();
    expect(numberingDepth('Abstract')).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/corpus/blocks.js';
import { dropInnerContents, entryKey } from '../../src/corpus/text-contents.js';

const line = (text: string, at: number): Block => ({ kind: 'prose', text, line: at, lineStarts: [0] });
const list = (lines: string[], at: number): Block => ({ kind: 'list', text: lines.join('\n'), line: at, lineStarts: lines.map((_, i) => i) });
const body = (at: number): Block => ({ kind: 'prose', text: 'Some running text of the section, long enough to be a paragraph.', line: at, lineStarts: [0] });

describe('entryKey', () => {
  it('ignores case, spacing, a bullet and a page number but keeps the numbering', () => {
    expect(entryKey('  - 2.1.  The   Setup ..... 12')).toBe('2.1. the setup');
    expect(entryKey('2.1. Overview')).not.toBe(entryKey('1.1. Overview'));
  });
});

describe('dropInnerContents', () => {
  it('drops a contents label and the entries after it that come back later as lines of their own', () => {
    const units = [line('Chapter 2. Usage', 1), line('Table of Contents', 3), list(['2.1. Setup', '2.2. Running'], 5), line('2.1. Setup', 8), body(10), line('2.2. Running', 12), body(14)];
    const { units: kept, skipped } = dropInnerContents(units);
    expect(kept.map((u) => u.line)).toEqual([1, 8, 10, 12, 14]);
    expect(skipped).toEqual([{ line: 3, endLine: 6, reason: 'table of contents' }]);
  });

  it('takes single entry lines too, and stops at the first line that is not a title coming back later', () => {
    // The same sentence twice is text however often it recurs.
    const units = [line('Contents', 1), line('1.1. Overview', 3), body(5), line('1.1. Overview', 7), body(9)];
    const { units: kept, skipped } = dropInnerContents(units);
    expect(kept.map((u) => u.line)).toEqual([5, 7, 9]);
    expect(skipped).toEqual([{ line: 1, endLine: 3, reason: 'table of contents' }]);
  });

  it('keeps a "Contents" line whose list never comes back (a box\'s contents), and everything else', () => {
    const units = [line('Contents', 1), list(['a torch', 'a rope'], 2), body(5)];
    expect(dropInnerContents(units)).toEqual({ units, skipped: [] });
  });

  it('takes entries set in aligned columns (read as a code block) too', () => {
    const code: Block = { kind: 'code', text: 'A.      Overview\nB.      Starting screen', line: 3, lineStarts: [0, 17] };
    const units = [line('Contents', 1), code, line('A. OVERVIEW', 6), body(8), line('B. STARTING SCREEN', 10), body(12)];
    expect(dropInnerContents(units).skipped).toEqual([{ line: 1, endLine: 4, reason: 'table of contents' }]);
  });

  it('does not match an entry to a line with other numbering', () => {
    const units = [line('Table of Contents', 1), line('2.1. Overview', 2), line('1.1. Overview', 4), body(5)];
    expect(dropInnerContents(units).skipped).toEqual([]);
  });
});

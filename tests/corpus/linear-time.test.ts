/**
 * Inputs that make a backtracking regex quadratic (long runs of spaces before a non-space) are
 * parsed in linear time. These tests count no milliseconds: a quadratic pass over them would
 * take minutes and fail on vitest's timeout, a linear one finishes at once.
 */
import { describe, expect, it } from 'vitest';
import { normaliseHeading, withoutLeaders } from '../../src/corpus/blocks.js';
import { parseDocument } from '../../src/corpus/parse.js';

describe('long runs of spaces', () => {
  it('parse: a line of thousands of spaces before a word, after a "Contents" line', () => {
    const text = `Doc\n\nContents\n\nA${' '.repeat(6_000)}x\n`;
    const doc = parseDocument(text, 'doc.txt');
    expect(doc.passages.map((p) => p.text.replace(/\s+/g, ' ')).join(' ')).toBe('A x');
  });

  it('parse: 100,000 spaces inside a line, in plain text and in Markdown', () => {
    for (const file of ['doc.txt', 'doc.md']) {
      const doc = parseDocument(`${file.endsWith('.md') ? '# ' : ''}Title\n\nA line${' '.repeat(100_000)}that goes on. It is a paragraph of a document.\n`, file);
      expect(doc.passages.map((p) => p.text.replace(/\s+/g, ' ')).join(' ')).toBe('A line that goes on. It is a paragraph of a document.');
    }
  });

  it('withoutLeaders and normaliseHeading: a heading with 100,000 spaces before its page number or word', () => {
    expect(withoutLeaders(`Costs${' '.repeat(100_000)}12`)).toBe('Costs');
    expect(withoutLeaders(`Costs${'.'.repeat(100_000)}12   `)).toBe('Costs');
    expect(withoutLeaders(`Costs${' '.repeat(100_000)}x`)).toBe(`Costs${' '.repeat(100_000)}x`);
    expect(normaliseHeading(`1. The Costs${' '.repeat(100_000)}x`)).toBe('the costs x');
    expect(normaliseHeading('Chapter Two ........ 14')).toBe('chapter two');
  });
});

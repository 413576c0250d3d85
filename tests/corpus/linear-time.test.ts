/**
 * Inputs that make a backtracking regex quadratic (long runs of spaces before a non-space) are
 * parsed in linear time. These tests count no milliseconds: a quadratic pass over them would
 * take minutes and fail on vitest's timeout, a linear one finishes at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseHeading, withoutLeaders } from '../../src/corpus/blocks.js';
import { parseDocument } from '../../src/corpus/parse.js';
import { sentenceRanges } from '../../src/corpus/split.js';

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

describe('any text heavy in whitespace, dots, brackets and Unicode', () => {
  // Runs long enough that one quadratic pass over a single run costs billions of steps: a
  // backtracking pattern anywhere in parsing turns this into minutes and vitest's timeout.
  const RUN_CHARS = [' ', '\t', '.', '…', '(', '[', ')', '\u00a0', '\u3000', 'é', '-', '*', '#', '|', '>', '`', '\n', '\r\n'];
  const piece = fc.oneof(
    fc.record({ char: fc.constantFrom(...RUN_CHARS), length: fc.integer({ min: 2_000, max: 30_000 }) }).map(({ char, length }) => char.repeat(length)),
    fc.constantFrom('Contents', 'Title', '# Heading', '1. Item', 'A sentence ends here.', 'Dr. Who?', '- list', '| a | b |', 'x', '```'),
  );
  const document = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

  it('parses in linear time: the document loads, or is reported, never stalls', () => {
    fc.assert(
      fc.property(document, fc.constantFrom('doc.txt', 'doc.md'), (text, file) => {
        const doc = parseDocument(text, file);
        // Either served (every passage with text) or reported with a problem saying why.
        expect(doc.passages.length > 0 || doc.problems.length > 0).toBe(true);
        for (const p of doc.passages) expect(p.text.trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 40 },
    );
  });

  it('splits sentences in linear time, whatever runs of marks a paragraph holds', () => {
    fc.assert(
      fc.property(document, (text) => {
        const ranges = sentenceRanges(text);
        for (const [start, end] of ranges) expect(end).toBeGreaterThan(start);
      }),
      { numRuns: 40 },
    );
  });
});

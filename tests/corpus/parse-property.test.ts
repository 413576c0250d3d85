import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/parse.js';
import { EMBED_DESCRIPTION_MAX, validateCorpus } from '../../src/corpus/validate.js';

// Lines that exercise every structure the parsers know, mixed at random with arbitrary text.
const lineArb = fc.oneof(
  fc.constantFrom('', '---', '```', '~~~~', '# Title', '## Section', '### Sub', 'Table of Contents', '- Section', '- item', '1. First', '* star', '| a | b |', '===', '> quote', '<!-- c -->', 'title: x'),
  fc.constantFrom('Rome: A Venue', 'What are your thoughts? Share them in the comments below!', 'Who Is Someone Dating', 'Carre%C3%B1o', 'Headline | The Site'),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.stringMatching(/^[A-Z][a-z]+( [a-z]+){5,60}\.$/),
  fc.string({ minLength: 1000, maxLength: 5000 }),
);

describe('parseDocument on arbitrary input', () => {
  it('never throws, and every passage is non-empty, within the caps, on a real line, with a unique id', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 60 }), fc.constantFrom('doc.txt', 'doc.md'), fc.constantFrom('\n', '\r\n'), (lines, file, eol) => {
        const text = lines.join(eol);
        const doc = parseDocument(text, file);
        const lineCount = text.split(/\r?\n/).length;
        const ids = new Set<string>();
        for (const p of doc.passages) {
          expect(p.text.trim()).not.toBe('');
          expect(p.text.length).toBeLessThanOrEqual(3000);
          expect(p.text.length).toBeLessThan(EMBED_DESCRIPTION_MAX);
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lineCount);
          expect(ids.has(p.id)).toBe(false);
          ids.add(p.id);
          expect(p.headingPath.length).toBeGreaterThan(0);
        }
        for (const problem of doc.problems) {
          if (problem.line !== undefined) expect(problem.line).toBeLessThanOrEqual(lineCount);
        }
        // What could not be served is said, never silently dropped to nothing.
        if (doc.passages.length === 0) expect(doc.problems.some((p) => p.severity === 'error')).toBe(true);
        const linted = validateCorpus({ documents: [doc.document], sections: doc.sections, passages: doc.passages, problems: [] });
        expect(linted.filter((p) => !/embed title/.test(p.message))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

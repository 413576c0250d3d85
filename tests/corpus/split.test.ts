import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/parse.js';
import { splitParagraph, splitSentences } from '../../src/corpus/split.js';

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');

describe('splitSentences', () => {
  it('does not break after abbreviations, initials or decimals', () => {
    const text = 'Dr. Smith met U.S. officials in Rome. Iran would lower enrichment to 3.67% from 60%. It costs $3.5 billion.';
    expect(splitSentences(text)).toEqual([
      'Dr. Smith met U.S. officials in Rome.',
      'Iran would lower enrichment to 3.67% from 60%.',
      'It costs $3.5 billion.',
    ]);
  });

  it('ends sentences at ?, ! and ?! and keeps closing quotes with their sentence', () => {
    expect(splitSentences('Will they meet? Nobody knows! Really?! He said "no." Then he left.')).toEqual([
      'Will they meet?',
      'Nobody knows!',
      'Really?!',
      'He said "no."',
      'Then he left.',
    ]);
  });

  it('does not start a sentence in lower case after "a.m."', () => {
    expect(splitSentences('The talks began at 10 a.m. on Friday. They ended late.')).toEqual([
      'The talks began at 10 a.m. on Friday.',
      'They ended late.',
    ]);
  });

  it('returns verbatim substrings, in order, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        let from = 0;
        for (const s of splitSentences(text)) {
          expect(s).not.toBe('');
          const at = text.indexOf(s, from);
          expect(at).toBeGreaterThanOrEqual(from);
          from = at + s.length;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t ')).toEqual([]);
  });
});

describe('splitParagraph', () => {
  const sentence = (n: number): string => `Sentence number ${n} talks about the negotiations in some detail and then stops.`;

  it('leaves a paragraph of at most the target length whole', () => {
    const text = Array.from({ length: 10 }, (_, i) => sentence(i)).join(' ');
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(splitParagraph(text)).toEqual([{ text, offset: 0 }]);
  });

  it('splits a 1,500-character paragraph into two parts of about 750 at a sentence boundary', () => {
    const text = Array.from({ length: 19 }, (_, i) => sentence(i)).join(' ');
    expect(text.length).toBeGreaterThan(1450);
    const parts = splitParagraph(text);
    expect(parts).toHaveLength(2);
    for (const p of parts) {
      expect(Math.abs(p.text.length - text.length / 2)).toBeLessThan(90);
      expect(p.text.endsWith('stops.')).toBe(true);
    }
  });

  it('cuts a single giant sentence at word boundaries', () => {
    const text = `${'word '.repeat(600)}end.`;
    const parts = splitParagraph(text, { targetChars: 1000 });
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(1000);
      expect(p.text).toMatch(/^\S.*\S$/s);
    }
    expect(parts.flatMap((p) => words(p.text))).toEqual(words(text));
  });

  it('rejects a nonsensical target (a programmer mistake)', () => {
    expect(() => splitParagraph('x', { targetChars: 0 })).toThrow(/^Parley:/);
  });
});

describe('passages of a section (property)', () => {
  const wordArb = fc.oneof(
    fc.stringMatching(/^[A-Za-z]{1,12}$/),
    fc.constantFrom('U.S.', 'Dr.', '3.67%', '"quoted"', 'end.', 'why?', 'wow!', 'e.g.', '—', 'a.m.'),
    fc.stringMatching(/^[a-z]{30,1200}$/), // a "word" longer than the cap must be cut, not lost
  );
  const paragraphArb = fc.array(wordArb, { minLength: 1, maxLength: 400 }).map((ws) => ws.join(' '));

  it('are never empty, never over the cap, and keep every word in order', () => {
    fc.assert(
      fc.property(fc.array(paragraphArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 200, max: 1200 }), (paragraphs, targetChars) => {
        // Explicit Markdown headings and no boilerplate pass: this property is about splitting alone.
        const text = `# Title\n\n## A Heading\n\n${paragraphs.join('\n\n')}\n`;
        const { passages } = parseDocument(text, 'prop.md', { targetChars, maxChars: Math.max(3000, targetChars), boilerplate: false });
        expect(passages.length).toBeGreaterThan(0);
        expect(new Set(passages.map((p) => p.sectionId)).size).toBe(1);
        for (const p of passages) {
          expect(p.text.trim()).not.toBe('');
          expect(p.text.length).toBeLessThanOrEqual(targetChars);
        }
        const input = paragraphs.flatMap(words).join('');
        const output = passages.flatMap((p) => words(p.text)).join('');
        // Word boundaries may move where a giant word was cut, so compare the non-space characters.
        expect(output).toBe(input);
      }),
      { numRuns: 150 },
    );
  });
});

describe('splitSentences on abbreviations', () => {
  it('knows titles, numbered abbreviations and initials', () => {
    expect(splitSentences('See No. 5 and p. 12 of the report. Mr. J. R. Smith agreed. It was 2018. Then it ended.')).toEqual([
      'See No. 5 and p. 12 of the report.',
      'Mr. J. R. Smith agreed.',
      'It was 2018.',
      'Then it ended.',
    ]);
  });

  it('ends a sentence after an initialism or "etc." when a clear sentence opener follows', () => {
    expect(splitSentences('They met in the U.S. The talks were long. Apples, pears etc. The rest was sold.')).toEqual([
      'They met in the U.S.',
      'The talks were long.',
      'Apples, pears etc.',
      'The rest was sold.',
    ]);
    expect(splitSentences('The U.S. Treasury acted.')).toEqual(['The U.S. Treasury acted.']);
  });

  it('treats a line break as the end of a sentence (list items, code lines)', () => {
    expect(splitSentences('You need:\n- a token\n- a folder')).toEqual(['You need:', '- a token', '- a folder']);
  });
});

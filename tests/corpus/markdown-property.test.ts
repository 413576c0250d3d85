/**
 * For any Markdown built from headings, paragraphs, lists, code blocks, tables, captioned images
 * and quotes with headings: every word of the source's text is in exactly one passage (nothing
 * lost, nothing twice), every heading is in the outline, every passage fits Discord's limits once
 * rendered, and a caption joins the text of its section, or goes with its image when there is none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/parse.js';
import { validateCorpus } from '../../src/corpus/validate.js';
import { renderAnswer } from '../../src/discord/render.js';
import { hitOn } from '../support/hits.js';
import { checkMessageLimits } from '../support/limits.js';

type Piece =
  | { kind: 'heading'; depth: number; words: number }
  | { kind: 'quoted'; depth: number; words: number }
  | { kind: 'para' | 'list' | 'code' | 'table'; size: number }
  | { kind: 'figure'; size: number };

const pieceArb: fc.Arbitrary<Piece> = fc.oneof(
  fc.record({ kind: fc.constantFrom('heading' as const, 'quoted' as const), depth: fc.integer({ min: 1, max: 4 }), words: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constantFrom('para' as const, 'list' as const, 'code' as const, 'table' as const), size: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('figure' as const), size: fc.integer({ min: 1, max: 8 }) }),
);

/** Builds the document from unique words (w1, w2, …) so each can be counted where it lands. */
function build(pieces: readonly Piece[]): { markdown: string; body: string[]; headings: string[]; captions: Set<string>; dropped: Set<string> } {
  let n = 0;
  const word = (): string => `w${++n}`;
  const words = (count: number): string[] => Array.from({ length: count }, word);
  const body: string[] = [];
  const headings: string[] = [];
  const captions = new Set<string>();
  const out: string[] = [];
  // Captions go with their images when their section holds no other text (a quote's section
  // ends with the quote, so only headings outside quotes start a section here; the title none).
  const [first] = pieces;
  const h1s = pieces.filter((p) => (p.kind === 'heading' || p.kind === 'quoted') && p.depth === 1).length;
  const title = first?.kind === 'heading' && first.depth === 1 && h1s === 1 ? first : undefined;
  const dropped = new Set<string>();
  let sectionText = false;
  let sectionCaptions: string[] = [];
  const endSection = (): void => {
    if (!sectionText) for (const w of sectionCaptions) dropped.add(w);
    sectionText = false;
    sectionCaptions = [];
  };
  for (const piece of pieces) {
    if (piece.kind === 'heading' && piece !== title) endSection();
    else if (piece.kind !== 'figure' && piece.kind !== 'quoted' && piece.kind !== 'heading') sectionText = true;
    if (piece.kind === 'heading' || piece.kind === 'quoted') {
      const h = words(piece.words);
      headings.push(...h);
      const heading = `${'#'.repeat(piece.depth)} ${h.join(' ')}`;
      if (piece.kind === 'heading') out.push(heading);
      else {
        // A quoted heading with its text: a section of its own inside the quote.
        const w = words(piece.words * 3);
        body.push(...w);
        out.push(`> ${heading}\n>\n> ${w.join(' ')}.`);
      }
      continue;
    }
    if (piece.kind === 'figure') {
      // An image with its caption beside it.
      const w = words(piece.size);
      body.push(...w);
      for (const c of w) captions.add(c);
      sectionCaptions.push(...w);
      out.push(`![${w.join(' ')}](figure.png) *${w.join(' ')}*`);
      continue;
    }
    if (piece.kind === 'para') {
      const w = words(piece.size);
      body.push(...w);
      // Sentences of up to twelve words, wrapped every eight words.
      const sentences: string[] = [];
      for (let i = 0; i < w.length; i += 12) sentences.push(`${w.slice(i, i + 12).join(' ')}.`);
      out.push(wrapEvery(sentences.join(' '), 8));
    } else if (piece.kind === 'list') {
      const items: string[] = [];
      const w = words(Math.min(piece.size, 120));
      body.push(...w);
      for (let i = 0; i < w.length; i += 6) items.push(`- ${w.slice(i, i + 6).join(' ')}`);
      out.push(items.join('\n'));
    } else if (piece.kind === 'code') {
      const w = words(Math.min(piece.size, 150));
      body.push(...w);
      const lines: string[] = [];
      for (let i = 0; i < w.length; i += 5) lines.push(`call(${w.slice(i, i + 5).join(', ')})`);
      out.push(['```js', ...lines, '```'].join('\n'));
    } else {
      // Small tables (split tables repeat their header, which is the one allowed repetition).
      const w = words(Math.min(piece.size, 24) + 2);
      const cols = 2;
      const rows: string[][] = [];
      for (let i = 0; i + cols <= w.length; i += cols) rows.push(w.slice(i, i + cols));
      const [header, ...rest] = rows;
      if (!header || rows.length < 2) {
        headings.push(...w); // too small to be a table: still text, counted as heading-or-body below
        out.push(w.join(' '));
        continue;
      }
      body.push(...rows.flat());
      out.push([`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rest.map((r) => `| ${r.join(' | ')} |`)].join('\n'));
    }
  }
  endSection();
  return { markdown: `${out.join('\n\n')}\n`, body, headings, captions, dropped };
}

describe('Markdown documents of any shape', () => {
  it('put every word of the text in exactly one passage, and every passage within Discord limits', () => {
    fc.assert(
      fc.property(fc.array(pieceArb, { minLength: 1, maxLength: 25 }), (pieces) => {
        const { markdown, body, headings, captions, dropped } = build(pieces);
        const doc = parseDocument(markdown, 'doc.md', { boilerplate: false });
        const counts = new Map<string, number>();
        for (const p of doc.passages) for (const w of p.text.match(/\bw\d+\b/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
        const headingWords = new Set([doc.document.title, ...doc.sections.flatMap((s) => s.headingPath)].flatMap((h) => h.match(/\bw\d+\b/g) ?? []));
        for (const w of body) expect(counts.get(w) ?? 0, w).toBe(dropped.has(w) ? 0 : 1);
        expect(doc.skipped.some((s) => s.reason === 'images')).toBe(dropped.size > 0);
        for (const w of headings) expect(headingWords.has(w) || counts.get(w) === 1, w).toBe(true);
        for (const p of doc.passages) expect((p.text.match(/\bw\d+\b/g) ?? []).every((w) => captions.has(w)), p.id).toBe(false);
        expect(validateCorpus({ documents: [doc.document], sections: doc.sections, passages: doc.passages, problems: [] })).toEqual([]);
        for (const passage of doc.passages) {
          const message = renderAnswer({ query: 'w1', hits: [hitOn(passage, ['w1', 'w2'])], topScore: 1, offset: 0, limit: 3, total: 1 });
          expect(checkMessageLimits(message)).toEqual([]);
        }
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});

/** Words of `text` with a line break after every `n` of them, as hard-wrapped text has. */
function wrapEvery(text: string, n: number): string {
  const words = text.split(' ');
  return words.map((word, i) => (i % n === n - 1 ? `${word} \n` : `${word} `)).join('').trim();
}

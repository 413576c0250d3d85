import { assert, describe, expect, it } from 'vitest';
import { isCallToAction } from '../../src/corpus/boilerplate.js';
import { parseDocument } from '../../src/corpus/parse.js';

// A synthetic article whose tail shares no line with the seed's: a different call-to-action and
// a different set of link titles. If these go, the rule is structural, not a list of known lines.
const BODY = [
  'Harbour Expansion Plans',
  'The port authority unveiled plans on Tuesday to extend the northern breakwater by four hundred metres, a project expected to take three years and to double the space for cargo ships.',
  'Funding and Timeline',
  'The regional government will cover most of the cost, with the remainder borrowed against future harbour dues. Work on the foundations should begin next spring, weather permitting.',
  'Local fishermen remain worried about the effect of the construction on spawning grounds, and have asked for an independent study before the first stones are laid.',
];
const LAST_REAL = BODY[BODY.length - 1];
assert.exists(LAST_REAL);

// Paragraph by paragraph (no merging of short passages), so the tail rule is what is tested.
const texts = (lines: string[], file = 'harbour.txt'): string[] => parseDocument(lines.join('\n'), file, { minPassageChars: 0 }).passages.map((p) => p.text);

describe('boilerplate at the end of a document', () => {
  it('drops a different call-to-action and a different trailing list of link titles', () => {
    const tail = [
      'Did you find this update useful? Subscribe to our newsletter and tell us what you think below.',
      'You May Also Like',
      '* Top 10 Beaches You Must Visit This Summer',
      '* Pop Star Net Worth Revealed',
      '* Caf%C3%A9 Owner Wins Lottery Twice',
      '',
      'Storm Warning Issued For Coastal Towns – Coastal Herald',
      'Mayor Opens New Bridge | City Gazette',
      'Ferry strike called off after late-night talks',
    ];
    const out = texts([...BODY, ...tail]);
    expect(out[out.length - 1]).toBe(LAST_REAL);
    expect(out.join('\n')).not.toMatch(/Subscribe|You May Also Like|Net Worth|%C3|Gazette|Ferry strike|Storm Warning/);
    expect(out).toHaveLength(3);
  });

  it('drops link junk even with no call-to-action before it', () => {
    const out = texts([...BODY, '- Who Won The Cup Final', '- Best Phones Of 2024', '', 'Related: Port Strike Ends']);
    expect(out[out.length - 1]).toBe(LAST_REAL);
  });

  it('drops tags, "read more" lines and a copyright footer', () => {
    const out = texts([...BODY, 'Tags: harbour, breakwater, port authority', 'Read more: Ferry Fares To Rise In Autumn', '© 2025 Coastal Herald Media. All rights reserved.']);
    expect(out[out.length - 1]).toBe(LAST_REAL);
  });

  it('drops a call-to-action even with no links after it', () => {
    const out = texts([...BODY, 'What are your thoughts on the plans? Leave a comment and share this with your friends!']);
    expect(out[out.length - 1]).toBe(LAST_REAL);
  });

  it('keeps a real closing list introduced by a sentence', () => {
    const list = ['- extend the breakwater', '- dredge the channel', '- rebuild the fish market'];
    const out = texts([...BODY, 'The plan has three parts:', ...list]);
    expect(out.slice(-2)).toEqual([LAST_REAL, ['The plan has three parts:', ...list].join('\n')]);
  });

  it('keeps a short closing sentence or question that does not address the reader about the page', () => {
    expect(texts([...BODY, 'Work is due to finish in 2028.']).at(-1)).toBe('Work is due to finish in 2028.');
    const question = 'Will both sides share the cost in the end? Nobody at the meeting would say.';
    expect(texts([...BODY, question]).at(-1)).toBe(question);
  });

  it('leaves a document made only of short lines alone', () => {
    const doc = parseDocument(['Shopping', 'Milk', 'Eggs'].join('\n'), 'list.txt', { minPassageChars: 0 });
    expect(doc.passages.map((p) => p.text)).toEqual(['Milk', 'Eggs']);
  });

  it('can be turned off', () => {
    const out = parseDocument([...BODY, 'Share your thoughts in the comments!'].join('\n'), 'x.txt', { boilerplate: false, minPassageChars: 0 }).passages;
    expect(out.at(-1)?.text).toBe('Share your thoughts in the comments!');
  });

  it('recognises calls-to-action by what they ask of the reader', () => {
    expect(isCallToAction('What do you think? Let us know in the comments below!')).toBe(true);
    expect(isCallToAction('Enjoyed this? Subscribe for more.')).toBe(true);
    expect(isCallToAction('Officials did not respond to a request for comment.')).toBe(false);
    expect(isCallToAction('Do both sides share an interest in calm?')).toBe(false);
    expect(isCallToAction(`${'Long text about the talks and what you might expect from them. '.repeat(8)}Comment below?`)).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCustomId,
  encodeCustomId,
  pageQueryRef,
  sectionRef,
  type ButtonState,
} from '../../src/discord/custom-id.js';
import { CUSTOM_ID_MAX } from '../../src/discord/respond.js';

const stateArb: fc.Arbitrary<ButtonState> = fc.oneof(
  fc.record({
    kind: fc.constant('page' as const),
    offset: fc.integer({ min: 0, max: 100 }),
    limit: fc.integer({ min: 1, max: 5 }),
    query: fc.string({ unit: 'grapheme', maxLength: 300 }).map(pageQueryRef),
  }),
  fc.record({
    kind: fc.constant('section-open' as const),
    ref: fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).map(sectionRef),
  }),
  fc.record({
    kind: fc.constant('section-page' as const),
    page: fc.integer({ min: 0, max: 100 }),
    ref: fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).map(sectionRef),
  }),
);

describe('custom id codec', () => {
  it('round-trips every state within 100 characters', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const id = encodeCustomId(state);
        expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
        expect(id.startsWith('p1:')).toBe(true);
        expect(decodeCustomId(id)).toEqual({ ok: true, state });
      }),
      { numRuns: 500 },
    );
  });

  it('carries a short question inline and a long one as a hash', () => {
    expect(pageQueryRef('why Rome?')).toEqual({ text: 'why Rome?' });
    expect(pageQueryRef('x'.repeat(150))).toHaveProperty('hash');
  });

  it('refers to long section ids by a hash', () => {
    expect(sectionRef('doc/rome')).toBe('doc/rome');
    expect(sectionRef(`doc/${'a'.repeat(200)}`)).toMatch(/^#[0-9a-z]+$/);
    // A real id cannot pose as a hash reference.
    expect(sectionRef('#abc')).toMatch(/^#[0-9a-z]+$/);
    expect(sectionRef('#abc')).not.toBe('#abc');
  });

  it('reports a changed character as tampered', () => {
    fc.assert(
      fc.property(stateArb, fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (state, at, char) => {
        const id = encodeCustomId(state);
        const position = 8 + (at % Math.max(1, id.length - 8));
        const tampered = id.slice(0, position) + char + id.slice(position + 1);
        fc.pre(tampered !== id);
        const decoded = decodeCustomId(tampered);
        // Either detected, or (rarely, 1 in 36^4) a different but valid state — never an exception.
        if (decoded.ok) expect(decoded.state).not.toEqual(state);
        else expect(['tampered', 'malformed']).toContain(decoded.error);
      }),
      { numRuns: 300 },
    );
    const id = encodeCustomId({ kind: 'page', offset: 3, limit: 3, query: { text: 'rome' } });
    expect(decodeCustomId(id.replace(':3:3:', ':9:3:'))).toEqual({ ok: false, error: 'tampered' });
  });

  it('reports other versions and garbage as error values, never throwing', () => {
    expect(decodeCustomId('p0:abcd:pg:0:3:q:rome')).toEqual({ ok: false, error: 'version' });
    expect(decodeCustomId('ask-more')).toEqual({ ok: false, error: 'version' });
    expect(decodeCustomId('')).toEqual({ ok: false, error: 'version' });
    expect(decodeCustomId('x'.repeat(101))).toEqual({ ok: false, error: 'malformed' });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => void decodeCustomId(s)));
  });

  it('refuses offsets past the paging depth', () => {
    const deep = encodeCustomId({ kind: 'page', offset: 101, limit: 3, query: { text: 'rome' } });
    expect(decodeCustomId(deep)).toEqual({ ok: false, error: 'malformed' });
  });

  it('refuses to encode state that cannot fit (a programmer mistake)', () => {
    expect(() => encodeCustomId({ kind: 'section-open', ref: 'x'.repeat(200) })).toThrow(/^Parley:/);
  });
});

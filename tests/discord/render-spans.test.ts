/**
 * Highlights land where the index found them: the best sentence and the matched words travel as
 * spans of the passage's plain text (`Hit.bestSentenceSpan`, `Hit.matchedSpans`), and rendering
 * carries them through removing invisible characters, escaping Markdown and, for display text,
 * over to the same words in the Markdown — never searching for the words again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/parse.js';
import { stripInvisible } from '../../src/discord/escape.js';
import { renderDisplay, renderPassage, type Highlights } from '../../src/discord/highlight.js';
import { renderAnswer } from '../../src/discord/render.js';
import { ParleyIndex } from '../../src/search/index.js';
import type { Corpus, Hit, Passage } from '../../src/types.js';
import { markerCounts } from './helpers.js';

const ZWSP = '\u200b';

function passageOf(text: string, n: number): Passage {
  return {
    id: `club/rules#${n}`,
    documentId: 'club',
    document: 'Club rules',
    sectionId: 'club/rules',
    headingPath: ['Rules'],
    text,
    index: n,
    count: 3,
    line: n,
  };
}

function topHit(corpus: Corpus, question: string): Hit {
  const answer = ParleyIndex.build(corpus, { warmUp: false }).ask(question);
  if (answer.kind !== 'answer') throw new Error(`no answer for ${question}`);
  const [top] = answer.results;
  if (!top) throw new Error(`no result for ${question}`);
  return top;
}

const description = (hit: Hit) =>
  renderAnswer({ query: 'q', hits: [hit], topScore: 1, offset: 0, limit: 3, total: 1 }).embeds?.[0]?.description ?? '';

/** What a rendered description reads as: our `**`/`__` markers, escapes and mention breakers removed. */
function unrendered(out: string): string {
  let text = '';
  for (let i = 0; i < out.length; i++) {
    const c = out.charAt(i);
    if (c === '\\' && i + 1 < out.length) text += out.charAt(++i);
    else if ((c === '*' || c === '_') && out[i + 1] === c) i++;
    else if (c !== '\u200d') text += c;
  }
  return text;
}

describe('highlights from the index', () => {
  it('underline the best sentence and bold the matched words of plain text with zero-width and Markdown characters in it', () => {
    const best = `The yearly f${ZWSP}ee is *40 €* (see [rules] or \`fees_2026\`)${ZWSP} — paid by card.`;
    const corpus: Corpus = {
      documents: [{ id: 'club', file: 'club.txt', title: 'Club rules' }],
      sections: [
        {
          id: 'club/rules',
          documentId: 'club',
          headingPath: ['Rules'],
          passageIds: ['club/rules#1', 'club/rules#2', 'club/rules#3'],
          line: 1,
        },
      ],
      passages: [
        passageOf(`Members join through the front desk. ${best} Refunds take a week.`, 1),
        passageOf('Lockers are on the second floor. Bring your own padlock.', 2),
        passageOf('Guests sign in at reception. Each member may bring two guests a month.', 3),
      ],
      problems: [],
    };
    const hit = topHit(corpus, 'how much is the yearly fee?');
    expect(hit.bestSentence).toBe(best);
    const out = description(hit);
    // "fees" in the code-like name is the same index term as "fee": the index matched it, so it is bold.
    expect(out).toBe(
      'Members join through the front desk. __The **yearly** **fee** is \\*40 €\\* \\(see \\[rules\\] or \\`**fees**\\_2026\\`\\) — paid by card.__ Refunds take a week.',
    );
    expect(unrendered(/__(.*)__/.exec(out)?.[1] ?? '')).toBe(stripInvisible(best));
  });

  it('carry over to display text: the sentence stays underlined around bold and code, the words bold', () => {
    const markdown = [
      '# Club rules',
      '',
      '## Membership',
      '',
      `Members join through the front desk. The yearly f${ZWSP}ee is **forty euros** and covers \`locker\` use — paid by card or cash. Refunds take a week.`,
      '',
      '## Lockers',
      '',
      'Lockers are on the second floor. Bring your own padlock.',
      '',
      '## Guests',
      '',
      'Guests sign in at reception. Each member may bring two guests a month.',
    ].join('\n');
    const doc = parseDocument(markdown, 'club.md');
    const hit = topHit(
      { documents: [doc.document], sections: doc.sections, passages: doc.passages, problems: [] },
      'how much is the yearly fee?',
    );
    expect(hit.passage.display).toBeDefined();
    expect(description(hit)).toBe(
      'Members join through the front desk. __The **yearly** **fee** is__ **__forty euros__** __and covers__ `locker` __use — paid by card or cash.__ Refunds take a week.',
    );
  });
});

/** Text built from what breaks renderers: Markdown, mentions, invisible characters, line starts, any Unicode. */
const nasty = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          '**',
          '__',
          '*',
          '_',
          '~~',
          '`',
          '```',
          '\\',
          '> ',
          '# ',
          '- ',
          '1. ',
          '[x](https://e.org/a_b)',
          '@everyone',
          '<@1>',
          ZWSP,
          '\u202e',
          '\ufeff',
          '\n',
          ' ',
          '. ',
          'word',
          'Rome',
          'ایران',
        ),
      },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const spanArb = fc.record({ start: fc.integer({ min: -3, max: 400 }), end: fc.integer({ min: -3, max: 400 }) });
const highlightsArb: fc.Arbitrary<Highlights> = fc.record({
  sentence: fc.option(spanArb, { nil: undefined }),
  terms: fc.array(spanArb, { maxLength: 6 }),
});

/** The text our `__` markers enclose (escapes skipped while looking for them). */
function underlined(out: string): string {
  let inside = false;
  let part = '';
  for (let i = 0; i < out.length; i++) {
    if (out[i] === '\\') {
      if (inside) part += out.slice(i, i + 2);
      i++;
    } else if (out.startsWith('__', i)) {
      inside = !inside;
      i++;
    } else if (inside) part += out.charAt(i);
  }
  return part;
}

describe('rendering highlights', () => {
  it('puts the underline on exactly the best sentence, whatever invisible or Markdown characters it holds', () => {
    const piece = fc.constantFrom(
      'alpha',
      'Beta',
      'ایران',
      '*x*',
      '_y_',
      '**',
      '__',
      '[z](u)',
      '`c`',
      '\\',
      '#',
      '>',
      '1.',
      '@everyone',
      '<@1>',
      ZWSP,
      '\u200d',
      '\u202e',
      '\ufeff',
    );
    const sentence = fc
      .tuple(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.constantFrom(' ', ` ${ZWSP}`))
      .map(([parts, gap]) => `${parts.join(gap)}.`)
      .filter((s) => /[\p{L}\p{N}]/u.test(stripInvisible(s)));
    const before = 'Members join through the front desk and sign the register there.';
    const after = 'Refunds take a week and are paid back to the same card or account.';
    fc.assert(
      fc.property(sentence, (best) => {
        const text = `${before} ${best} ${after}`;
        const start = before.length + 1;
        const out = renderPassage(text, { sentence: { start, end: start + best.length }, terms: [] }, 100_000);
        expect(unrendered(underlined(out))).toBe(stripInvisible(best).trim());
        expect(unrendered(out)).toBe(stripInvisible(text));
      }),
      { numRuns: 500 },
    );
  });

  it('never loses or changes text, whatever the spans, and keeps its markers balanced (plain text)', () => {
    fc.assert(
      fc.property(nasty, highlightsArb, (text, highlights) => {
        const out = renderPassage(text, highlights, 100_000);
        expect(unrendered(out)).toBe(stripInvisible(text).trim());
        const counts = markerCounts(out);
        expect(counts.bold % 2).toBe(0);
        expect(counts.underline % 2).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never loses or changes text of display Markdown, only adds emphasis markers', () => {
    const strip = (s: string) => stripInvisible(s).replace(/[*_\u200d]/g, '');
    fc.assert(
      fc.property(nasty, highlightsArb, (display, highlights) => {
        const out = renderDisplay(display, display, highlights, 100_000);
        if (out === undefined) return;
        expect(strip(out)).toBe(strip(stripInvisible(display).trim()));
      }),
      { numRuns: 500 },
    );
  });
});

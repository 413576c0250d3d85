import fc from 'fast-check';
import { assert, describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../src/discord/custom-id.js';
import {
  headingTitle,
  questionFromLine,
  relevance,
  renderAnswer,
  renderNoMatch,
  renderSectionPage,
  renderToc,
  PATH_SEPARATOR,
} from '../../src/discord/render.js';
import { renderPassage } from '../../src/discord/highlight.js';
import { EMBED_DESCRIPTION_MAX, message } from '../../src/discord/respond.js';
import { passageId, type Corpus, type Hit } from '../../src/types.js';
import { expectSafeMessage, liveMentions } from '../support/safe-reply.js';
import { hit, markerCounts, passage, rows } from './helpers.js';
import { highlights } from '../support/hits.js';

/** Strings built from everything that breaks renderers: mentions, markdown, controls, any Unicode. */
const nasty = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          '@everyone',
          '@here',
          '<@123456789012345678>',
          '<@!123456789012345678>',
          '<@&123456789012345678>',
          '<#123456789012345678>',
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
          '-# ',
          '1. ',
          '[x](https://example.com)',
          '\u202e',
          '\u200b',
          '\u200d',
          '\n',
          ' ',
          '. ',
          '? ',
          'word',
          'Rome',
          'ایران',
          '伊朗',
          'ישראל',
          '😀',
          '(a+)+$',
          '\ud800',
        ),
      },
    ),
    { maxLength: 120 },
  )
  .map((parts) => parts.join(''));

const longNasty = fc.oneof(
  nasty,
  nasty.map((s) => s.repeat(60)),
);

const hitArb = fc
  .record({
    text: longNasty,
    heading: fc.array(longNasty, { minLength: 1, maxLength: 4 }),
    document: nasty,
    score: fc.double({ min: 0, max: 100, noNaN: true }),
    terms: fc.array(nasty, { maxLength: 6 }),
    // Spans anywhere, even past the text: rendering clamps them rather than trusting them.
    spans: fc.array(fc.record({ start: fc.integer({ min: -5, max: 3000 }), end: fc.integer({ min: -5, max: 3000 }) }), {
      maxLength: 4,
    }),
    pickBest: fc.boolean(),
    source: fc.option(fc.oneof(fc.webUrl(), nasty), { nil: undefined }),
  })
  .map(({ text, heading, document, score, terms, spans, pickBest, source }): Hit => {
    const words = text.split(/\s+/).filter(Boolean);
    const best = pickBest
      ? { start: Math.floor(text.length / 3), end: Math.floor((2 * text.length) / 3) }
      : { start: 0, end: 0 };
    return hit({
      passage: passage({
        text,
        headingPath: heading,
        document,
        sectionId: `doc/${heading.join('/')}`,
        ...(source ? { source } : {}),
      }),
      score,
      matchedTerms: [...terms, ...words.slice(0, 3)],
      // The first words as the index would point at them, and spans anywhere.
      matchedSpans: [
        ...[...text.matchAll(/\S+/g)].slice(0, 3).map((m) => ({ start: m.index, end: m.index + m[0].length })),
        ...spans,
      ],
      bestSentence: text.slice(best.start, best.end),
      bestSentenceSpan: best,
    });
  });

/** What the renderer adds on top of the one reply check: our own markdown is balanced. */
function expectBalancedMarkdown(data: ReturnType<typeof renderAnswer>) {
  for (const embed of data.embeds ?? []) {
    for (const text of [embed.title ?? '', embed.description ?? '']) {
      const counts = markerCounts(text);
      expect(counts.bold % 2, `unbalanced ** in ${JSON.stringify(text)}`).toBe(0);
      expect(counts.underline % 2, `unbalanced __ in ${JSON.stringify(text)}`).toBe(0);
      expect(text).not.toContain('****');
    }
  }
}

describe('renderAnswer', () => {
  it('keeps every embed within Discord limits and never leaves a live mention, for any passage and question', () => {
    fc.assert(
      fc.property(
        fc.array(hitArb, { minLength: 1, maxLength: 10 }),
        nasty,
        fc.integer({ min: 0, max: 50 }),
        (hits, query, offset) => {
          const top = Math.max(...hits.map((h) => h.score));
          const data = renderAnswer({ query, hits, topScore: top, offset, limit: 5, total: offset + hits.length + 3 });
          expectSafeMessage(data, JSON.stringify(query));
          expectBalancedMarkdown(data);
          expect(data.allowed_mentions).toEqual({ parse: [] });
          // The whole body also passes the respond safety net unchanged in size.
          const response = message(data);
          expect(response.type).toBe(4);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets paging buttons recover the question for any question', () => {
    fc.assert(
      fc.property(nasty, hitArb, (raw, h) => {
        const query = raw
          .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g, '')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 200);
        const data = renderAnswer({ query, hits: [h], topScore: h.score, offset: 0, limit: 1, total: 5 });
        const more = rows(data)[0]?.find((c) => c.label === 'More results');
        expect(more?.custom_id).toBeDefined();
        const decoded = decodeCustomId(more?.custom_id ?? '');
        expect(decoded.ok).toBe(true);
        if (!decoded.ok || decoded.state.kind !== 'page') return;
        const recovered =
          'text' in decoded.state.query
            ? decoded.state.query.text
            : questionFromLine(data.embeds?.[0]?.author?.name, decoded.state.query.hash);
        expect(recovered).toBe(query);
      }),
      { numRuns: 200 },
    );
  });

  it('addresses the answer to a member and allows only that mention', () => {
    const data = renderAnswer({
      query: 'rome',
      hits: [hit()],
      topScore: 1,
      offset: 0,
      limit: 3,
      total: 1,
      forUserId: '123456789012345678',
    });
    expect(data.content).toBe('*Sources for <@123456789012345678>:*');
    expect(data.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'] });
  });

  it('titles each embed with the full heading path and shows the source link only when it is a URL', () => {
    const withSource = hit({
      passage: passage({ headingPath: ['Rome: A Venue', 'The Nuclear Program'], source: 'https://example.com/a' }),
    });
    const badSource = hit({ passage: passage({ id: 'x#2', sectionId: 'x', source: 'javascript:alert(1)' }) });
    const data = renderAnswer({
      query: 'q',
      hits: [withSource, badSource],
      topScore: 1,
      offset: 0,
      limit: 3,
      total: 2,
    });
    expect(data.embeds?.[0]?.title).toBe(`Rome: A Venue${PATH_SEPARATOR}The Nuclear Program`);
    expect(data.embeds?.[0]?.url).toBe('https://example.com/a');
    expect(data.embeds?.[1]?.url).toBeUndefined();
  });

  it('writes the footer as document · passage n of m · relevance relative to the top hit', () => {
    const data = renderAnswer({
      query: 'q',
      hits: [
        hit({ score: 10 }),
        hit({ score: 8.7, passage: passage({ id: 'b', sectionId: 'b', index: 2, count: 4 }) }),
      ],
      topScore: 10,
      offset: 0,
      limit: 3,
      total: 2,
    });
    expect(data.embeds?.[1]?.footer?.text).toBe('A Document · passage 2 of 4 · relevance 87%');
  });

  it('offers Previous only past the first page and More results only before the last', () => {
    const first = renderAnswer({ query: 'q', hits: [hit()], topScore: 1, offset: 0, limit: 1, total: 3 });
    const labels = (d: typeof first) => rows(d)[0]?.map((c) => c.label) ?? [];
    expect(labels(first)).toEqual(['More results']);
    const middle = renderAnswer({ query: 'q', hits: [hit()], topScore: 1, offset: 1, limit: 1, total: 3 });
    expect(labels(middle)).toEqual(['Previous', 'More results']);
    const last = renderAnswer({ query: 'q', hits: [hit()], topScore: 1, offset: 2, limit: 1, total: 3 });
    expect(labels(last)).toEqual(['Previous']);
  });
});

describe('renderPassage', () => {
  it('bolds matched terms as whole words and underlines the best sentence', () => {
    const text = 'Rome hosted talks. Officials met in Rome for a fifth round. Romeo was absent.';
    const out = renderPassage(text, highlights(text, ['Rome'], 'Officials met in Rome for a fifth round.'), 4096);
    expect(out).toBe('**Rome** hosted talks. __Officials met in **Rome** for a fifth round.__ Romeo was absent.');
  });

  it('escapes markdown and mentions from the passage before adding its own', () => {
    const text = 'Use **stars** and @everyone <@123456789012345678>';
    const out = renderPassage(text, highlights(text, ['stars']), 4096);
    expect(out).toContain('\\*\\***stars**\\*\\*');
    expect(liveMentions(out)).toEqual([]);
  });

  it('shows a long passage as a window around its best sentence, cut at sentence boundaries', () => {
    const filler = Array.from({ length: 80 }, (_, i) => `Filler sentence number ${i} adds words.`).join(' ');
    const best = 'The decisive sentence mentions enrichment at 3.67 percent.';
    const text = `${filler} ${best} ${filler}`;
    const out = renderPassage(text, highlights(text, ['enrichment'], best), 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out).toContain('__The decisive sentence mentions **enrichment** at 3.67 percent.__');
    expect(out.startsWith('… ')).toBe(true);
    expect(out.endsWith(' …')).toBe(true);
    // Whole sentences on both sides of the best one.
    expect(out).toMatch(/^… Filler sentence number \d+ adds words\./);
    expect(out).toMatch(/ Filler sentence number \d+ adds words\. …$/);
  });

  it('never cuts mid-word when one sentence is longer than the room', () => {
    const text = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const out = renderPassage(text, highlights(text, []), 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out).toMatch(/word\d+ …$/);
    const lastWord = /(word\d+) …$/.exec(out)?.[1];
    expect(text.split(' ')).toContain(lastWord);
  });
});

describe('headingTitle', () => {
  it('cuts only past 256 characters, at a word boundary, with an ellipsis', () => {
    const short = [
      'Rome: A Recurring Venue for Critical Negotiations',
      'The Nuclear Program at the Core of Discussions',
    ];
    expect(headingTitle(short, 'Doc')).toBe(short.join(PATH_SEPARATOR));
    const long = Array.from({ length: 8 }, (_, i) => `Heading number ${i} with several words`);
    const title = headingTitle(long, 'Doc');
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.endsWith('…')).toBe(true);
    expect(long.join(PATH_SEPARATOR).startsWith(title.slice(0, -1).trimEnd())).toBe(true);
  });
});

describe('relevance', () => {
  it('is a percentage of the top score, at least 1', () => {
    expect(relevance(5, 10)).toBe(50);
    expect(relevance(0, 10)).toBe(1);
    expect(relevance(3, 0)).toBe(100);
  });
});

describe('renderNoMatch', () => {
  it('gives every suggestion button its own custom id', () => {
    const data = renderNoMatch('rme', 'no-results', ['rome', 'rome', ' rome ']);
    const ids = rows(data)
      .flat()
      .map((b) => b.custom_id);
    expect(ids).toHaveLength(1);
  });

  it('escapes the question and suggestions, points to /sections and offers the suggestions as buttons', () => {
    const data = renderNoMatch('**why** @everyone', 'no-results', ['rome talks', '<@&123456789012345678>']);
    expect(data.content).toContain('\\*\\*why\\*\\*');
    expect(data.content).toContain('/sections');
    expect(data.content).toContain('Did you mean: **rome talks**');
    expect(liveMentions(data.content ?? '')).toEqual([]);
    const first = rows(data)[0]?.[0];
    expect(decodeCustomId(first?.custom_id ?? '')).toMatchObject({
      ok: true,
      state: { kind: 'page', offset: 0, query: { text: 'rome talks' } },
    });
  });
});

const corpusOf = (texts: string[]): Corpus => {
  const passages = texts.map((text, i) =>
    passage({
      id: passageId('doc/s', i + 1),
      sectionId: 'doc/s',
      text,
      index: i + 1,
      count: texts.length,
      headingPath: ['S'],
    }),
  );
  return {
    documents: [{ id: 'doc', file: 'doc.txt', title: 'Doc' }],
    sections: [{ id: 'doc/s', documentId: 'doc', headingPath: ['S'], passageIds: passages.map((p) => p.id), line: 1 }],
    passages,
    problems: [],
  };
};

describe('renderSectionPage', () => {
  it('pages a long section with Previous/Next and keeps each page within the description limit', () => {
    const corpus = corpusOf(Array.from({ length: 30 }, (_, i) => `Paragraph ${i}. ${'Some words here. '.repeat(20)}`));
    const section = corpus.sections[0];
    assert.exists(section);
    const first = renderSectionPage(corpus, section, 0);
    expect(first.embeds?.[0]?.description?.length).toBeLessThanOrEqual(EMBED_DESCRIPTION_MAX);
    expect(first.embeds?.[0]?.footer?.text).toMatch(/page 1 of \d+/);
    expect(rows(first)[0]?.map((b) => b.label)).toEqual(['Next']);
    const last = renderSectionPage(corpus, section, 999);
    expect(rows(last)[0]?.map((b) => b.label)).toEqual(['Previous']);
  });
});

describe('renderToc', () => {
  it('indents sub-headings under their heading with passage counts, within limits for huge corpora', () => {
    const sections = Array.from({ length: 2000 }, (_, i) => ({
      id: `doc/s${i}`,
      documentId: 'doc',
      headingPath: i % 2 === 0 ? [`Heading ${i}`] : [`Heading ${i - 1}`, `Sub ${i}`],
      passageIds: ['x'],
      line: i,
    }));
    const corpus: Corpus = {
      documents: [{ id: 'doc', file: 'd', title: 'Doc' }],
      sections,
      passages: [],
      problems: [],
    };
    const data = renderToc(corpus, corpus.documents);
    const lines = (data.embeds?.[0]?.description ?? '').split('\n');
    expect(lines[0]).toBe('• Heading 0 — 1 passage');
    expect(lines[1]).toBe('\u2003◦ Sub 1 — 1 passage');
    expectSafeMessage(data, 'table of contents');
    expect(data.content).toMatch(/more sections/);
  });
});

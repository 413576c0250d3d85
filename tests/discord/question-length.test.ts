/**
 * One length for a question and one page size, everywhere they apply: what the `/ask` options
 * accept, what the bot passes to `ask()`, what the index reads, and why the length is what it is —
 * a question of that length still round-trips through the answer's question line, which is where
 * the paging buttons of a long question read it back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definition as askDefinition } from '../../commands/ask.js';
import { definition as sectionDefinition } from '../../commands/section.js';
import { decodeCustomId } from '../../src/discord/custom-id.js';
import { PAGE_SIZE, pageSize } from '../../src/discord/page-size.js';
import { toQuery } from '../../src/discord/query.js';
import { questionFromLine, renderAnswer } from '../../src/discord/render.js';
import { EMBED_AUTHOR_NAME_MAX } from '../../src/discord/respond.js';
import { defaultIndexOptions } from '../../src/search/index.js';
import { QUESTION_MAX_LENGTH, type Corpus } from '../../src/types.js';
import { fakeSearcher, hit, rows } from './helpers.js';

const corpus: Corpus = { documents: [], sections: [], passages: [], problems: [] };
const searcher = fakeSearcher(corpus, (question) => ({
  kind: 'no-match',
  question,
  reason: 'no-terms',
  suggestions: [],
}));
const option = (options: readonly { name: string }[], name: string) =>
  options.find((o) => o.name === name) as Record<string, unknown>;

describe('the question length', () => {
  it('is what the /ask and /section text options accept and what the index reads', () => {
    expect(option(askDefinition.options, 'question').max_length).toBe(QUESTION_MAX_LENGTH);
    expect(option(sectionDefinition.options, 'name').max_length).toBe(QUESTION_MAX_LENGTH);
    expect(defaultIndexOptions.maxQuestionLength).toBe(QUESTION_MAX_LENGTH);
  });

  it('bounds every query the bot passes to ask(), however long the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 2_000 }), (text) => {
        expect(toQuery(text, searcher).length).toBeLessThanOrEqual(QUESTION_MAX_LENGTH);
      }),
      { numRuns: 200 },
    );
    expect(toQuery('word '.repeat(400), searcher).length).toBeLessThanOrEqual(QUESTION_MAX_LENGTH);
  });

  it('passes a question of exactly that length to ask() as written', () => {
    const question = 'why '
      .repeat(QUESTION_MAX_LENGTH)
      .slice(0, QUESTION_MAX_LENGTH - 1)
      .concat('?');
    expect(question).toHaveLength(QUESTION_MAX_LENGTH);
    expect(toQuery(question, searcher)).toBe(question);
  });

  it('is short enough for the answer to show it whole and for its paging buttons to read it back', () => {
    const words = ['uranium', 'enrichment', 'Rome', 'venue', 'talks', 'sanctions', 'oil', 'exports'];
    const question = Array.from({ length: 60 }, (_, i) => words[i % words.length])
      .join(' ')
      .slice(0, QUESTION_MAX_LENGTH);
    expect(question.length).toBe(QUESTION_MAX_LENGTH);
    const data = renderAnswer({ query: question, hits: [hit()], topScore: 1, offset: 0, limit: 1, total: 2 });
    const line = data.embeds?.[0]?.author?.name;
    expect(line?.length).toBeLessThanOrEqual(EMBED_AUTHOR_NAME_MAX);
    const more = rows(data)
      .flat()
      .find((b) => b.label === 'More results');
    const decoded = decodeCustomId(more?.custom_id ?? '');
    expect(decoded.ok && decoded.state.kind === 'page' && 'hash' in decoded.state.query).toBe(true);
    if (!decoded.ok || decoded.state.kind !== 'page' || !('hash' in decoded.state.query)) return;
    expect(questionFromLine(line, decoded.state.query.hash)).toBe(question);
  });
});

describe('the page size', () => {
  it('is what the /ask results option accepts and says', () => {
    const results = option(askDefinition.options, 'results');
    expect([results.min_value, results.max_value]).toEqual([PAGE_SIZE.min, PAGE_SIZE.max]);
    expect(results.description).toContain(`default ${PAGE_SIZE.default}`);
  });

  it('makes any requested size a whole number within it, the default when there is none', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(undefined), fc.boolean()),
        (requested) => {
          const size = pageSize(requested);
          expect(Number.isInteger(size)).toBe(true);
          expect(size).toBeGreaterThanOrEqual(PAGE_SIZE.min);
          expect(size).toBeLessThanOrEqual(PAGE_SIZE.max);
        },
      ),
    );
    expect([
      pageSize(undefined),
      pageSize(Number.NaN),
      pageSize('x'),
      pageSize(0),
      pageSize(2.7),
      pageSize(99),
    ]).toEqual([PAGE_SIZE.default, PAGE_SIZE.default, PAGE_SIZE.default, PAGE_SIZE.min, 2, PAGE_SIZE.max]);
  });

  it('bounds what a paging button may carry', () => {
    const data = renderAnswer({
      query: 'rome',
      hits: [hit()],
      topScore: 1,
      offset: 0,
      limit: PAGE_SIZE.max,
      total: 20,
    });
    const more = rows(data)
      .flat()
      .find((b) => b.label === 'More results');
    const decoded = decodeCustomId(more?.custom_id ?? '');
    expect(decoded.ok && decoded.state.kind === 'page' && decoded.state.limit).toBe(PAGE_SIZE.max);
    const tampered = (more?.custom_id ?? '').replace(`:${PAGE_SIZE.max}:`, `:${PAGE_SIZE.max + 1}:`);
    expect(decodeCustomId(tampered).ok).toBe(false);
  });
});

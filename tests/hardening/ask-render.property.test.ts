/**
 * Whatever a member types, what `ParleyIndex.ask()` on the seed returns renders to a message
 * Discord accepts and that pings nobody. Random strings (full unicode, lone surrogates, control
 * characters) and mixtures of the things pranksters paste — mentions, markdown, RTL text, bidi
 * controls, emoji, seed words so some of them do answer — go through the same path as `/ask`:
 * `toQuery` → `ask()` → the renderer (answer or no-match) → `message()`.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { answerPage } from '../../src/discord/answer.js';
import { toQuery } from '../../src/discord/query.js';
import { renderAnswer, renderNoMatch } from '../../src/discord/render.js';
import { message } from '../../src/discord/respond.js';
import { ParleyIndex } from '../../src/search/index.js';
import { checkMessageLimits } from '../support/limits.js';
import { expectSafeMessage, liveMentionIn } from '../support/safe-reply.js';

let index: ParleyIndex;

beforeAll(async () => {
  index = ParleyIndex.build(await loadCorpus('corpus'));
});

const piece = fc.oneof(
  fc.constantFrom(
    '@everyone',
    '@here',
    '<@1180000000000000301>',
    '<@!1180000000000000302>',
    '<@&1180000000000000303>',
    '<#1180000000000000304>',
    '</ask:1180000000000000305>',
    '**',
    '__',
    '~~',
    '||',
    '`',
    '```',
    '> ',
    '# ',
    '- ',
    '[x](https://example.com)',
    '\\',
    '\u202e',
    '\u202c',
    '\u2066',
    '\u2069',
    '\u200b',
    '\u200d',
    '\ufeff',
    '\u0000',
    '\n',
    '\t',
    'چرا',
    'مذاکرات',
    'روما',
    'ברומא',
    '罗马',
    '🕊️',
    '🇮🇷',
    '👨‍👩‍👧',
    '🤝🏽',
    // Seed words, so a good share of the questions answer and the answer renderer is exercised.
    'Rome',
    'Oman',
    'talks',
    'nuclear',
    'enrichment',
    'sanctions',
    'Witkoff',
    'Araghchi',
    'why',
    'meeting',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const mixture = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(' '));
const seedQuestion = fc
  .tuple(
    fc.constantFrom('why', 'what', 'when', 'who'),
    fc.subarray(['Rome', 'Oman', 'talks', 'nuclear', 'enrichment', 'sanctions', 'meeting', 'Muscat'], { minLength: 1 }),
    mixture,
  )
  .map(([w, words, noise]) => `${w} ${words.join(' ')} ${noise}`);
const question = fc.oneof(
  { weight: 2, arbitrary: seedQuestion },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  { weight: 4, arbitrary: mixture },
);

describe('the checks themselves', () => {
  it('see a live mention in content, embeds and labels, and not a broken one or a custom id', () => {
    expect(
      liveMentionIn({ components: [{ components: [{ label: 'Ask', custom_id: 'p1:x:q:@everyone' }] }] }),
    ).toBeUndefined();
    expect(liveMentionIn({ content: 'hi @everyone' })).toBe('@everyone');
    expect(liveMentionIn({ embeds: [{ description: 'x <@1180000000000000301>' }] })).toBeDefined();
    expect(liveMentionIn({ components: [{ components: [{ label: '<@&1180000000000000303>' }] }] })).toBeDefined();
    expect(liveMentionIn({ content: 'hi @\u200deveryone \\<@\u200d1180000000000000301\\>' })).toBeUndefined();
  });
});

describe('ask() then the renderer, on random questions', () => {
  it('always gives a message within Discord limits that contains no live mention', () => {
    let answered = 0;
    fc.assert(
      fc.property(question, fc.integer({ min: -3, max: 99 }), fc.integer({ min: 0, max: 30 }), (raw, limit, offset) => {
        const query = toQuery(raw, index);
        const page = answerPage(index, query, { limit, offset });
        if (page.matched) answered++;
        const response = message(page.data, { ephemeral: !page.matched }) as { data?: unknown };
        expectSafeMessage(response.data, `${JSON.stringify(raw)} → ${JSON.stringify(query)}`);
      }),
      { numRuns: 400 },
    );
    // The generator must reach the answer renderer, not only the no-match note.
    expect(answered).toBeGreaterThan(15);
  });

  it('renders the raw question (not cleaned) safely too, as the no-match note and as an answer header', () => {
    const hit = index.ask('why do they keep meeting in Rome?');
    expect(hit.kind).toBe('answer');
    if (hit.kind !== 'answer') return;
    fc.assert(
      fc.property(question, (raw) => {
        const answer = index.ask(raw, { limit: 5 });
        const suggestions = answer.kind === 'no-match' ? answer.suggestions : [];
        const noMatch = message(renderNoMatch(raw, 'no-terms', [...suggestions, raw]), { ephemeral: true }) as {
          data?: unknown;
        };
        expectSafeMessage(noMatch.data, `no-match ${JSON.stringify(raw)}`);
        const rendered = message(
          renderAnswer({
            query: raw,
            hits: hit.results.slice(0, 5),
            topScore: hit.results[0]?.score ?? 1,
            offset: 0,
            limit: 5,
            total: hit.total,
          }),
        ) as { data?: unknown };
        expectSafeMessage(rendered.data, `answer ${JSON.stringify(raw)}`);
        expect(checkMessageLimits(rendered.data)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

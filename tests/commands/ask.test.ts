/** `/ask` on the seed index: answers, privacy, addressing, no-match, hostile input, paging, autocomplete. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCustomId } from '../../src/discord/custom-id.js';
import { STALE_SECTION_TEXT } from '../../commands/section.js';
import { rows } from '../discord/helpers.js';
import { PAGE_SIZE } from '../../src/discord/page-size.js';
import { expectSafeCallback, expectSafeMessage } from '../support/safe-reply.js';
import {
  autocomplete,
  botMessage,
  button,
  chatInput,
  type InteractionPayload,
  user,
  userOption,
} from '../support/interactions.js';
import { seedRouter, type Seed } from './seed.js';

let seed: Seed;
const run = (payload: InteractionPayload) => seed.run(payload);

beforeAll(async () => {
  seed = await seedRouter();
});

describe('/ask', () => {
  it('answers publicly with one embed per passage titled by its heading path', async () => {
    const { type, data } = await run(chatInput('ask', { question: 'Rome negotiations venue' }));
    expect(type).toBe(4);
    expect(data.flags ?? 0).toBe(0);
    expect(data.embeds?.length).toBe(3);
    // The seed's Rome section and its nuclear sub-section sit under this heading.
    expect(data.embeds?.some((e) => e.title?.startsWith('Rome: A Recurring Venue for Critical Negotiations'))).toBe(
      true,
    );
    expect(data.embeds?.[0]?.footer?.text).toMatch(
      /^Iran-US Talks: Navigating The Complex Path To Diplomacy · passage \d+ of \d+ · relevance 100%$/,
    );
    expect(data.embeds?.[0]?.description).toMatch(/\*\*Rome\*\*/);
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers privately when asked to', async () => {
    const { data } = await run(chatInput('ask', { question: 'uranium enrichment level', private: true }));
    expect(data.flags).toBe(64);
  });

  it('addresses the answer to a member and pings only them', async () => {
    const { data } = await run(
      chatInput('ask', {
        question: 'uranium enrichment @everyone',
        for: userOption(user({ id: '777777777777777777' })),
      }),
    );
    expect(data.content).toBe('*Sources for <@777777777777777777>:*');
    expect(data.allowed_mentions).toEqual({ parse: [], users: ['777777777777777777'] });
    expectSafeMessage(data, 'an answer for a member');
  });

  it('answers a question with nothing in the corpus with a short ephemeral note pointing to /sections', async () => {
    const { data } = await run(chatInput('ask', { question: 'penguin migration across antarctic glaciers' }));
    expect(data.flags).toBe(64);
    expect(data.embeds ?? []).toEqual([]);
    expect(data.content).toContain('/sections');
  });

  it('keeps hostile questions polite, within limits and without pings', async () => {
    for (const question of [
      '',
      '   ',
      '@everyone @here <@&123456789012345678>',
      '```js\n**x**```',
      '\u202e\u200b',
      '😀😀',
      'ایران و آمریکا',
      '(a+)+$[',
      'x'.repeat(6000),
    ]) {
      const { type, data } = await run(chatInput('ask', { question }));
      expect(type).toBe(4);
      expectSafeMessage(data, JSON.stringify(question));
      expect(data.allowed_mentions).toEqual({ parse: [] });
    }
  });

  it('clamps results outside 1–5', async () => {
    const { data } = await run(chatInput('ask', { question: 'nuclear program sanctions', results: 99 }));
    expect(data.embeds?.length).toBe(5);
  });

  it('pages with More results (type 7) and opens a whole section as a new ephemeral message', async () => {
    const first = await run(chatInput('ask', { question: 'nuclear program sanctions', results: 2 }));
    const more = rows(first.data)[0]?.find((b) => b.label === 'More results');
    const second = await run(button(more?.custom_id ?? '', botMessage({ embeds: first.data.embeds ?? [] })));
    expect(second.type).toBe(7);
    expect(second.data.embeds?.length).toBe(2);
    expect(second.data.embeds?.map((e) => e.description)).not.toEqual(first.data.embeds?.map((e) => e.description));
    expect(rows(second.data)[0]?.map((b) => b.label)).toContain('Previous');

    const wholeSection = rows(first.data)[1]?.[0];
    const section = await run(button(wholeSection?.custom_id ?? ''));
    expect(section.type).toBe(4);
    expect(section.data.flags).toBe(64);
    expect(section.data.embeds?.[0]?.title).toBe(first.data.embeds?.[0]?.title);
  });

  it('says a section no longer exists when the corpus changed under a button', async () => {
    const { data } = await run(button(encodeCustomId({ kind: 'section-open', ref: 'iran-us-talks/gone' })));
    expect(data.content).toBe(STALE_SECTION_TEXT);
    expect(data.flags).toBe(64);
  });

  it('autocompletes headings and completed terms within Discord limits', async () => {
    for (const typed of ['', 'nucl', 'Rome', 'x'.repeat(10_000), '@everyone']) {
      const { type, data } = await run(autocomplete('ask', { question: typed }, { focused: 'question' }));
      expect(type).toBe(8);
      expect(data.choices?.length).toBeLessThanOrEqual(25);
      for (const choice of data.choices ?? []) {
        expect(choice.name.length).toBeGreaterThanOrEqual(1);
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(choice.value.length).toBeLessThanOrEqual(100);
      }
    }
    const empty = await run(autocomplete('ask', { question: '' }, { focused: 'question' }));
    expect(empty.data.choices?.length).toBeGreaterThan(0);
    const nucl = await run(autocomplete('ask', { question: 'nucl' }, { focused: 'question' }));
    expect(nucl.data.choices?.some((c) => /nucl/i.test(c.value))).toBe(true);
  });
});

describe('/ask with any input (property)', () => {
  it('answers every string within Discord limits and without a live mention', async () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom(
        '@everyone',
        '@here',
        '<@123456789012345678>',
        '<@&1>',
        '<#1>',
        '**',
        '__',
        '`',
        '\\',
        'Rome',
        'nuclear',
        'enrichment',
        'ایران',
        '\u202e',
        '\n',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 20 }).map((p) => p.join('')),
        fc.integer({ min: -3, max: 9 }),
        async (question, results) => {
          const { type, data } = await run(chatInput('ask', { question, results }));
          expect(type).toBe(4);
          expectSafeCallback({ type, data }, JSON.stringify({ question, results }));
          expect(data.allowed_mentions).toEqual({ parse: [] });
          expect((data.embeds ?? []).length).toBeLessThanOrEqual(PAGE_SIZE.max);
        },
      ),
      { numRuns: 150 },
    );
  });
});

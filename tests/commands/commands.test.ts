/**
 * The command handlers on the real seed index (corpus/iran-us-talks.txt), through the router,
 * as a member would use them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { encodeCustomId } from '../../src/discord/custom-id.js';
import { createRouter, type Router } from '../../src/discord/router.js';
import { ParleyIndex } from '../../src/search/index.js';
import type { Searcher } from '../../src/types.js';
import { STALE_SECTION_TEXT } from '../../commands/section.js';
import { allStrings, complete, liveMentions, messageCommand, press, rows, silentLogger, slash } from '../discord/helpers.js';

let index: Searcher;
let router: Router;

beforeAll(async () => {
  index = ParleyIndex.build(await loadCorpus('corpus'));
  // No cooldown and no work ceiling: these tests ask many questions in a row on purpose.
  router = createRouter({
    getSearcher: () => index,
    logger: silentLogger,
    version: '9.9.9',
    settings: { cooldownSeconds: 0, busyMsPerSecond: Number.POSITIVE_INFINITY },
  });
});

type Body = {
  content?: string;
  flags?: number;
  embeds?: { title?: string; description?: string; footer?: { text: string }; author?: { name: string } }[];
  components?: unknown[];
  allowed_mentions?: unknown;
  choices?: { name: string; value: string }[];
};
const run = async (payload: never) => {
  const { response } = await router.handle(payload);
  return { type: response.type, data: ((response as { data?: Body }).data ?? {}) as Body };
};
const shown = (data: Body) => {
  const { components: _ids, ...rest } = data;
  return allStrings(rest);
};

describe('/ask', () => {
  it('answers publicly with one embed per passage titled by its heading path', async () => {
    const { type, data } = await run(slash('ask', { question: 'Rome negotiations venue' }));
    expect(type).toBe(4);
    expect(data.flags ?? 0).toBe(0);
    expect(data.embeds?.length).toBe(3);
    // The seed's Rome section and its nuclear sub-section sit under this heading.
    expect(data.embeds?.some((e) => e.title?.startsWith('Rome: A Recurring Venue for Critical Negotiations'))).toBe(true);
    expect(data.embeds?.[0]?.footer?.text).toMatch(/^Iran-US Talks: Navigating The Complex Path To Diplomacy · passage \d+ of \d+ · relevance 100%$/);
    expect(data.embeds?.[0]?.description).toMatch(/\*\*Rome\*\*/);
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers privately when asked to', async () => {
    const { data } = await run(slash('ask', { question: 'uranium enrichment level', private: true }));
    expect(data.flags).toBe(64);
  });

  it('addresses the answer to a member and pings only them', async () => {
    const { data } = await run(slash('ask', { question: 'uranium enrichment @everyone', for: '777777777777777777' }));
    expect(data.content).toBe('*Sources for <@777777777777777777>:*');
    expect(data.allowed_mentions).toEqual({ parse: [], users: ['777777777777777777'] });
    expect(shown({ ...data, content: '' }).flatMap(liveMentions)).toEqual([]);
  });

  it('answers a question with nothing in the corpus with a short ephemeral note pointing to /sections', async () => {
    const { data } = await run(slash('ask', { question: 'penguin migration across antarctic glaciers' }));
    expect(data.flags).toBe(64);
    expect(data.embeds ?? []).toEqual([]);
    expect(data.content).toContain('/sections');
  });

  it('keeps hostile questions polite, within limits and without pings', async () => {
    for (const question of ['', '   ', '@everyone @here <@&123456789012345678>', '```js\n**x**```', '\u202e\u200b', '😀😀', 'ایران و آمریکا', '(a+)+$[', 'x'.repeat(6000)]) {
      const { type, data } = await run(slash('ask', { question }));
      expect(type).toBe(4);
      expect(shown(data).flatMap(liveMentions)).toEqual([]);
      expect(data.allowed_mentions).toEqual({ parse: [] });
    }
  });

  it('clamps results outside 1–5', async () => {
    const { data } = await run(slash('ask', { question: 'nuclear program sanctions', results: 99 }));
    expect(data.embeds?.length).toBe(5);
  });

  it('pages with More results (type 7) and opens a whole section as a new ephemeral message', async () => {
    const first = await run(slash('ask', { question: 'nuclear program sanctions', results: 2 }));
    const more = rows(first.data)[0]?.find((b) => b.label === 'More results');
    const second = await run(press(more?.custom_id ?? '', { embeds: first.data.embeds ?? [] }));
    expect(second.type).toBe(7);
    expect(second.data.embeds?.length).toBe(2);
    expect(second.data.embeds?.map((e) => e.description)).not.toEqual(first.data.embeds?.map((e) => e.description));
    expect(rows(second.data)[0]?.map((b) => b.label)).toContain('Previous');

    const wholeSection = rows(first.data)[1]?.[0];
    const section = await run(press(wholeSection?.custom_id ?? ''));
    expect(section.type).toBe(4);
    expect(section.data.flags).toBe(64);
    expect(section.data.embeds?.[0]?.title).toBe(first.data.embeds?.[0]?.title);
  });

  it('says a section no longer exists when the corpus changed under a button', async () => {
    const { data } = await run(press(encodeCustomId({ kind: 'section-open', ref: 'iran-us-talks/gone' })));
    expect(data.content).toBe(STALE_SECTION_TEXT);
    expect(data.flags).toBe(64);
  });

  it('autocompletes headings and completed terms within Discord limits', async () => {
    for (const typed of ['', 'nucl', 'Rome', 'x'.repeat(10_000), '@everyone']) {
      const { type, data } = await run(complete('ask', 'question', typed));
      expect(type).toBe(8);
      expect(data.choices?.length).toBeLessThanOrEqual(25);
      for (const choice of data.choices ?? []) {
        expect(choice.name.length).toBeGreaterThanOrEqual(1);
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(choice.value.length).toBeLessThanOrEqual(100);
      }
    }
    const empty = await run(complete('ask', 'question', ''));
    expect(empty.data.choices?.length).toBeGreaterThan(0);
    const nucl = await run(complete('ask', 'question', 'nucl'));
    expect(nucl.data.choices?.some((c) => /nucl/i.test(c.value))).toBe(true);
  });
});

describe('/sections, /section, /about', () => {
  it('lists the table of contents with sub-headings under their headings', async () => {
    const { data } = await run(slash('sections'));
    const description = data.embeds?.[0]?.description ?? '';
    expect(description).toMatch(/• Rome: A Recurring Venue for Critical Negotiations — \d+ passages?\n\u2003◦ The Nuclear Program at the Core of Discussions — \d+ passages?/);
  });

  it('reads a section picked from autocomplete or typed freely', async () => {
    const choices = (await run(complete('section', 'name', 'nuclear'))).data.choices ?? [];
    expect(choices[0]?.name).toContain('The Nuclear Program at the Core of Discussions');
    const picked = await run(slash('section', { name: choices[0]?.value ?? '' }));
    expect(picked.data.embeds?.[0]?.title).toBe('Rome: A Recurring Venue for Critical Negotiations › The Nuclear Program at the Core of Discussions');
    const typed = await run(slash('section', { name: 'historical context' }));
    expect(typed.data.embeds?.[0]?.title).toBe('Historical Context: Why Talks Are So Crucial');
  });

  it('tells what the corpus holds and the bot version', async () => {
    const { data } = await run(slash('about'));
    const text = JSON.stringify(data);
    expect(text).toContain('9.9.9');
    expect(text).toContain(String(index.corpus.passages.length));
    expect(text).toContain(`<t:${Math.floor(index.builtAt.getTime() / 1000)}:R>`);
  });
});

describe('Find sources', () => {
  it('finds the passages for a long message by its key terms', async () => {
    const claim = `${'I read somewhere, and honestly I am not sure, that '.repeat(8)}Iran would lower its uranium enrichment to 3.67% if it could get its frozen assets back and export oil.`;
    const { data } = await run(messageCommand(claim));
    expect(data.flags).toBe(64);
    expect(data.embeds?.length).toBeGreaterThan(0);
    expect(data.embeds?.some((e) => /3\.67/.test(e.description ?? ''))).toBe(true);
  });

  it('answers a message without text politely', async () => {
    const { data } = await run(messageCommand(''));
    expect(data.flags).toBe(64);
    expect(data.content).toMatch(/no text/);
  });
});

/** `/sections`, `/section` and `/about` on the seed index. */
import { beforeAll, describe, expect, it } from 'vitest';
import { autocomplete, chatInput, type InteractionPayload } from '../support/interactions.js';
import { seedRouter, type Seed } from './seed.js';

let seed: Seed;
const run = (payload: InteractionPayload) => seed.run(payload);

beforeAll(async () => {
  seed = await seedRouter();
});

describe('/sections, /section, /about', () => {
  it('lists the table of contents with sub-headings under their headings', async () => {
    const { data } = await run(chatInput('sections'));
    const description = data.embeds?.[0]?.description ?? '';
    expect(description).toMatch(
      /• Rome: A Recurring Venue for Critical Negotiations — \d+ passages?\n\u2003◦ The Nuclear Program at the Core of Discussions — \d+ passages?/,
    );
  });

  it('reads a section picked from autocomplete or typed freely', async () => {
    const choices = (await run(autocomplete('section', { name: 'nuclear' }, { focused: 'name' }))).data.choices ?? [];
    expect(choices[0]?.name).toContain('The Nuclear Program at the Core of Discussions');
    const picked = await run(chatInput('section', { name: choices[0]?.value ?? '' }));
    expect(picked.data.embeds?.[0]?.title).toBe(
      'Rome: A Recurring Venue for Critical Negotiations › The Nuclear Program at the Core of Discussions',
    );
    const typed = await run(chatInput('section', { name: 'historical context' }));
    expect(typed.data.embeds?.[0]?.title).toBe('Historical Context: Why Talks Are So Crucial');
  });

  it('tells what the corpus holds and the bot version', async () => {
    const { data } = await run(chatInput('about'));
    const text = JSON.stringify(data);
    expect(text).toContain('9.9.9');
    expect(text).toContain(String(seed.index.corpus.passages.length));
    expect(text).toContain(`<t:${Math.floor(seed.index.builtAt.getTime() / 1000)}:R>`);
  });
});

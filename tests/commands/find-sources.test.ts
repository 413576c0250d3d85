/** The "Find sources" message command on the seed index. */
import { beforeAll, describe, expect, it } from 'vitest';
import { type InteractionPayload, messageCommand, userMessage } from '../support/interactions.js';
import { seedRouter, type Seed } from './seed.js';

let seed: Seed;
const run = (payload: InteractionPayload) => seed.run(payload);

beforeAll(async () => {
  seed = await seedRouter();
});

describe('Find sources', () => {
  it('finds the passages for a long message by its key terms', async () => {
    const claim = `${'I read somewhere, and honestly I am not sure, that '.repeat(8)}Iran would lower its uranium enrichment to 3.67% if it could get its frozen assets back and export oil.`;
    const { data } = await run(messageCommand('Find sources', userMessage(claim)));
    expect(data.flags).toBe(64);
    expect(data.embeds?.length).toBeGreaterThan(0);
    expect(data.embeds?.some((e) => /3\.67/.test(e.description ?? ''))).toBe(true);
  });

  it('answers a message without text politely', async () => {
    const { data } = await run(messageCommand('Find sources', userMessage('')));
    expect(data.flags).toBe(64);
    expect(data.content).toMatch(/no text/);
  });
});

/**
 * `/ask` end to end: the real `npm start` process, logged in to the Discord stand-in, answers
 * slash commands and autocomplete sent over the gateway; every check reads what the stand-in
 * captured, which validated each body against Discord's OpenAPI spec and limits.
 */
import { assert, describe, expect, it } from 'vitest';
import { autocomplete, chatInput, userOption } from '../support/interactions.js';
import { EMBED_TOTAL_MAX, embedCharacters, pingsOf } from '../support/limits.js';
import type { StandIn } from '../support/stand-in.js';
import { accepted, buttonsOf, describeRejected, freshUser, replyBodies, useStack } from './harness.js';
import { expectEveryReplyValid } from './invariants.js';
import { noMatchWithSuggestions } from './seed.js';

const EPHEMERAL = 64;
const ROME = 'Rome: A Recurring Venue for Critical Negotiations';
const NUCLEAR = `${ROME} › The Nuclear Program at the Core of Discussions`;

let standIn: StandIn;

useStack({ COOLDOWN_SECONDS: '0' }, (started) => ({ standIn } = started));

const ask = (options: Parameters<typeof chatInput>[1], ctx: Parameters<typeof chatInput>[2] = {}) =>
  standIn.sendInteraction(chatInput('ask', options, { ...standIn.context, user: freshUser(), ...ctx }));

describe('/ask in a server', () => {
  it('answers inline (type 4), publicly, with one embed per passage titled by its heading path', async () => {
    const body = await accepted(await ask({ question: 'why do they keep meeting in Rome?' }));
    expect(body.type).toBe(4);
    const data = body.data;
    assert.exists(data);
    expect((data.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(data.embeds?.length).toBe(3); // the default page size
    // The Rome section is the one about meeting there again and again.
    expect(data.embeds?.[0]?.title).toBe(ROME);
    for (const embed of data.embeds ?? []) {
      expect(embed.title?.length).toBeGreaterThan(0);
      expect(embed.description?.length).toBeGreaterThan(0);
      expect(embed.footer?.text).toMatch(
        /^Iran-US Talks: Navigating The Complex Path To Diplomacy · passage \d+ of \d+ · relevance \d+%$/,
      );
    }
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('titles a subsection passage with its full path (section › subsection)', async () => {
    // The 3.67% enrichment offer is told only in the subsection on the nuclear programme.
    const body = await accepted(
      await ask({ question: 'what would Iran get for lowering uranium enrichment to 3.67%?' }),
    );
    expect(body.data?.embeds?.[0]?.title).toBe(NUCLEAR);
    // Read as rendered: without bold markers and markdown escapes.
    expect(body.data?.embeds?.[0]?.description?.replace(/[*_\\]/g, '')).toContain('3.67%');
  });

  it('marks the matched terms in bold in the passage', async () => {
    const body = await accepted(await ask({ question: 'frozen assets' }));
    expect(body.data?.embeds?.[0]?.description).toMatch(/\*\*frozen\*\*/i);
  });

  it('answers ephemerally (flag 64) with private: true', async () => {
    const body = await accepted(await ask({ question: 'why do they keep meeting in Rome?', private: true }));
    expect(body.type).toBe(4);
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.embeds?.[0]?.title).toBe(ROME);
  });

  it('addresses the answer with for: and lets only that member be pinged', async () => {
    const target = freshUser('reader');
    const body = await accepted(await ask({ question: 'why do they keep meeting in Rome?', for: userOption(target) }));
    expect(body.data?.content).toContain(`<@${target.id}>`);
    expect(body.data?.content).toMatch(/Sources for/);
    expect(body.data?.allowed_mentions?.parse).toEqual([]);
    expect(body.data?.allowed_mentions?.users).toEqual([target.id]);
    expect(body.data?.allowed_mentions?.roles ?? []).toEqual([]);
    // Whom Discord would notify, worked out the way Discord does from content + allowed_mentions.
    expect(pingsOf(body.data)).toEqual({ users: [target.id], roles: [], everyone: false });
  });

  it('shows as many passages as results: asks for (5)', async () => {
    const body = await accepted(await ask({ question: 'Iran and US meeting', results: 5 }));
    expect(body.data?.embeds?.length).toBe(5);
    const total = (body.data?.embeds ?? []).reduce((sum, e) => sum + embedCharacters(e), 0);
    expect(total).toBeLessThanOrEqual(EMBED_TOTAL_MAX);
  });

  it('shows a single passage with results: 1', async () => {
    const body = await accepted(await ask({ question: 'why do they keep meeting in Rome?', results: 1 }));
    expect(body.data?.embeds?.length).toBe(1);
  });

  it('never pings @everyone or a role typed into the question', async () => {
    const body = await accepted(await ask({ question: '@everyone <@&1180000000000000999> why Rome?' }));
    expect(body.data?.allowed_mentions?.parse).toEqual([]);
    expect(body.data?.allowed_mentions?.roles ?? []).toEqual([]);
    expect(pingsOf(body.data)).toEqual({ users: [], roles: [], everyone: false });
  });
});

describe('/ask with no answer', () => {
  it('replies ephemerally with did-you-mean suggestions and a pointer to /sections', async () => {
    const { question, suggestions } = await noMatchWithSuggestions();
    const body = await accepted(await ask({ question }));
    expect(body.type).toBe(4);
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.embeds ?? []).toEqual([]);
    const content = (body.data?.content ?? '').replace(/[*_\\]/g, '');
    expect(content).toMatch(/Did you mean/);
    for (const suggestion of suggestions) expect(content).toContain(suggestion);
    expect(content).toContain('/sections');
    // The first suggestion is also a button that asks it.
    expect(buttonsOf(body.data).some((b) => b.label === `Ask: ${suggestions[0]}`)).toBe(true);
  });

  it('replies politely to a question about nothing in the documents', async () => {
    const body = await accepted(await ask({ question: 'quantum chromodynamics' }));
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(/no passage/i);
    expect(body.data?.content).toContain('/sections');
  });

  it('replies politely to an empty-looking question', async () => {
    const body = await accepted(await ask({ question: '   ?!  ' }));
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.content?.length).toBeGreaterThan(0);
  });
});

describe('/ask in a DM (user install: user instead of member, no guild)', () => {
  it('answers with the same embeds', async () => {
    const body = await accepted(await ask({ question: 'why do they keep meeting in Rome?' }, { dm: true }));
    expect(body.type).toBe(4);
    expect(body.data?.embeds?.[0]?.title).toBe(ROME);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers for: in a DM too', async () => {
    const target = freshUser('dm-reader');
    const body = await accepted(await ask({ question: 'Rome', for: userOption(target) }, { dm: true }));
    expect(body.data?.content).toContain(`<@${target.id}>`);
    expect(body.data?.allowed_mentions?.users).toEqual([target.id]);
  });
});

describe('/ask autocomplete', () => {
  const choicesFor = async (typed: string, dm = false) => {
    const handle = await standIn.sendInteraction(
      autocomplete('ask', { question: typed }, { ...standIn.context, user: freshUser(), focused: 'question', dm }),
    );
    const body = await accepted(handle);
    expect(body.type).toBe(8);
    const choices = body.data?.choices ?? [];
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeGreaterThanOrEqual(1);
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(String(choice.value).length).toBeGreaterThanOrEqual(1);
      expect(String(choice.value).length).toBeLessThanOrEqual(100);
    }
    return choices;
  };

  it('offers completions of what the member is typing', async () => {
    const choices = await choicesFor('nucl');
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.some((c) => /nucle/i.test(c.name))).toBe(true);
  });

  it('offers section headings', async () => {
    const choices = await choicesFor('Rome');
    expect(choices.some((c) => c.name.includes('Rome'))).toBe(true);
  });

  it('stays within the limits for nothing typed, a long paste and odd characters', async () => {
    await choicesFor('');
    await choicesFor('why '.repeat(120));
    await choicesFor('@everyone **_`~|| <@1> \u200b');
    await choicesFor('nuclear', true);
  });

  it('still answers a question that was not picked from the list', async () => {
    const body = await accepted(await ask({ question: 'wat about the maximum presure campain' }));
    expect(body.type).toBe(4);
    expect(body.data?.content ?? body.data?.embeds?.[0]?.title).toBeTruthy();
  });
});

describe('every reply of this run', () => {
  it('was accepted by the stand-in (no 4xx: within every Discord limit and the OpenAPI spec)', () => {
    expect(standIn.captured.length).toBeGreaterThan(0);
    expect(
      standIn.captured.filter((r) => r.status >= 400),
      describeRejected(standIn.captured),
    ).toEqual([]);
  });

  it('set allowed_mentions with parse: [] on every message', () => {
    expect(replyBodies(standIn.captured).length).toBeGreaterThan(10);
    expectEveryReplyValid(standIn.captured);
  });
});

/**
 * `/sections`, `/section` (with a name picked from its autocomplete), `/about` and the "Find
 * sources" message command, end to end against the real `npm start` process.
 */
import { assert, describe, expect, it } from 'vitest';
import { autocomplete, chatInput, messageCommand, userMessage } from '../support/interactions.js';
import type { StandIn } from '../support/stand-in.js';
import { accepted, describeRejected, freshUser, type Bot, type CallbackBody, useStack } from './harness.js';
import { expectEveryReplyValid } from './invariants.js';

const EPHEMERAL = 64;
const DOCUMENT = 'Iran-US Talks: Navigating The Complex Path To Diplomacy';
const ROME = 'Rome: A Recurring Venue for Critical Negotiations';
const NUCLEAR = `${ROME} › The Nuclear Program at the Core of Discussions`;

let standIn: StandIn;
let bot: Bot;

useStack({ COOLDOWN_SECONDS: '0' }, (started) => ({ standIn, bot } = started));

const ctx = (extra = {}) => ({ ...standIn.context, user: freshUser(), ...extra });
const command = async (name: string, options: Record<string, string> = {}, extra = {}): Promise<CallbackBody> =>
  accepted(await standIn.sendInteraction(chatInput(name, options, ctx(extra))));
const choicesFor = async (name: string, option: string, typed: string) => {
  const body = await accepted(
    await standIn.sendInteraction(autocomplete(name, { [option]: typed }, { ...ctx(), focused: option })),
  );
  expect(body.type).toBe(8);
  const choices = body.data?.choices ?? [];
  expect(choices.length).toBeLessThanOrEqual(25);
  for (const c of choices) {
    expect(c.name.length).toBeGreaterThanOrEqual(1);
    expect(c.name.length).toBeLessThanOrEqual(100);
    expect(String(c.value).length).toBeLessThanOrEqual(100);
  }
  return choices;
};
const plain = (text: string | undefined) => (text ?? '').replace(/[*_\\]/g, '');

describe('/sections', () => {
  it('lists the headings with their sub-headings and passage counts, ephemerally', async () => {
    const body = await command('sections');
    expect(body.type).toBe(4);
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(/1\*\* document/);
    const embeds = body.data?.embeds ?? [];
    expect(embeds[0]?.title).toBe(DOCUMENT);
    const toc = plain(embeds.map((e) => e.description).join('\n'));
    const romeLine = toc.split('\n').find((l) => l.includes(ROME));
    const nuclearLine = toc.split('\n').find((l) => l.includes('The Nuclear Program at the Core of Discussions'));
    expect(romeLine).toMatch(/— \d+ passages?$/);
    expect(nuclearLine).toMatch(/— \d+ passages?$/);
    // The subsection is indented under its section, and comes after it.
    assert.exists(romeLine);
    assert.exists(nuclearLine);
    expect(nuclearLine.search(/\S/)).toBeGreaterThan(romeLine.search(/\S/));
    expect(toc.indexOf(nuclearLine)).toBeGreaterThan(toc.indexOf(romeLine));
  });

  it('narrows to a document picked from its autocomplete', async () => {
    const choices = await choicesFor('sections', 'document', 'iran');
    expect(choices[0]?.name).toBe(DOCUMENT);
    const [choice] = choices;
    assert.exists(choice);
    const body = await command('sections', { document: String(choice.value) });
    expect(body.data?.embeds?.[0]?.title).toBe(DOCUMENT);
  });

  it('says politely when no document matches', async () => {
    const body = await command('sections', { document: 'cookbook' });
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(/No document matches/);
  });
});

describe('/section', () => {
  it('shows the section picked from autocomplete, under its full heading path', async () => {
    const choices = await choicesFor('section', 'name', 'nuclear program');
    const pick = choices.find((c) => c.name.includes('The Nuclear Program at the Core'));
    assert.exists(pick, JSON.stringify(choices));
    const body = await command('section', { name: String(pick.value) });
    expect(body.type).toBe(4);
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const embed = body.data?.embeds?.[0];
    expect(embed?.title).toBe(NUCLEAR);
    // The section's own text: the 3.67% offer is told there.
    expect(plain(embed?.description)).toContain('3.67%');
    expect(embed?.footer?.text).toMatch(
      new RegExp(`^${DOCUMENT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · \\d+ passages?`),
    );
  });

  it('takes a heading typed without picking from the list', async () => {
    const body = await command('section', { name: 'Historical Context: Why Talks Are So Crucial' });
    expect(body.data?.embeds?.[0]?.title).toBe('Historical Context: Why Talks Are So Crucial');
  });

  it('suggests nothing over the limits for an empty or odd name', async () => {
    expect((await choicesFor('section', 'name', '')).length).toBeGreaterThan(0);
    await choicesFor('section', 'name', '@everyone '.repeat(30));
  });

  it('says politely when nothing matches', async () => {
    const body = await command('section', { name: 'quantum chromodynamics' });
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(/\/sections/);
  });
});

describe('/about', () => {
  it('reports the documents, sections and passages indexed, and the version', async () => {
    const body = await command('about');
    expect(body.type).toBe(4);
    const embed = body.data?.embeds?.[0];
    const field = (name: string) => embed?.fields?.find((f) => f.name === name)?.value;
    expect(plain(field('Documents'))).toContain(DOCUMENT); // titles are markdown-escaped
    // The same count the bot logged in its "ready" line.
    expect(field('Passages')).toBe(String(bot.ready.passages));
    expect(Number(field('Sections'))).toBeGreaterThan(5);
    expect(field('Last indexed')).toMatch(/^<t:\d+:f>/);
    expect(embed?.footer?.text).toMatch(/^Parley \d+\.\d+\.\d+/);
    expect(embed?.description).toContain('/ask');
  });

  it('works in a DM', async () => {
    const body = await command('about', {}, { dm: true });
    expect(body.data?.embeds?.[0]?.title).toBe('About Parley');
  });
});

describe('"Find sources" (message command)', () => {
  const findSources = async (message: Record<string, unknown>, extra = {}) =>
    accepted(await standIn.sendInteraction(messageCommand('Find sources', message, ctx(extra))));

  it('shows the passages that bear on a claim made in chat, ephemerally', async () => {
    // A paraphrase of the offer the seed reports in its nuclear-programme subsection.
    const body = await findSources(
      userMessage('apparently Iran offered to bring uranium enrichment down to 3.67% if the US unfreezes its assets'),
    );
    expect(body.type).toBe(4);
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.embeds?.[0]?.title).toBe(NUCLEAR);
    expect(body.data?.embeds?.[0]?.footer?.text).toMatch(/passage \d+ of \d+/);
  });

  it('reduces a long message to its key terms and still finds the passage', async () => {
    const filler = 'honestly I was reading about this the other day and people keep saying all sorts of things, ';
    const long = `${filler.repeat(12)}but the point is that they keep choosing Rome as the venue for the negotiations. ${filler.repeat(8)}`;
    expect(long.length).toBeGreaterThan(1500);
    const body = await findSources(userMessage(long));
    expect(body.data?.embeds?.some((e) => e.title?.startsWith(ROME))).toBe(true);
  });

  it('checks a message that has only embeds', async () => {
    const body = await findSources(
      userMessage('', {
        embeds: [{ type: 'rich', title: 'Talks in Rome', description: 'the fifth round of negotiations in Rome' }],
      }),
    );
    expect(body.data?.embeds?.some((e) => e.title?.startsWith(ROME))).toBe(true);
  });

  it('says politely when the message has no text to look up', async () => {
    const body = await findSources(userMessage('', { attachments: [] }));
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(/no text/i);
  });

  it('works in a DM', async () => {
    const body = await findSources(userMessage('why do they meet in Rome'), { dm: true });
    expect(body.data?.embeds?.[0]?.title).toBe(ROME);
  });
});

describe('every reply of this run', () => {
  it('was accepted by the stand-in and set allowed_mentions parse: []', () => {
    expect(
      standIn.captured.filter((r) => r.status >= 400),
      describeRejected(standIn.captured),
    ).toEqual([]);
    expectEveryReplyValid(standIn.captured);
  });
});

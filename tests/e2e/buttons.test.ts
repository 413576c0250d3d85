/**
 * The buttons under an answer, end to end: each press is a component interaction carrying the
 * custom id the bot put in its own message (as captured by the stand-in) and that message itself,
 * exactly as Discord sends it back.
 */
import { assert, describe, expect, it } from 'vitest';
import { button, chatInput } from '../support/interactions.js';
import type { InteractionHandle, StandIn } from '../support/stand-in.js';
import {
  accepted,
  buttonLabelled,
  buttonsOf,
  describeRejected,
  freshUser,
  messageOf,
  useStack,
  type CallbackBody,
} from './harness.js';
import { expectEveryReplyValid } from './invariants.js';
import { noMatchWithSuggestions } from './seed.js';

const EPHEMERAL = 64;

let standIn: StandIn;

useStack({ COOLDOWN_SECONDS: '0' }, (started) => ({ standIn } = started));

async function ask(
  question: string,
  extra: Record<string, string | number | boolean> = {},
): Promise<{ handle: InteractionHandle; body: CallbackBody }> {
  const handle = await standIn.sendInteraction(
    chatInput('ask', { question, ...extra }, { ...standIn.context, user: freshUser() }),
  );
  const body = await accepted(handle);
  await handle.settled();
  return { handle, body };
}

/** Presses the button labelled `label` on the message `on` holds; returns the press and the bot's response. */
async function press(
  on: InteractionHandle,
  label: string | RegExp,
): Promise<{ handle: InteractionHandle; body: CallbackBody }> {
  const message = messageOf(on);
  const customId = buttonLabelled(message, label).custom_id;
  assert.exists(customId);
  expect(customId.length).toBeLessThanOrEqual(100);
  const handle = await standIn.sendInteraction(button(customId, message, { ...standIn.context, user: freshUser() }));
  const body = await accepted(handle);
  await handle.settled();
  return { handle, body };
}

const titles = (body: CallbackBody) => (body.data?.embeds ?? []).map((e) => e.title);
const footers = (body: CallbackBody) => (body.data?.embeds ?? []).map((e) => e.footer?.text);

describe('More results / Previous', () => {
  it('pages forward in place with More results, and back with Previous', async () => {
    const first = await ask('Iran and US meeting');
    expect(first.body.data?.embeds?.length).toBe(3);
    const labels = buttonsOf(first.body.data).map((b) => b.label);
    expect(labels).toContain('More results');
    expect(labels).not.toContain('Previous'); // nothing before the first page

    const more = await press(first.handle, 'More results');
    expect(more.body.type).toBe(7); // UPDATE_MESSAGE: the answer itself moves on
    expect(more.body.data?.embeds?.length).toBeGreaterThan(0);
    // Page 2 shows other passages than page 1.
    const seen = new Set(first.body.data?.embeds?.map((e) => `${e.title}|${e.footer?.text}`));
    for (const embed of more.body.data?.embeds ?? [])
      expect(seen.has(`${embed.title}|${embed.footer?.text}`)).toBe(false);
    expect(buttonsOf(more.body.data).map((b) => b.label)).toContain('Previous');
    // The message in the stand-in now shows page 2 (an update edits the message the button is on).
    expect((more.handle.original()?.embeds as unknown[]).length).toBe(more.body.data?.embeds?.length);

    // Previous is pressed on the message as it now stands (page 2).
    const back = await press(more.handle, 'Previous');
    expect(back.body.type).toBe(7);
    expect(titles(back.body)).toEqual(titles(first.body));
    expect(footers(back.body).map((f) => f?.replace(/ · relevance.*/, ''))).toEqual(
      footers(first.body).map((f) => f?.replace(/ · relevance.*/, '')),
    );
  });

  it('pages a private answer too, keeping it private', async () => {
    const first = await ask('Iran and US meeting', { private: true });
    expect((first.body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const more = await press(first.handle, 'More results');
    expect(more.body.type).toBe(7);
    expect(more.body.data?.embeds?.length).toBeGreaterThan(0);
  });

  it('pages a question too long to fit in the button (read back from the message)', async () => {
    const question =
      'what did the officials of Iran and of the United States talk about when they kept meeting in Rome and Geneva through intermediaries';
    const first = await ask(question);
    expect(first.body.data?.embeds?.length).toBe(3);
    const id = buttonLabelled(first.body.data, 'More results').custom_id;
    assert.exists(id);
    expect(id).not.toContain(question); // too long: the button carries a hash
    const more = await press(first.handle, 'More results');
    expect(more.body.type).toBe(7);
    expect(more.body.data?.embeds?.length).toBeGreaterThan(0);
    expect(more.body.data?.content ?? '').not.toMatch(/couldn't read/);
  });

  it('answers a did-you-mean button by asking the suggested question in place of the note', async () => {
    const { question, suggestions } = await noMatchWithSuggestions();
    const first = await ask(question);
    expect(first.body.data?.embeds ?? []).toEqual([]);
    const suggested = await press(first.handle, `Ask: ${suggestions[0]}`);
    expect(suggested.body.type).toBe(7);
    // The note now shows what /ask gives for the suggestion.
    const [suggestion] = suggestions;
    assert.exists(suggestion);
    const direct = await ask(suggestion);
    expect(titles(suggested.body)).toEqual(titles(direct.body));
    if ((direct.body.data?.embeds ?? []).length > 0) expect(suggested.body.data?.content ?? '').toBe('');
    else expect(suggested.body.data?.content).toBe(direct.body.data?.content);
  });

  // A suggestion that is itself a no-match would only show the no-match note again.
  it('offers only did-you-mean buttons that lead to an answer', async () => {
    const { question, suggestions } = await noMatchWithSuggestions();
    const first = await ask(question);
    for (const suggestion of suggestions.slice(0, 3)) {
      const pressed = await press(first.handle, `Ask: ${suggestion}`);
      expect(pressed.body.data?.embeds?.length, suggestion).toBeGreaterThan(0);
    }
  });
});

describe('Whole section', () => {
  it('opens the section a passage is from as a new ephemeral message', async () => {
    const first = await ask('what would Iran get for lowering uranium enrichment to 3.67%?');
    const passageTitle = first.body.data?.embeds?.[0]?.title ?? '';
    const heading = passageTitle.split(' › ').at(-1);
    assert.exists(heading);
    const opened = await press(
      first.handle,
      new RegExp(`^Whole section: ${heading.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    expect(opened.body.type).toBe(4); // a new message: the shared answer stays as it is
    expect((opened.body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const embed = opened.body.data?.embeds?.[0];
    expect(embed?.title).toBe(passageTitle);
    // The section holds the passage that was shown (compared as plain words).
    const plain = (text: string | undefined) => (text ?? '').replace(/[*_\\]/g, '');
    const firstWords = plain(first.body.data?.embeds?.[0]?.description).split(/\s+/).slice(0, 8).join(' ');
    expect(plain(embed?.description)).toContain(firstWords);
    expect(embed?.footer?.text).toMatch(/(?<!\d)\d+ passages?/);
    // The original answer was not changed by opening the section.
    const original = first.handle.original();
    assert.exists(original);
    expect(titles({ type: 4, data: original })).toEqual(titles(first.body));
  });
});

describe('buttons that no longer decode', () => {
  it('answers a tampered or old custom id with a polite ephemeral note', async () => {
    const handle = await standIn.sendInteraction(
      button('p1:zzzz:pg:3:3:q:forged', undefined, { ...standIn.context, user: freshUser() }),
    );
    const body = await accepted(handle);
    expect(body.type).toBe(4);
    expect((body.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(/ask again/i);
    const legacy = await standIn.sendInteraction(
      button('more_results_2', undefined, { ...standIn.context, user: freshUser() }),
    );
    expect((await accepted(legacy)).data?.content).toMatch(/ask again/i);
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

/**
 * The real bot on a corpus written to push every Discord limit: 150 sections (more than 25
 * autocomplete choices, a table of contents over 6,000 characters), a heading over 256
 * characters, a section several pages long, passages full of mentions and markdown, and a source
 * link. Whatever it sends must be accepted by the stand-in (which rejects what Discord would)
 * and ping nobody.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocomplete, button, chatInput, messageCommand, userMessage } from '../support/interactions.js';
import { EMBED_TOTAL_MAX, embedCharacters } from '../support/limits.js';
import type { InteractionHandle, StandIn } from '../support/stand-in.js';
import {
  accepted,
  buttonLabelled,
  buttonsOf,
  describeRejected,
  freshUser,
  messageOf,
  startStack,
  type Bot,
  type CallbackBody,
} from './harness.js';
import { expectEveryReplyValid } from './invariants.js';

const LONG_HEADING = `Procedures ${'and sub-procedures of the harbour authority '.repeat(7)}in full`.trim();
const SOURCE = 'https://example.org/harbour-handbook';

function handbook(): string {
  const topics = Array.from({ length: 150 }, (_, i) => {
    const n = i + 1;
    return `## Topic ${n}: Berth allocation rule ${n}\n\nBerth allocation rule ${n} says that vessels of class ${n} moor at quay ${n} after the pilot signs the log. Rule ${n} also names the harbour master as the one who settles disputes about quay ${n}.\n`;
  });
  const long = Array.from(
    { length: 40 },
    (_, i) =>
      `Paragraph ${i + 1} of the dredging schedule: the dredger works the channel section ${i + 1} at low tide, and the silt goes to the spoil ground beyond the breakwater, as agreed with the harbour board in the annual plan for maintenance dredging.`,
  ).join('\n\n');
  return [
    '---',
    'title: Harbour Handbook',
    `source: ${SOURCE}`,
    '---',
    '# Harbour Handbook',
    '',
    'The handbook of the harbour: berths, pilots, dredging and notices.',
    '',
    ...topics,
    '## Notices @everyone must read',
    '',
    'Hey @everyone and @here: <@123456789012345678> and <@&223456789012345678> must file the **notice of arrival** before the ~~tide~~ turns; `code`, ||spoilers||, __underline__, *emphasis* and a stray ** marker.',
    '',
    `## ${LONG_HEADING}`,
    '',
    'The quarantine flag procedure: a vessel flying the quarantine flag waits at the outer anchorage until the port health officer clears it.',
    '',
    '## Dredging schedule',
    '',
    long,
    '',
  ].join('\n');
}

let dir: string;
let standIn: StandIn;
let bot: Bot;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-e2e-corpus-'));
  await mkdir(join(dir, 'notes'));
  await writeFile(join(dir, 'handbook.md'), handbook());
  await writeFile(
    join(dir, 'notes', 'pilots.txt'),
    'Pilot Notes\nPilots board inbound vessels at the fairway buoy. The pilot boat answers on channel twelve.\n\nNight Pilotage\nAt night the pilot boards only vessels under two hundred metres, by order of the harbour master.\n',
  );
  ({ standIn, bot } = await startStack({ COOLDOWN_SECONDS: '0', CORPUS_DIR: dir }));
});

afterAll(async () => {
  const code = await (bot as Bot | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  expect(code, (bot as Bot | undefined)?.output().slice(-2000)).toBe(0);
});

const ctx = () => ({ ...standIn.context, user: freshUser() });
const send = async (name: string, options: Record<string, string | number> = {}) => {
  const handle = await standIn.sendInteraction(chatInput(name, options, ctx()));
  const body = await accepted(handle);
  await handle.settled();
  return { handle, body };
};
const press = async (
  on: InteractionHandle,
  label: string | RegExp,
): Promise<{ handle: InteractionHandle; body: CallbackBody }> => {
  const message = messageOf(on);
  const customId = buttonLabelled(message, label).custom_id;
  assert.exists(customId);
  const handle = await standIn.sendInteraction(button(customId, message, ctx()));
  const body = await accepted(handle);
  await handle.settled();
  return { handle, body };
};
const choices = async (name: string, option: string, typed: string) => {
  const body = await accepted(
    await standIn.sendInteraction(autocomplete(name, { [option]: typed }, { ...ctx(), focused: option })),
  );
  expect(body.type).toBe(8);
  return body.data?.choices ?? [];
};

describe('on a corpus that pushes every limit', () => {
  it('caps autocomplete at 25 choices of 1–100 characters', async () => {
    for (const [name, option, typed] of [
      ['section', 'name', ''],
      ['section', 'name', 'Topic'],
      ['ask', 'question', 'berth'],
      ['section', 'name', 'Procedures'],
    ] as const) {
      const list = await choices(name, option, typed);
      expect(list.length).toBeLessThanOrEqual(25);
      for (const c of list) {
        expect(c.name.length).toBeGreaterThanOrEqual(1);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(String(c.value).length).toBeLessThanOrEqual(100);
      }
    }
    expect((await choices('section', 'name', 'Topic')).length).toBe(25); // 150 match: the list is full, not over
  });

  it('fits a long table of contents into the limits and says what was left out', async () => {
    const { body } = await send('sections');
    const embeds = body.data?.embeds ?? [];
    expect(embeds.length).toBeGreaterThan(0);
    expect(embeds.length).toBeLessThanOrEqual(10);
    const total = embeds.reduce((sum, e) => sum + (e.title?.length ?? 0) + (e.description?.length ?? 0), 0);
    expect(total).toBeLessThanOrEqual(EMBED_TOTAL_MAX);
    expect(body.data?.content).toMatch(/\*\*2\*\* documents/);
    expect(body.data?.content).toMatch(/and \d+ more sections?/);
  });

  it('cuts a heading over 256 characters in an answer title', async () => {
    const { body } = await send('ask', { question: 'quarantine flag outer anchorage' });
    const title = body.data?.embeds?.[0]?.title ?? '';
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.startsWith('Procedures and sub-procedures')).toBe(true);
    expect(body.data?.embeds?.[0]?.url).toBe(SOURCE); // the document's front-matter source
  });

  it('pages a long section with Next and Previous', async () => {
    const first = await send('section', { name: 'Dredging schedule' });
    expect(first.body.data?.embeds?.[0]?.footer?.text).toMatch(/page 1 of [2-9]/);
    expect(buttonsOf(first.body.data).map((b) => b.label)).toEqual(['Next']);
    const second = await press(first.handle, 'Next');
    expect(second.body.type).toBe(7);
    expect(second.body.data?.embeds?.[0]?.footer?.text).toMatch(/page 2 of/);
    expect(second.body.data?.embeds?.[0]?.description).not.toBe(first.body.data?.embeds?.[0]?.description);
    const back = await press(second.handle, 'Previous');
    expect(back.body.data?.embeds?.[0]?.description).toBe(first.body.data?.embeds?.[0]?.description);
  });

  it('pings nobody for a passage full of mentions, in an answer, its section and Find sources', async () => {
    const answer = await send('ask', { question: 'notice of arrival' });
    expect(answer.body.data?.embeds?.length).toBeGreaterThan(0);
    expect(answer.body.data?.allowed_mentions).toEqual({ parse: [] });
    await press(answer.handle, /^Whole section/);
    const found = await accepted(
      await standIn.sendInteraction(
        messageCommand(
          'Find sources',
          userMessage('@everyone <@123456789012345678> who files the notice of arrival?'),
          ctx(),
        ),
      ),
    );
    expect(found.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('lists both documents for /sections document: autocomplete, and answers from the .txt one', async () => {
    const docs = await choices('sections', 'document', '');
    expect(docs.map((d) => d.name).sort()).toEqual(['Harbour Handbook', 'Pilot Notes']);
    const { body } = await send('ask', { question: 'where do pilots board at night?' });
    expect(body.data?.embeds?.[0]?.footer?.text).toMatch(/^Pilot Notes · passage/);
  });

  it('sends 5 passages at most and stays under 6,000 characters across them', async () => {
    const { body } = await send('ask', { question: 'berth allocation rule quay vessels harbour master', results: 5 });
    const embeds = body.data?.embeds ?? [];
    expect(embeds.length).toBe(5);
    const total = embeds.reduce((sum, e) => sum + embedCharacters(e), 0);
    expect(total).toBeLessThanOrEqual(EMBED_TOTAL_MAX);
  });
});

describe('every reply of this run', () => {
  it('was accepted by the stand-in (no 4xx) and pinged nobody', () => {
    expect(
      standIn.captured.filter((r) => r.status >= 400),
      describeRejected(standIn.captured),
    ).toEqual([]);
    expectEveryReplyValid(standIn.captured);
  });
});

/**
 * Pranks, pastes and tampered clients, through the real `npm start` process and the Discord
 * stand-in: every interaction gets one clear reply the stand-in accepts (so within Discord's
 * limits), nobody is pinged or even shown a live mention, and the process keeps answering.
 */
import { assert, afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autocomplete,
  button,
  chatInput,
  messageCommand,
  typedOption,
  userMessage,
  type InteractionPayload,
  type OptionValue,
} from '../support/interactions.js';
import type { StandIn } from '../support/stand-in.js';
import {
  accepted,
  buttonsOf,
  describeRejected,
  freshUser,
  startStack,
  type Bot,
  type CallbackBody,
  type MessageBody,
} from '../e2e/harness.js';
import { expectEveryReplyValid } from '../e2e/invariants.js';
import { expectSafeCallback, expectSafeMessage } from '../support/safe-reply.js';

const ROME = /Rome/;
const EPHEMERAL = 1 << 6;

let standIn: StandIn;
let bot: Bot;

beforeAll(async () => {
  // No cooldown: one member sends all of these in a row on purpose.
  ({ standIn, bot } = await startStack({ COOLDOWN_SECONDS: '0' }));
}, 90_000);

afterAll(async () => {
  const code = await (bot as Bot | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
  expect(code, (bot as Bot | undefined)?.output().slice(-2000)).toBe(0);
});

/** Sends `payload`, checks the first response and any edit, and returns what the member finally sees. */
async function send(
  payload: InteractionPayload,
  what: string,
): Promise<{ first: CallbackBody; shown: MessageBody | undefined }> {
  const handle = await standIn.sendInteraction(payload);
  const first = await accepted(handle);
  expectSafeCallback(first, what);
  let shown = first.data;
  if (first.type === 5 || first.type === 6) {
    const edit = await handle.waitFor((r) => r.method === 'PATCH', 30_000);
    expect(edit.status, `${what}: ${JSON.stringify(edit.error)}`).toBeLessThan(300);
    shown = edit.body as MessageBody;
    expectSafeMessage(shown, `${what} (edit)`);
  }
  return { first, shown };
}

/** A message the member can read: text in the content or an embed. */
function expectClearReply(shown: MessageBody | undefined, what: string): void {
  const text = [shown?.content ?? '', ...(shown?.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])]
    .join('')
    .trim();
  expect(text.length, `${what}: an empty reply`).toBeGreaterThan(0);
}

const ask = (options: Record<string, OptionValue>): InteractionPayload =>
  chatInput('ask', options, { ...standIn.context, user: freshUser('prankster') });

const PASTE = Array.from(
  { length: 120 },
  (_, i) => `Line ${i}: the talks in Rome @everyone <@1180000000000000301> **bold** \`code\` ||spoiler||`,
)
  .join('\n')
  .slice(0, 6000);

const QUESTIONS: Record<string, string> = {
  empty: '',
  'whitespace only': ' \t\n \u00a0 ',
  '6,000-character paste': PASTE.padEnd(6000, ' x'),
  'only stop words': 'the of and to is it what why a an',
  'only punctuation': '?!.,;:…—-()[]{}"\'',
  '@everyone': '@everyone why Rome?',
  '@here': '@here talks in Rome',
  'user mention': '<@1180000000000000301> <@!1180000000000000302> why Rome?',
  'role mention': '<@&1180000000000000303> Rome',
  'channel mention': '<#1180000000000000304> Rome talks',
  markdown: '**why** __do__ ~~they~~ ||meet|| in `Rome`? # Heading\n> quote\n- list [link](https://example.com)',
  'code fence': '```js\nconsole.log("Rome")\n``` why Rome ```',
  'zero-width characters': 'Ro\u200bme\u200c\u200d\ufeff talks \u2060',
  'bidi controls': '\u202ewhy do they meet in Rome\u202c \u2066\u2067\u2068x\u2069 \u200f',
  'emoji only': '🕊️🇮🇷🇺🇸🤝🏽👨‍👩‍👧',
  Persian: 'چرا مذاکرات در رم برگزار می‌شود؟',
  Arabic: 'لماذا يجتمعون في روما؟',
  Hebrew: 'למה הם נפגשים ברומא?',
  Chinese: '他们为什么一直在罗马会面？',
  'regex metacharacters': '.*+?^${}()|[]\\/ (a+)+$ [^\\d] \\b Rome.* (?<x>)',
  'mentions in a question that answers':
    'why do they keep meeting in Rome @everyone <@1180000000000000301> <@&1180000000000000303>',
};

describe('/ask with hostile or odd questions', () => {
  it.each(Object.entries(QUESTIONS))('answers %s clearly, within limits, pinging nobody', async (what, question) => {
    const { shown } = await send(ask({ question }), what);
    expectClearReply(shown, what);
  });

  it('answers the question even when it carries mentions, showing them broken', async () => {
    const { shown } = await send(ask({ question: QUESTIONS['mentions in a question that answers'] ?? '' }), 'mentions');
    expect(shown?.embeds?.[0]?.title).toMatch(ROME);
  });
});

describe('/ask with a results option a tampered client sent', () => {
  it.each([
    ['0', 0],
    ['-3', -3],
    ['99', 99],
    ['2.5 as a NUMBER', 2.5],
    ['a string typed as INTEGER', typedOption(4, 'three')],
    ['a huge integer', Number.MAX_SAFE_INTEGER],
  ] as const)('answers results=%s with 1 to 5 passages', async (what, results) => {
    const { shown } = await send(ask({ question: 'why do they keep meeting in Rome?', results }), `results ${what}`);
    expectClearReply(shown, what);
    expect(shown?.embeds?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(shown?.embeds?.length ?? 0).toBeLessThanOrEqual(5);
  });
});

describe('commands the bot does not have', () => {
  it.each(['nope', 'ask-old', 'reload2', 'x'.repeat(32)])('answers /%s with a polite ephemeral note', async (name) => {
    const { first, shown } = await send(
      chatInput(name, { question: 'Rome' }, { ...standIn.context, user: freshUser() }),
      `/${name}`,
    );
    expect(first.type).toBe(4);
    expect(shown?.flags).toBe(EPHEMERAL);
    expect(shown?.content).toMatch(/don't know that command/);
  });

  it('answers an unknown message command politely', async () => {
    const { first, shown } = await send(
      messageCommand('Summon everyone', userMessage('@everyone hi'), { ...standIn.context, user: freshUser() }),
      'message command',
    );
    expect(first.type).toBe(4);
    expectClearReply(shown, 'unknown message command');
  });
});

describe('buttons whose custom id was changed or is from an older version', () => {
  it.each([
    ['an older version', 'p0:abcd:pg:3:3:q:rome'],
    ['random junk', '%%junk§§<@1180000000000000301>@everyone'],
    ['100 characters', 'p1:' + 'z'.repeat(97)],
    ['an empty payload', 'p1::'],
    ['a wrong check', 'p1:0000:pg:3:3:q:rome'],
  ])('answers a button with %s with a polite ephemeral note', async (what, customId) => {
    const { first, shown } = await send(
      button(customId, undefined, { ...standIn.context, user: freshUser() }),
      `button ${what}`,
    );
    expect(first.type).toBe(4);
    expect(shown?.flags).toBe(EPHEMERAL);
    expect(shown?.content).toMatch(/older version|changed|ask again/i);
  });

  it('answers a real paging button with one character flipped as tampered', async () => {
    const { shown } = await send(ask({ question: 'why do they keep meeting in Rome?' }), 'ask for a button');
    const real = buttonsOf(shown).find((b) => b.custom_id?.startsWith('p1:'));
    const id = real?.custom_id;
    assert.exists(id);
    const at = id.length - 1;
    const tampered = id.slice(0, at) + (id[at] === 'a' ? 'b' : 'a');
    const { shown: note } = await send(
      button(tampered, undefined, { ...standIn.context, user: freshUser() }),
      'tampered button',
    );
    expect(note?.content).toMatch(/older version|changed/i);
  });
});

describe('autocomplete with odd values', () => {
  it.each([
    ['empty', ''],
    ['6,000 characters', PASTE.padEnd(6000, ' y')],
    ['mentions only', '@everyone <@1180000000000000301> <@&1180000000000000303>'],
    ['bidi and zero-width only', '\u202e\u200b\u2066\u2069'],
  ])('answers a %s value with at most 25 valid choices', async (what, value) => {
    const { first } = await send(
      autocomplete('ask', { question: value }, { ...standIn.context, user: freshUser() }),
      `autocomplete ${what}`,
    );
    expect(first.type).toBe(8);
    expect((first.data?.choices ?? []).length).toBeLessThanOrEqual(25);
  });

  it('answers autocomplete for a command that has none with no choices', async () => {
    const { first } = await send(
      autocomplete('nope', { question: 'Rome' }, { ...standIn.context, user: freshUser() }),
      'autocomplete nope',
    );
    expect(first.type).toBe(8);
    expect(first.data?.choices ?? []).toEqual([]);
  });
});

describe('after all of that', () => {
  it('is still up and answers a normal /ask', async () => {
    expect(bot.child.exitCode).toBeNull();
    const { shown } = await send(ask({ question: 'why do they keep meeting in Rome?' }), 'normal ask');
    expect(shown?.embeds?.[0]?.title).toMatch(ROME);
  });

  it('sent only replies the stand-in accepted (no 4xx), none able to ping', () => {
    expect(
      standIn.captured.filter((r) => r.status >= 400),
      describeRejected(standIn.captured),
    ).toEqual([]);
    expectEveryReplyValid(standIn.captured);
  });

  it('logged no crash', () => {
    const crashes = bot
      .lines()
      .filter(
        (l) =>
          l.msg === 'uncaught exception' || l.msg === 'unhandled rejection' || l.msg === 'interaction delivery failed',
      );
    expect(crashes).toEqual([]);
  });
});

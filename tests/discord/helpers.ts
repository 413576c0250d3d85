/**
 * Test helpers for the bot: a hand-made Searcher over a tiny corpus, a Hit builder, and the two
 * checks every rendered message must pass (no live mention, balanced markdown).
 */
import { pino } from 'pino';
import type { Answer, Corpus, Hit, Passage, Searcher } from '../../src/types.js';

export const silentLogger = pino({ level: 'silent' });

export function passage(overrides: Partial<Passage> = {}): Passage {
  return {
    id: 'doc/section#1',
    documentId: 'doc',
    document: 'A Document',
    sectionId: 'doc/section',
    headingPath: ['Section'],
    text: 'Some passage text. It has two sentences.',
    index: 1,
    count: 1,
    line: 1,
    ...overrides,
  };
}

export function hit(overrides: Partial<Hit> & { passage?: Passage } = {}): Hit {
  return { passage: passage(), score: 1, matchedTerms: [], bestSentence: '', bestSentenceSpan: { start: 0, end: 0 }, matchedSpans: [], ...overrides };
}

/** A Searcher whose answers are scripted: `ask` returns `answer(question, options)`. */
export function fakeSearcher(
  corpus: Corpus,
  answer: (question: string, options: { limit?: number; offset?: number }) => Answer,
  suggest: (partial: string, limit?: number) => readonly string[] = () => [],
): Searcher & { asked: string[] } {
  const asked: string[] = [];
  return {
    corpus,
    builtAt: new Date('2026-01-01T00:00:00Z'),
    asked,
    ask(question, options = {}) {
      asked.push(question);
      return answer(question, options);
    },
    suggest,
  };
}

/** Mentions Discord would render (and, without allowed_mentions, ping): unescaped `<@…>`, `<@&…>`, `<#…>`, `@everyone`, `@here`. */
export function liveMentions(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/<(?:@[!&]?|#)\d+>|@everyone|@here/g)) {
    const before = text.slice(0, match.index).match(/(?<!\\)\\*$/)?.[0].length ?? 0;
    if (before % 2 === 0) found.push(match[0]);
  }
  return found;
}

/** Counts of our markers outside escapes; markdown is balanced when every count is even. */
export function markerCounts(text: string): { bold: number; underline: number } {
  let bold = 0;
  let underline = 0;
  for (let i = 0; i < text.length; ) {
    if (text[i] === '\\') i += 2;
    else if (text.startsWith('**', i)) {
      bold += 1;
      i += 2;
    } else if (text.startsWith('__', i)) {
      underline += 1;
      i += 2;
    } else i += 1;
  }
  return { bold, underline };
}

/** Every string anywhere in a JSON value. */
export function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) allStrings(v, out);
  return out;
}

export interface ButtonLike {
  readonly label?: string;
  readonly custom_id?: string;
}

/** The buttons of each action row of a message body, as plain objects. */
export function rows(data: { components?: readonly unknown[] | undefined }): ButtonLike[][] {
  return (data.components ?? []).map((row) => ((row as { components?: ButtonLike[] }).components ?? []) as ButtonLike[]);
}

// ---------------------------------------------------------------------------------------------
// Raw interaction payloads (the JSON Discord sends), enough for the router.

export const ALICE = { id: '111111111111111111', username: 'alice' };
let nextId = 1_000;

const envelope = (type: number, data: unknown, extra: Record<string, unknown> = {}) =>
  ({
    id: String(++nextId),
    application_id: '999999999999999999',
    type,
    token: `token-${nextId}`,
    version: 1,
    locale: 'en-US',
    guild_id: '222222222222222222',
    channel_id: '333333333333333333',
    member: { user: ALICE, roles: [], permissions: '0' },
    data,
    ...extra,
  }) as never;

type Scalar = string | number | boolean;
const optionType = (value: Scalar) => (typeof value === 'boolean' ? 5 : typeof value === 'number' ? 4 : 3);

/** A slash command; `for` options are sent as user options (type 6). */
export function slash(name: string, options: Record<string, Scalar> = {}, extra: Record<string, unknown> = {}) {
  return envelope(
    2,
    {
      id: '1',
      type: 1,
      name,
      options: Object.entries(options).map(([n, value]) => ({ name: n, type: n === 'for' ? 6 : optionType(value), value })),
    },
    extra,
  );
}

export function complete(name: string, option: string, value: string, others: Record<string, Scalar> = {}) {
  return envelope(4, {
    id: '1',
    type: 1,
    name,
    options: [
      ...Object.entries(others).map(([n, v]) => ({ name: n, type: optionType(v), value: v })),
      { name: option, type: 3, value, focused: true },
    ],
  });
}

/** A button press on a message we sent (`message` is the body we answered with). */
export function press(customId: string, message: { embeds?: unknown[]; content?: string; flags?: number } = {}) {
  return envelope(3, { custom_id: customId, component_type: 2 }, { message: { id: '444444444444444444', content: '', embeds: [], ...message } });
}

export function messageCommand(content: string, embeds: unknown[] = []) {
  return envelope(2, {
    id: '2',
    type: 3,
    name: 'Find sources',
    target_id: '555555555555555555',
    resolved: { messages: { '555555555555555555': { id: '555555555555555555', content, embeds, author: { id: '666666666666666666', username: 'bob' } } } },
  });
}

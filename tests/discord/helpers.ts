/**
 * Test helpers for the bot: a hand-made Searcher over a tiny corpus, a Hit builder, balanced
 * markdown and the buttons of a message. Payloads are built in `tests/support/interactions.ts`;
 * whether a reply is safe is checked in `tests/support/safe-reply.ts`.
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
  return {
    passage: passage(),
    score: 1,
    matchedTerms: [],
    bestSentence: '',
    bestSentenceSpan: { start: 0, end: 0 },
    matchedSpans: [],
    ...overrides,
  };
}

/** A Searcher whose answers are scripted: `ask` returns `answer(question, options)`. */
export function fakeSearcher(
  corpus: Corpus,
  answer: (question: string, options: { limit?: number; offset?: number }) => Answer,
  complete: (partial: string, limit?: number) => readonly string[] = () => [],
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
    complete,
  };
}

/** Counts of our markers outside escapes; markdown is balanced when every count is even. */
export function markerCounts(text: string): { bold: number; underline: number } {
  let bold = 0;
  let underline = 0;
  for (let i = 0; i < text.length;) {
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

export interface ButtonLike {
  readonly label?: string;
  readonly custom_id?: string;
}

/** The buttons of each action row of a message body, as plain objects. */
export function rows(data: { components?: readonly unknown[] | undefined }): ButtonLike[][] {
  return (data.components ?? []).map((row) => (row as { components?: ButtonLike[] }).components ?? []);
}

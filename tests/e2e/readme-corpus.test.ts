/**
 * The real bot serving a project README (the ws README from tests/fixtures/corpora): an answer
 * shows the README as Discord renders it — a code block as a code block with its language, a
 * link as a link — and an FAQ answer is titled with its question. Judged only by what the
 * stand-in captured, which validated every body against Discord's spec and limits.
 */
import { describe, expect, it } from 'vitest';
import { chatInput } from '../support/interactions.js';
import type { StandIn } from '../support/stand-in.js';
import { accepted, freshUser, useStack, type Bot } from './harness.js';
import { expectEveryReplyValid } from './invariants.js';

let standIn: StandIn;
let bot: Bot;

useStack({ CORPUS_DIR: 'tests/fixtures/corpora/ws', COOLDOWN_SECONDS: '0' }, (started) => ({ standIn, bot } = started));

const ask = async (question: string) => {
  const body = await accepted(
    await standIn.sendInteraction(chatInput('ask', { question }, { ...standIn.context, user: freshUser() })),
  );
  expect(body.type).toBe(4);
  return body.data?.embeds ?? [];
};

describe('/ask on a README', () => {
  it('answers an FAQ question under the question, with its code block as a fenced code block', async () => {
    const embeds = await ask('how do I get the IP address of the client?');
    expect(embeds[0]?.title).toBe('How to get the IP address of the client?');
    const description = embeds[0]?.description ?? '';
    expect(description).toMatch(
      /```js\nimport \{ WebSocketServer \} from 'ws';\n[\s\S]*const ip = req\.socket\.remoteAddress;[\s\S]*\n```/,
    );
    expect(description).not.toMatch(/\\`/); // nothing of the fence escaped into text
    expect(embeds[0]?.footer?.text).toMatch(/^ws: a Node\.js WebSocket library · passage 1 of \d+ · relevance 100%$/);
  });

  it('shows a link as a Discord link, with its text and its target', async () => {
    const embeds = await ask('how do I stop ws from using bufferutil or utf-8-validate?');
    const descriptions = embeds.map((e) => e.description ?? '').join('\n');
    // The link text may carry the best sentence's underline and the matched word's bold.
    expect(descriptions).toMatch(
      /\[(?:__)?(?:\*\*)?bufferutil(?:\*\*)?(?:__)?\]\(https:\/\/github\.com\/websockets\/bufferutil\)/,
    );
    expect(descriptions).not.toMatch(/\\\[|\\\]\\\(/);
    expect(descriptions).not.toContain('\u200d'); // no mention anywhere, so no zero-width joiner either
  });

  it('sent nothing Discord would reject, and the bot stays up', () => {
    expectEveryReplyValid(standIn.captured);
    expect(bot.child.exitCode).toBeNull();
  });
});

/**
 * `/reload` in the router, without a network: who may run it, that it always defers (whatever
 * the index size or the last run time), and what the owner reads for each outcome.
 */
import { assert, describe, expect, it } from 'vitest';
import { reload } from '../../commands/reload.js';
import type { ReloadOutcome } from '../../src/discord/command.js';
import { createRouter } from '../../src/discord/router.js';
import type { Corpus } from '../../src/types.js';
import { fakeSearcher, silentLogger } from '../discord/helpers.js';
import { asInteraction, chatInput, STAND_IN_IDS } from '../support/interactions.js';

const corpus = { documents: [], sections: [], passages: [], problems: [] } as unknown as Corpus;
const searcher = fakeSearcher(
  corpus,
  (question) => ({ kind: 'no-match', question, reason: 'no-terms', suggestions: [] }) as never,
);

function routerWith(outcome: () => Promise<ReloadOutcome>, ownerIds: string[] = [STAND_IN_IDS.userId]) {
  let calls = 0;
  const router = createRouter({
    getSearcher: () => searcher,
    logger: silentLogger,
    version: 't',
    commands: [reload],
    settings: { ownerIds, cooldownSeconds: 0 },
    reload: () => {
      calls++;
      return outcome();
    },
  });
  return { router, calls: () => calls };
}

describe('/reload in the router', () => {
  it('refuses a member who is not an owner without calling reload', async () => {
    const { router, calls } = routerWith(
      () => Promise.resolve({ ok: true, message: 'Reloaded' }),
      ['444444444444444444'],
    );
    const { response, followUp } = await router.handle(asInteraction(chatInput('reload')));
    expect(response).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/only the owners/i) },
    });
    expect(followUp).toBeUndefined();
    expect(calls()).toBe(0);
  });

  it('defers an owner on a tiny index, then edits in the outcome with parse: []', async () => {
    const { router, calls } = routerWith(() =>
      Promise.resolve({ ok: true, message: 'Reloaded: 1 document, 24 passages in 50 ms' }),
    );
    const { response, followUp } = await router.handle(asInteraction(chatInput('reload')));
    expect(response).toMatchObject({ type: 5, data: { flags: 64 } });
    assert.exists(followUp);
    const edit = await followUp();
    expect(edit.content).toBe('✅ Reloaded: 1 document, 24 passages in 50 ms');
    expect(edit.allowed_mentions).toEqual({ parse: [] });
    expect(calls()).toBe(1);
  });

  it('tells the owner a failed rebuild kept the old index', async () => {
    const { router } = routerWith(() =>
      Promise.resolve({ ok: false, message: 'Reload failed: no usable document; still serving the previous index' }),
    );
    const { followUp } = await router.handle(asInteraction(chatInput('reload')));
    assert.exists(followUp);
    const edit = await followUp();
    expect(edit.content).toMatch(/^⚠️ Reload failed/);
  });

  it('turns a reload that throws into the error note with a reference', async () => {
    const { router } = routerWith(() => Promise.reject(new Error('disk on fire')));
    const { followUp } = await router.handle(asInteraction(chatInput('reload')));
    assert.exists(followUp);
    const edit = await followUp();
    expect(edit.content).toMatch(/Something went wrong on my side \(ref `[0-9a-f]{6}`\)/);
    expect(edit.content).not.toMatch(/disk on fire/);
  });

  it('cuts an overlong outcome to fit a message', async () => {
    const { router } = routerWith(() => Promise.resolve({ ok: true, message: 'x '.repeat(3_000) }));
    const { followUp } = await router.handle(asInteraction(chatInput('reload')));
    assert.exists(followUp);
    const edit = await followUp();
    expect(edit.content?.length).toBeLessThanOrEqual(2000);
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { assert, afterAll, describe, expect, it } from 'vitest';
import { Engine, type EngineReloadOutcome } from '../../src/engine/engine.js';
import type { Corpus, Searcher } from '../../src/types.js';
import { nextTurn, removeTempDirs, tempCorpus } from './support.js';

afterAll(removeTempDirs);

/** A stand-in index: the engine only needs `corpus`; building it takes a chosen number of event-loop turns. */
function fakeSearcher(corpus: Corpus): Searcher {
  return {
    corpus,
    builtAt: new Date(),
    ask: (question) => ({ kind: 'no-match', question, reason: 'no-results', suggestions: [] }),
    complete: () => [],
  };
}

const harbour = (n: number) => `# Harbour\n\n## Version\n\nVersion ${n} of the harbour notes mentions marker${n}.\n`;

type Op = { kind: 'reload'; force: boolean } | { kind: 'edit'; n: number } | { kind: 'wait'; turns: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('reload' as const), force: fc.boolean() }),
  fc.record({ kind: fc.constant('edit' as const), n: fc.nat(3) }),
  fc.record({ kind: fc.constant('wait' as const), turns: fc.nat(6) }),
);

describe('reload coalescing (property)', () => {
  it('never runs two builds at once, never builds more than asked, and never loses the last edit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(4), { minLength: 1, maxLength: 4 }),
        async (ops, delays) => {
          const dir = await tempCorpus();
          let running = 0;
          let maxRunning = 0;
          let builds = 0;
          const started = await Engine.start({
            corpusDir: dir,
            buildIndex: async (corpus) => {
              const delay = delays[builds++ % delays.length];
              assert.exists(delay);
              running++;
              maxRunning = Math.max(maxRunning, running);
              for (let i = 0; i < delay; i++) await nextTurn();
              running--;
              return fakeSearcher(corpus);
            },
          });
          if (started.kind !== 'ready') throw new Error(started.message);
          const engine = started.engine;
          builds = 0;

          const pending: Promise<EngineReloadOutcome>[] = [];
          let lastEdit: number | undefined;
          let reloadAfterLastEdit = false;
          for (const o of ops) {
            if (o.kind === 'reload') {
              pending.push(engine.reload({ force: o.force }));
              reloadAfterLastEdit = true;
            } else if (o.kind === 'edit') {
              await writeFile(path.join(dir, 'harbour.md'), harbour(o.n));
              lastEdit = o.n;
              reloadAfterLastEdit = false;
            } else for (let i = 0; i < o.turns; i++) await nextTurn();
          }
          const outcomes = await Promise.all(pending);
          engine.close();

          expect(maxRunning).toBeLessThanOrEqual(1);
          expect(builds).toBeLessThanOrEqual(pending.length);
          expect(outcomes.every((o) => o.ok)).toBe(true);
          if (lastEdit !== undefined && reloadAfterLastEdit) {
            const texts = engine.current.corpus.passages.map((p) => p.text).join('\n');
            expect(texts).toContain(`marker${lastEdit}.`);
            for (let n = 0; n <= 3; n++) if (n !== lastEdit) expect(texts).not.toContain(`marker${n}.`);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

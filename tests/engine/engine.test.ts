import { appendFile, cp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { assert, afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import type { ReloadOutcome } from '../../src/discord/command.js';
import { Engine, type EngineOptions, type EngineReloadOutcome } from '../../src/engine/engine.js';
import { ParleyIndex } from '../../src/search/index.js';
import type { Corpus, Searcher } from '../../src/types.js';
import {
  HARBOUR_MD,
  nextTurn,
  recordingLogger,
  removeTempDirs,
  SEED_DIR,
  tempCorpus,
  tempDir,
  waitFor,
} from './support.js';

afterEach(removeTempDirs);

const engines: Engine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.close();
});

async function startEngine(options: EngineOptions): Promise<Engine> {
  const started = await Engine.start(options);
  if (started.kind !== 'ready') throw new Error(`expected a ready engine, got: ${started.message}`);
  engines.push(started.engine);
  return started.engine;
}

const ids = (searcher: Searcher) => searcher.corpus.passages.map((p) => p.id);
const answerIds = (searcher: Searcher, question: string) => {
  const answer = searcher.ask(question);
  return answer.kind === 'answer' ? answer.results.map((r) => r.passage.id) : [];
};

describe('Engine.start', () => {
  it('serves the seed copied to a temp folder', async () => {
    const dir = await tempCorpus();
    const engine = await startEngine({ corpusDir: dir });
    const seed = await loadCorpus(dir);
    expect(ids(engine.current)).toEqual(seed.passages.map((p) => p.id));
    const answer = engine.current.ask('why do they keep meeting in Rome?');
    expect(answer.kind).toBe('answer');
  });

  it('skips a bad file with one warning naming it, and serves the rest', async () => {
    const dir = await tempCorpus({ 'broken.txt': new Uint8Array([0, 1, 2, 0xff, 0xfe, 0, 0, 7]) });
    const logger = recordingLogger();
    const started = await Engine.start({ corpusDir: dir, logger });
    expect(started.kind).toBe('ready');
    if (started.kind !== 'ready') return;
    engines.push(started.engine);
    expect(started.problems.some((p) => p.file === 'broken.txt' && p.severity === 'error')).toBe(true);
    const warnings = logger.lines.filter((l) => l.level === 'warn' && l.message.includes('broken.txt'));
    expect(warnings).toHaveLength(1);
    expect(started.engine.current.corpus.documents.map((d) => d.file)).toEqual(['iran-us-talks.txt']);
  });

  it('says "no usable document" with the reason when nothing can be served', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'empty.txt'), '');
    const started = await Engine.start({ corpusDir: dir });
    expect(started.kind).toBe('no-document');
    if (started.kind !== 'no-document') return;
    expect(started.message).toContain(dir);
    expect(started.message).toContain('empty.txt');
    expect(started.problems.length).toBeGreaterThan(0);
  });

  it('reports a missing folder as no usable document, not an exception', async () => {
    const started = await Engine.start({ corpusDir: path.join(await tempDir(), 'nope') });
    expect(started.kind).toBe('no-document');
    if (started.kind === 'no-document') expect(started.message).toMatch(/does not exist/);
  });

  it('throws a Parley: error for a missing corpusDir (a programmer mistake)', async () => {
    await expect(Engine.start({} as EngineOptions)).rejects.toThrow(/^Parley:/);
  });

  it('loads the index from the cache on the second start', async () => {
    const dir = await tempCorpus();
    const cacheDir = await tempDir();
    const first = await Engine.start({ corpusDir: dir, cacheDir });
    const second = await Engine.start({ corpusDir: dir, cacheDir });
    expect(first.kind === 'ready' && first.source).toBe('built');
    expect(second.kind === 'ready' && second.source).toBe('cache');
    if (second.kind === 'ready') expect(answerIds(second.engine.current, 'enrichment level')).not.toEqual([]);
  });
});

describe('Engine.reload', () => {
  it('serves new passages after a file is added', async () => {
    const dir = await tempCorpus();
    const engine = await startEngine({ corpusDir: dir });
    const before = engine.current;
    expect(answerIds(before, 'breakwater')).toEqual([]);

    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
    const outcome = await engine.reload();

    expect(outcome).toMatchObject({
      ok: true,
      kind: 'reloaded',
      documents: 2,
      passages: before.corpus.passages.length + 2,
    });
    expect(outcome.message).toMatch(/^Reloaded: 2 documents, \d+ passages in \d+ ms$/);
    expect(engine.current).not.toBe(before);
    expect(answerIds(engine.current, 'breakwater')).toContain('harbour/breakwater#1');
    // The old index is untouched: whoever still holds it gets the old answers.
    expect(answerIds(before, 'breakwater')).toEqual([]);
  });

  it('keeps the old index and says why when the only document becomes unusable', async () => {
    const dir = await tempCorpus();
    const logger = recordingLogger();
    const engine = await startEngine({ corpusDir: dir, logger });
    const before = engine.current;

    await writeFile(path.join(dir, 'iran-us-talks.txt'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff]));
    const outcome = await engine.reload();

    expect(outcome.ok).toBe(false);
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'no-document' });
    expect(outcome.message).toContain('iran-us-talks.txt');
    expect(outcome.message).toMatch(/still serving the previous index \(1 document, \d+ passages\)/);
    expect(engine.current).toBe(before);
    expect(engine.current.ask('why do they keep meeting in Rome?').kind).toBe('answer');
    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors.map((l) => l.message)).toEqual([outcome.message]);
  });

  it('keeps the old index when the build throws, and serves the next good build', async () => {
    const dir = await tempCorpus();
    let failNext = false;
    const engine = await startEngine({
      corpusDir: dir,
      buildIndex: (corpus) => {
        if (failNext) throw new Error('out of memory (simulated)');
        return ParleyIndex.build(corpus);
      },
    });
    const before = engine.current;
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);

    failNext = true;
    const failedOutcome = await engine.reload();
    expect(failedOutcome).toMatchObject({ ok: false, kind: 'failed', reason: 'error' });
    expect(failedOutcome.message).toContain('out of memory (simulated)');
    expect(engine.current).toBe(before);

    failNext = false;
    const ok = await engine.reload();
    expect(ok.kind).toBe('reloaded');
    expect(answerIds(engine.current, 'breakwater')).toContain('harbour/breakwater#1');
  });

  it('does not rebuild when the folder gives the same passages, unless forced', async () => {
    const dir = await tempCorpus();
    let builds = 0;
    const engine = await startEngine({ corpusDir: dir, buildIndex: (c) => (builds++, ParleyIndex.build(c)) });
    const before = engine.current;

    await writeFile(path.join(dir, 'notes.json'), '{"not": "a document"}');
    const unchanged = await engine.reload();
    expect(unchanged.kind).toBe('unchanged');
    expect(engine.current).toBe(before);
    expect(builds).toBe(1);

    const forced = await engine.reload({ force: true });
    expect(forced.kind).toBe('reloaded');
    expect(engine.current).not.toBe(before);
    expect(builds).toBe(2);
  });

  it('serves the rest after a document is deleted while running', async () => {
    const dir = await tempCorpus({ 'harbour.md': HARBOUR_MD });
    const engine = await startEngine({ corpusDir: dir });
    expect(answerIds(engine.current, 'breakwater')).toContain('harbour/breakwater#1');

    await unlink(path.join(dir, 'harbour.md'));
    const outcome = await engine.reload();

    expect(outcome).toMatchObject({ kind: 'reloaded', documents: 1 });
    expect(engine.current.corpus.passages.some((p) => p.documentId === 'harbour')).toBe(false);
    expect(answerIds(engine.current, 'breakwater')).toEqual([]);
    expect(engine.current.ask('why do they keep meeting in Rome?').kind).toBe('answer');
  });

  it('coalesces three reloads at once into at most two builds', async () => {
    const dir = await tempCorpus();
    let builds = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const engine = await startEngine({
      corpusDir: dir,
      buildIndex: async (corpus) => {
        builds++;
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        // Stay "in flight" across a few turns so the other requests arrive during the build.
        for (let i = 0; i < 5; i++) await nextTurn();
        concurrent--;
        return ParleyIndex.build(corpus);
      },
    });
    builds = 0;
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);

    const first = engine.reload({ force: true });
    const second = engine.reload({ force: true });
    const third = engine.reload({ force: true });
    expect(third).toBe(second);
    const outcomes = await Promise.all([first, second, third]);

    expect(builds).toBe(2);
    expect(maxConcurrent).toBe(1);
    expect(outcomes.map((o) => o.kind)).toEqual(['reloaded', 'reloaded', 'reloaded']);
    expect(answerIds(engine.current, 'breakwater')).toContain('harbour/breakwater#1');
  });

  it('a queued reload sees a change made while the first build ran', async () => {
    const dir = await tempCorpus();
    let gate: Promise<void> | undefined;
    let release = (): void => undefined;
    let waiting = false;
    const engine = await startEngine({
      corpusDir: dir,
      buildIndex: async (corpus) => {
        if (gate) {
          waiting = true;
          await gate;
        }
        return ParleyIndex.build(corpus);
      },
    });
    gate = new Promise<void>((resolve) => (release = resolve));
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
    const first = engine.reload();
    // The first build has read the folder and is now building: this edit comes after it.
    await waitFor(() => waiting, 5000, 'the first build');
    await appendFile(
      path.join(dir, 'harbour.md'),
      '\nThe zanzibarite quarry supplies the stone for the new breakwater, shipped in by barge from the quarry on the north shore.\n',
    );
    const second = engine.reload();
    gate = undefined;
    release();

    const a = await first;
    expect(a.kind).toBe('reloaded');
    expect(answerIds(engine.current, 'zanzibarite')).toEqual([]);
    const b = await second;
    expect(b.kind).toBe('reloaded');
    // The new paragraph, short, joins the section's last passage.
    expect(answerIds(engine.current, 'zanzibarite')).toEqual([expect.stringMatching(/^harbour\/funding#/)]);
  });

  it('tells onReload listeners every outcome, and a throwing listener breaks nothing', async () => {
    const dir = await tempCorpus();
    const fromOption: EngineReloadOutcome[] = [];
    const engine = await startEngine({ corpusDir: dir, onReload: (o) => fromOption.push(o) });
    const fromListener: string[] = [];
    engine.onReload(() => {
      throw new Error('listener bug');
    });
    const off = engine.onReload((o) => fromListener.push(o.kind));
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
    const outcome = await engine.reload();
    off();
    await engine.reload();
    expect(outcome.kind).toBe('reloaded');
    expect(fromOption.map((o) => o.kind)).toEqual(['reloaded', 'unchanged']);
    expect(fromListener).toEqual(['reloaded']);
  });

  it('logs through a pino logger: skipped files as warnings, the reload as one info line', async () => {
    const dir = await tempCorpus();
    const lines: { level: number; msg: string; file?: string }[] = [];
    const destination = { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) };
    const logger = pino({ level: 'info' }, destination);
    const engine = await startEngine({ corpusDir: dir, logger });
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
    await writeFile(path.join(dir, 'empty.txt'), '');
    const outcome = await engine.reload();
    expect(lines.filter((l) => l.msg === outcome.message)).toHaveLength(1);
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.map((l) => l.file)).toEqual(['empty.txt']);
  });

  it("fits the router's reload contract as is", async () => {
    const engine = await startEngine({ corpusDir: await tempCorpus() });
    // The type annotation is the check: the router takes `() => Promise<ReloadOutcome>`.
    const reload: () => Promise<ReloadOutcome> = () => engine.reload({ force: true });
    const outcome = await reload();
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toMatch(/^Reloaded: 1 document, \d+ passages in \d+ ms$/);
  });

  it('refuses reloads after close()', async () => {
    const engine = await startEngine({ corpusDir: await tempCorpus() });
    engine.close();
    const outcome = await engine.reload();
    expect(outcome).toMatchObject({ ok: false, reason: 'closed' });
  });
});

/**
 * The key property of hot reload: a question is answered by one complete index, the old or the
 * new, never a half-built one or a mix. Questions are asked in a loop (yielding between asks so
 * the reload progresses) while a document is edited twice; every answer is checked against the
 * passages of each version of the folder, loaded independently beforehand.
 */
describe('answers during a reload', () => {
  const V2_PARAGRAPH =
    'The zanzibarite quarry supplies the stone for the new breakwater, shipped in by barge from the quarry on the north shore.';
  const V3_PARAGRAPH =
    'The quokkafest committee approved the breakwater lighting plan, with lamps every twenty metres along the whole of the outer wall.';
  const QUESTIONS = [
    'zanzibarite quarry',
    'quokkafest committee',
    'why do they keep meeting in Rome?',
    'breakwater',
    'enrichment level',
  ];

  async function versionCorpus(harbour: string): Promise<Corpus> {
    const dir = await tempCorpus({ 'harbour.md': harbour });
    return loadCorpus(dir);
  }

  const variants = [
    { name: 'reload()', watched: false, worker: false },
    { name: 'watch()', watched: true, worker: false },
    { name: 'reload() built in a worker thread', watched: false, worker: true },
  ];
  for (const { name, watched, worker } of variants) {
    it(`every answer comes from a complete index, old or new (${name})`, async () => {
      const v1 = HARBOUR_MD;
      const v2 = `${HARBOUR_MD}\n${V2_PARAGRAPH}\n`;
      const v3 = `${HARBOUR_MD}\n${V3_PARAGRAPH}\n`;
      const versions = await Promise.all([v1, v2, v3].map(versionCorpus));
      const maps = versions.map((c) => new Map(c.passages.map((p) => [p.id, p.text])));

      const dir = await tempCorpus({ 'harbour.md': v1 });
      const logger = recordingLogger();
      const engine = await startEngine({ corpusDir: dir, debounceMs: 30, worker, logger });
      if (watched) engine.watch();
      let rebuilding = false;

      interface Asked {
        readonly searcher: Searcher;
        readonly question: string;
        readonly passages: readonly { id: string; text: string }[];
        readonly during: boolean;
      }
      const asked: Asked[] = [];
      // `as boolean`: set after the loop starts, which TypeScript's narrowing cannot see.
      let stop = false as boolean;
      const loop = (async () => {
        for (let i = 0; !stop; i++) {
          const searcher = engine.current;
          const question = QUESTIONS[i % QUESTIONS.length];
          assert.exists(question);
          const answer = searcher.ask(question, { limit: 5 });
          const passages =
            answer.kind === 'answer' ? answer.results.map((r) => ({ id: r.passage.id, text: r.passage.text })) : [];
          asked.push({ searcher, question, passages, during: rebuilding });
          await nextTurn();
        }
      })();

      const serves = (v: number) => {
        const passages = engine.current.corpus.passages;
        const map = maps[v];
        return map !== undefined && passages.length === map.size && passages.every((p) => map.get(p.id) === p.text);
      };
      const edit = async (content: string, v: number) => {
        if (watched) {
          // Saved the way editors do (temp file, then rename), so the watcher never sees half a file.
          const tmp = path.join(dir, '.harbour.md.tmp');
          await writeFile(tmp, content);
          await rename(tmp, path.join(dir, 'harbour.md'));
          await waitFor(() => serves(v), 5000, 'the watched reload');
        } else {
          await writeFile(path.join(dir, 'harbour.md'), content);
          rebuilding = true;
          const outcome = engine.reload();
          await outcome;
          rebuilding = false;
          expect((await outcome).kind).toBe('reloaded');
        }
        // A few questions on the new index before the next edit.
        const n = asked.length;
        await waitFor(() => asked.length >= n + QUESTIONS.length, 5000, 'questions on the new index');
      };

      await waitFor(() => asked.length >= QUESTIONS.length, 5000, 'questions on the first index');
      await edit(v2, 1);
      await edit(v3, 2);
      stop = true;
      await loop;

      // Which complete version each index served is decided once per index object.
      const versionOf = new Map<Searcher, number>();
      for (const { searcher } of asked) {
        if (versionOf.has(searcher)) continue;
        const served = new Map(searcher.corpus.passages.map((p) => [p.id, p.text]));
        const v = maps.findIndex(
          (m) => m.size === served.size && [...m].every(([id, text]) => served.get(id) === text),
        );
        expect(v, `an index with ${served.size} passages matches no complete version`).toBeGreaterThanOrEqual(0);
        versionOf.set(searcher, v);
      }
      let last = 0;
      for (const a of asked) {
        const v = versionOf.get(a.searcher);
        assert.exists(v);
        expect(v).toBeGreaterThanOrEqual(last); // never back to an older index
        last = v;
        const map = maps[v];
        assert.exists(map);
        for (const p of a.passages) expect(map.get(p.id), `${a.question} → ${p.id}`).toBe(p.text);
        if (a.question === 'why do they keep meeting in Rome?') expect(a.passages.length).toBeGreaterThan(0);
        // A question on a word only one version has is answered with that paragraph (perhaps joined to a
        // short neighbour) by that version only.
        const texts = a.passages.map((p) => p.text);
        if (a.question.startsWith('zanzibarite')) expect(texts.some((t) => t.includes(V2_PARAGRAPH))).toBe(v === 1);
        if (a.question.startsWith('quokkafest')) expect(texts.some((t) => t.includes(V3_PARAGRAPH))).toBe(v === 2);
      }
      expect(new Set(versionOf.values())).toEqual(new Set([0, 1, 2]));
      if (!watched) {
        // Questions asked while a rebuild was running were answered (by the old index or, once swapped, the new).
        expect(asked.some((a) => a.during)).toBe(true);
      }
      const workerBuilds = logger.lines.filter((l) => l.message === 'index built in a worker thread').length;
      expect(workerBuilds).toBe(worker ? 2 : 0);
      if (worker) {
        // The build ran off the main thread: questions kept being answered while it ran.
        expect(asked.filter((a) => a.during).length).toBeGreaterThanOrEqual(QUESTIONS.length);
      }
    });
  }
});

describe('Engine.watch', () => {
  for (const watchMode of ['fs-watch', 'poll'] as const) {
    it(`reloads by itself when a document is added, edited and removed (${watchMode})`, async () => {
      const dir = await tempCorpus();
      const engine = await startEngine({ corpusDir: dir, debounceMs: 30, watchMode, pollIntervalMs: 50 });
      engine.watch();
      expect(engine.watching).toBe(watchMode);
      const base = engine.current.corpus.passages.length;

      await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
      await waitFor(
        () => answerIds(engine.current, 'breakwater').includes('harbour/breakwater#1'),
        5000,
        'the added document',
      );

      await appendFile(
        path.join(dir, 'harbour.md'),
        '\nThe zanzibarite quarry supplies the stone for the new breakwater, shipped in by barge from the quarry on the north shore.\n',
      );
      await waitFor(() => answerIds(engine.current, 'zanzibarite').length > 0, 5000, 'the edit');

      await rm(path.join(dir, 'harbour.md'));
      await waitFor(() => engine.current.corpus.passages.length === base, 5000, 'the removal');
      expect(answerIds(engine.current, 'breakwater')).toEqual([]);
    });
  }

  it('keeps serving when the folder is removed, and serves it again when it comes back', async () => {
    const dir = await tempCorpus();
    const outcomes: EngineReloadOutcome[] = [];
    const engine = await startEngine({
      corpusDir: dir,
      debounceMs: 20,
      pollIntervalMs: 30,
      onReload: (o) => outcomes.push(o),
    });
    engine.watch();
    const before = engine.current;

    await rm(dir, { recursive: true });
    await waitFor(() => outcomes.some((o) => !o.ok), 5000, 'the failed reload');
    expect(outcomes.find((o) => !o.ok)?.message).toMatch(/does not exist.*still serving the previous index/);
    expect(engine.current).toBe(before);
    expect(engine.watching).toBe('poll');

    await cp(SEED_DIR, dir, { recursive: true });
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
    await waitFor(
      () => answerIds(engine.current, 'breakwater').includes('harbour/breakwater#1'),
      5000,
      'the re-created folder',
    );
  });

  it('ignores hidden and backup files', async () => {
    const dir = await tempCorpus();
    let builds = 0;
    const reloads: string[] = [];
    const engine = await startEngine({
      corpusDir: dir,
      debounceMs: 20,
      onReload: (o) => reloads.push(o.kind),
      buildIndex: (c) => (builds++, ParleyIndex.build(c)),
    });
    engine.watch();
    await writeFile(path.join(dir, '.harbour.md.swp'), 'x');
    await writeFile(path.join(dir, 'harbour.md~'), HARBOUR_MD);
    // Then a real change (saved as editors do: hidden temp file, then rename), so the test knows the watcher was listening.
    await writeFile(path.join(dir, '.harbour.md.tmp'), HARBOUR_MD);
    await rename(path.join(dir, '.harbour.md.tmp'), path.join(dir, 'harbour.md'));
    await waitFor(() => reloads.length > 0, 5000, 'a reload');
    await new Promise((r) => setTimeout(r, 100));
    expect(reloads).toEqual(['reloaded']);
    expect(builds).toBe(2);
  });

  it('stops watching on close()', async () => {
    const dir = await tempCorpus();
    const reloads: string[] = [];
    const engine = await startEngine({ corpusDir: dir, debounceMs: 20, onReload: (o) => reloads.push(o.kind) });
    engine.watch();
    engine.close();
    expect(engine.watching).toBe(false);
    await writeFile(path.join(dir, 'harbour.md'), HARBOUR_MD);
    await new Promise((r) => setTimeout(r, 150));
    expect(reloads).toEqual([]);
  });
});

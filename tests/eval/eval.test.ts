import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { assert, beforeAll, describe, expect, it } from 'vitest';
import { figures, isHit, normalizeForMatch, parseQuestions, type EvalQuestion } from '../../eval/metrics.js';
import { runEval, type EvalReport } from '../../eval/run.js';
import { SEED, loadEvalCorpora, loadEvalCorpus, type EvalCorpus } from '../../eval/corpora.js';
import { START_WEIGHTS, Scorer, ascend, fit, loco, objective, type Parameter } from '../../eval/fit.js';

/** The fields of `npm run eval --json` this file reads. */
interface EvalJson {
  readonly questions?: number;
  readonly corpus?: string;
  readonly parley: Record<string, number>;
  readonly baseline?: Record<string, number>;
  readonly hedged?: unknown;
  readonly macro?: { readonly corpora: number; readonly parley: Record<string, number> };
}
const parseEval = (line: string): EvalJson => JSON.parse(line) as EvalJson;

const run = promisify(execFile);

describe('eval metrics', () => {
  it('matches evidence case- and whitespace-insensitively, curly quotes as straight', () => {
    expect(isHit('We haven’t had a\n statement  from the US', ["we haven't had a statement"])).toBe(true);
    expect(isHit('a “fair and binding” agreement', ['"fair and binding"'])).toBe(true);
    expect(isHit('Oman mediates', ['Qatar'])).toBe(false);
    expect(isHit('anything', [''])).toBe(false);
    expect(normalizeForMatch('  A\tB  ')).toBe('a b');
  });

  it('computes recall, MRR and abstention over a small hand-made set', () => {
    const q = (id: string, answerable: boolean, evidence: string[]): EvalQuestion => ({
      id,
      question: id,
      answerable,
      section: null,
      evidence,
      type: 't',
    });
    const questions = [q('a', true, ['x']), q('b', true, ['y']), q('c', false, []), q('d', true, ['z'])];
    const rankings = [['x'], ['n', 'n', 'y'], null, null];
    const f = figures(questions, rankings);
    expect(f.recall1).toBeCloseTo(1 / 3, 4);
    expect(f.recall3).toBeCloseTo(2 / 3, 4);
    expect(f.mrr).toBeCloseTo((1 + 1 / 3) / 3, 4);
    expect(f.abstainAccuracy).toBeCloseTo(3 / 4, 4);
    expect(f.falseAbstain).toBeCloseTo(1 / 3, 4);
  });

  it('rejects a malformed question file with a Parley: error', () => {
    expect(() => parseQuestions({})).toThrow(/^Parley:/);
    expect(() => parseQuestions([{ question: 1 }])).toThrow(/^Parley:/);
  });
});

describe('quality guard on eval/dev.json', () => {
  let report: EvalReport;
  beforeAll(async () => {
    const seed = await loadEvalCorpus(SEED.name, SEED.dir, SEED.questionsFile);
    report = runEval(seed.corpus, seed.questions, { synonyms: seed.synonyms });
  });

  it('keeps Recall@3 at 0.85 or more (a regression guard, not the target)', () => {
    expect(report.parley.recall3).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps abstainAccuracy at 0.85 or more', () => {
    expect(report.parley.abstainAccuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('stays ahead of plain MiniSearch', () => {
    expect(report.parley.recall1).toBeGreaterThan(report.baseline.recall1);
    expect(report.parley.mrr).toBeGreaterThan(report.baseline.mrr);
  });
});

describe('npm run eval -- --json', () => {
  it('prints exactly one JSON object with both rows', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'eval/eval.ts', '--questions', 'eval/dev.json', '--json'],
      {
        env: { ...process.env, CORPUS_DIR: '' },
        timeout: 60_000,
      },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const body = parseEval(lines[0] ?? '');
    expect(body.questions).toBe(48);
    const keys = ['abstainAccuracy', 'falseAbstain', 'mrr', 'recall1', 'recall3', 'recall5'];
    expect(Object.keys(body.parley).sort()).toEqual(keys);
    expect(Object.keys(body.baseline ?? {}).sort()).toEqual(keys);
  });
});

describe('npm run eval -- --corpora', () => {
  let root: string;
  beforeAll(() => {
    // Two tiny corpora as admins would bring them: docs/ (with its own synonyms.json) and questions.json.
    root = mkdtempSync(join(tmpdir(), 'parley-corpora-'));
    const make = (name: string, doc: string, questions: object[], synonyms?: object) => {
      mkdirSync(join(root, name, 'docs'), { recursive: true });
      writeFileSync(join(root, name, 'docs', 'doc.md'), doc);
      if (synonyms) writeFileSync(join(root, name, 'docs', 'synonyms.json'), JSON.stringify(synonyms));
      writeFileSync(join(root, name, 'questions.json'), JSON.stringify(questions));
    };
    make(
      'club',
      '# Club rules\n\n## Membership\n\nMembership costs ten euros a year, paid at the spring meeting.\n\n## Boats\n\nBoats must be back in the shed before sunset.\n',
      [
        {
          id: 'c1',
          question: 'how much is membership?',
          answerable: true,
          section: 'Membership',
          evidence: ['ten euros a year'],
          type: 'paraphrase',
        },
        {
          id: 'c2',
          question: 'when do boats come back',
          answerable: true,
          section: 'Boats',
          evidence: ['before sunset'],
          type: 'casual',
        },
        {
          id: 'c3',
          question: 'who won the 1998 World Cup?',
          answerable: false,
          section: null,
          evidence: [],
          type: 'unanswerable',
        },
      ],
      { groups: [['dues', 'membership']] },
    );
    make(
      'game',
      '# Game rules\n\n## Scoring\n\nA goal scores three points and a behind scores one point.\n\n## Fouls\n\nTwo fouls in one half send a player off.\n',
      [
        {
          id: 'g1',
          question: 'how many points is a goal',
          answerable: true,
          section: 'Scoring',
          evidence: ['three points'],
          type: 'number',
        },
        {
          id: 'g2',
          question: 'what happens after two fouls',
          answerable: true,
          section: 'Fouls',
          evidence: ['send a player off'],
          type: 'keyword',
        },
      ],
    );
  });

  it('prints one JSON object per corpus (the seed first) and one with the macro average', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'eval/eval.ts', '--corpora', root, '--json'], {
      timeout: 120_000,
    });
    const lines = stdout.trim().split('\n').map(parseEval);
    expect(lines.map((l) => l.corpus ?? 'macro')).toEqual(['seed', 'club', 'game', 'macro']);
    for (const body of lines.slice(0, 3)) {
      expect(Object.keys(body.parley).sort()).toEqual([
        'abstainAccuracy',
        'falseAbstain',
        'mrr',
        'recall1',
        'recall3',
        'recall5',
      ]);
      expect(body.hedged).toEqual({ answerable: expect.any(Number), unanswerable: expect.any(Number) });
    }
    const macro = lines[3]?.macro;
    assert.exists(macro);
    expect(macro.corpora).toBe(3);
    const recall1 = lines.slice(0, 3).map((l) => l.parley.recall1 ?? Number.NaN);
    const mean = recall1.reduce((sum, r) => sum + r, 0) / 3;
    expect(macro.parley.recall1).toBeCloseTo(mean, 3);
  });

  it('reads each corpus with its own synonyms.json', async () => {
    const [club] = await loadEvalCorpora(root, { seed: false, only: ['club'] });
    expect(club?.synonyms.groups).toEqual([['dues', 'membership']]);
    const [game] = await loadEvalCorpora(root, { seed: false, only: ['game'] });
    expect(game?.synonyms.groups).toEqual([]);
  });
});

describe('fitting the weights (eval/fit.ts)', () => {
  let corpora: EvalCorpus[];
  const small: Parameter[] = [
    { key: 'heading', values: [0.1, 0.3, 0.6] },
    { key: 'minCoverage', values: [0.2, 0.34, 0.5] },
  ];
  beforeAll(async () => {
    const seed = await loadEvalCorpus(SEED.name, SEED.dir, SEED.questionsFile);
    // Three corpora from the seed's question set split by id: enough to exercise the folds.
    corpora = [0, 1, 2].map((part) => ({
      ...seed,
      name: `part${part}`,
      questions: seed.questions.filter((_, i) => i % 3 === part),
    }));
  });

  it('never lowers the objective, and gives the same weights on the same corpora (deterministic)', () => {
    const scorer = new Scorer(corpora);
    const start = scorer.objective(corpora, START_WEIGHTS);
    const first = fit(scorer, corpora, { parameters: small });
    const again = fit(new Scorer(corpora), corpora, { parameters: small });
    expect(first.objective).toBeGreaterThanOrEqual(start);
    expect(again.weights).toEqual(first.weights);
  });

  it('keeps the better of the ascents through the parameters in listed and in reverse order', () => {
    const scorer = new Scorer(corpora);
    const listed = ascend(scorer, corpora, small, {});
    const reversed = ascend(scorer, corpora, [...small].reverse(), {});
    const kept = fit(scorer, corpora, { parameters: small });
    expect(kept.objective).toBe(Math.max(listed.objective, reversed.objective));
    expect(kept.weights).toEqual(reversed.objective > listed.objective ? reversed.weights : listed.weights);
  });

  it('scores each corpus left out with weights fitted on the others (LOCO)', () => {
    const result = loco(new Scorer(corpora), { parameters: small });
    expect(result.perCorpus.map((c) => c.name)).toEqual(['part0', 'part1', 'part2']);
    const mean = result.perCorpus.reduce((s, c) => s + c.figures.recall1, 0) / 3;
    expect(result.macro.recall1).toBeCloseTo(mean, 3);
  });

  it('the objective rewards recall and right abstentions and punishes false ones', () => {
    const base = { recall1: 0.5, recall3: 0.5, recall5: 0.5, mrr: 0.5, abstainAccuracy: 0.5, falseAbstain: 0.1 };
    const hedged = { answerable: 0, unanswerable: 0 };
    const score = (f: Partial<typeof base>) => objective({ figures: { ...base, ...f }, hedged });
    expect(score({ recall1: 0.6 })).toBeGreaterThan(score({}));
    expect(score({ abstainAccuracy: 0.6 })).toBeGreaterThan(score({}));
    expect(score({ falseAbstain: 0.2 })).toBeLessThan(score({}));
  });
});

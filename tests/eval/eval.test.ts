import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { figures, isHit, normalizeForMatch, parseQuestions, type EvalQuestion } from '../../eval/metrics.js';
import { runEval, type EvalReport } from '../../eval/run.js';
import { SEED, loadEvalCorpus } from '../../eval/corpora.js';

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
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'eval/eval.ts', '--questions', 'eval/dev.json', '--json'], {
      env: { ...process.env, CORPUS_DIR: '' },
      timeout: 60_000,
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const body = JSON.parse(lines[0] as string);
    expect(body.questions).toBe(48);
    const keys = ['abstainAccuracy', 'falseAbstain', 'mrr', 'recall1', 'recall3', 'recall5'];
    expect(Object.keys(body.parley).sort()).toEqual(keys);
    expect(Object.keys(body.baseline).sort()).toEqual(keys);
  });
});

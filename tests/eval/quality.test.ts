/**
 * Quality guard over every development corpus (eval/corpora/* and the seed): the macro figures stay
 * above floors a little below what the fitted weights reach (README "Answer quality"), and Parley
 * stays ahead of plain MiniSearch on every corpus. A regression guard, not the target.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEvalCorpora } from '../../eval/corpora.js';
import type { Figures } from '../../eval/metrics.js';
import { macro, runEval, type EvalReport } from '../../eval/run.js';

let reports: { name: string; report: EvalReport }[];
let parley: Figures;
let baseline: Figures;

beforeAll(async () => {
  const corpora = await loadEvalCorpora('eval/corpora');
  reports = corpora.map((c) => ({ name: c.name, report: runEval(c.corpus, c.questions, { synonyms: c.synonyms }) }));
  parley = macro(reports.map((r) => r.report.parley));
  baseline = macro(reports.map((r) => r.report.baseline));
}, 120_000);

describe('answer quality over the development corpora (macro average)', () => {
  it('runs the seed and at least six other corpora', () => {
    expect(reports.map((r) => r.name)[0]).toBe('seed');
    expect(reports.length).toBeGreaterThanOrEqual(7);
  });

  it('keeps Recall@1, Recall@3 and MRR above their floors', () => {
    expect(parley.recall1).toBeGreaterThanOrEqual(FLOORS.recall1);
    expect(parley.recall3).toBeGreaterThanOrEqual(FLOORS.recall3);
    expect(parley.mrr).toBeGreaterThanOrEqual(FLOORS.mrr);
  });

  it('abstains right and rarely abstains on an answerable question', () => {
    expect(parley.abstainAccuracy).toBeGreaterThanOrEqual(FLOORS.abstainAccuracy);
    expect(parley.falseAbstain).toBeLessThanOrEqual(FLOORS.falseAbstainMax);
  });

  it('stays 0.10 ahead of plain MiniSearch on Recall@1, and behind it on no corpus', () => {
    expect(parley.recall1 - baseline.recall1).toBeGreaterThanOrEqual(0.1);
    for (const { name, report } of reports)
      expect({ name, ahead: report.parley.recall1 >= report.baseline.recall1 }).toEqual({ name, ahead: true });
  });

  it('keeps the seed at Recall@1 0.70 and Recall@3 0.87 or more', () => {
    const seed = reports.find((r) => r.name === 'seed')?.report.parley;
    expect(seed?.recall1).toBeGreaterThanOrEqual(0.7);
    expect(seed?.recall3).toBeGreaterThanOrEqual(0.87);
  });
});

/** A little below what the fitted weights reach in-sample (see the README's table). */
const FLOORS = { recall1: 0.7, recall3: 0.87, mrr: 0.79, abstainAccuracy: 0.86, falseAbstainMax: 0.02 };

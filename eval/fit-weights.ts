/**
 * `npm run --silent fit -- --corpora eval/corpora [--write] [--sweeps N]`: fits the ranking weights
 * on every development corpus (and the seed) by coordinate ascent (eval/fit.ts) and prints them;
 * `--write` puts them into `defaultWeights` in src/search/weights.ts. Deterministic: the same
 * corpora and starting weights give the same result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RankingWeights } from '../src/search/weights.js';
import { loadEvalCorpora } from './corpora.js';
import { START_WEIGHTS, Scorer, fit } from './fit.js';

const WEIGHTS_FILE = 'src/search/weights.ts';

/** The `defaultWeights` literal for weights.ts. */
export function weightsLiteral(w: RankingWeights): string {
  const lines = Object.entries(w).map(([key, value]) =>
    key === 'bm25' ? `  bm25: { k1: ${w.bm25.k1}, b: ${w.bm25.b} },` : `  ${key}: ${String(value)},`,
  );
  return `export const defaultWeights: RankingWeights = {\n${lines.join('\n')}\n};`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      corpora: { type: 'string' },
      write: { type: 'boolean' },
      sweeps: { type: 'string' },
      'no-seed': { type: 'boolean' },
    },
  });
  const corpora = await loadEvalCorpora(values.corpora ?? 'eval/corpora', { seed: !values['no-seed'] });
  const scorer = new Scorer(corpora);
  const before = scorer.objective(corpora, START_WEIGHTS);
  const { weights, objective } = fit(scorer, corpora, {
    sweeps: values.sweeps ? Number(values.sweeps) : 2,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stderr.write(
    `objective ${before.toFixed(4)} → ${objective.toFixed(4)} over ${corpora.length} corpora (${scorer.evaluations} corpus evaluations)\n`,
  );
  const literal = weightsLiteral(weights);
  process.stdout.write(`${literal}\n`);
  if (values.write) {
    const source = readFileSync(WEIGHTS_FILE, 'utf8');
    const updated = source.replace(/export const defaultWeights: RankingWeights = \{[\s\S]*?\n\};/, literal);
    if (updated === source) process.stderr.write(`fit: ${WEIGHTS_FILE} unchanged\n`);
    else writeFileSync(WEIGHTS_FILE, updated);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fit: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

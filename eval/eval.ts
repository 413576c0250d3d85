/**
 * `npm run --silent eval -- --questions <file> [--json]`: retrieval quality of Parley beside plain
 * MiniSearch on a question set. `--json` prints exactly one object; logs go to stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus/load.js';
import { parseQuestions, type Figures } from './metrics.js';
import { runEval } from './run.js';

const USAGE = 'usage: npm run --silent eval -- --questions <file> [--json]';

async function main(): Promise<number> {
  let values: { questions?: string | undefined; json?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { questions: { type: 'string', short: 'q' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const file = values.questions ?? 'eval/dev.json';
  let questions;
  try {
    questions = parseQuestions(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    process.stderr.write(`eval: cannot read questions from ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const corpusDir = process.env.CORPUS_DIR || 'corpus';
  const corpus = await loadCorpus(corpusDir);
  for (const problem of corpus.problems) {
    process.stderr.write(`${problem.severity}: ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}\n`);
  }
  const report = runEval(corpus, questions);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ questions: report.questions, parley: report.parley, baseline: report.baseline })}\n`);
    return 0;
  }
  const row = (name: string, f: Figures) =>
    `${name.padEnd(10)} ${[f.recall1, f.recall3, f.recall5, f.mrr, f.abstainAccuracy, f.falseAbstain].map((n) => n.toFixed(3).padStart(8)).join(' ')}`;
  const header = `${''.padEnd(10)} ${['R@1', 'R@3', 'R@5', 'MRR@10', 'abstain', 'falseAb'].map((h) => h.padStart(8)).join(' ')}`;
  const lines = [`${report.questions} questions from ${file}, corpus ${corpusDir} (${corpus.passages.length} passages)`, '', header, row('parley', report.parley), row('baseline', report.baseline), '', 'By type (parley R@1 / R@3 / abstain  vs  baseline R@1 / R@3):'];
  for (const [type, t] of Object.entries(report.byType)) {
    lines.push(
      `  ${type.padEnd(18)} n=${String(t.count).padStart(2)}  ${t.parley.recall1.toFixed(2)} / ${t.parley.recall3.toFixed(2)} / ${t.parley.abstainAccuracy.toFixed(2)}   vs  ${t.baseline.recall1.toFixed(2)} / ${t.baseline.recall3.toFixed(2)}`,
    );
  }
  lines.push('', `Misses (${report.misses.length}):`);
  for (const m of report.misses) {
    lines.push(`  [${m.id} ${m.type}] ${m.question}`, `      expected: ${m.expectedSection ?? 'no-match'}  (hit at rank ${m.rank || '-'})`, `      ranked first: ${m.rankedFirst}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`eval: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

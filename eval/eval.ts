/**
 * `npm run --silent eval -- [options]`: retrieval quality of Parley beside plain MiniSearch.
 *
 *   eval                                   the seed: corpus/ with eval/dev.json
 *   eval --questions q.json                one question file against CORPUS_DIR (default corpus/)
 *   eval --corpora eval/corpora            every corpus there (docs/ + questions.json) and the seed:
 *                                          a table per corpus, the macro average, by type, the misses
 *   eval --corpora eval/corpora --loco     and leave-one-corpus-out figures (fits the weights per fold)
 *   --json                                 one JSON object per corpus, then one with `macro` (and `loco`)
 *   --no-seed, --only a,b, --no-misses     leave the seed out, run some corpora, skip the misses
 *
 * In `--json` mode nothing but JSON reaches stdout; logs go to stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/corpus/load.js';
import { corpusSynonyms } from '../src/search/synonyms.js';
import { loadEvalCorpora, type EvalCorpus } from './corpora.js';
import { Scorer, loco, type LocoResult } from './fit.js';
import { parseQuestions, type Figures } from './metrics.js';
import { macro, runEval, type EvalReport, type Hedging } from './run.js';

const USAGE = `usage: npm run --silent eval -- [--questions <file> | --corpora <dir> [--loco] [--no-seed] [--only a,b]] [--json] [--no-misses]`;

const FIGURE_HEADER = ['R@1', 'R@3', 'R@5', 'MRR@10', 'abstain', 'falseAb'];

function row(name: string, f: Figures, extra = ''): string {
  return `${name.padEnd(22)} ${[f.recall1, f.recall3, f.recall5, f.mrr, f.abstainAccuracy, f.falseAbstain].map((n) => n.toFixed(3).padStart(8)).join(' ')}${extra}`;
}

function header(): string {
  return `${''.padEnd(22)} ${FIGURE_HEADER.map((h) => h.padStart(8)).join(' ')}`;
}

function hedgedText(h: Hedging): string {
  return `   hedged: ${(h.answerable * 100).toFixed(1)}% of answerable, ${(h.unanswerable * 100).toFixed(1)}% of unanswerable`;
}

function reportLines(title: string, report: EvalReport, misses: boolean): string[] {
  const lines = [
    title,
    '',
    header(),
    row('parley', report.parley),
    row('baseline', report.baseline),
    hedgedText(report.hedged),
    '',
    'By type (parley R@1 / R@3 / abstain  vs  baseline R@1 / R@3):',
  ];
  for (const [type, t] of Object.entries(report.byType)) {
    lines.push(
      `  ${type.padEnd(18)} n=${String(t.count).padStart(2)}  ${t.parley.recall1.toFixed(2)} / ${t.parley.recall3.toFixed(2)} / ${t.parley.abstainAccuracy.toFixed(2)}   vs  ${t.baseline.recall1.toFixed(2)} / ${t.baseline.recall3.toFixed(2)}`,
    );
  }
  if (misses) {
    lines.push('', `Misses (${report.misses.length}):`);
    for (const m of report.misses) {
      lines.push(
        `  [${m.id} ${m.type}] ${m.question}${m.hedged ? '  (hedged)' : ''}`,
        `      expected: ${m.expectedSection ?? 'no-match'}  (hit at rank ${m.rank || '-'})`,
        `      ranked first: ${m.rankedFirst}`,
      );
    }
  }
  return lines;
}

async function single(file: string, json: boolean, misses: boolean): Promise<number> {
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
    process.stderr.write(
      `${problem.severity}: ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}\n`,
    );
  }
  const synonyms = corpusSynonyms(corpusDir);
  if (synonyms.problem !== undefined) process.stderr.write(`warning: ${synonyms.problem}\n`);
  const report = runEval(corpus, questions, { synonyms: synonyms.table });
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ questions: report.questions, parley: report.parley, baseline: report.baseline, hedged: report.hedged })}\n`,
    );
    return 0;
  }
  const title = `${report.questions} questions from ${file}, corpus ${corpusDir} (${corpus.passages.length} passages)`;
  process.stdout.write(`${reportLines(title, report, misses).join('\n')}\n`);
  return 0;
}

function meanHedging(all: readonly Hedging[]): Hedging {
  const mean = (pick: (h: Hedging) => number) =>
    Math.round((all.reduce((s, h) => s + pick(h), 0) / Math.max(1, all.length)) * 10_000) / 10_000;
  return { answerable: mean((h) => h.answerable), unanswerable: mean((h) => h.unanswerable) };
}

async function many(
  root: string,
  options: { json: boolean; misses: boolean; loco: boolean; seed: boolean; only?: string[] },
): Promise<number> {
  let corpora: EvalCorpus[];
  try {
    corpora = await loadEvalCorpora(root, { seed: options.seed, ...(options.only ? { only: options.only } : {}) });
  } catch (error) {
    process.stderr.write(`eval: cannot read the corpora in ${root}: ${(error as Error).message}\n`);
    return 2;
  }
  if (corpora.length === 0) {
    process.stderr.write(`eval: no corpus in ${root} (each needs docs/ and questions.json)\n`);
    return 2;
  }
  const reports = corpora.map((c) => {
    for (const problem of c.problems) process.stderr.write(`${c.name}: ${problem}\n`);
    return { corpus: c, report: runEval(c.corpus, c.questions, { synonyms: c.synonyms }) };
  });
  const parleyMacro = macro(reports.map((r) => r.report.parley));
  const baselineMacro = macro(reports.map((r) => r.report.baseline));
  const hedgedMacro = meanHedging(reports.map((r) => r.report.hedged));
  let locoResult: LocoResult | undefined;
  if (options.loco) {
    const scorer = new Scorer(corpora);
    locoResult = loco(scorer, { log: (line) => process.stderr.write(`${line}\n`) });
    process.stderr.write(`loco: ${scorer.evaluations} corpus evaluations\n`);
  }

  if (options.json) {
    for (const { corpus, report } of reports) {
      const left = locoResult?.perCorpus.find((c) => c.name === corpus.name);
      const body = {
        corpus: corpus.name,
        questions: report.questions,
        parley: report.parley,
        baseline: report.baseline,
        hedged: report.hedged,
        ...(left ? { loco: left.figures } : {}),
      };
      process.stdout.write(`${JSON.stringify(body)}\n`);
    }
    const body = {
      macro: { corpora: corpora.length, parley: parleyMacro, baseline: baselineMacro, hedged: hedgedMacro },
      ...(locoResult ? { loco: { parley: locoResult.macro, hedged: locoResult.hedged } } : {}),
    };
    process.stdout.write(`${JSON.stringify(body)}\n`);
    return 0;
  }

  const lines: string[] = [];
  for (const { corpus, report } of reports) {
    const title = `== ${corpus.name}: ${report.questions} questions, ${corpus.corpus.documents.length} documents, ${corpus.corpus.passages.length} passages`;
    lines.push(...reportLines(title, report, options.misses), '');
  }
  lines.push(`== Summary over ${corpora.length} corpora`, '', header());
  for (const { corpus, report } of reports) {
    lines.push(row(`${corpus.name} parley`, report.parley), row(`${corpus.name} baseline`, report.baseline));
  }
  lines.push(row('MACRO parley', parleyMacro), row('MACRO baseline', baselineMacro), hedgedText(hedgedMacro));
  lines.push(
    `   R@1 over baseline: ${(parleyMacro.recall1 - baselineMacro.recall1).toFixed(3)}; corpora behind the baseline on R@1: ${
      reports
        .filter((r) => r.report.parley.recall1 < r.report.baseline.recall1)
        .map((r) => r.corpus.name)
        .join(', ') || 'none'
    }`,
  );
  const pooled = new Map<string, { count: number; parley: number; baseline: number }>();
  for (const { report } of reports) {
    for (const [type, t] of Object.entries(report.byType)) {
      const p = pooled.get(type) ?? { count: 0, parley: 0, baseline: 0 };
      p.count += t.count;
      p.parley += t.parley.recall1 * t.count;
      p.baseline += t.baseline.recall1 * t.count;
      pooled.set(type, p);
    }
  }
  lines.push('', 'By type over all corpora (question-weighted R@1, parley vs baseline):');
  for (const [type, p] of [...pooled].sort((a, b) => b[1].count - a[1].count)) {
    lines.push(
      `  ${type.padEnd(18)} n=${String(p.count).padStart(3)}  ${(p.parley / p.count).toFixed(2)}  vs  ${(p.baseline / p.count).toFixed(2)}`,
    );
  }
  if (locoResult) {
    lines.push(
      '',
      '== Leave-one-corpus-out (weights fitted on the other corpora, scored on the one left out)',
      '',
      header(),
    );
    for (const c of locoResult.perCorpus) lines.push(row(`${c.name} loco`, c.figures));
    lines.push(row('LOCO MACRO parley', locoResult.macro), hedgedText(locoResult.hedged));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

async function main(): Promise<number> {
  let values: {
    questions?: string | undefined;
    corpora?: string | undefined;
    only?: string | undefined;
    loco?: boolean | undefined;
    seed?: boolean | undefined;
    'no-seed'?: boolean | undefined;
    'no-misses'?: boolean | undefined;
    json?: boolean | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      options: {
        questions: { type: 'string', short: 'q' },
        corpora: { type: 'string' },
        only: { type: 'string' },
        loco: { type: 'boolean' },
        'no-seed': { type: 'boolean' },
        'no-misses': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
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
  const misses = !values['no-misses'];
  if (values.corpora !== undefined) {
    return many(values.corpora, {
      json: values.json === true,
      misses,
      loco: values.loco === true,
      seed: !values['no-seed'],
      ...(values.only ? { only: values.only.split(',').map((s) => s.trim()) } : {}),
    });
  }
  if (values.loco) {
    process.stderr.write(`eval: --loco needs --corpora <dir>\n${USAGE}\n`);
    return 2;
  }
  return single(values.questions ?? 'eval/dev.json', values.json === true, misses);
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

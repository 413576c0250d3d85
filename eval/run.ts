/**
 * Runs a question set through Parley and through plain MiniSearch (the baseline) over the same
 * passages, and gathers the figures, per-type figures, hedging and misses.
 */
import MiniSearch from 'minisearch';
import { ParleyIndex, type IndexOptions } from '../src/search/index.js';
import type { Corpus } from '../src/types.js';
import { figures, firstHitRank, type EvalQuestion, type Figures, type Ranking } from './metrics.js';

/** A question Parley did not get in its top three (or answered when it should not have). */
export interface Miss {
  readonly id: string;
  readonly question: string;
  readonly type: string;
  readonly expectedSection: string | null;
  /** Rank of the first hit in Parley's top 10 (0: none). */
  readonly rank: number;
  /** Heading path and start of the passage Parley ranked first, or "no-match". */
  readonly rankedFirst: string;
  /** Parley answered with `confident: false`. */
  readonly hedged: boolean;
}

/** How often Parley hedged (answered with `confident: false`). */
export interface Hedging {
  /** Share of the answerable questions given a hedged answer. */
  readonly answerable: number;
  /** Share of the unanswerable questions given a hedged answer (rather than no-match or a confident one). */
  readonly unanswerable: number;
}

export interface EvalReport {
  readonly questions: number;
  readonly parley: Figures;
  readonly baseline: Figures;
  readonly hedged: Hedging;
  readonly byType: Readonly<
    Record<string, { readonly count: number; readonly parley: Figures; readonly baseline: Figures }>
  >;
  readonly misses: readonly Miss[];
}

/** Parley's answers to a question set: top-10 passage texts (`null`: no-match) and whether each was confident. */
export interface ParleyRun {
  readonly rankings: Ranking[];
  readonly confident: boolean[];
}

/** The baseline: MiniSearch with default options over text and heading, never abstaining. */
export function baselineRankings(corpus: Corpus, questions: readonly EvalQuestion[]): Ranking[] {
  const search = new MiniSearch<{ id: number; text: string; heading: string }>({ fields: ['text', 'heading'] });
  search.addAll(corpus.passages.map((p, id) => ({ id, text: p.text, heading: p.headingPath.join(' ') })));
  return questions.map((q) =>
    search
      .search(q.question)
      .slice(0, 10)
      .map((r) => corpus.passages[r.id as number]?.text ?? ''),
  );
}

/** Parley's rankings: top 10 passage texts, or `null` for no-match, and the answers' confidence. */
export function parleyRun(index: ParleyIndex, questions: readonly EvalQuestion[]): ParleyRun {
  const rankings: Ranking[] = [];
  const confident: boolean[] = [];
  for (const q of questions) {
    const answer = index.ask(q.question, { limit: 10 });
    rankings.push(answer.kind === 'answer' ? answer.results.map((h) => h.passage.text) : null);
    confident.push(answer.kind === 'answer' && answer.confident);
  }
  return { rankings, confident };
}

/** Parley's rankings only (see {@link parleyRun}). */
export function parleyRankings(index: ParleyIndex, questions: readonly EvalQuestion[]): Ranking[] {
  return parleyRun(index, questions).rankings;
}

export function hedging(questions: readonly EvalQuestion[], run: ParleyRun): Hedging {
  let answerable = 0;
  let unanswerable = 0;
  let hedgedAnswerable = 0;
  let hedgedUnanswerable = 0;
  questions.forEach((q, i) => {
    const hedged = run.rankings[i] !== null && run.confident[i] === false;
    if (q.answerable) {
      answerable++;
      if (hedged) hedgedAnswerable++;
    } else {
      unanswerable++;
      if (hedged) hedgedUnanswerable++;
    }
  });
  const share = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 10_000) / 10_000);
  return { answerable: share(hedgedAnswerable, answerable), unanswerable: share(hedgedUnanswerable, unanswerable) };
}

/** Eval options: the index options Parley is built with (its corpus's synonyms, weights to try). */
export function runEval(corpus: Corpus, questions: readonly EvalQuestion[], options: IndexOptions = {}): EvalReport {
  const index = ParleyIndex.build(corpus, { warmUp: false, ...options });
  return reportFor(index, questions);
}

/** {@link runEval} on an index already built. */
export function reportFor(index: ParleyIndex, questions: readonly EvalQuestion[]): EvalReport {
  const corpus = index.corpus;
  const run = parleyRun(index, questions);
  const parley = run.rankings;
  const baseline = baselineRankings(corpus, questions);
  const types = [...new Set(questions.map((q) => q.type))].sort();
  const byType: Record<string, { count: number; parley: Figures; baseline: Figures }> = {};
  for (const type of types) {
    const picked = questions.flatMap((q, i) => (q.type === type ? [i] : []));
    byType[type] = {
      count: picked.length,
      parley: figures(
        picked.map((i) => questions[i] as EvalQuestion),
        picked.map((i) => parley[i] ?? null),
      ),
      baseline: figures(
        picked.map((i) => questions[i] as EvalQuestion),
        picked.map((i) => baseline[i] ?? null),
      ),
    };
  }
  const misses: Miss[] = [];
  questions.forEach((q, i) => {
    const ranking = parley[i] ?? null;
    const rank = firstHitRank(ranking, q.evidence, 10);
    const wrong = q.answerable ? ranking === null || rank === 0 || rank > 3 : ranking !== null;
    if (!wrong) return;
    const first = ranking?.[0];
    const passage = first === undefined ? undefined : corpus.passages.find((p) => p.text === first);
    misses.push({
      id: q.id,
      question: q.question,
      type: q.type,
      expectedSection: q.section,
      rank,
      rankedFirst:
        passage === undefined ? 'no-match' : `${passage.headingPath.join(' › ')}: ${passage.text.slice(0, 90)}…`,
      hedged: ranking !== null && run.confident[i] === false,
    });
  });
  return {
    questions: questions.length,
    parley: figures(questions, parley),
    baseline: figures(questions, baseline),
    hedged: hedging(questions, run),
    byType,
    misses,
  };
}

/** The mean of each figure over several reports' figures (the macro average: every corpus counts alike). */
export function macro(all: readonly Figures[]): Figures {
  const mean = (pick: (f: Figures) => number) =>
    all.length === 0 ? 0 : Math.round((all.reduce((s, f) => s + pick(f), 0) / all.length) * 10_000) / 10_000;
  return {
    recall1: mean((f) => f.recall1),
    recall3: mean((f) => f.recall3),
    recall5: mean((f) => f.recall5),
    mrr: mean((f) => f.mrr),
    abstainAccuracy: mean((f) => f.abstainAccuracy),
    falseAbstain: mean((f) => f.falseAbstain),
  };
}

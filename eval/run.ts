/**
 * Runs a question set through Parley and through plain MiniSearch (the baseline) over the same
 * passages, and gathers the figures, per-type figures and misses.
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
}

export interface EvalReport {
  readonly questions: number;
  readonly parley: Figures;
  readonly baseline: Figures;
  readonly byType: Readonly<Record<string, { readonly count: number; readonly parley: Figures; readonly baseline: Figures }>>;
  readonly misses: readonly Miss[];
}

/** The baseline of issue 3: MiniSearch with default options over text and heading, never abstaining. */
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

/** Parley's rankings: top 10 passage texts, or `null` for no-match. */
export function parleyRankings(index: ParleyIndex, questions: readonly EvalQuestion[]): Ranking[] {
  return questions.map((q) => {
    const answer = index.ask(q.question, { limit: 10 });
    return answer.kind === 'answer' ? answer.results.map((h) => h.passage.text) : null;
  });
}

export function runEval(corpus: Corpus, questions: readonly EvalQuestion[], options: IndexOptions = {}): EvalReport {
  const index = ParleyIndex.build(corpus, options);
  const parley = parleyRankings(index, questions);
  const baseline = baselineRankings(corpus, questions);
  const types = [...new Set(questions.map((q) => q.type))].sort();
  const byType: Record<string, { count: number; parley: Figures; baseline: Figures }> = {};
  for (const type of types) {
    const picked = questions.flatMap((q, i) => (q.type === type ? [i] : []));
    byType[type] = {
      count: picked.length,
      parley: figures(picked.map((i) => questions[i] as EvalQuestion), picked.map((i) => parley[i] ?? null)),
      baseline: figures(picked.map((i) => questions[i] as EvalQuestion), picked.map((i) => baseline[i] ?? null)),
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
      rankedFirst: passage === undefined ? 'no-match' : `${passage.headingPath.join(' › ')}: ${passage.text.slice(0, 90)}…`,
    });
  });
  return { questions: questions.length, parley: figures(questions, parley), baseline: figures(questions, baseline), byType, misses };
}

/**
 * When not to answer, and when to answer with a caveat. A question is about something the corpus
 * lacks when it names a figure or a name the corpus never mentions, or when too much of what it
 * asks about (its content words, weighted by how much each carries) is missing. An answer is
 * hedged (`confident: false`) when part of the question is missing or the best passage covers too
 * little of it: it may be on the topic without holding the specific fact asked for.
 */
import type { AnswerType, QueryPlan } from './query.js';
import type { RankingWeights } from './weights.js';

/** What the question asks about that the corpus lacks. */
export interface Missing {
  /** A figure or a name (in context) that no passage mentions. */
  readonly name: string | null;
  /** Share of the question's content weight with no match in the corpus, 0 to 1. */
  readonly share: number;
}

/**
 * The words of a question the corpus lacks, judged before ranking. A word the corpus has only
 * through WordNet relatives ("pizza station" → "post") counts as `widenedMissing` of a missing one.
 */
export function missing(plan: QueryPlan, widenedMissing = 0): Missing {
  let total = 0;
  let absent = 0;
  let name: string | null = null;
  for (const group of plan.groups) {
    total += group.content;
    if (group.widenedOnly) absent += widenedMissing * group.content;
    if (!group.unmatched) continue;
    absent += group.content;
    // A lone digit is as often chat for a word ("how 2", "4 u") as a figure: it is no missing name.
    if (name === null && ((group.numeric && !/^\d$/.test(group.label)) || group.name)) name = group.label;
  }
  return { name, share: total > 0 ? absent / total : 0 };
}

/** The outcome before ranking: `off-topic` when the question is about something else. */
export function offTopic(found: Missing, weights: RankingWeights): boolean {
  return found.name !== null || found.share > weights.maxMissing;
}

/** Answers checked for: figures, durations and years. "Who" is as often answered by a role ("the moderators") as by a name. */
const FACT_TYPES: ReadonlySet<AnswerType> = new Set<AnswerType>(['number', 'measure', 'year', 'time']);

/**
 * After ranking: the question asks for a year, a figure or a duration and none of the best passages holds one. The
 * topic is there, the fact asked for is not: `answerTypeMissing` of what the question does cover
 * counts as missing too (1: all of it, so the question is answered with no-match).
 */
export function withAnswerType(
  found: Missing,
  plan: QueryPlan,
  holdsAnswerType: boolean,
  weights: RankingWeights,
): Missing {
  if (holdsAnswerType || !FACT_TYPES.has(plan.answerType)) return found;
  return { name: found.name, share: found.share + (1 - found.share) * weights.answerTypeMissing };
}

/**
 * After ranking: too little of the question is covered by any passage to answer at all — of its
 * weight (IDF) by any passage, or of its content words by the best one.
 */
export function underCovered(bestCoverage: number, bestContentCoverage: number, weights: RankingWeights): boolean {
  return bestCoverage < weights.minCoverage || bestContentCoverage < weights.minContentCoverage;
}

/** An answer is confident when little of the question is missing and its best passage covers enough of it. */
export function confident(found: Missing, bestCoverage: number, weights: RankingWeights): boolean {
  return found.share <= weights.hedgeMissing && bestCoverage >= weights.confidentCoverage;
}

/**
 * The ranking signals, one small function each. Each takes the weight that scales it from
 * {@link RankingWeights} (weights.ts), so what a signal does and how much it counts are read in one
 * place; rank.ts and sentence-score.ts only combine them.
 */
import type { Bm25Weights } from './weights.js';

/**
 * BM25's length normalization of a passage: `k1 · (1 − b + b · length / average)`. Computed once per
 * passage at build; {@link termScore} divides by it.
 */
export function lengthNorm(length: number, average: number, bm25: Bm25Weights): number {
  return bm25.k1 * (1 - bm25.b + (bm25.b * length) / (average || 1));
}

/**
 * Term score (weight: `presence`, `bm25`): a question word's weight (`base` = its alternative's
 * weight × IDF × specificity) times `presence + (1 − presence) · tf / (tf + norm)`. One occurrence
 * earns most of it; repetitions add with BM25's saturation, less in long passages.
 */
export function termScore(base: number, tf: number, norm: number, presence: number): number {
  return base * (presence + ((1 - presence) * tf) / (tf + norm));
}

/**
 * Heading-only match (weight: `heading`): the word is in the passage's heading path but not its
 * text. Every passage of a section shares its heading, so it counts as a fraction of a text match.
 */
export function headingScore(base: number, weight: number): number {
  return base * weight;
}

/**
 * Question-heading match (weight: `questionHeading`): the word is in the FAQ question the passage
 * answers. A question's words are the strongest evidence that its answer is wanted.
 */
export function questionHeadingScore(base: number, weight: number): number {
  return base * weight;
}

/** Coverage: the share of the question's weight a passage accounts for (repetition aside). */
export function coverage(covered: number, total: number): number {
  return total > 0 ? covered / total : 0;
}

/**
 * Coordination (weight: `coordination`, an exponent): a sentence's score times the share of the
 * question's groups it meets, so several question words together beat one rare word alone.
 */
export function coordinationFactor(matched: number, groups: number, exponent: number): number {
  return groups > 0 ? Math.pow(matched / groups, exponent) : 0;
}

/**
 * Answer type (weight: `answerType`): a sentence holding the kind of thing asked for (a year for
 * "when", a name for "who") earns `bonus` × how strongly it holds it × the share of the question's
 * weight the sentence meets — a tie-breaker between sentences that answer, never a lift for a
 * sentence that merely holds a year.
 */
export function answerTypeScore(bonus: number, strength: number, metShare: number): number {
  return bonus * strength * metShare;
}

/** Structure cue (weight: `structure`): "what does the conclusion say" lifts the last section by whole questions' weight. */
export function structureScore(pointedAt: boolean, weight: number, questionWeight: number): number {
  return pointedAt ? weight * questionWeight : 0;
}

/**
 * Named section (weight: `headingNamed`): the question names the section a passage sits under ("which
 * god do Berserkers serve" under "Berserkers"). Adds `weight` × the question weight met by the
 * section's own heading × the share of that heading's words the question names, squared: a heading
 * named in full is what the question is about, one word of a long heading is a coincidence.
 */
export function headingNamedScore(metWeight: number, namedShare: number, weight: number): number {
  return weight * metWeight * namedShare * namedShare;
}

/**
 * Long-passage discount (weight: `longPassage`): a passage more than twice the corpus's average
 * length (a long list, a wall of text) matches many words by its size alone. Divided by
 * `1 + weight · log2(length / (2 · average))` past that point.
 */
export function longPassageFactor(length: number, average: number, weight: number): number {
  if (weight === 0 || average <= 0 || length <= 2 * average) return 1;
  return 1 / (1 + weight * Math.log2(length / (2 * average)));
}

/** Passages of fewer index words than this are fragments for {@link fragmentFactor}. */
export const FRAGMENT_WORDS = 8;

/**
 * Fragment discount (weight: `fragment`): a passage of a few words (a lone line cut from its
 * paragraph) meets a one-word question fully and wins on that word alone. Takes off up to `weight`,
 * in proportion to how far it falls short of {@link FRAGMENT_WORDS}.
 */
export function fragmentFactor(length: number, weight: number): number {
  if (weight === 0 || length >= FRAGMENT_WORDS) return 1;
  return 1 - weight * (1 - Math.max(length, 1) / FRAGMENT_WORDS);
}

/** Section lead (weight: `lead`): the first passage of a section of several gets `1 + weight` times its score. */
export function leadFactor(index: number, count: number, weight: number): number {
  return index === 1 && count > 1 ? 1 + weight : 1;
}

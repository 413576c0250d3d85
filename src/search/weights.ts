/**
 * Every number that decides how passages rank and when Parley abstains, in one place. The defaults
 * are fitted across many corpora by `npm run fit` (eval/fit.ts, coordinate ascent judged by
 * leave-one-corpus-out), so they describe documents in general rather than any one of them.
 *
 * Pass some of them as `weights` to `ParleyIndex.build` to override them:
 *
 * @example
 * const index = ParleyIndex.build(corpus, { weights: { heading: 0.5, bm25: { k1: 1.5, b: 0.75 } } });
 */

/** BM25's term-frequency saturation and length normalization. */
export interface Bm25Weights {
  /** How fast repeated occurrences of a word stop adding to a passage's score (higher: slower). */
  readonly k1: number;
  /** How much a long passage is discounted for its length (0: not at all, 1: fully). */
  readonly b: number;
}

/** The weights of the ranking signals and the abstention thresholds. */
export interface RankingWeights {
  /** BM25 parameters of the term score ({@link termScore} in signals.ts). */
  readonly bm25: Bm25Weights;
  /**
   * Share of a word's weight earned by a single occurrence; the rest grows with its frequency as
   * BM25 says. High: presence matters, repetition little (passages are short).
   */
  readonly presence: number;
  /** A match found only in the heading path, relative to one in the passage's text. */
  readonly heading: number;
  /** A match in the FAQ question a passage answers (`Passage.question`), relative to one in the text. */
  readonly questionHeading: number;
  /** A question word met in the sentence before or after the best one, relative to one in it. */
  readonly neighbour: number;
  /** Whole-passage score added to its best sentence's score when re-ranking. */
  readonly passage: number;
  /** Exponent of the share of question words a sentence meets: several words beat one rare word alone. */
  readonly coordination: number;
  /** Bonus for a sentence holding the kind of answer asked for (a year, a figure, a name), in average question words. */
  readonly answerType: number;
  /** Bonus for a passage whose own heading the question names, in the question weight that heading meets. */
  readonly headingNamed: number;
  /** Bonus, in whole questions' weight, for the section a question points at ("the conclusion"). */
  readonly structure: number;
  /** Discount of common many-sense English words against names and rare words (0: none). */
  readonly specificity: number;
  /** A phrase from the corpus's `synonyms.json` or an alias the documents define, relative to the word itself. */
  readonly synonym: number;
  /** A chat-shorthand expansion ("pls", "dm"), relative to the word itself. */
  readonly shorthand: number;
  /** A WordNet relative of a question word the corpus lacks, relative to the word itself. */
  readonly wordNet: number;
  /** A WordNet relative of a question word the corpus has too: widening then mostly adds noise. */
  readonly wordNetBeside: number;
  /** Discount for passages far longer than the corpus's average (long lists): strength per doubling past 2×. */
  readonly longPassage: number;
  /** Discount for lone fragments (a passage of a few words): the share taken off a one-word passage. */
  readonly fragment: number;
  /** Bonus share for the first passage of a section of several: a section usually opens with its answer. */
  readonly lead: number;
  /**
   * Share of the question's covered content counted missing when it asks for a year or a figure and
   * none of the `answerTypeDepth` best passages holds one: the topic is there, the fact asked for is
   * not (1: no-match).
   */
  readonly answerTypeMissing: number;
  /**
   * How many of the best passages may hold the year or figure asked for before `answerTypeMissing`
   * applies: the answer is often the second passage, under a heading that names the topic.
   */
  readonly answerTypeDepth: number;
  /** Share of a missing word counted for a word the corpus has only through WordNet relatives. */
  readonly widenedMissing: number;
  /** Share of the question's content words (each weighted by how much it carries) the best passage must hold, else `no-match`. */
  readonly minContentCoverage: number;
  /** Share of the question's weight the best passage must cover, else `no-match`. */
  readonly minCoverage: number;
  /**
   * Share of the question's content (specificity-weighted words) that may be missing from the corpus
   * before the question counts as about something else: above it, `no-match`.
   */
  readonly maxMissing: number;
  /** Above this share of missing content, or below `confidentCoverage`, an answer is hedged (`confident: false`). */
  readonly hedgeMissing: number;
  /** The best passage must cover this share of the question's weight for a confident answer. */
  readonly confidentCoverage: number;
}

/** The fitted defaults of {@link RankingWeights}. */
export const defaultWeights: RankingWeights = {
  bm25: { k1: 1.2, b: 0.75 },
  presence: 0.6,
  heading: 0.3,
  questionHeading: 1,
  passage: 0.3,
  neighbour: 0,
  coordination: 3,
  answerType: 1,
  headingNamed: 0.5,
  structure: 0.5,
  specificity: 0.2,
  synonym: 0.9,
  shorthand: 0.9,
  wordNet: 0.4,
  wordNetBeside: 0.4,
  longPassage: 0,
  fragment: 0,
  lead: 0,
  answerTypeMissing: 1,
  answerTypeDepth: 3,
  widenedMissing: 0.5,
  minContentCoverage: 0,
  minCoverage: 0.2,
  maxMissing: 0.6,
  hedgeMissing: 0.25,
  confidentCoverage: 0.5,
};

/** Weights given in part, merged over the defaults (the `bm25` group merged key by key). */
export type WeightOverrides = Partial<Omit<RankingWeights, 'bm25'>> & { readonly bm25?: Partial<Bm25Weights> };

/** The full weights: `overrides` over {@link defaultWeights}. */
export function resolveWeights(overrides: WeightOverrides = {}): RankingWeights {
  return { ...defaultWeights, ...overrides, bm25: { ...defaultWeights.bm25, ...overrides.bm25 } };
}

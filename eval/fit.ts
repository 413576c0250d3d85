/**
 * Fitting the ranking weights across corpora by coordinate ascent, and judging them by
 * leave-one-corpus-out (LOCO): fit on every corpus but one, score the one left out, for each in turn.
 *
 * Coordinate ascent: start from the starting weights; for each weight in {@link PARAMETERS} order,
 * try each of its candidate values with the others held, keep the value with the best objective
 * (ties keep the current value, so the search is deterministic); repeat the sweep until nothing
 * changes or `sweeps` is reached. The whole ascent runs once in the listed order and once in
 * reverse, and the better result is kept. The objective is {@link objective}, macro-averaged over
 * corpora.
 *
 * Re-fit (and write the defaults into src/search/weights.ts):
 *   npm run --silent fit -- --corpora eval/corpora --write
 * LOCO figures of the fitting procedure:
 *   npm run --silent eval -- --corpora eval/corpora --loco
 */
import { ParleyIndex } from '../src/search/index.js';
import type { RankingWeights } from '../src/search/weights.js';
import type { EvalCorpus } from './corpora.js';
import { figures, type Figures } from './metrics.js';
import { hedging, macro, parleyRun, type Hedging } from './run.js';

/** A weight the fit may change, and the values it tries. */
export interface Parameter {
  /** Key in {@link RankingWeights}; `bm25.k1` and `bm25.b` for the BM25 group. */
  readonly key: string;
  readonly values: readonly number[];
}

/** The weights fitted and their candidate values (a coarse grid: a few corpora cannot support fine ones). */
export const PARAMETERS: readonly Parameter[] = [
  { key: 'minCoverage', values: [0.2, 0.25, 0.3, 0.34, 0.4, 0.5] },
  { key: 'maxMissing', values: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] },
  { key: 'widenedMissing', values: [0, 0.25, 0.5, 0.75, 1] },
  { key: 'minContentCoverage', values: [0, 0.15, 0.25, 0.35, 0.45] },
  { key: 'heading', values: [0.1, 0.2, 0.3, 0.45, 0.6, 0.8] },
  { key: 'questionHeading', values: [0.5, 0.75, 1, 1.25, 1.5] },
  { key: 'headingNamed', values: [0, 0.1, 0.2, 0.35, 0.5] },
  { key: 'passage', values: [0.1, 0.2, 0.3, 0.45, 0.6, 0.8] },
  { key: 'neighbour', values: [0, 0.25, 0.5, 0.75] },
  { key: 'coordination', values: [1, 1.5, 2, 2.5, 3] },
  { key: 'specificity', values: [0, 0.1, 0.2, 0.35, 0.5] },
  { key: 'presence', values: [0.4, 0.5, 0.6, 0.7, 0.8] },
  { key: 'bm25.k1', values: [0.6, 0.9, 1.2, 1.6, 2] },
  { key: 'bm25.b', values: [0.3, 0.5, 0.75, 0.9] },
  { key: 'answerType', values: [0, 0.5, 1, 1.5] },
  { key: 'wordNet', values: [0.2, 0.3, 0.4, 0.5, 0.6] },
  { key: 'wordNetBeside', values: [0, 0.1, 0.2, 0.3, 0.4] },
  { key: 'synonym', values: [0.7, 0.8, 0.9, 1] },
  { key: 'shorthand', values: [0.6, 0.8, 0.9, 1] },
  { key: 'longPassage', values: [0, 0.25, 0.5, 1] },
  { key: 'fragment', values: [0, 0.2, 0.4, 0.6] },
  { key: 'lead', values: [0, 0.1, 0.2, 0.4] },
  { key: 'answerTypeMissing', values: [0, 0.25, 0.5, 0.75, 1] },
  { key: 'hedgeMissing', values: [0.1, 0.2, 0.25, 0.3, 0.4] },
  { key: 'confidentCoverage', values: [0.3, 0.4, 0.5, 0.6, 0.7] },
];

/**
 * Where every fit starts: the hand-set weights from before any fitting. Fixed here (not the current
 * defaults, which are a fit's result), so a re-fit is reproducible and a LOCO fold never starts from
 * weights that have seen the corpus it leaves out.
 */
export const START_WEIGHTS: RankingWeights = {
  bm25: { k1: 1.2, b: 0.75 },
  presence: 0.6,
  heading: 0.3,
  questionHeading: 1,
  passage: 0.3,
  neighbour: 0,
  coordination: 2,
  answerType: 1,
  headingNamed: 0,
  structure: 0.5,
  specificity: 0.2,
  synonym: 0.9,
  shorthand: 0.9,
  wordNet: 0.4,
  wordNetBeside: 0.4,
  longPassage: 0,
  fragment: 0,
  lead: 0,
  // A question asking for a figure that no passage shown holds is asked about something else.
  answerTypeMissing: 1,
  // Not fitted: the passages an answer shows by default, one of which should hold the figure asked for.
  answerTypeDepth: 3,
  widenedMissing: 0.5,
  minContentCoverage: 0,
  minCoverage: 0.34,
  maxMissing: 0.5,
  hedgeMissing: 0.25,
  confidentCoverage: 0.5,
};

/** See {@link FitOptions.minGain}. */
export const DEFAULT_MIN_GAIN = 0.003;

/** Figures of one corpus under some weights. */
export interface Scored {
  readonly figures: Figures;
  readonly hedged: Hedging;
}

/**
 * What the fit maximizes per corpus: mostly first-rank recall and abstaining right, then MRR and
 * recall@3; a false abstention costs more than a miss (the member gets nothing); hedging an
 * unanswerable question is a little better than answering it confidently, hedging an answerable
 * one a little worse.
 */
export function objective({ figures: f, hedged }: Scored): number {
  return (
    0.35 * f.recall1 +
    0.15 * f.recall3 +
    0.2 * f.mrr +
    0.3 * f.abstainAccuracy -
    0.3 * f.falseAbstain +
    0.02 * (hedged.unanswerable - hedged.answerable)
  );
}

/** Weights with one of them set. */
export function withValue(weights: RankingWeights, key: string, value: number): RankingWeights {
  if (key.startsWith('bm25.')) return { ...weights, bm25: { ...weights.bm25, [key.slice(5)]: value } };
  return { ...weights, [key]: value };
}

export function valueOf(weights: RankingWeights, key: string): number {
  if (key.startsWith('bm25.')) return weights.bm25[key.slice(5) as 'k1' | 'b'];
  return weights[key as Exclude<keyof RankingWeights, 'bm25'>];
}

/** Scores corpora under weights, building each corpus's index once and remembering every result. */
export class Scorer {
  private readonly bases = new Map<string, ParleyIndex>();
  private readonly memo = new Map<string, Scored>();
  evaluations = 0;

  constructor(readonly corpora: readonly EvalCorpus[]) {}

  score(corpus: EvalCorpus, weights: RankingWeights): Scored {
    const key = `${corpus.name}\u0000${JSON.stringify(weights)}`;
    let found = this.memo.get(key);
    if (found === undefined) {
      let base = this.bases.get(corpus.name);
      if (base === undefined) {
        base = ParleyIndex.build(corpus.corpus, { synonyms: corpus.synonyms, warmUp: false, didYouMean: false });
        this.bases.set(corpus.name, base);
      }
      const run = parleyRun(base.withOptions({ weights }), corpus.questions);
      found = { figures: figures(corpus.questions, run.rankings), hedged: hedging(corpus.questions, run) };
      this.memo.set(key, found);
      this.evaluations++;
    }
    return found;
  }

  /** Macro objective over some corpora. */
  objective(corpora: readonly EvalCorpus[], weights: RankingWeights): number {
    return corpora.reduce((sum, c) => sum + objective(this.score(c, weights)), 0) / Math.max(1, corpora.length);
  }
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** Where to start (default: {@link START_WEIGHTS}). */
  readonly start?: RankingWeights;
  /** At most this many sweeps over the parameters (default 2). */
  readonly sweeps?: number;
  readonly parameters?: readonly Parameter[];
  /**
   * A new value must raise the objective by more than this to be taken (default 0.003): smaller
   * gains are noise of a few questions, and chasing them fits the corpora rather than documents.
   */
  readonly minGain?: number;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/**
 * Coordinate ascent of the macro objective over `corpora`, run twice: through the parameters in
 * their listed order and in reverse; the higher objective wins (a tie keeps the listed order).
 * One order alone stops wherever its first steps lead: two weights that only pay together (each
 * step worth less than `minGain` alone) are found from one side and missed from the other.
 */
export function fit(
  scorer: Scorer,
  corpora: readonly EvalCorpus[],
  options: FitOptions = {},
): { weights: RankingWeights; objective: number } {
  const parameters = options.parameters ?? PARAMETERS;
  options.log?.('  order: as listed');
  const listed = ascend(scorer, corpora, parameters, options);
  options.log?.('  order: reversed');
  const reversed = ascend(scorer, corpora, [...parameters].reverse(), options);
  const best = reversed.objective > listed.objective ? reversed : listed;
  options.log?.(`  kept: ${best === listed ? 'as listed' : 'reversed'} (objective ${best.objective.toFixed(4)})`);
  return best;
}

/** One coordinate ascent through `parameters` in the order given. */
export function ascend(
  scorer: Scorer,
  corpora: readonly EvalCorpus[],
  parameters: readonly Parameter[],
  options: FitOptions,
): { weights: RankingWeights; objective: number } {
  let weights = options.start ?? START_WEIGHTS;
  let best = scorer.objective(corpora, weights);
  const minGain = options.minGain ?? DEFAULT_MIN_GAIN;
  for (let sweep = 0; sweep < (options.sweeps ?? 2); sweep++) {
    let changed = false;
    for (const parameter of parameters) {
      const current = valueOf(weights, parameter.key);
      let bestValue = current;
      for (const value of parameter.values) {
        if (value === current) continue;
        const tried = scorer.objective(corpora, withValue(weights, parameter.key, value));
        // Better by more than minGain only: ties and noise keep the current value.
        if (tried > best + minGain) {
          best = tried;
          bestValue = value;
        }
      }
      if (bestValue !== current) {
        weights = withValue(weights, parameter.key, bestValue);
        changed = true;
        options.log?.(
          `  sweep ${sweep + 1}: ${parameter.key} ${current} → ${bestValue}  (objective ${best.toFixed(4)})`,
        );
      }
    }
    if (!changed) break;
  }
  return { weights, objective: best };
}

/** Leave-one-corpus-out: per corpus, the figures under weights fitted on all the others. */
export interface LocoResult {
  readonly perCorpus: readonly {
    readonly name: string;
    readonly figures: Figures;
    readonly hedged: Hedging;
    readonly weights: RankingWeights;
  }[];
  readonly macro: Figures;
  readonly hedged: Hedging;
}

export function loco(scorer: Scorer, options: FitOptions = {}): LocoResult {
  const perCorpus = scorer.corpora.map((left) => {
    const others = scorer.corpora.filter((c) => c !== left);
    options.log?.(`fitting without ${left.name}`);
    const { weights } = fit(scorer, others, options);
    const scored = scorer.score(left, weights);
    return { name: left.name, figures: scored.figures, hedged: scored.hedged, weights };
  });
  const mean = (pick: (h: Hedging) => number) =>
    Math.round((perCorpus.reduce((s, c) => s + pick(c.hedged), 0) / Math.max(1, perCorpus.length)) * 10_000) / 10_000;
  return {
    perCorpus,
    macro: macro(perCorpus.map((c) => c.figures)),
    hedged: { answerable: mean((h) => h.answerable), unanswerable: mean((h) => h.unanswerable) },
  };
}

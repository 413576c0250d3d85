/**
 * The passage index and `ask()`: MiniSearch stores the terms of every passage (text, heading path
 * and FAQ question); Parley plans the question (synonyms, shorthand, corrections, WordNet), ranks
 * passages (rank.ts, with the signals of signals.ts weighted by weights.ts), and abstains or hedges
 * when the question is about something the corpus does not contain (abstain.ts).
 */
import {
  QUESTION_MAX_LENGTH,
  type Answer,
  type AskOptions,
  type Corpus,
  type Hit,
  type Passage,
  type Searcher,
  type TextSpan,
} from '../types.js';
import { normalizeWord, stem, tokenize } from './analyzer.js';
import { confident, missing, offTopic, underCovered, withAnswerType, type Missing } from './abstain.js';
import { IndexCore } from './core.js';
import { countSurface, initialisms, surfaceForms, topAliases } from './corpus-facts.js';
import { SurfaceSpelling } from './spelling.js';
import { DidYouMean } from './did-you-mean.js';
import { planQuery, type PlanSettings, type QueryPlan } from './query.js';
import { cleanQuestion, clampInt, round } from './question-text.js';
import { rank, scoredGroups, type Candidate } from './rank.js';
import { SentenceCache } from './sentence-score.js';
import { checkSerialized, serializeIndex, type SerializedIndex } from './serialize.js';
import { headingOf, loadCompactIndex, loadCompactIndexAsync, PassageSearch, TEXT } from './store.js';
import { mineAliases, phraseDictionary, type PhraseDictionary, type SynonymTable } from './synonyms.js';
import { resolveWeights, type RankingWeights, type WeightOverrides } from './weights.js';
import { wordNet as sharedWordNet, type WordNet } from './wordnet.js';

export {
  defaultWeights,
  resolveWeights,
  type Bm25Weights,
  type RankingWeights,
  type WeightOverrides,
} from './weights.js';

/** Levels of {@link IndexOptions.logger}, as MiniSearch names them. */
export type IndexLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Options of {@link ParleyIndex.build}. All optional: omitted ones take {@link defaultIndexOptions}. */
export interface IndexOptions {
  /** The corpus's own synonym table, from its `synonyms.json` (default: none; see `corpusSynonyms`). */
  readonly synonyms?: SynonymTable;
  /** The ranking weights and abstention thresholds to override (default: {@link defaultWeights}). */
  readonly weights?: WeightOverrides;
  /** Widen questions with WordNet synonyms and related forms (default true). */
  readonly wordNet?: boolean;
  /** How many senses of a question word, most frequent first, give WordNet synonyms (default 1). */
  readonly wordNetSenses?: number;
  /** Shortest question word that is corrected to a corpus word when misspelled (default 5). */
  readonly fuzzyMinLength?: number;
  /** At most this many corrections per misspelled word (default 2). */
  readonly maxFuzzy?: number;
  /** Shortest unknown question word that is completed by prefix (default 5). */
  readonly prefixMinLength?: number;
  /** At most this many prefix completions per word (default 3). */
  readonly maxExpansions?: number;
  /** How many top candidates are re-ranked by their best sentence (default 30). */
  readonly rerankDepth?: number;
  /** Posting-list entries scanned per question before rarer-first pruning stops adding words (default 20,000). */
  readonly postingBudget?: number;
  /**
   * Run {@link ParleyIndex.warmUp} synchronously at build (default false). A server should rather
   * call `warmUp()` once it is ready: answering does not need it, and it costs ~0.5 s of CPU.
   */
  readonly warmUp?: boolean;
  /** Questions are cut to this many characters (default {@link QUESTION_MAX_LENGTH}). */
  readonly maxQuestionLength?: number;
  /** Offer "did you mean" suggestions with a no-match (default true; each one is tried first, so off saves time in bulk runs). */
  readonly didYouMean?: boolean;
  /**
   * Where unexpected failures go (an exception inside ranking, a failed suggestion): `ask()` still
   * returns a value. Default: `console[level]`. Not part of a cache key.
   */
  readonly logger?: (level: IndexLogLevel, message: string, code?: string) => void;
}

/** Defaults of {@link IndexOptions}. */
export const defaultIndexOptions = {
  wordNet: true,
  wordNetSenses: 1,
  fuzzyMinLength: 5,
  maxFuzzy: 2,
  prefixMinLength: 5,
  maxExpansions: 3,
  rerankDepth: 30,
  postingBudget: 20_000,
  maxQuestionLength: QUESTION_MAX_LENGTH,
  warmUp: false,
  didYouMean: true,
  logger: (level: IndexLogLevel, message: string) => console[level](`Parley: ${message}`),
} as const;

type Settings = Omit<Required<IndexOptions>, 'synonyms' | 'weights'>;

const WORDNET_WARM_WORDS = 3_000;
/** The warm-up's questions stop after this much of their own time, in ms. */
const WARM_UP_QUESTIONS_MS = 200;
/** {@link ParleyIndex.warmUp} holds the thread at most about this long before letting other work run, in ms. */
const WARM_UP_SLICE_MS = 10;
const PLAN_CACHE_MAX = 2_000;
const WARM_UP_MAX_PASSAGES = 20_000;
const EMPTY_TABLE: SynonymTable = { groups: [] };

/**
 * The searchable index of a corpus.
 *
 * @example
 * const index = ParleyIndex.build(loadCorpus('corpus'), { synonyms: corpusSynonyms('corpus').table });
 * const answer = index.ask('What enrichment level would Iran go back to?', { limit: 3 });
 * if (answer.kind === 'answer') console.log(answer.results[0]?.bestSentence, answer.confident);
 */
export class ParleyIndex implements Searcher {
  /** Bump when the analyzer or the indexed fields change: cached indexes with another version are rebuilt. */
  static readonly ANALYZER_VERSION = 'parley-analyzer-7';

  readonly corpus: Corpus;
  readonly builtAt: Date;
  /** The weights this index ranks with (defaults with the `weights` option over them). */
  readonly weights: RankingWeights;
  private readonly search: PassageSearch;
  private readonly settings: Settings;
  private readonly synonyms: SynonymTable;
  private readonly core: IndexCore;
  private readonly phrases: PhraseDictionary;
  private readonly aliases: string[][];
  /** Stem → the most frequent corpus word with that stem, to show words rather than stems. */
  private readonly surface: Map<string, string>;
  private readonly wordNet: WordNet | null;
  private readonly planSettings: PlanSettings;
  private readonly sentences: SentenceCache;
  /** Plans of recent questions, keyed by what the plan depends on: a repeated question is not planned again. */
  private readonly plans: Map<string, QueryPlan>;
  private readonly planKey: string;
  private readonly didYouMean: DidYouMean;

  private constructor(
    corpus: Corpus,
    search: PassageSearch,
    aliases: string[][],
    surface: Map<string, string>,
    options: IndexOptions,
    sentences: SentenceCache = new SentenceCache(),
    plans: Map<string, QueryPlan> = new Map(),
  ) {
    this.plans = plans;
    this.corpus = corpus;
    this.sentences = sentences;
    this.builtAt = new Date();
    this.search = search;
    const { synonyms, weights, ...rest } = { ...defaultIndexOptions, ...options };
    this.settings = rest;
    this.weights = resolveWeights(weights);
    this.synonyms = synonyms ?? EMPTY_TABLE;
    this.core = new IndexCore(corpus, search, this.weights);
    this.aliases = aliases;
    this.surface = surface;
    this.phrases = phraseDictionary(this.synonyms, aliases);
    this.wordNet = rest.wordNet ? sharedWordNet(rest.wordNetSenses) : null;
    const w = this.weights;
    this.planSettings = {
      wordNet: this.wordNet,
      wordNetWeight: w.wordNet,
      wordNetBesideWeight: w.wordNetBeside,
      synonymWeight: w.synonym,
      shorthandWeight: w.shorthand,
      initialisms: initialisms(corpus),
      fuzzyMinLength: rest.fuzzyMinLength,
      maxFuzzy: rest.maxFuzzy,
      prefixMinLength: rest.prefixMinLength,
      maxExpansions: rest.maxExpansions,
      specificity: w.specificity,
      spelling: new SurfaceSpelling(surface),
    };
    this.planKey = JSON.stringify([
      w.wordNet,
      w.wordNetBeside,
      w.synonym,
      w.shorthand,
      w.specificity,
      rest.fuzzyMinLength,
      rest.maxFuzzy,
      rest.prefixMinLength,
      rest.maxExpansions,
    ]);
    this.didYouMean = new DidYouMean({
      search,
      vocabulary: this.core.vocabulary,
      surface,
      passages: corpus.passages.length,
      fuzzyMinLength: rest.fuzzyMinLength,
      answers: (suggestion) =>
        this.answer(cleanQuestion(suggestion, rest.maxQuestionLength), { limit: 1 }).kind === 'answer',
      onError: (error) => this.settings.logger('warn', `suggestions failed: ${describe(error)}`, 'suggest_error'),
    });
    if (rest.warmUp) runSteps(this.warmUpSteps(), Number.POSITIVE_INFINITY);
  }

  /**
   * Makes the first real questions fast: reads WordNet's files, looks the corpus's own words up
   * in it, and asks a few questions made from the headings in each form the ranking handles, so
   * they run compiled code with warm caches (~0.5 s of CPU on a small corpus; corpora over 20,000
   * passages skip it, as there a first question costs little beside the index). Nothing here is
   * needed to answer: a question asked before or during the warm-up loads what it needs itself
   * and gets the same answer. The work runs in slices of about 10 ms with the event loop free in
   * between, so a server can start it once it is ready and keep answering meanwhile.
   *
   * @example
   * logger.info('ready');
   * void index.warmUp({ signal: stopping.signal });
   */
  async warmUp(options: { readonly signal?: AbortSignal } = {}): Promise<void> {
    const steps = this.warmUpSteps();
    for (;;) {
      if (options.signal?.aborted === true) return;
      if (runSteps(steps, performance.now() + WARM_UP_SLICE_MS)) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** The warm-up as small steps (one file, one word, one question each): see {@link ParleyIndex.warmUp}. */
  private *warmUpSteps(): Generator<void, void, undefined> {
    this.wordNet?.warm();
    yield;
    if (this.corpus.passages.length > WARM_UP_MAX_PASSAGES) return;
    if (this.wordNet !== null) {
      let warmed = 0;
      for (const word of this.surface.values()) {
        if (warmed++ >= WORDNET_WARM_WORDS) break;
        this.wordNet.lookup(word);
        yield;
      }
    }
    const headings = [...new Set(this.corpus.passages.map((p) => p.headingPath.at(-1) ?? p.document))].slice(0, 12);
    const forms = [
      '%s',
      'who %s?',
      'when did %s happen?',
      'how many %s?',
      'which cities %s?',
      'what does the conclusion say about %s?',
      'what does %s stand for?',
    ];
    const questions = headings.flatMap((heading, i) =>
      [forms[i % forms.length] as string, forms[(i + 3) % forms.length] as string].map((f) => f.replace('%s', heading)),
    );
    questions.push('zzzz qqqq', 'what is the price of tea in london', 'what does the conclusion say?');
    let spent = 0;
    for (const question of questions) {
      if (spent > WARM_UP_QUESTIONS_MS) break;
      const started = performance.now();
      this.ask(question);
      spent += performance.now() - started;
      yield;
    }
  }

  /**
   * Indexes every passage of a corpus.
   *
   * @example
   * const index = ParleyIndex.build(corpus, { rerankDepth: 30, weights: { heading: 0.4 } });
   */
  static build(corpus: Corpus, options: IndexOptions = {}): ParleyIndex {
    const search = new PassageSearch();
    const mined = new Map<string, Map<string, number>>();
    const counts = new Map<string, Map<string, number>>();
    const doneAdding = search.bulkAdding();
    corpus.passages.forEach((passage, i) => {
      search.add({ i, text: passage.text, heading: headingOf(passage), question: passage.question });
      for (const [acronym, phrase] of mineAliases(passage.text)) {
        if (acronym === undefined || phrase === undefined) continue;
        const phrases = mined.get(acronym) ?? new Map<string, number>();
        phrases.set(phrase, (phrases.get(phrase) ?? 0) + 1);
        mined.set(acronym, phrases);
      }
      if (i < 5_000) countSurface(passage.text, counts);
    });
    doneAdding();
    return new ParleyIndex(corpus, search, topAliases(mined), surfaceForms(counts), options);
  }

  /**
   * The same index ranking with other options (weights, depth): shares the posting lists, so it
   * costs no rebuild. For fitting the weights (eval/fit.ts).
   *
   * @example
   * const tried = index.withOptions({ weights: { heading: 0.5 } });
   */
  withOptions(options: IndexOptions): ParleyIndex {
    return new ParleyIndex(
      this.corpus,
      this.search,
      this.aliases,
      this.surface,
      {
        ...this.settings,
        synonyms: this.synonyms,
        ...options,
        weights: { ...this.weights, ...options.weights, bm25: { ...this.weights.bm25, ...options.weights?.bm25 } },
      },
      this.sentences,
      this.plans,
    );
  }

  /** The index as plain JSON-able data, for the on-disk cache. Load it with {@link ParleyIndex.fromJSON}. */
  toJSON(): unknown {
    return serializeIndex(ParleyIndex.ANALYZER_VERSION, this.corpus, this.search, this.aliases, this.surface);
  }

  /**
   * Loads an index saved with {@link ParleyIndex.toJSON} (an object or its JSON text) for the same corpus.
   * Throws a `Parley:` error when the data is malformed, from another analyzer version or another corpus,
   * so a cache can fall back to {@link ParleyIndex.build}.
   */
  static fromJSON(json: unknown, corpus: Corpus, options: IndexOptions = {}): ParleyIndex {
    const serialized = checkSerialized(json, corpus, ParleyIndex.ANALYZER_VERSION);
    let search: PassageSearch;
    try {
      search = loadCompactIndex(serialized.miniSearch);
    } catch (error) {
      throw new Error(`Parley: cached index is corrupt (${(error as Error).message})`);
    }
    return ParleyIndex.loaded(serialized, search, corpus, options);
  }

  /**
   * {@link ParleyIndex.fromJSON}, yielding to the event loop every thousand terms while the posting
   * maps are rebuilt, so a process that keeps answering (a hot reload, an HTTP server
   * that is already listening) is not stopped for the seconds a 100k-passage index takes to load.
   * Parsing JSON text is still one synchronous step; pass the parsed object to avoid it.
   * Rejects with the same `Parley:` errors as `fromJSON`.
   *
   * @example
   * const index = await ParleyIndex.fromJSONAsync(JSON.parse(text), corpus);
   */
  static async fromJSONAsync(json: unknown, corpus: Corpus, options: IndexOptions = {}): Promise<ParleyIndex> {
    const serialized = checkSerialized(json, corpus, ParleyIndex.ANALYZER_VERSION);
    let search: PassageSearch;
    try {
      search = await loadCompactIndexAsync(serialized.miniSearch);
    } catch (error) {
      throw new Error(`Parley: cached index is corrupt (${(error as Error).message})`);
    }
    return ParleyIndex.loaded(serialized, search, corpus, options);
  }

  private static loaded(
    serialized: SerializedIndex,
    search: PassageSearch,
    corpus: Corpus,
    options: IndexOptions,
  ): ParleyIndex {
    if (search.documentCount !== corpus.passages.length)
      throw new Error('Parley: cached index does not match the corpus');
    return new ParleyIndex(corpus, search, serialized.aliases, new Map(serialized.surface), options);
  }

  /**
   * Ranked passages answering a question (`confident: false` when hedged), or `no-match` with
   * "did you mean" suggestions. Never throws: an unexpected failure is logged through the `logger`
   * option and answered with `no-match`.
   *
   * @example
   * const answer = index.ask('why is Rome the venue for the talks?', { limit: 5 });
   */
  ask(question: string, options: AskOptions = {}): Answer {
    const text = cleanQuestion(question, this.settings.maxQuestionLength);
    try {
      return this.answer(text, options);
    } catch (error) {
      this.settings.logger(
        'error',
        `ask failed for ${JSON.stringify(text.slice(0, 80))}: ${describe(error)}`,
        'ask_error',
      );
      return { kind: 'no-match', question: text, reason: 'no-results', suggestions: [] };
    }
  }

  private answer(text: string, options: AskOptions): Answer {
    if (text.trim().length === 0) return { kind: 'no-match', question: text, reason: 'empty', suggestions: [] };
    const limit = clampInt(options.limit, 3, 1, 100);
    const offset = clampInt(options.offset, 0, 0, 10_000);
    const plan = this.planOf(text);
    if (plan.groups.length === 0 && plan.structure !== null)
      return this.structureAnswer(text, plan.structure, offset, limit);
    if (plan.groups.length === 0) return { kind: 'no-match', question: text, reason: 'no-terms', suggestions: [] };
    const absent = missing(plan, this.weights.widenedMissing);
    if (offTopic(absent, this.weights)) return this.noMatch(text, plan, 'off-topic');
    const groups = scoredGroups(this.core, plan);
    const ranked = rank(this.core, plan, groups, Math.max(this.settings.rerankDepth, offset + limit), {
      weights: this.weights,
      postingBudget: this.settings.postingBudget,
      wordNet: this.wordNet,
      sentences: this.sentences,
    });
    const best = ranked[0];
    if (best === undefined) return this.noMatch(text, plan, 'no-results');
    const coverage = Math.max(...ranked.map((c) => c.coverage));
    if (underCovered(coverage, best.contentCoverage, this.weights)) return this.noMatch(text, plan, 'off-topic');
    const absentAfter = withAnswerType(
      absent,
      plan,
      ranked.slice(0, this.weights.answerTypeDepth).some((c) => c.holdsAnswerType),
      this.weights,
    );
    if (offTopic(absentAfter, this.weights)) return this.noMatch(text, plan, 'off-topic');
    const results: Hit[] = ranked.slice(offset, offset + limit).map((candidate) => this.hit(candidate, plan));
    return {
      kind: 'answer',
      question: text,
      results,
      total: ranked.length,
      confident: confident(absentAfter, best.coverage, this.weights),
    };
  }

  private planOf(text: string): QueryPlan {
    const key = `${this.planKey}\u0000${text}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = planQuery(text, this.core.vocabulary, this.phrases, this.planSettings);
      if (this.plans.size >= PLAN_CACHE_MAX) this.plans.clear();
      this.plans.set(key, plan);
    }
    return plan;
  }

  /**
   * How a question is read and ranked, for explaining an answer (`npm run explain`): its plan, what
   * it lacks, and the ranked candidates with their coverage. `ask()` does the same work on its own.
   */
  diagnose(question: string): {
    plan: QueryPlan;
    missing: Missing;
    ranked: { passage: Passage; score: number; coverage: number; contentCoverage: number; holdsAnswerType: boolean }[];
  } {
    const plan = planQuery(
      cleanQuestion(question, this.settings.maxQuestionLength),
      this.core.vocabulary,
      this.phrases,
      this.planSettings,
    );
    const ranked = rank(this.core, plan, scoredGroups(this.core, plan), this.settings.rerankDepth, {
      weights: this.weights,
      postingBudget: this.settings.postingBudget,
      wordNet: this.wordNet,
      sentences: this.sentences,
    });
    return {
      plan,
      missing: missing(plan, this.weights.widenedMissing),
      ranked: ranked.map((c) => ({
        passage: this.corpus.passages[this.core.slotToPassage[c.slot] ?? -1] as Passage,
        score: c.score,
        coverage: c.coverage,
        contentCoverage: c.contentCoverage,
        holdsAnswerType: c.holdsAnswerType,
      })),
    };
  }

  private noMatch(text: string, plan: QueryPlan, reason: 'off-topic' | 'no-results'): Answer {
    return {
      kind: 'no-match',
      question: text,
      reason,
      suggestions: this.settings.didYouMean ? this.didYouMean.for(text, plan) : [],
    };
  }

  /**
   * Completions of a partly typed question from corpus words, most common first.
   *
   * @example
   * index.complete('uranium enri') // ['uranium enrichment', ...]
   */
  complete(partial: string, limit = 10): readonly string[] {
    const text = cleanQuestion(partial, this.settings.maxQuestionLength);
    const max = clampInt(limit, 10, 0, 25);
    if (max === 0) return [];
    // The lookbehind starts the match only at the start of a run of letters, keeping it linear.
    const match = /(?<![\p{L}\p{N}])([\p{L}\p{N}]+)$/u.exec(text);
    if (match === null) return [];
    const head = text.slice(0, match.index);
    const last = normalizeWord(match[1] ?? '');
    if (last.length === 0) return [];
    const found: [string, number][] = [];
    const seen = new Set<string>();
    for (const [term, data] of this.core.tree
      .atPrefix(last.length >= 4 ? stem(last).slice(0, last.length) : last)
      .entries()) {
      const word = this.surface.get(term) ?? term;
      if (!word.startsWith(last) || seen.has(word)) continue;
      seen.add(word);
      found.push([word, data.get(TEXT)?.size ?? 0]);
      if (found.length >= 500) break;
    }
    return found
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, max)
      .map(([word]) => `${head}${word}`);
  }

  /** "What does the conclusion say?": the passages of the section pointed at, in reading order. */
  private structureAnswer(text: string, structure: 'first' | 'last', offset: number, limit: number): Answer {
    const passages = [...(structure === 'first' ? this.core.firstPassages : this.core.lastPassages)].sort(
      (a, b) => a - b,
    );
    const results: Hit[] = [];
    for (const passageIndex of passages.slice(offset, offset + limit)) {
      const passage = this.corpus.passages[passageIndex];
      const slot = this.core.passageToSlot[passageIndex];
      if (passage === undefined || slot === undefined) continue;
      const first = this.sentences.get(slot, passage).sentences[0];
      const [start, end] = first?.span ?? [0, passage.text.length];
      results.push({
        passage,
        score: 1,
        matchedTerms: [],
        bestSentence: passage.text.slice(start, end),
        bestSentenceSpan: { start, end },
        matchedSpans: [],
      });
    }
    if (results.length === 0) return { kind: 'no-match', question: text, reason: 'no-results', suggestions: [] };
    return { kind: 'answer', question: text, results, total: passages.length, confident: true };
  }

  private hit(candidate: Candidate, plan: QueryPlan): Hit {
    const passage = this.corpus.passages[this.core.slotToPassage[candidate.slot] ?? -1] as Passage;
    const wanted = new Set<string>();
    for (const group of plan.groups) for (const alt of group.alternatives) for (const t of alt.terms) wanted.add(t);
    const matched: string[] = [];
    const matchedSpans: TextSpan[] = [];
    const seen = new Set<string>();
    // The cached sentences' tokens: a popular passage is tokenized once, not on every answer.
    for (const sentence of this.sentences.get(candidate.slot, passage).sentences) {
      sentence.tokens ??= tokenize(sentence.text);
      const offset = sentence.span[0];
      for (const token of sentence.tokens) {
        if (token.term === null || !wanted.has(token.term)) continue;
        matchedSpans.push({ start: offset + token.start, end: offset + token.end });
        const surface = sentence.text.slice(token.start, token.end);
        const key = surface.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        matched.push(surface);
      }
    }
    const [start, end] = candidate.sentence[1] > candidate.sentence[0] ? candidate.sentence : [0, passage.text.length];
    return {
      passage,
      score: round(candidate.score),
      matchedTerms: matched,
      bestSentence: passage.text.slice(start, end),
      bestSentenceSpan: { start, end },
      matchedSpans,
    };
  }
}

/** Runs warm-up steps until they are done (true) or the clock passes `until` (false). */
function runSteps(steps: Iterator<void>, until: number): boolean {
  for (;;) {
    if (steps.next().done === true) return true;
    if (performance.now() >= until) return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Convenience wrapper: `index.ask(question, options)`. */
export function ask(index: Searcher, question: string, options?: AskOptions): Answer {
  return index.ask(question, options);
}

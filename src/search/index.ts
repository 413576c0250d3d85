/**
 * The passage index and `ask()`: MiniSearch stores the terms of every passage (text and heading
 * path); Parley plans the question (synonyms, corrections, WordNet), scores passages by the
 * question's groups weighted by IDF, re-ranks the best candidates by their best sentence, and
 * abstains when the question is about something the corpus does not contain.
 */
import MiniSearch from 'minisearch';
import type { Answer, AskOptions, Corpus, Hit, Passage, Searcher } from '../types.js';
import { analyze, fold, normalizeWord, stem, tokenize, type Token } from './analyzer.js';
import { planQuery, type Alternative, type Group, type QueryPlan, type Vocabulary } from './query.js';
import { answerTypeStrength, sentenceEntities, type SentenceEntities } from './answer-type.js';
import { sentenceSpans } from './sentences.js';
import { mineAliases, phraseDictionary, readSynonymTable, type PhraseDictionary, type SynonymTable } from './synonyms.js';
import { wordNet as sharedWordNet, type WordNet } from './wordnet.js';
import { countSurface, edgePassages, fingerprint, surfaceForms, topAliases } from './corpus-facts.js';
import { cleanQuestion, clampInt, round } from './question-text.js';
import { containsAll, topBy } from './select.js';
import {
  HEADING,
  MiniSearchInternals,
  TEXT,
  bulkAdding,
  compactIndex,
  headingOf,
  loadCompactIndex,
  loadCompactIndexAsync,
  miniSearchOptions,
  type FieldTermData,
  type IndexedPassage,
  type TermTree,
} from './store.js';

/** Options of {@link ParleyIndex.build}. All optional: omitted ones take {@link defaultIndexOptions}. */
export interface IndexOptions {
  /** Synonym/acronym table (default: `corpus/synonyms.json` beside the seed). */
  readonly synonyms?: SynonymTable;
  /** Widen questions with WordNet synonyms and related forms (default true). */
  readonly wordNet?: boolean;
  /** How many senses of a question word, most frequent first, give WordNet synonyms (default 1). */
  readonly wordNetSenses?: number;
  /** Weight of a WordNet alternative relative to the question's own word (default 0.4). */
  readonly wordNetWeight?: number;
  /** Weight of a synonym-table or document-defined alias (default 0.9). */
  readonly synonymWeight?: number;
  /** Weight of a match found only in the heading path, relative to one in the text (default 0.3). */
  readonly headingWeight?: number;
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
  /** Weight of the whole-passage score added to the best sentence's (default 0.3). */
  readonly passageWeight?: number;
  /** Posting-list entries scanned per question before rarer-first pruning stops adding words (default 20,000). */
  readonly postingBudget?: number;
  /** Share of the question's weight the best passage must cover, else `no-match` (default 0.34). */
  readonly minCoverage?: number;
  /** Bonus for a sentence holding the kind of answer asked for, in average question words (default 1). */
  readonly answerTypeWeight?: number;
  /** Discount for common many-sense English words relative to names and rare words (default 0.2; 0: off). */
  readonly specificity?: number;
  /** Bonus, in whole questions' weight, for passages of the section a question points at ("the conclusion") (default 0.5). */
  readonly structureWeight?: number;
  /** Exponent of the share of question words a sentence meets, multiplying its score (default 2). */
  readonly coordination?: number;
  /** On corpora up to 20,000 passages, warm WordNet and ask a few questions made from the headings at build, so the first real ones are fast (default true). */
  readonly warmUp?: boolean;
  /** Questions are cut to this many characters (default 500). */
  readonly maxQuestionLength?: number;
}

/** Defaults of {@link IndexOptions}. */
export const defaultIndexOptions = {
  wordNet: true,
  wordNetSenses: 1,
  wordNetWeight: 0.4,
  synonymWeight: 0.9,
  headingWeight: 0.3,
  fuzzyMinLength: 5,
  maxFuzzy: 2,
  prefixMinLength: 5,
  maxExpansions: 3,
  rerankDepth: 30,
  passageWeight: 0.3,
  postingBudget: 20_000,
  minCoverage: 0.34,
  answerTypeWeight: 1,
  coordination: 2,
  structureWeight: 0.5,
  specificity: 0.2,
  maxQuestionLength: 500,
  warmUp: true,
} as const;

type Settings = Omit<Required<IndexOptions>, 'synonyms'>;

interface SerializedIndex {
  readonly format: 'parley-index';
  readonly analyzer: string;
  readonly passages: number;
  readonly fingerprint: string;
  readonly aliases: string[][];
  readonly surface: [string, string][];
  readonly miniSearch: unknown;
}

/** A sentence of a passage, analyzed once and kept for the next questions that meet it. */
interface Sentence {
  readonly span: [number, number];
  readonly text: string;
  readonly terms: ReadonlySet<string>;
  // Both start undefined (not absent), so every cached sentence keeps one shape: a property added
  // later changes the object's hidden class and made the optimized ranking code bail out mid-run.
  /** Full tokens, made when an answer type or a hit first needs them. */
  tokens: Token[] | undefined;
  /** Years, figures, places and names it holds, made when an answer type first needs them. */
  entities: SentenceEntities | undefined;
}

/** A question alternative with what ranking needs: its weight's IDF and posting lists. */
interface ScoredAlternative {
  readonly alternative: Alternative;
  idf: number;
  readonly postings: (Map<number, number> | undefined)[];
  readonly headings: (Map<number, number> | undefined)[];
  readonly df: number;
}

/** A question group with its alternatives found in the corpus. */
interface ScoredGroup {
  readonly group: Group;
  readonly alternatives: ScoredAlternative[];
  readonly maxWeight: number;
  readonly df: number;
}

/** A candidate passage while ranking. */
interface Candidate {
  doc: number;
  score: number;
  sentence: [number, number];
  sentenceScore: number;
  coverage: number;
}

const K1 = 1.2;
const SENTENCE_CACHE_MAX = 5_000;
const WORDNET_WARM_WORDS = 3_000;
const WARM_UP_MAX_PASSAGES = 20_000;
const SUGGESTION_CACHE_MAX = 1_000;
const TERM_DATA_CACHE_MAX = 100_000;
const B = 0.75;

/**
 * The searchable index of a corpus.
 *
 * @example
 * const index = ParleyIndex.build(loadCorpus('corpus'));
 * const answer = index.ask('What enrichment level would Iran go back to?', { limit: 3 });
 * if (answer.kind === 'answer') console.log(answer.results[0]?.bestSentence);
 */
export class ParleyIndex implements Searcher {
  /** Bump when the analyzer or the indexed fields change: cached indexes with another version are rebuilt. */
  static readonly ANALYZER_VERSION = 'parley-analyzer-3';

  readonly corpus: Corpus;
  readonly builtAt: Date;
  private readonly search: MiniSearch<IndexedPassage>;
  private readonly settings: Settings;
  private readonly tree: TermTree;
  private readonly docToPassage: Int32Array;
  private readonly passageToDoc: Int32Array;
  private readonly textLength: Float32Array;
  private readonly avgTextLength: number;
  private readonly phrases: PhraseDictionary;
  private readonly aliases: string[][];
  /** Stem → the most frequent corpus word with that stem, to show words rather than stems. */
  private readonly surface: Map<string, string>;
  private readonly wordNet: WordNet | null;
  private readonly firstPassages: Set<number>;
  private readonly lastPassages: Set<number>;
  private readonly sentenceCache = new Map<number, Sentence[]>();
  private readonly termCache = new Map<string, FieldTermData | null>();
  private readonly suggestionCache = new Map<string, string[]>();
  /** True while a "did you mean" candidate is being tried: see `suggestionsFor`. */
  private tryingSuggestion = false;
  private readonly vocabulary: Vocabulary;
  private readonly scores: Float64Array;
  private readonly groupBest: Float64Array;
  private readonly touched: Int32Array;
  private readonly groupTouched: Int32Array;
  /** BM25's length normalization per passage, `K1 * (1 - B + B * length / average)`. */
  private readonly lengthNorm: Float32Array;

  private constructor(
    corpus: Corpus,
    search: MiniSearch<IndexedPassage>,
    aliases: string[][],
    surface: Map<string, string>,
    options: IndexOptions,
  ) {
    this.corpus = corpus;
    this.builtAt = new Date();
    this.search = search;
    const { synonyms, ...rest } = { ...defaultIndexOptions, ...options };
    this.settings = rest;
    const internals = MiniSearchInternals.of(search);
    this.tree = internals.tree;
    this.docToPassage = new Int32Array(internals.documentIds.size + 1).fill(-1);
    this.textLength = new Float32Array(this.docToPassage.length);
    this.passageToDoc = new Int32Array(corpus.passages.length).fill(-1);
    for (const [shortId, i] of internals.documentIds) {
      if (shortId >= this.docToPassage.length) continue;
      this.docToPassage[shortId] = i;
      if (i >= 0 && i < this.passageToDoc.length) this.passageToDoc[i] = shortId;
      this.textLength[shortId] = internals.fieldLength.get(shortId)?.[TEXT] ?? 0;
    }
    this.avgTextLength = internals.avgFieldLength[TEXT] ?? 1;
    this.aliases = aliases;
    this.surface = surface;
    const table = synonyms ?? readSynonymTable().table;
    this.phrases = phraseDictionary(table, aliases);
    this.wordNet = rest.wordNet ? sharedWordNet(rest.wordNetSenses) : null;
    this.wordNet?.warm();
    this.scores = new Float64Array(this.docToPassage.length);
    this.groupBest = new Float64Array(this.docToPassage.length);
    this.touched = new Int32Array(this.docToPassage.length);
    // A doc can be touched once per alternative of a group (text and heading), so leave room.
    this.groupTouched = new Int32Array(this.docToPassage.length * 2 + 16);
    this.lengthNorm = new Float32Array(this.docToPassage.length);
    for (let doc = 0; doc < this.lengthNorm.length; doc++) {
      this.lengthNorm[doc] = K1 * (1 - B + (B * (this.textLength[doc] ?? 0)) / (this.avgTextLength || 1));
    }
    const { first, last } = edgePassages(corpus);
    this.firstPassages = first;
    this.lastPassages = last;
    const tree = this.tree;
    this.vocabulary = {
      documentFrequency: (term) => {
        const data = this.termData(term);
        return data?.get(TEXT)?.size ?? (data?.get(HEADING) ? 1 : 0);
      },
      fuzzy: (term, maxEdits) => {
        const found = new Map<string, number>();
        for (const [candidate, [, distance]] of tree.fuzzyGet(term, maxEdits)) found.set(candidate, distance);
        return found;
      },
      withPrefix: (prefix, limit) => {
        const found: [string, number][] = [];
        for (const [candidate, data] of tree.atPrefix(prefix).entries()) {
          found.push([candidate, data.get(TEXT)?.size ?? 0]);
          if (found.length >= 200) break;
        }
        return found.sort((a, b) => b[1] - a[1]).slice(0, limit).map(([c]) => c);
      },
    };
    // Small corpora: look their own words up in WordNet and ask a few questions now, so the first
    // real questions do not pay for cold caches and uncompiled code. Large corpora skip it: there
    // the build time matters more and a first question costs little beside the index.
    if (rest.warmUp && corpus.passages.length <= WARM_UP_MAX_PASSAGES) {
      if (this.wordNet !== null) {
        let warmed = 0;
        for (const word of surface.values()) {
          if (warmed++ >= WORDNET_WARM_WORDS) break;
          this.wordNet.lookup(word);
        }
      }
      this.warmUp();
    }
  }

  /**
   * Asks questions made from the corpus's own headings, in each form the ranking handles (who, when,
   * how many, which cities, the conclusion, off-topic), for at most ~200 ms: the first real questions
   * then run compiled code with warm caches instead of paying for both.
   */
  private warmUp(): void {
    const started = performance.now();
    const headings = [...new Set(this.corpus.passages.map((p) => p.headingPath.at(-1) ?? p.document))].slice(0, 12);
    const forms = ['%s', 'who %s?', 'when did %s happen?', 'how many %s?', 'which cities %s?', 'what does the conclusion say about %s?', 'what does %s stand for?'];
    const questions = headings.flatMap((heading, i) => [forms[i % forms.length] as string, forms[(i + 3) % forms.length] as string].map((f) => f.replace('%s', heading)));
    questions.push('zzzz qqqq', 'what is the price of tea in london', 'what does the conclusion say?');
    for (const question of questions) {
      if (performance.now() - started > 200) break;
      this.ask(question);
    }
  }

  /**
   * Indexes every passage of a corpus.
   *
   * @example
   * const index = ParleyIndex.build(corpus, { rerankDepth: 30 });
   */
  static build(corpus: Corpus, options: IndexOptions = {}): ParleyIndex {
    const search = new MiniSearch<IndexedPassage>(miniSearchOptions());
    const mined = new Map<string, Map<string, number>>();
    const counts = new Map<string, Map<string, number>>();
    const doneAdding = bulkAdding(search);
    corpus.passages.forEach((passage, i) => {
      search.add({ i, text: passage.text, heading: headingOf(passage) });
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

  /** The index as plain JSON-able data, for the on-disk cache. Load it with {@link ParleyIndex.fromJSON}. */
  toJSON(): unknown {
    const serialized: SerializedIndex = {
      format: 'parley-index',
      analyzer: ParleyIndex.ANALYZER_VERSION,
      passages: this.corpus.passages.length,
      fingerprint: fingerprint(this.corpus),
      aliases: this.aliases,
      surface: [...this.surface],
      // Compact postings (store.ts), not MiniSearch's own toJSON: a third smaller and loaded ~3× faster.
      miniSearch: compactIndex(this.search),
    };
    return serialized;
  }

  /**
   * Loads an index saved with {@link ParleyIndex.toJSON} (an object or its JSON text) for the same corpus.
   * Throws a `Parley:` error when the data is malformed, from another analyzer version or another corpus,
   * so a cache can fall back to {@link ParleyIndex.build}.
   */
  static fromJSON(json: unknown, corpus: Corpus, options: IndexOptions = {}): ParleyIndex {
    const serialized = ParleyIndex.checked(json, corpus);
    let search: MiniSearch<IndexedPassage>;
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
    const serialized = ParleyIndex.checked(json, corpus);
    let search: MiniSearch<IndexedPassage>;
    try {
      search = await loadCompactIndexAsync(serialized.miniSearch);
    } catch (error) {
      throw new Error(`Parley: cached index is corrupt (${(error as Error).message})`);
    }
    return ParleyIndex.loaded(serialized, search, corpus, options);
  }

  /** The serialized index, once it is known to be a Parley index of this analyzer for this corpus. */
  private static checked(json: unknown, corpus: Corpus): SerializedIndex {
    let data: unknown = json;
    if (typeof json === 'string') {
      try {
        data = JSON.parse(json);
      } catch (error) {
        throw new Error(`Parley: cached index is not valid JSON (${(error as Error).message})`);
      }
    }
    if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== 'parley-index') {
      throw new Error('Parley: cached index is not a Parley index');
    }
    const serialized = data as SerializedIndex;
    if (serialized.analyzer !== ParleyIndex.ANALYZER_VERSION) {
      throw new Error(`Parley: cached index was built by analyzer ${String(serialized.analyzer)}, not ${ParleyIndex.ANALYZER_VERSION}`);
    }
    if (serialized.passages !== corpus.passages.length || serialized.fingerprint !== fingerprint(corpus)) {
      throw new Error('Parley: cached index was built from another corpus');
    }
    if (!Array.isArray(serialized.aliases) || !Array.isArray(serialized.surface)) {
      throw new Error('Parley: cached index is missing its aliases or word forms');
    }
    return serialized;
  }

  private static loaded(serialized: SerializedIndex, search: MiniSearch<IndexedPassage>, corpus: Corpus, options: IndexOptions): ParleyIndex {
    if (search.documentCount !== corpus.passages.length) throw new Error('Parley: cached index does not match the corpus');
    return new ParleyIndex(corpus, search, serialized.aliases, new Map(serialized.surface), options);
  }

  /**
   * Ranked passages answering a question, or `no-match` with "did you mean" suggestions. Never throws.
   *
   * @example
   * const answer = index.ask('why is Rome the venue for the talks?', { limit: 5 });
   */
  ask(question: string, options: AskOptions = {}): Answer {
    const text = cleanQuestion(question, this.settings.maxQuestionLength);
    try {
      return this.answer(text, options);
    } catch {
      // Nothing below should throw; if something does, the member still gets a polite no-match.
      return { kind: 'no-match', question: text, reason: 'no-results', suggestions: [] };
    }
  }

  private answer(text: string, options: AskOptions): Answer {
    if (text.trim().length === 0) return { kind: 'no-match', question: text, reason: 'empty', suggestions: [] };
    const limit = clampInt(options.limit, 3, 1, 100);
    const offset = clampInt(options.offset, 0, 0, 10_000);
    let plan: QueryPlan;
    try {
      plan = planQuery(text, this.vocabulary, this.phrases, this.planSettings());
    } catch {
      return { kind: 'no-match', question: text, reason: 'no-terms', suggestions: [] };
    }
    if (plan.groups.length === 0 && plan.structure !== null) return this.structureAnswer(text, plan.structure, offset, limit);
    if (plan.groups.length === 0) return { kind: 'no-match', question: text, reason: 'no-terms', suggestions: [] };
    if (this.isOffTopic(plan)) {
      return { kind: 'no-match', question: text, reason: 'off-topic', suggestions: this.suggestionsFor(text, plan) };
    }
    const ranked = this.rank(plan, Math.max(this.settings.rerankDepth, offset + limit));
    const best = ranked[0];
    if (best === undefined) return { kind: 'no-match', question: text, reason: 'no-results', suggestions: this.suggestionsFor(text, plan) };
    const coverage = Math.max(...ranked.map((c) => c.coverage));
    if (coverage < this.settings.minCoverage) {
      return { kind: 'no-match', question: text, reason: 'off-topic', suggestions: this.suggestionsFor(text, plan) };
    }
    const results: Hit[] = ranked.slice(offset, offset + limit).map((candidate) => this.hit(candidate, plan));
    return { kind: 'answer', question: text, results, total: ranked.length };
  }

  /**
   * Completions of a partly typed question from corpus words, most common first.
   *
   * @example
   * index.suggest('uranium enri') // ['uranium enrichment', ...]
   */
  suggest(partial: string, limit = 10): readonly string[] {
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
    for (const [term, data] of this.tree.atPrefix(last.length >= 4 ? stem(last).slice(0, last.length) : last).entries()) {
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

  private planSettings() {
    const s = this.settings;
    return {
      wordNet: this.wordNet,
      wordNetWeight: s.wordNetWeight,
      synonymWeight: s.synonymWeight,
      fuzzyMinLength: s.fuzzyMinLength,
      maxFuzzy: s.maxFuzzy,
      prefixMinLength: s.prefixMinLength,
      maxExpansions: s.maxExpansions,
      specificity: s.specificity,
    };
  }

  /**
   * The question is about something this corpus lacks: it names a figure, year or name the corpus
   * never mentions, or most of its words have no match at all.
   */
  private isOffTopic(plan: QueryPlan): boolean {
    let unmatched = 0;
    for (const group of plan.groups) {
      if (!group.unmatched) continue;
      if (group.numeric || group.name) return true;
      unmatched++;
    }
    return unmatched * 2 > plan.groups.length;
  }

  /**
   * A term's posting lists, memoized: MiniSearch's radix-tree lookup walks and slices the key, and a
   * question looks each term up several times (frequency, IDF, postings).
   */
  private termData(term: string): FieldTermData | undefined {
    let data = this.termCache.get(term);
    if (data === undefined) {
      data = this.tree.get(term) ?? null;
      if (this.termCache.size >= TERM_DATA_CACHE_MAX) this.termCache.clear();
      this.termCache.set(term, data);
    }
    return data ?? undefined;
  }

  private idf(term: string): number {
    const n = this.corpus.passages.length;
    const df = this.vocabulary.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Passages by score, best first, re-ranked by best sentence; at most `rerankDepth`. */
  private rank(plan: QueryPlan, depth: number = this.settings.rerankDepth): Candidate[] {
    const groups: ScoredGroup[] = [];
    for (const group of plan.groups) {
      const alternatives: ScoredAlternative[] = [];
      for (const alternative of group.alternatives) {
        const data = alternative.terms.map((t) => this.termData(t));
        const postings = data.map((d) => d?.get(TEXT));
        const headings = data.map((d) => d?.get(HEADING));
        let df = Infinity;
        let idf = 0;
        for (const term of alternative.terms) {
          df = Math.min(df, this.vocabulary.documentFrequency(term));
          idf += this.idf(term);
        }
        if (df === 0 || !Number.isFinite(df)) continue;
        idf *= group.specificity;
        alternatives.push({ alternative, idf, postings, headings, df });
      }
      if (alternatives.length === 0) continue;
      // A name and its equivalents are one concept, as common as its most common form: "Tehran" in a
      // question means Iran, and must not outweigh the rest because the word itself is rare.
      const equivalents = alternatives.filter((a) => a.alternative.kind === 'exact' || a.alternative.kind === 'synonym');
      if (equivalents.some((a) => a.alternative.kind === 'synonym')) {
        const conceptIdf = Math.min(...equivalents.map((a) => a.idf));
        for (const a of equivalents) a.idf = conceptIdf;
      }
      // A WordNet relative never weighs more than the question's own word.
      const ownIdf = alternatives.find((a) => a.alternative.kind === 'exact')?.idf;
      if (ownIdf !== undefined) for (const a of alternatives) if (a.alternative.kind === 'wordnet') a.idf = Math.min(a.idf, ownIdf);
      const maxWeight = Math.max(...alternatives.map((a) => a.alternative.weight * a.idf));
      const df = Math.min(...alternatives.map((a) => a.df));
      groups.push({ group, alternatives, maxWeight, df });
    }
    if (groups.length === 0) return [];
    const totalWeight = groups.reduce((sum, g) => sum + g.maxWeight, 0) || 1;

    // Indexed loops, not for…of: these run per candidate × alternative and must not allocate.
    const textScore = (alt: ScoredAlternative, doc: number): number => {
      let tf = Infinity;
      const postings = alt.postings;
      for (let i = 0; i < postings.length; i++) {
        const f = postings[i]?.get(doc);
        if (f === undefined) return 0;
        if (f < tf) tf = f;
      }
      return alt.alternative.weight * alt.idf * (0.6 + (0.4 * tf) / (tf + (this.lengthNorm[doc] as number)));
    };
    const headingScore = (alt: ScoredAlternative, doc: number): number => {
      const headings = alt.headings;
      for (let i = 0; i < headings.length; i++) if (headings[i]?.get(doc) === undefined) return 0;
      return alt.alternative.weight * alt.idf * this.settings.headingWeight;
    };
    // One group's score for one passage, and (in `lastCovered`) the weight it covers tf aside.
    // A heading match (at most headingWeight) is looked up only when the text has none.
    let lastCovered = 0;
    const groupScore = (g: ScoredGroup, doc: number): number => {
      let best = 0;
      lastCovered = 0;
      for (const alt of g.alternatives) {
        const full = alt.alternative.weight * alt.idf;
        if (full <= lastCovered && full <= best) continue;
        let s = textScore(alt, doc);
        if (s === 0) s = headingScore(alt, doc);
        if (s > 0 && full > lastCovered) lastCovered = full;
        if (s > best) best = s;
      }
      return best;
    };

    // Rarest groups first; stop scanning posting lists once the budget is spent (the common words
    // are then scored only for the candidates the rare ones found). Buffers are reused across
    // questions: at 100k passages a question touches tens of thousands of passages.
    const order = [...groups].sort((a, b) => a.df - b.df);
    const scores = this.scores;
    const groupBest = this.groupBest;
    const touched = this.touched;
    const groupTouched = this.groupTouched;
    const lengthNorm = this.lengthNorm;
    let touchedCount = 0;
    let spent = 0;
    const scanned = new Set<ScoredGroup>();
    const budget = this.settings.postingBudget;
    for (const g of order) {
      // The group's best-weighted alternatives always, the others while they are cheap: candidates
      // are only gathered here; every pooled candidate is scored on all alternatives below.
      const units = g.alternatives.filter((a, i) => i === 0 || spent + a.df <= budget / 2);
      const cost = units.reduce((sum, a) => sum + a.df, 0);
      if (scanned.size > 0 && spent + cost > budget) continue;
      scanned.add(g);
      spent += cost;
      let groupCount = 0;
      for (const alt of units) {
        const base = alt.alternative.weight * alt.idf;
        if (alt.postings.length === 1) {
          const posting = alt.postings[0];
          if (posting !== undefined) {
            // forEach, not for…of: no [key, value] pair allocated per posting.
            posting.forEach((tf, doc) => {
              const v = base * (0.6 + (0.4 * tf) / (tf + (lengthNorm[doc] as number)));
              const previous = groupBest[doc] as number;
              if (previous === 0) groupTouched[groupCount++] = doc;
              if (v > previous) groupBest[doc] = v;
            });
          }
          // Every passage of a section shares its heading: a heading word common across the corpus
          // gathers no useful candidates, so only short heading lists are scanned here.
          const heading = alt.headings[0];
          if (heading !== undefined && heading.size <= budget / 4) {
            const v = base * this.settings.headingWeight;
            heading.forEach((_, doc) => {
              const previous = groupBest[doc] as number;
              if (previous === 0) groupTouched[groupCount++] = doc;
              if (v > previous) groupBest[doc] = v;
            });
          }
          continue;
        }
        const rarest = alt.postings.reduce((a, b) => ((b?.size ?? Infinity) < (a?.size ?? Infinity) ? b : a), alt.postings[0]);
        if (rarest === undefined) continue;
        for (const doc of rarest.keys()) {
          const v = textScore(alt, doc);
          if (v <= 0) continue;
          const previous = groupBest[doc] as number;
          if (previous === 0) groupTouched[groupCount++] = doc;
          if (v > previous) groupBest[doc] = v;
        }
      }
      for (let i = 0; i < groupCount; i++) {
        const doc = groupTouched[i] as number;
        if (scores[doc] === 0) touched[touchedCount++] = doc;
        scores[doc] = (scores[doc] as number) + (groupBest[doc] as number);
        groupBest[doc] = 0;
      }
    }
    // Keep the best few hundred by what was scanned, then score those on every group and alternative.
    const complete = scanned.size === groups.length && [...scanned].every((g) => g.alternatives.length === 1 || spent <= budget / 2);
    const pool = topBy(touched, touchedCount, scores, complete ? depth * 2 : depth * 4);
    // A question about "the opening" or "the conclusion" may share no word with it.
    // Only when the corpus has few such passages (one document): in a large corpus every document
    // has an opening, and the cue can only re-rank.
    const edge = plan.structure === 'first' ? this.firstPassages : plan.structure === 'last' ? this.lastPassages : null;
    if (edge !== null && edge.size <= depth) {
      const inPool = new Set(pool);
      for (const passageIndex of edge) {
        const doc = this.passageToDoc[passageIndex];
        if (doc !== undefined && doc >= 0 && !inPool.has(doc)) pool.push(doc);
      }
    }
    const candidates: Candidate[] = [];
    for (const doc of pool) {
      let score = 0;
      let covered = 0;
      for (const g of groups) {
        score += groupScore(g, doc);
        covered += lastCovered;
      }
      // Coverage: the share of the question's weight this passage accounts for (tf aside).
      candidates.push({ doc, score, sentence: [0, 0], sentenceScore: 0, coverage: covered / totalWeight });
    }
    for (let i = 0; i < touchedCount; i++) scores[touched[i] as number] = 0;
    candidates.sort((a, b) => b.score - a.score || a.doc - b.doc);
    const top = candidates.slice(0, depth);

    // Re-rank by the best sentence: the answer usually sits in one sentence. A sentence holding the
    // kind of thing asked for (a year, a figure, a name) counts as matching one more average word.
    const typeBonus = this.settings.answerTypeWeight * (totalWeight / groups.length);
    for (const candidate of top) {
      const passageIndex = this.docToPassage[candidate.doc] ?? -1;
      const passage = this.corpus.passages[passageIndex];
      if (passage === undefined) continue;
      const spans = this.sentences(candidate.doc, passage.text);
      let bestScore = -1;
      for (let i = 0; i < spans.length; i++) {
        const sentence = spans[i] as Sentence;
        const score = this.scoreSentence(sentence, groups, plan, typeBonus);
        if (score > bestScore) {
          bestScore = score;
          candidate.sentence = sentence.span;
        }
      }
      candidate.sentenceScore = Math.max(0, bestScore);
      let structure = 0;
      if (plan.structure === 'first' && this.firstPassages.has(passageIndex)) structure = this.settings.structureWeight * totalWeight;
      if (plan.structure === 'last' && this.lastPassages.has(passageIndex)) structure = this.settings.structureWeight * totalWeight;
      candidate.score = candidate.sentenceScore + this.settings.passageWeight * candidate.score + structure;
    }
    top.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return top;
  }

  /**
   * A sentence's score for a question: the best weight it meets per group, plus the answer-type
   * bonus, times the share of the question it meets (coordination: several of the question's words
   * beat one rare word alone). The answer-type bonus is scaled by the share of the question's weight
   * the sentence meets: it breaks ties between sentences that answer the question, and no longer lifts
   * a sentence that merely holds a name or a year beside words found in every passage ("Iran", "US"
   * here), which outranked the sentence holding the question's one rare word.
   * Indexed loops: this runs per candidate × sentence × alternative.
   */
  private scoreSentence(sentence: Sentence, groups: readonly ScoredGroup[], plan: QueryPlan, typeBonus: number): number {
    let typeStrength = 0;
    if (plan.answerType !== null) {
      // Full tokens (case, offsets) only when the answer type needs them.
      sentence.tokens ??= tokenize(sentence.text);
      sentence.entities ??= sentenceEntities(sentence.tokens, sentence.text, this.wordNet);
      typeStrength = answerTypeStrength(sentence.entities, plan.answerType, plan.questionWords);
    }
    let score = 0;
    let matchedGroups = typeStrength > 0 ? 1 : 0;
    let questionWeight = 0;
    let metWeight = 0;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as ScoredGroup;
      questionWeight += group.maxWeight;
      const alternatives = group.alternatives;
      let groupBest = 0;
      for (let a = 0; a < alternatives.length; a++) {
        const alt = alternatives[a] as ScoredAlternative;
        if (containsAll(sentence.terms, alt.alternative.terms)) {
          const v = alt.alternative.weight * alt.idf;
          if (v > groupBest) groupBest = v;
        }
      }
      score += groupBest;
      if (groupBest > 0) {
        matchedGroups++;
        metWeight += group.maxWeight;
      }
    }
    if (typeStrength > 0 && questionWeight > 0) score += typeBonus * typeStrength * (metWeight / questionWeight);
    const groupCount = groups.length + (plan.answerType === null ? 0 : 1);
    return score * Math.pow(matchedGroups / groupCount, this.settings.coordination);
  }

  private sentences(doc: number, text: string): Sentence[] {
    let sentences = this.sentenceCache.get(doc);
    if (sentences === undefined) {
      sentences = sentenceSpans(text).map((span) => {
        const sentence = text.slice(span[0], span[1]);
        const made: Sentence = { span, text: sentence, terms: new Set(analyze(sentence)), tokens: undefined, entities: undefined };
        return made;
      });
      // Bounded: at 100k passages only the recently ranked ones are worth keeping.
      if (this.sentenceCache.size >= SENTENCE_CACHE_MAX) this.sentenceCache.clear();
      this.sentenceCache.set(doc, sentences);
    }
    return sentences;
  }

  /** "What does the conclusion say?": the passages of the section pointed at, in reading order. */
  private structureAnswer(text: string, structure: 'first' | 'last', offset: number, limit: number): Answer {
    const passages = [...(structure === 'first' ? this.firstPassages : this.lastPassages)].sort((a, b) => a - b);
    const results: Hit[] = [];
    for (const passageIndex of passages.slice(offset, offset + limit)) {
      const passage = this.corpus.passages[passageIndex];
      const doc = this.passageToDoc[passageIndex];
      if (passage === undefined || doc === undefined) continue;
      const first = this.sentences(doc, passage.text)[0];
      results.push({ passage, score: 1, matchedTerms: [], bestSentence: first?.text ?? passage.text });
    }
    if (results.length === 0) return { kind: 'no-match', question: text, reason: 'no-results', suggestions: [] };
    return { kind: 'answer', question: text, results, total: passages.length };
  }

  private hit(candidate: Candidate, plan: QueryPlan): Hit {
    const passage = this.corpus.passages[this.docToPassage[candidate.doc] ?? -1] as Passage;
    const wanted = new Set<string>();
    for (const group of plan.groups) for (const alt of group.alternatives) for (const t of alt.terms) wanted.add(t);
    const matched: string[] = [];
    const seen = new Set<string>();
    // The cached sentences' tokens: a popular passage is tokenized once, not on every answer.
    for (const sentence of this.sentences(candidate.doc, passage.text)) {
      sentence.tokens ??= tokenize(sentence.text);
      for (const token of sentence.tokens) {
        if (token.term === null || !wanted.has(token.term)) continue;
        const surface = sentence.text.slice(token.start, token.end);
        const key = surface.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        matched.push(surface);
      }
    }
    const [start, end] = candidate.sentence;
    const bestSentence = end > start ? passage.text.slice(start, end) : passage.text;
    return { passage, score: round(candidate.score), matchedTerms: matched, bestSentence };
  }

  private suggestionsFor(question: string, plan: QueryPlan): string[] {
    // While a suggestion is being tried, its own suggestions are not wanted (and would recurse).
    if (this.tryingSuggestion) return [];
    // The same unanswerable question tends to come back (a button pressed again, a retry).
    const cached = this.suggestionCache.get(question);
    if (cached !== undefined) return [...cached];
    // A "did you mean" that is itself a no-match only sends the member round in a circle
    // (a corrected typo beside a word the corpus lacks), so offer only those that answer.
    const suggestions = this.makeSuggestions(question, plan).filter((s) => this.answers(s));
    if (this.suggestionCache.size >= SUGGESTION_CACHE_MAX) this.suggestionCache.clear();
    this.suggestionCache.set(question, suggestions);
    return [...suggestions];
  }

  private answers(suggestion: string): boolean {
    this.tryingSuggestion = true;
    try {
      return this.answer(cleanQuestion(suggestion, this.settings.maxQuestionLength), { limit: 1 }).kind === 'answer';
    } catch {
      return false;
    } finally {
      this.tryingSuggestion = false;
    }
  }

  private makeSuggestions(question: string, plan: QueryPlan): string[] {
    const suggestions: string[] = [];
    if (plan.corrections.size > 0) {
      let corrected = fold(question);
      for (const [wrong, right] of plan.corrections) corrected = corrected.replace(wrong, this.surface.get(right) ?? right);
      suggestions.push(corrected);
    }
    // The words the corpus knows (corrected where misspelt), without those it lacks: "pizza with
    // uranum" → "uranium". A courtesy that keeps the member on topic.
    const known = plan.groups.flatMap((group) => {
      const exact = group.alternatives.find((a) => a.kind === 'exact' && a.terms.every((t) => this.vocabulary.documentFrequency(t) > 0));
      if (exact !== undefined) return [group.label];
      const corrected = group.alternatives.find((a) => a.kind === 'corrected');
      return corrected === undefined ? [] : [corrected.terms.map((t) => this.surface.get(t) ?? t).join(' ')];
    });
    if (known.length > 0 && known.length < plan.groups.length) {
      const words = known.join(' ');
      if (!suggestions.includes(words)) suggestions.push(words);
    }
    // MiniSearch's autoSuggest scores every passage sharing a word: worth it on small corpora only.
    if (this.corpus.passages.length > 20_000) return suggestions.slice(0, 5);
    try {
      // Fuzzy only for longer words and prefix only for the last one, as at query time: MiniSearch
      // otherwise expands every short word into dozens of terms.
      const options = {
        fuzzy: (term: string) => (term.length >= this.settings.fuzzyMinLength ? 0.2 : false),
        prefix: (_term: string, i: number, terms: string[]) => i === terms.length - 1,
      };
      for (const s of this.search.autoSuggest(question, options).slice(0, 5)) {
        const words = s.terms.map((t) => this.surface.get(t) ?? t).join(' ');
        if (words.length > 0 && !suggestions.includes(words)) suggestions.push(words);
      }
    } catch {
      // Suggestions are a courtesy; a failure here must not turn a no-match into an error.
    }
    return suggestions.slice(0, 5);
  }
}

/** Convenience wrapper: `index.ask(question, options)`. */
export function ask(index: Searcher, question: string, options?: AskOptions): Answer {
  return index.ask(question, options);
}

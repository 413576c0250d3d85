/**
 * What ranking reads from a built index: MiniSearch's posting lists seen through passage numbers,
 * the per-passage lengths and BM25 norms, the corpus's vocabulary, and scratch buffers reused across
 * questions. Built once per index (also when loaded from the cache) and shared by rank.ts,
 * sentence-score.ts, abstain.ts and did-you-mean.ts.
 */
import type { Corpus } from '../types.js';
import { editDistance } from './analyzer.js';
import { edgePassages } from './corpus-facts.js';
import type { Vocabulary } from './query.js';
import { lengthNorm } from './signals.js';
import { TEXT, type FieldTermData, type PassageSearch, type TermTree } from './store.js';
import type { RankingWeights } from './weights.js';

const TERM_DATA_CACHE_MAX = 100_000;

export class IndexCore {
  readonly tree: TermTree;
  /**
   * Slot (MiniSearch's short id for a passage, the index of every per-passage array here) →
   * position in `corpus.passages` (-1: none).
   */
  readonly slotToPassage: Int32Array;
  /** Position in `corpus.passages` → slot. */
  readonly passageToSlot: Int32Array;
  /** Index words in each passage's text. */
  readonly textLength: Float32Array;
  readonly avgTextLength: number;
  /** BM25's length normalization per passage ({@link lengthNorm}). */
  readonly lengthNorm: Float32Array;
  readonly firstPassages: Set<number>;
  readonly lastPassages: Set<number>;
  readonly vocabulary: Vocabulary;
  /** Scratch buffers of `rank()`, indexed by slot, zeroed after each use. */
  readonly scores: Float64Array;
  readonly groupBest: Float64Array;
  readonly touched: Int32Array;
  readonly groupTouched: Int32Array;
  private readonly termCache = new Map<string, FieldTermData | null>();

  constructor(
    readonly corpus: Corpus,
    readonly search: PassageSearch,
    weights: RankingWeights,
  ) {
    this.tree = search.terms;
    this.slotToPassage = new Int32Array(search.slots.size + 1).fill(-1);
    this.textLength = new Float32Array(this.slotToPassage.length);
    this.passageToSlot = new Int32Array(corpus.passages.length).fill(-1);
    for (const [slot, i] of search.slots) {
      if (slot >= this.slotToPassage.length) continue;
      this.slotToPassage[slot] = i;
      if (i >= 0 && i < this.passageToSlot.length) this.passageToSlot[i] = slot;
      this.textLength[slot] = search.fieldLengths.get(slot)?.[TEXT] ?? 0;
    }
    this.avgTextLength = search.averageFieldLengths[TEXT] ?? 1;
    this.lengthNorm = new Float32Array(this.slotToPassage.length);
    for (let slot = 0; slot < this.lengthNorm.length; slot++) {
      this.lengthNorm[slot] = lengthNorm(this.textLength[slot] ?? 0, this.avgTextLength, weights.bm25);
    }
    this.scores = new Float64Array(this.slotToPassage.length);
    this.groupBest = new Float64Array(this.slotToPassage.length);
    this.touched = new Int32Array(this.slotToPassage.length);
    // A slot can be touched once per alternative of a group (text, heading, question), so leave room.
    this.groupTouched = new Int32Array(this.slotToPassage.length * 3 + 16);
    const { first, last } = edgePassages(corpus);
    this.firstPassages = first;
    this.lastPassages = last;
    const tree = this.tree;
    this.vocabulary = {
      documentFrequency: (term) => this.documentFrequency(term),
      fuzzy: (term, maxEdits) => {
        // MiniSearch's fuzzy search is Levenshtein, where a swap of two letters costs two edits: add
        // the single swaps (looked up directly, cheap even on a large vocabulary) and measure every
        // candidate with swaps as one edit (Damerau).
        const found = new Map<string, number>();
        for (const [candidate, [, distance]] of tree.fuzzyGet(term, maxEdits)) {
          found.set(candidate, Math.min(distance, editDistance(term, candidate, maxEdits)));
        }
        for (let i = 0; i + 1 < term.length; i++) {
          if (term[i] === term[i + 1]) continue;
          const swapped = term.slice(0, i) + (term[i + 1] as string) + (term[i] as string) + term.slice(i + 2);
          if (!found.has(swapped) && tree.get(swapped) !== undefined) found.set(swapped, 1);
        }
        return found;
      },
      withPrefix: (prefix, limit) => {
        const found: [string, number][] = [];
        for (const [candidate, data] of tree.atPrefix(prefix).entries()) {
          found.push([candidate, data.get(TEXT)?.size ?? 0]);
          if (found.length >= 200) break;
        }
        return found
          .sort((a, b) => b[1] - a[1])
          .slice(0, limit)
          .map(([c]) => c);
      },
    };
  }

  /** Passages whose text holds the term (1 when only a heading or question does, 0 when absent). */
  documentFrequency(term: string): number {
    const data = this.termData(term);
    if (data === undefined) return 0;
    const text = data.get(TEXT)?.size ?? 0;
    if (text > 0) return text;
    for (const postings of data.values()) if (postings.size > 0) return 1;
    return 0;
  }

  /**
   * A term's posting lists, memoized: MiniSearch's radix-tree lookup walks and slices the key, and a
   * question looks each term up several times (frequency, IDF, postings).
   */
  termData(term: string): FieldTermData | undefined {
    let data = this.termCache.get(term);
    if (data === undefined) {
      data = this.tree.get(term) ?? null;
      if (this.termCache.size >= TERM_DATA_CACHE_MAX) this.termCache.clear();
      this.termCache.set(term, data);
    }
    return data ?? undefined;
  }

  /** BM25's IDF over the passages' text. */
  idf(term: string): number {
    const n = this.corpus.passages.length;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}

/**
 * What MiniSearch stores per passage and how Parley reads it back: the indexed fields, the options
 * (the analyzer does all the tokenizing), read access to the posting lists, and the compact form
 * of the index for the on-disk cache.
 *
 * MiniSearch internals we rely on
 * -------------------------------
 * Parley ranks passages itself (rank.ts), so it needs what MiniSearch's public API does not give:
 * `search()` returns scored documents, never a term's posting list (field → passage → frequency)
 * nor a passage's field lengths. MiniSearch declares that state `protected` — its extension point
 * for subclasses — so {@link PassageSearch} subclasses it and reads and writes it there, typed,
 * without casts:
 *
 * - `_index`, the radix tree term → field id → slot → frequency: read through SearchableMap's own
 *   public methods (`get`, `fuzzyGet`, `atPrefix`, iteration), written with `set` when the compact
 *   cache is loaded, and its `fetch` memoized for the length of a bulk build (below).
 * - `_documentIds` / `_idToShortId` (slot ↔ passage position), `_fieldLength` and `_avgFieldLength`
 *   (BM25's length normalization), `_fieldIds`, `_nextId`, `_documentCount`, `_dirtCount`: read for
 *   ranking and the compact form, written back when it is loaded.
 *
 * Why not `minisearch/SearchableMap`, the public export: MiniSearch's bundle carries its own copy
 * of that class (dist/es/index.js does not import it), and TypeScript treats the two declarations
 * as different types (each has a private member). So a public SearchableMap can neither be checked
 * with `instanceof` against MiniSearch's tree nor put in its place without a cast, and MiniSearch
 * has no public way to hand its tree out. Only the methods the public export documents are called
 * on the tree, so the API used is the public one either way.
 *
 * Why not `toJSON()` / `loadJS()` for the cache: they write an object per posting list and load it
 * with `Object.entries` + `parseInt` per posting — at 100k passages a 43 MB file and ~1.4 s of CPU.
 * The compact form (below) saves the same state as varints and loads it straight into the tree.
 *
 * The one private behaviour used: a bulk build relies on MiniSearch's `add()` finding each term's
 * posting maps through `_index.fetch`, which {@link PassageSearch.bulkAdding} memoizes. Should a
 * later MiniSearch stop calling it, the build gets slower, never wrong.
 *
 * Protected members are not covered by semver either: package.json pins the exact version, and
 * tests/search/minisearch-pin.test.ts fails, naming what moved, when the installed MiniSearch
 * is another version or its state no longer has the shape used here.
 */
import MiniSearch from 'minisearch';
import type { Passage } from '../types.js';
import { analyze } from './analyzer.js';

/**
 * What MiniSearch indexes per passage: its position in `corpus.passages`, text, heading path and,
 * for an FAQ answer, the question it answers.
 */
export interface IndexedPassage {
  readonly i: number;
  readonly text: string;
  readonly heading: string;
  readonly question?: string | undefined;
}

export const FIELDS = ['text', 'heading', 'question'];
export const TEXT = 0;
export const HEADING = 1;
export const QUESTION = 2;

/** A term's posting lists: field id → slot → frequency. */
export type FieldTermData = Map<number, Map<number, number>>;

/** MiniSearch's state besides the tree, as the compact form saves and restores it. */
interface SearchState {
  readonly documentCount: number;
  readonly nextId: number;
  readonly documentIds: Map<number, number>;
  readonly idToShortId: Map<number, number>;
  readonly fieldIds: Record<string, number>;
  readonly fieldLength: Map<number, number[]>;
  readonly avgFieldLength: number[];
  readonly dirtCount: number;
}

/**
 * MiniSearch with {@link miniSearchOptions}, and read access to the index it keeps, for Parley's own
 * scoring of its posting lists (see "MiniSearch internals we rely on" above).
 *
 * @example
 * const search = new PassageSearch();
 * search.add({ i: 0, text: 'Talks resume in Rome', heading: 'Talks' });
 * search.terms.get('rome')?.get(TEXT)?.get(0) // 1: the passage in slot 0 has "rome" once in its text
 */
export class PassageSearch extends MiniSearch<IndexedPassage> {
  constructor() {
    super(miniSearchOptions());
  }

  /** The inverted index: term → field id → slot → frequency. Read only, outside this file. */
  get terms() {
    return this._index;
  }

  /** Slot (MiniSearch's short id) → position in `corpus.passages`. */
  get slots(): ReadonlyMap<number, number> {
    return this._documentIds as Map<number, number>;
  }

  /** Slot → distinct index words per field id. */
  get fieldLengths(): ReadonlyMap<number, readonly number[]> {
    return this._fieldLength;
  }

  /** Average distinct index words per field id. */
  get averageFieldLengths(): readonly number[] {
    return this._avgFieldLength;
  }

  /**
   * Speeds up `add()` for a bulk build: MiniSearch finds a term's posting maps by walking its radix
   * tree once per token (about half the build time at 100k passages); here each term's maps are
   * found once and then kept in a hash map, so the next occurrences are one lookup. The tree itself
   * is filled exactly as MiniSearch fills it (the maps are the tree's own), so the index, its JSON
   * and its answers do not change. Only for adding: call the returned function when done (removing
   * documents would leave stale maps behind).
   */
  bulkAdding(): () => void {
    const tree = this._index;
    const maps = new Map<string, FieldTermData>();
    const fetch = tree.fetch.bind(tree);
    // An own property shadows the tree's method for this instance only, until done.
    tree.fetch = (term, initial) => {
      let data = maps.get(term);
      if (data === undefined) {
        data = fetch(term, initial);
        maps.set(term, data);
      }
      return data;
    };
    return () => {
      Reflect.deleteProperty(tree, 'fetch');
      maps.clear();
    };
  }

  /** The state the compact form saves besides the terms. */
  state(): SearchState {
    return {
      documentCount: this._documentCount,
      nextId: this._nextId,
      documentIds: this._documentIds as Map<number, number>,
      idToShortId: this._idToShortId as Map<number, number>,
      fieldIds: this._fieldIds,
      fieldLength: this._fieldLength,
      avgFieldLength: this._avgFieldLength,
      dirtCount: this._dirtCount,
    };
  }

  /** Puts back what {@link PassageSearch.state} gave, once the terms are set on {@link PassageSearch.terms}. */
  restore(state: SearchState): void {
    this._documentCount = state.documentCount;
    this._nextId = state.nextId;
    this._documentIds = state.documentIds;
    this._idToShortId = state.idToShortId;
    this._fieldIds = state.fieldIds;
    this._fieldLength = state.fieldLength;
    this._avgFieldLength = state.avgFieldLength;
    this._dirtCount = state.dirtCount;
  }
}

/** MiniSearch's radix tree of terms, as {@link PassageSearch.terms} hands it out. */
export type TermTree = PassageSearch['terms'];

export function miniSearchOptions() {
  // Every passage of a section repeats its heading path: analyze each distinct one once.
  const headings = new Map<string, string[]>();
  return {
    idField: 'i',
    fields: FIELDS,
    storeFields: [] as string[],
    // The analyzer does all the work, so index and query agree term for term.
    tokenize: (text: string, field?: string) => {
      if (field !== 'heading') return analyze(text);
      let terms = headings.get(text);
      if (terms === undefined) {
        terms = analyze(text);
        if (headings.size >= 10_000) headings.clear();
        headings.set(text, terms);
      }
      return terms;
    },
    processTerm: (term: string) => term,
    searchOptions: { tokenize: (text: string) => analyze(text), processTerm: (term: string) => term },
  };
}

export function headingOf(passage: Passage): string {
  const parts =
    passage.headingPath[0] === passage.document ? passage.headingPath : [passage.document, ...passage.headingPath];
  return parts.join(' / ');
}

/**
 * MiniSearch's index in a compact form for the on-disk cache: per term and field, the short ids
 * (delta-coded) and frequencies, as variable-length integers in one base64 string. `MiniSearch.toJSON`
 * writes an object per posting list and `loadJS` walks it with `Object.entries` + `parseInt` per
 * posting: at 100k passages that was a 43 MB file whose `JSON.parse` + load took ~1.4 s of CPU; JSON
 * number arrays still cost ~0.25 s to parse and a large garbage-collected heap. Bytes decode in a
 * tight loop straight into MiniSearch's own maps.
 */
export interface CompactIndex {
  readonly format: 'parley-postings-2';
  readonly documentCount: number;
  readonly nextId: number;
  readonly fieldIds: Record<string, number>;
  readonly averageFieldLength: number[];
  readonly dirtCount: number;
  /** Number of documents, then per document: short id, passage index, the length of each field (-1: none). Varints, base64. */
  readonly documents: string;
  readonly terms: string[];
  /**
   * Per term, in `terms` order: the number of fields, then per field its id, the number of
   * postings n, n short-id deltas and n frequencies. Varints, base64.
   */
  readonly postings: string;
}

/** Writes integers as zigzag LEB128 varints (1 byte for 0–63, the usual delta or frequency). */
class VarintWriter {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;

  push(n: number): void {
    if (!Number.isSafeInteger(n)) throw new Error(`Parley: compactIndex met a non-integer (${n})`);
    let z = n >= 0 ? n * 2 : -n * 2 - 1;
    if (this.length + 8 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    while (z >= 128) {
      this.bytes[this.length++] = (z % 128) | 128;
      z = Math.floor(z / 128);
    }
    this.bytes[this.length++] = z;
  }

  base64(): string {
    return Buffer.from(this.bytes.buffer, 0, this.length).toString('base64');
  }
}

/** Reads what {@link VarintWriter} wrote; throws a `Parley:` error past the end. */
class VarintReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  next(): number {
    const { bytes } = this;
    if (this.at >= bytes.length) throw new Error('Parley: cached postings are truncated');
    const first = bytes[this.at++] as number;
    // Most deltas and frequencies are one byte: decode those without the loop.
    if (first < 128) return (first >>> 1) ^ -(first & 1);
    let z = first & 127;
    let scale = 128;
    for (;;) {
      if (this.at >= bytes.length) throw new Error('Parley: cached postings are truncated');
      const b = bytes[this.at++] as number;
      z += (b & 127) * scale;
      if (b < 128) break;
      scale *= 128;
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

/** The compact form of a {@link PassageSearch}. */
export function compactIndex(search: PassageSearch): CompactIndex {
  const state = search.state();
  const fieldCount = FIELDS.length;
  const documents = new VarintWriter();
  documents.push(state.documentIds.size);
  for (const [shortId, id] of state.documentIds) {
    documents.push(shortId);
    documents.push(id);
    const lengths = state.fieldLength.get(shortId);
    for (let f = 0; f < fieldCount; f++) documents.push(lengths?.[f] ?? -1);
  }
  const terms: string[] = [];
  const postings = new VarintWriter();
  for (const [term, data] of search.terms) {
    terms.push(term);
    postings.push(data.size);
    for (const [fieldId, freqs] of data) {
      postings.push(fieldId);
      postings.push(freqs.size);
      let previous = 0;
      for (const shortId of freqs.keys()) {
        postings.push(shortId - previous);
        previous = shortId;
      }
      for (const freq of freqs.values()) postings.push(freq);
    }
  }
  return {
    format: 'parley-postings-2',
    documentCount: state.documentCount,
    nextId: state.nextId,
    fieldIds: state.fieldIds,
    averageFieldLength: state.avgFieldLength,
    dirtCount: state.dirtCount,
    documents: documents.base64(),
    terms,
    postings: postings.base64(),
  };
}

/**
 * A {@link PassageSearch} from its {@link compactIndex} form. Throws a
 * `Parley:` error for data that is not one, so a cache can rebuild instead.
 *
 * @example
 * const search = loadCompactIndex(JSON.parse(JSON.stringify(compactIndex(built))));
 */
export function loadCompactIndex(data: unknown): PassageSearch {
  const steps = compactLoading(data);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** {@link loadCompactIndex}, yielding to the event loop every thousand terms (for a load while serving). */
export async function loadCompactIndexAsync(data: unknown): Promise<PassageSearch> {
  const steps = compactLoading(data);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const TERMS_PER_STEP = 1_000;

function* compactLoading(data: unknown): Generator<void, PassageSearch> {
  const c = data as Partial<CompactIndex> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    c.format !== 'parley-postings-2' ||
    typeof c.documentCount !== 'number' ||
    typeof c.nextId !== 'number' ||
    typeof c.fieldIds !== 'object' ||
    (c.fieldIds as object | null) === null || // untrusted JSON: null whatever the type says
    !Array.isArray(c.averageFieldLength) ||
    typeof c.documents !== 'string' ||
    !Array.isArray(c.terms) ||
    typeof c.postings !== 'string'
  ) {
    throw new Error('Parley: cached postings are malformed');
  }
  const search = new PassageSearch();
  const terms = search.terms;
  const fieldCount = FIELDS.length;
  const documents = new VarintReader(Buffer.from(c.documents, 'base64'));
  const documentIds = new Map<number, number>();
  const idToShortId = new Map<number, number>();
  const fieldLength = new Map<number, number[]>();
  for (let k = documents.next(); k > 0; k--) {
    const shortId = documents.next();
    const id = documents.next();
    documentIds.set(shortId, id);
    idToShortId.set(id, shortId);
    const lengths: number[] = [];
    for (let f = 0; f < fieldCount; f++) {
      const length = documents.next();
      if (length >= 0) lengths[f] = length;
    }
    fieldLength.set(shortId, lengths);
  }
  if (!documents.done) throw new Error('Parley: cached postings are malformed (documents)');
  const postings = new VarintReader(Buffer.from(c.postings, 'base64'));
  const shortIds: number[] = [];
  let loaded = 0;
  for (const term of c.terms) {
    if (++loaded % TERMS_PER_STEP === 0) yield;
    if (typeof term !== 'string') throw new Error('Parley: cached postings are malformed (terms)');
    const entry: FieldTermData = new Map();
    for (let f = postings.next(); f > 0; f--) {
      const fieldId = postings.next();
      const n = postings.next();
      const freqs = new Map<number, number>();
      let shortId = 0;
      shortIds.length = 0;
      for (let k = 0; k < n; k++) {
        shortId += postings.next();
        shortIds.push(shortId);
      }
      for (let k = 0; k < n; k++) freqs.set(shortIds[k] as number, postings.next());
      entry.set(fieldId, freqs);
    }
    terms.set(term, entry);
  }
  if (!postings.done) throw new Error('Parley: cached postings are malformed (length)');
  search.restore({
    documentCount: c.documentCount,
    nextId: c.nextId,
    documentIds,
    idToShortId,
    fieldIds: c.fieldIds,
    fieldLength,
    avgFieldLength: c.averageFieldLength,
    dirtCount: typeof c.dirtCount === 'number' ? c.dirtCount : 0,
  });
  return search;
}

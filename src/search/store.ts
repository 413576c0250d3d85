/**
 * What MiniSearch stores per passage and how Parley reads it back: the indexed fields, the options
 * (the analyzer does all the tokenizing), and read access to the posting lists MiniSearch keeps.
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

export type FieldTermData = Map<number, Map<number, number>>;
export interface TermTree {
  get(term: string): FieldTermData | undefined;
  fuzzyGet(term: string, maxEditDistance: number): Map<string, [FieldTermData, number]>;
  atPrefix(prefix: string): { entries(): IterableIterator<[string, FieldTermData]> };
}

/** Read access to the index MiniSearch keeps, for our own scoring of its posting lists. */
export class MiniSearchInternals extends MiniSearch<IndexedPassage> {
  static of(search: MiniSearch<IndexedPassage>) {
    const inner = search as MiniSearchInternals;
    return {
      tree: inner._index as unknown as TermTree,
      documentIds: inner._documentIds as Map<number, number>,
      fieldLength: inner._fieldLength,
      avgFieldLength: inner._avgFieldLength,
      fieldIds: inner._fieldIds,
    };
  }
}

/**
 * Speeds up `search.add()` for a bulk build: MiniSearch finds a term's posting maps by walking its
 * radix tree once per token (about half the build time at 100k passages); here each term's maps are
 * found once and then kept in a hash map, so the next occurrences are one lookup. The tree itself is
 * filled exactly as MiniSearch fills it (the maps are the tree's own), so the index, its JSON and its
 * answers do not change. Only for adding: call the returned function when done (removing documents
 * would leave stale maps behind).
 */
export function bulkAdding(search: MiniSearch<IndexedPassage>): () => void {
  const inner = search as unknown as {
    _index: { fetch(term: string, create: () => FieldTermData): FieldTermData };
    addTerm?: (fieldId: number, documentId: number, term: string) => void;
  };
  const maps = new Map<string, FieldTermData>();
  const tree = inner._index;
  const create = () => new Map<number, Map<number, number>>();
  // An own property shadows MiniSearch's private prototype method for this instance only.
  inner.addTerm = (fieldId, documentId, term) => {
    let data = maps.get(term);
    if (data === undefined) {
      data = tree.fetch(term, create);
      maps.set(term, data);
    }
    const field = data.get(fieldId);
    if (field === undefined) data.set(fieldId, new Map([[documentId, 1]]));
    else field.set(documentId, (field.get(documentId) ?? 0) + 1);
  };
  return () => {
    delete inner.addTerm;
    maps.clear();
  };
}

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
  const parts = passage.headingPath[0] === passage.document ? passage.headingPath : [passage.document, ...passage.headingPath];
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

/** Internals of MiniSearch read and written by the compact form (MiniSearch 7). */
interface MiniSearchState {
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, number>;
  _idToShortId: Map<number, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _dirtCount: number;
  _index: { set(term: string, data: FieldTermData): unknown; [Symbol.iterator](): Iterator<[string, FieldTermData]> };
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

/** The compact form of a MiniSearch index made with {@link miniSearchOptions}. */
export function compactIndex(search: MiniSearch<IndexedPassage>): CompactIndex {
  const state = search as unknown as MiniSearchState;
  const fieldCount = FIELDS.length;
  const documents = new VarintWriter();
  documents.push(state._documentIds.size);
  for (const [shortId, id] of state._documentIds) {
    documents.push(shortId);
    documents.push(id);
    const lengths = state._fieldLength.get(shortId);
    for (let f = 0; f < fieldCount; f++) documents.push(lengths?.[f] ?? -1);
  }
  const terms: string[] = [];
  const postings = new VarintWriter();
  for (const [term, data] of state._index) {
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
    documentCount: state._documentCount,
    nextId: state._nextId,
    fieldIds: state._fieldIds,
    averageFieldLength: state._avgFieldLength,
    dirtCount: state._dirtCount,
    documents: documents.base64(),
    terms,
    postings: postings.base64(),
  };
}

/**
 * A MiniSearch index (with {@link miniSearchOptions}) from its {@link compactIndex} form. Throws a
 * `Parley:` error for data that is not one, so a cache can rebuild instead.
 *
 * @example
 * const search = loadCompactIndex(JSON.parse(JSON.stringify(compactIndex(built))));
 */
export function loadCompactIndex(data: unknown): MiniSearch<IndexedPassage> {
  const steps = compactLoading(data);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** {@link loadCompactIndex}, yielding to the event loop every thousand terms (for a load while serving). */
export async function loadCompactIndexAsync(data: unknown): Promise<MiniSearch<IndexedPassage>> {
  const steps = compactLoading(data);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const TERMS_PER_STEP = 1_000;

function* compactLoading(data: unknown): Generator<void, MiniSearch<IndexedPassage>> {
  const c = data as Partial<CompactIndex> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    c.format !== 'parley-postings-2' ||
    typeof c.documentCount !== 'number' ||
    typeof c.nextId !== 'number' ||
    typeof c.fieldIds !== 'object' ||
    c.fieldIds === null ||
    !Array.isArray(c.averageFieldLength) ||
    typeof c.documents !== 'string' ||
    !Array.isArray(c.terms) ||
    typeof c.postings !== 'string'
  ) {
    throw new Error('Parley: cached postings are malformed');
  }
  const search = new MiniSearch<IndexedPassage>(miniSearchOptions());
  const state = search as unknown as MiniSearchState;
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
    state._index.set(term, entry);
  }
  if (!postings.done) throw new Error('Parley: cached postings are malformed (length)');
  state._documentCount = c.documentCount;
  state._nextId = c.nextId;
  state._documentIds = documentIds;
  state._idToShortId = idToShortId;
  state._fieldIds = c.fieldIds;
  state._fieldLength = fieldLength;
  state._avgFieldLength = c.averageFieldLength;
  state._dirtCount = typeof c.dirtCount === 'number' ? c.dirtCount : 0;
  return search;
}

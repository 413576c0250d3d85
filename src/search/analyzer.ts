/**
 * The one analyzer used at index time and at query time: Unicode normalization, tokenization that
 * keeps numbers and handles apostrophes, English stop words, Porter2 stemming.
 *
 * Index and query must agree term for term, so nothing else in the project turns text into terms.
 */
import stemWord from 'wink-porter2-stemmer';
import { eng as STOPWORD_ENG } from 'stopword';

/** A word of some text, with where it sits in that text (offsets index the string given to {@link tokenize}). */
export interface Token {
  /** Normalized form: NFKC, lower case, no diacritics, no apostrophes, no invisible characters. */
  readonly norm: string;
  /** Index term: the stem of `norm` (numbers are kept as written), or `null` for a stop word. */
  readonly term: string | null;
  /** Offset of the first character in the original text. */
  readonly start: number;
  /** Offset after the last character in the original text. */
  readonly end: number;
  /** The word is a number (`2018`, `3.67`, `1,000`). */
  readonly numeric: boolean;
  /** The surface word starts with an upper-case letter (a hint for names; unreliable at sentence start). */
  readonly capitalized: boolean;
}

/**
 * Question words, auxiliaries, contractions typed without their apostrophe and casual fillers: words
 * that say how something is asked, not what it is about. `us` is deliberately not a stop word: in a
 * corpus about diplomacy it is the United States far more often than the pronoun.
 */
const EXTRA_STOP_WORDS = [
  'why',
  'whom',
  'whose',
  'when',
  'whats',
  'whos',
  'wheres',
  'whens',
  'hows',
  'whys',
  'does',
  'doesnt',
  'dont',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'hasnt',
  'havent',
  'hadnt',
  'wont',
  'wouldnt',
  'cant',
  'cannot',
  'couldnt',
  'shouldnt',
  'im',
  'ive',
  'youre',
  'theyre',
  'theyve',
  'weve',
  'whenever',
  'wherever',
  'its',
  'it',
  'itself',
  'themselves',
  'herself',
  'yourself',
  'ourselves',
  'she',
  'hers',
  'ours',
  'yours',
  'doing',
  'done',
  'having',
  'will',
  'shall',
  'may',
  'ever',
  'even',
  'just',
  'really',
  'actually',
  'also',
  'gonna',
  'wanna',
  'gotta',
  'kinda',
  'sorta',
  'lol',
  'pls',
  'please',
  'tell',
  'know',
  'anything',
  'something',
  // Indefinite pronouns say who might help, not what is asked about ("anyone know a good …").
  'anyone',
  'anybody',
  'someone',
  'somebody',
  'everyone',
  'everybody',
  'everything',
  'nobody',
  'whoever',
  'whatever',
  'thing',
  'things',
  'stuff',
  'else',
  'exactly',
  'so',
  'not',
  'no',
  'nor',
  'yet',
  'a',
  'an',
  'the',
  'of',
  'there',
  'here',
  'us',
  'one',
  'ones',
  'which',
  'what',
  'who',
  'where',
  'how',
  'whether',
  'why',
  'against',
  'own',
  'off',
  'down',
  'few',
  'until',
  'above',
  'below',
  'once',
  'any',
  'both',
  'each',
  'why',
  'theirs',
  'what',
  'etc',
  'via',
  'per',
  'upon',
  'onto',
  'whilst',
  'whereas',
  // Small number words mostly count the parties ("the two sides"), not what is asked about.
  'two',
  'both',
  'though',
  'although',
  'unless',
  'without',
  'within',
  'across',
  'along',
  'around',
  'among',
  'amongst',
];

/** English stop words (the `stopword` package) plus question words and fillers; `us` stays a word. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [...STOPWORD_ENG, ...EXTRA_STOP_WORDS].filter((word) => word !== 'us'),
);

/**
 * Characters that are dropped inside words: zero-width (space, joiners, word joiner, BOM), soft
 * hyphen and the bidirectional controls. They are invisible, so a word containing one must still be
 * the same word.
 */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;

/**
 * A word: a dotted acronym (`U.S.`), or letters/digits with inner apostrophes (`Iran’s`, `haven't`)
 * and decimal or thousands separators between digits (`3.67`, `1,000`). Invisible characters may
 * sit inside. Hyphens, slashes and everything else separate words. The acronym part is bounded:
 * unbounded, a long run of `a.a.a.…` made every start position rescan the run (quadratic).
 */
const WORD =
  /(?:\p{L}\.){2,32}(?!\p{L})|[\p{L}\p{N}][\p{L}\p{M}\p{N}\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]*(?:['’ʼ][\p{L}\p{M}]+)*(?:[.,]\p{N}+)*/gu;

const DIGIT = /\p{N}/u;
const ASCII_WORD = /^[A-Za-z]+$/;
const UPPER_START = /^\p{Lu}/u;
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['’ʼ]/gu;

/** Unicode NFKC, invisible characters removed, lower case, diacritics removed. */
export function fold(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(MARKS, '')
    .normalize('NFC');
}

const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 200_000;

/**
 * Porter2 stem of a normalized word, memoized (questions and passages repeat words).
 *
 * @example
 * stem('negotiations') // 'negoti'
 */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = DIGIT.test(word) ? word : stemWord(word);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Normalized form of one surface word: folded, possessive `'s` dropped, other apostrophes removed, thousands separators removed. */
export function normalizeWord(surface: string): string {
  // Plain ASCII letters are most words of most corpora: skip the Unicode round trips for them.
  if (ASCII_WORD.test(surface)) return surface.toLowerCase();
  // A ligature may unfold into several words (U+FDFA into four): it was one word as typed.
  let word = fold(surface).replace(/\s+/gu, '');
  if (word.includes('.') && /^(?:\p{L}\.){2,}$/u.test(word)) return word.replace(/\./g, '');
  word = word.replace(/['’ʼ]s$/u, '').replace(APOSTROPHES, '');
  if (DIGIT.test(word)) {
    // 1,000 → 1000 but keep 3.67; a trailing ",2" style list is rare enough to ignore.
    word = word.replace(/,(?=\d{3}(?:\D|$))/g, '');
  }
  return word;
}

/**
 * Irregular past forms that Porter2 cannot reduce ("met" stays "met"), mapped to their base so a
 * question saying "met" finds a passage saying "meeting". Forms that are also common nouns or
 * adjectives ("saw", "left", "rose", "fell") are left alone.
 */
const IRREGULAR: ReadonlyMap<string, string> = new Map(
  Object.entries({
    met: 'meet',
    went: 'go',
    gone: 'go',
    held: 'hold',
    took: 'take',
    taken: 'take',
    made: 'make',
    gave: 'give',
    given: 'give',
    began: 'begin',
    begun: 'begin',
    brought: 'bring',
    thought: 'think',
    told: 'tell',
    kept: 'keep',
    sat: 'sit',
    stood: 'stand',
    won: 'win',
    sought: 'seek',
    caught: 'catch',
    bought: 'buy',
    wrote: 'write',
    written: 'write',
    spoke: 'speak',
    spoken: 'speak',
    broke: 'break',
    broken: 'break',
    chose: 'choose',
    chosen: 'choose',
    knew: 'know',
    known: 'know',
    threw: 'throw',
    thrown: 'throw',
    drew: 'draw',
    drawn: 'draw',
    withdrew: 'withdraw',
    withdrawn: 'withdraw',
    ran: 'run',
    came: 'come',
    became: 'become',
    felt: 'feel',
    meant: 'mean',
    heard: 'hear',
    struck: 'strike',
    sent: 'send',
    spent: 'spend',
    built: 'build',
    paid: 'pay',
    fought: 'fight',
    taught: 'teach',
    led: 'lead',
    grew: 'grow',
    grown: 'grow',
    flew: 'fly',
    flown: 'fly',
    understood: 'understand',
    undertook: 'undertake',
    forgot: 'forget',
    forgotten: 'forget',
    overcame: 'overcome',
    ate: 'eat',
    eaten: 'eat',
    shook: 'shake',
    shaken: 'shake',
    hid: 'hide',
    hidden: 'hide',
    sold: 'sell',
    lost: 'lose',
    sped: 'speed',
    slid: 'slide',
    spun: 'spin',
    stuck: 'stick',
    swore: 'swear',
    sworn: 'swear',
    tore: 'tear',
    torn: 'tear',
    wore: 'wear',
    worn: 'wear',
    woke: 'wake',
    woken: 'wake',
    bore: 'bear',
    borne: 'bear',
    forbade: 'forbid',
    forbidden: 'forbid',
    foresaw: 'foresee',
    foreseen: 'foresee',
  }),
);

/** Prefixes that make a new verb of an irregular one and keep its forms ("rewrite", "rewrote", "rewritten"). */
const VERB_PREFIX = /^(re|over|under|mis|out|fore)(?=[a-z]{3})/;
/** Words that look prefixed but are verbs of their own ("resent" is to feel bitter, not "sent again"). */
const NOT_PREFIXED = new Set(['resent']);

/** The base of an irregular past form ("told" → "tell", "rewritten" → "rewrite"), else the word itself. */
export function baseForm(norm: string): string {
  const base = IRREGULAR.get(norm);
  if (base !== undefined) return base;
  const prefix = VERB_PREFIX.exec(norm)?.[0];
  if (prefix === undefined || NOT_PREFIXED.has(norm)) return norm;
  const rest = IRREGULAR.get(norm.slice(prefix.length));
  return rest === undefined ? norm : prefix + rest;
}

/** The index term of a normalized word, or `null` for a stop word. */
export function termOf(norm: string): string | null {
  if (norm.length === 0 || STOP_WORDS.has(norm)) return null;
  return stem(baseForm(norm));
}

/** Options of {@link tokenize}. */
export interface TokenizeOptions {
  /** Also give the closed form of each two-part hyphenated word ("e-mail" → "email"), after its parts (default false). */
  readonly compounds?: boolean;
}

/** A hyphen (ASCII or Unicode) between two words written together. */
const HYPHENS = new Set(['-', '\u2010', '\u2011']);
const LETTERS = /^\p{L}+$/u;

/**
 * The closed form of a hyphenated word of exactly two parts, each letters only ("e-mail" →
 * "email", "set-up" → "setup"), or null. English writes many compounds both ways, and a member
 * types the closed one; longer chains ("state-of-the-art") and codes ("x86-64") are left alone.
 */
function closedForm(
  text: string,
  first: string,
  firstStart: number,
  second: string,
  secondStart: number,
): string | null {
  const firstEnd = firstStart + first.length;
  if (secondStart !== firstEnd + 1 || !HYPHENS.has(text[firstEnd] ?? '')) return null;
  if (HYPHENS.has(text[firstStart - 1] ?? '') || HYPHENS.has(text[secondStart + second.length] ?? '')) return null;
  if (!LETTERS.test(first) || !LETTERS.test(second)) return null;
  return normalizeWord(first + second);
}

/**
 * Splits text into words with their offsets, normalized forms and index terms.
 *
 * @example
 * tokenize('Iran’s 3.67% level').map((t) => t.term) // ['iran', '3.67', 'level']
 * tokenize('send an e-mail', { compounds: true }).map((t) => t.norm) // ['send', 'an', 'e', 'mail', 'email']
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const tokens: Token[] = [];
  const compounds = options.compounds === true;
  let previousSurface = '';
  let previousStart = -2;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    const surface = match[0];
    const norm = normalizeWord(surface);
    if (norm.length === 0) continue;
    const end = match.index + surface.length;
    tokens.push({
      norm,
      term: termOf(norm),
      start: match.index,
      end,
      numeric: DIGIT.test(norm),
      capitalized: UPPER_START.test(surface),
    });
    if (!compounds) continue;
    const closed = closedForm(text, previousSurface, previousStart, surface, match.index);
    if (closed !== null) {
      tokens.push({
        norm: closed,
        term: termOf(closed),
        start: previousStart,
        end,
        numeric: false,
        capitalized: UPPER_START.test(previousSurface),
      });
    }
    previousSurface = surface;
    previousStart = match.index;
  }
  return tokens;
}

/**
 * The index terms of some text, in order, stop words left out; a two-part hyphenated word also
 * gives its closed form ("e-mail" → "e", "mail", "email"), so a member typing "email" finds it.
 *
 * @example
 * analyze('What enrichment level would Iran go back to?') // ['enrich', 'level', 'iran', 'go', 'back']
 */
export function analyze(text: string): string[] {
  // The indexing hot path: same words as tokenize(), without building Token objects, and one map
  // lookup per word once a surface form has been seen.
  const terms: string[] = [];
  let previousSurface = '';
  let previousStart = -2;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    const surface = match[0];
    let term = termCache.get(surface);
    if (term === undefined) {
      term = termOf(normalizeWord(surface)) ?? '';
      if (termCache.size >= TERM_CACHE_MAX) termCache.clear();
      termCache.set(surface, term);
    }
    if (term !== '') terms.push(term);
    // Only two words one character apart can be a hyphenated pair: most words skip the check.
    if (match.index === previousStart + previousSurface.length + 1) {
      const closed = closedForm(text, previousSurface, previousStart, surface, match.index);
      const closedTerm = closed === null ? null : termOf(closed);
      if (closedTerm !== null) terms.push(closedTerm);
    }
    previousSurface = surface;
    previousStart = match.index;
  }
  return terms;
}

/** Surface word → index term ('' for a stop word). */
const termCache = new Map<string, string>();
const TERM_CACHE_MAX = 300_000;

/**
 * Edit distance as typos happen: insertions, deletions, substitutions and the swap of two adjacent
 * letters each count one (optimal string alignment, restricted Damerau: "recieve" → "receive" is 1,
 * where Levenshtein says 2). Stops early once every path exceeds `max`, returning `max + 1` then.
 *
 * @example
 * editDistance('memebr', 'member', 2) // 1
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        value = Math.min(value, (beforePrevious[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return Math.min(previous[b.length] as number, max + 1);
}

/**
 * Paragraph → passages, and sentence splitting (also used by search to pick the best sentence).
 *
 * Sentence splitting is our own: `sentence-splitter` agreed with it on the seed except for one
 * boundary it missed after a closing quote, but spent ~4 ms per paragraph scanning its
 * abbreviation lists at every word (a 100k-passage corpus would take minutes to load); this is a
 * single regex pass with set look-ups (~0.07 ms per paragraph).
 */

/** Options of {@link splitParagraph}. All optional. */
export interface SplitOptions {
  /** A paragraph longer than this is split at sentence boundaries into balanced parts; no prose part is longer (default 1000). */
  readonly targetChars?: number;
}

export const defaultSplitOptions: Required<SplitOptions> = {
  targetChars: 1000,
};

/** Titles before a name: never the end of a sentence ("Dr. Smith"). */
const TITLES = new Set(
  'mr mrs ms mx dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt insp messrs mme mlle'.split(' '),
);
/** Abbreviations that usually go on ("approx. 40", "Jan. 5"), but may end a sentence before a clear sentence opener. */
const ABBREVIATIONS = new Set(
  'vs etc al approx est dept univ inc ltd co corp bros ave rd blvd assn intl govt jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun cf ca resp'.split(
    ' ',
  ),
);
/** Abbreviations that only go on before a number ("No. 5", "p. 12", "Fig. 3"). */
const NUMBERED = new Set('no nos p pp vol vols fig figs art sec ch para eq op'.split(' '));
/** Words that start sentences far more often than they follow an abbreviation mid-sentence. */
const OPENERS = new Set(
  'the a an he she it they we i you this that these those there here his her its their our but and so yet however meanwhile still then now in on at for as after before when while if although though since because despite officials many some both neither one two'.split(
    ' ',
  ),
);

// No lookahead for the space after the mark: with one, a long run of dots not followed by a space
// is rescanned from every dot (quadratic); the space is checked after the match instead.
const TERMINATOR = /[.!?…]+["”’'»)\]]*|\n/gu;

/**
 * Splits text into sentences, each a verbatim (trimmed) substring of `text`, in order. Knows
 * titles and abbreviations ("Dr.", "U.S.", "e.g.", "No. 5"), decimals ("3.67%"), closing quotes
 * and brackets ('He said "no." Then…'), "?!" and "…"; a line break always ends a sentence (list
 * items, code lines).
 *
 * @example
 * splitSentences('Dr. Smith met U.S. officials. Iran offered 3.67%.');
 * // → ['Dr. Smith met U.S. officials.', 'Iran offered 3.67%.']
 */
export function splitSentences(text: string): string[] {
  return sentenceRanges(text).map(([start, end]) => text.slice(start, end));
}

/** `[start, end)` offsets of the sentences of `text` (trimmed, non-empty, in order, non-overlapping). */
export function sentenceRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const push = (s: number, e: number): void => {
    const [a, b] = trimRange(text, s, e);
    if (b > a) ranges.push([a, b]);
  };
  let from = 0;
  TERMINATOR.lastIndex = 0;
  for (let m = TERMINATOR.exec(text); m; m = TERMINATOR.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0] === '\n') {
      push(from, m.index);
      from = end;
      continue;
    }
    if (!/\s/u.test(text[end] ?? '')) continue;
    if (isBoundary(text, m.index, m[0], end)) {
      push(from, end);
      from = end;
    }
  }
  push(from, text.length);
  return ranges;
}

/** Is the terminator `mark` at `at` (ending at `end`, whitespace after) the end of a sentence? */
function isBoundary(text: string, at: number, mark: string, end: number): boolean {
  const next = /^\s*(\S+)/u.exec(text.slice(end, end + 40))?.[1] ?? '';
  if (next === '') return true;
  // A sentence does not start in lower case ("10 a.m. on Friday", "U.S. officials").
  const firstLetter = next.replace(/^["“‘'(\[«¿¡]+/u, '');
  if (/^\p{Ll}/u.test(firstLetter)) return false;
  if (!/^\.["”’'»)\]]*$/u.test(mark) || /["”’'»)\]]$/u.test(mark)) return true; // ?, !, …, or a closing quote
  // A single full stop: look at the word it ends.
  let w = at;
  while (w > 0 && !/[\s"“‘(\[«]/u.test(text[w - 1] ?? '')) w--;
  const word = text.slice(w, at);
  const lower = word.toLowerCase();
  const opener = OPENERS.has(trimNonLetters(firstLetter).toLowerCase());
  if (TITLES.has(lower)) return false;
  if (NUMBERED.has(lower)) return !/^[\d(ivxlcdm]/iu.test(firstLetter);
  if (ABBREVIATIONS.has(lower)) return opener;
  // Initialisms and dotted abbreviations: "U.S", "e.g", "a.m", "J" in "J. Smith".
  if (/^(\p{L}\.)+\p{L}$/u.test(word) || /^\p{Lu}$/u.test(word)) return opener;
  return true;
}

function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return [start, end];
}

/** Word-boundary ranges of `text[start, end)` in pieces of at most `max` chars (a longer single "word" is cut). */
function wordChunks(text: string, start: number, end: number, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = start;
  while (end - s > max) {
    let cut = -1;
    for (let i = s + max; i > s; i--) {
      if (/\s/.test(text[i] ?? '')) {
        cut = i;
        break;
      }
    }
    if (cut <= s) cut = s + max; // no whitespace at all: cut hard rather than exceed the cap
    const [a, b] = trimRange(text, s, cut);
    if (b > a) out.push([a, b]);
    s = cut;
    while (s < end && /\s/.test(text[s] ?? '')) s++;
  }
  const [a, b] = trimRange(text, s, end);
  if (b > a) out.push([a, b]);
  return out;
}

/**
 * Splits a paragraph into passages: itself when it is at most `targetChars` long, else balanced
 * parts cut at sentence boundaries (a sentence longer than the target is cut at word boundaries).
 * Each part is a verbatim substring; every part is at most `targetChars` long.
 *
 * @example
 * splitParagraph(longParagraph, { targetChars: 1000 }); // a 1,500-char paragraph → 2 parts of ~750
 */
export function splitParagraph(text: string, options: SplitOptions = {}): Array<{ text: string; offset: number }> {
  const { targetChars } = { ...defaultSplitOptions, ...options };
  if (!Number.isInteger(targetChars) || targetChars < 20) {
    throw new Error(`Parley: splitParagraph targetChars must be an integer ≥ 20, got ${targetChars}`);
  }
  const [start, end] = trimRange(text, 0, text.length);
  if (end <= start) return [];
  if (end - start <= targetChars) return [{ text: text.slice(start, end), offset: start }];

  // Atoms: sentences, with over-long ones cut at word boundaries.
  const atoms: Array<[number, number]> = [];
  for (const [s, e] of sentenceRanges(text)) {
    if (e - s <= targetChars) atoms.push([s, e]);
    else for (const chunk of wordChunks(text, s, e, targetChars)) atoms.push(chunk);
  }
  const groups = balancedGroups(atoms, targetChars);
  return groups.map(([s, e]) => ({ text: text.slice(s, e), offset: s }));
}

/**
 * Groups consecutive atoms into the fewest parts that fit `max`, then evens them out: among
 * partitions into that many parts, picks the one whose longest part is shortest.
 */
function balancedGroups(atoms: Array<[number, number]>, max: number): Array<[number, number]> {
  const n = atoms.length;
  if (n === 0) return [];
  // The loops below keep every index in 0..n-1; one out of range is a bug, not a short paragraph.
  const atom = (i: number): [number, number] => {
    const found = atoms[i];
    if (!found) throw new RangeError(`Parley: atom ${i} of ${n} is out of range`);
    return found;
  };
  const spanLen = (i: number, j: number): number => atom(j)[1] - atom(i)[0]; // atoms i..j inclusive
  // Fewest parts, greedily (each atom fits on its own, so this terminates).
  let k = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && spanLen(i, j + 1) <= max) j++;
    k++;
    i = j + 1;
  }
  if (k === 1) return [[atom(0)[0], atom(n - 1)[1]]];
  // Minimise the longest part over partitions into exactly k parts: binary search on the width.
  const fits = (width: number): boolean => {
    let parts = 0;
    for (let i = 0; i < n; ) {
      if (spanLen(i, i) > width) return false;
      let j = i;
      while (j + 1 < n && spanLen(i, j + 1) <= width) j++;
      parts++;
      i = j + 1;
    }
    return parts <= k;
  };
  let lo = 1;
  let hi = max;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) hi = mid;
    else lo = mid + 1;
  }
  // Greedy at the optimal width can leave a short last part; cut each part nearest its ideal share instead.
  const width = lo;
  const groups: Array<[number, number]> = [];
  let i = 0;
  for (let part = 0; part < k && i < n; part++) {
    const remainingParts = k - part;
    if (remainingParts === 1) {
      groups.push([atom(i)[0], atom(n - 1)[1]]);
      i = n;
      break;
    }
    const ideal = spanLen(i, n - 1) / remainingParts;
    let j = i;
    let best = i;
    let bestDiff = Math.abs(spanLen(i, i) - ideal);
    while (j + 1 < n && spanLen(i, j + 1) <= width && n - (j + 2) >= remainingParts - 1) {
      j++;
      const diff = Math.abs(spanLen(i, j) - ideal);
      if (diff < bestDiff) {
        best = j;
        bestDiff = diff;
      }
    }
    // The rest must still fit in the remaining parts at this width; otherwise take as much as allowed.
    if (!restFits(best + 1)) best = j;
    groups.push([atom(i)[0], atom(best)[1]]);
    i = best + 1;

    function restFits(from: number): boolean {
      let parts = 0;
      for (let a = from; a < n; ) {
        let b = a;
        while (b + 1 < n && spanLen(a, b + 1) <= width) b++;
        parts++;
        a = b + 1;
      }
      return parts <= remainingParts - 1;
    }
  }
  if (i < n) groups.push([atom(i)[0], atom(n - 1)[1]]); // unreachable in practice; never drop text
  return groups;
}

/** `word` without the non-letters at its end ("however," → "however"), by a scan: linear on any input. */
function trimNonLetters(word: string): string {
  let end = word.length;
  while (end > 0 && !/\p{L}/u.test(word[end - 1] ?? '')) end--;
  return word.slice(0, end);
}

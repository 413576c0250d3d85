/**
 * Paragraph → passages, and sentence splitting (also used by search to pick the best sentence).
 *
 * Sentence boundaries come from `sentence-splitter` (textlint), which knows abbreviations
 * ("U.S.", "Dr."), decimals ("3.67%") and quotes, and reports source ranges so every sentence we
 * return is a verbatim substring of the input.
 */
import { split as splitToNodes } from 'sentence-splitter';

/** Options of {@link splitParagraph}. All optional. */
export interface SplitOptions {
  /** A paragraph longer than this is split at sentence boundaries into balanced parts; no prose part is longer (default 1000). */
  readonly targetChars?: number;
}

export const defaultSplitOptions: Required<SplitOptions> = {
  targetChars: 1000,
};

/**
 * Splits text into sentences, each a verbatim (trimmed) substring of `text`, in order.
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
  if (text.trim() === '') return [];
  let raw: Array<[number, number]>;
  try {
    raw = splitToNodes(text)
      .filter((node) => node.type === 'Sentence')
      .map((node) => [node.range[0], node.range[1]] as [number, number]);
  } catch {
    // The library should not throw, but a splitter must never take the loader down with it.
    raw = [[0, text.length]];
  }
  const ranges: Array<[number, number]> = [];
  for (const [s, e] of raw.flatMap(([s, e]) => splitAfterClosingQuotes(text, s, e))) {
    const [start, end] = trimRange(text, s, e);
    if (end <= start) continue;
    const prev = ranges[ranges.length - 1];
    // A "sentence" starting in lower case ("10 a.m. | on Friday") is almost always a false break.
    if (prev && startsLowercase(text.slice(start, end))) {
      prev[1] = end;
      continue;
    }
    ranges.push([start, end]);
  }
  if (ranges.length === 0) {
    const [start, end] = trimRange(text, 0, text.length);
    return end > start ? [[start, end]] : [];
  }
  return ranges;
}

/**
 * The library keeps quoted and bracketed text inside one sentence even when the sentence ends
 * there ('He said "no." Then he left.'); a sentence end before a closing quote or bracket,
 * followed by a capital, is a boundary.
 */
function splitAfterClosingQuotes(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /[.!?…]+["”’')\]]+(?=\s+["“‘(]?[\p{Lu}\p{N}])/gu;
  const slice = text.slice(start, end);
  let from = 0;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const cut = m.index + m[0].length;
    out.push([start + from, start + cut]);
    from = cut;
  }
  out.push([start + from, end]);
  return out;
}

function startsLowercase(s: string): boolean {
  const first = s.match(/\p{L}/u)?.[0];
  if (!first) return false;
  const firstChar = s[0] ?? '';
  // Only when the sentence starts straight with a letter: "(a) ..." or "'tis" are left alone.
  return firstChar === first && first !== first.toUpperCase() && first === first.toLowerCase();
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
    else atoms.push(...wordChunks(text, s, e, targetChars));
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
  const spanLen = (i: number, j: number): number => atoms[j]![1] - atoms[i]![0]; // atoms i..j inclusive
  // Fewest parts, greedily (each atom fits on its own, so this terminates).
  let k = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && spanLen(i, j + 1) <= max) j++;
    k++;
    i = j + 1;
  }
  if (k === 1) return [[atoms[0]![0], atoms[n - 1]![1]]];
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
      groups.push([atoms[i]![0], atoms[n - 1]![1]]);
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
    groups.push([atoms[i]![0], atoms[best]![1]]);
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
  if (i < n) groups.push([atoms[i]![0], atoms[n - 1]![1]]); // unreachable in practice; never drop text
  return groups;
}

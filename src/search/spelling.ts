/**
 * Corpus words as they are written, for correcting a misspelling that stemming hides: "secuirty"
 * stems to "secuirti", three edits from "secur", but it is one swap from "security". Words are
 * kept in buckets by first letter and length, so a look-up measures a few hundred words, not the
 * whole vocabulary.
 */
import { editDistance } from './analyzer.js';

export class SurfaceSpelling {
  private buckets: Map<string, (readonly [surface: string, stem: string])[]> | null = null;

  /** `surface` maps each index term (a stem) to its commonest written form; read on the first look-up. */
  constructor(private readonly surface: ReadonlyMap<string, string>) {}

  private filled(): Map<string, (readonly [surface: string, stem: string])[]> {
    if (this.buckets !== null) return this.buckets;
    const buckets = new Map<string, (readonly [surface: string, stem: string])[]>();
    for (const [stem, word] of this.surface) {
      if (word.length < 3 || /\d/.test(word)) continue;
      const key = bucketKey(word[0] as string, word.length);
      let bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, (bucket = []));
      bucket.push([word, stem]);
    }
    this.buckets = buckets;
    return buckets;
  }

  /**
   * Index terms whose written form is within `maxEdits` of `word` (a swap of two letters is one
   * edit), with that distance. A misspelling seldom changes the first letter, so only words
   * starting with the same letter are measured, or with the second one when the first two swap.
   */
  near(word: string, maxEdits: number): Map<string, number> {
    const found = new Map<string, number>();
    if (maxEdits <= 0 || word.length < 2) return found;
    const firsts = new Set([word[0] as string, word[1] as string]);
    for (const first of firsts) {
      for (let length = word.length - maxEdits; length <= word.length + maxEdits; length++) {
        for (const [surface, stem] of this.filled().get(bucketKey(first, length)) ?? []) {
          const distance = editDistance(word, surface, maxEdits);
          if (distance > maxEdits) continue;
          const previous = found.get(stem);
          if (previous === undefined || distance < previous) found.set(stem, distance);
        }
      }
    }
    return found;
  }
}

function bucketKey(first: string, length: number): string {
  return `${first}${length}`;
}

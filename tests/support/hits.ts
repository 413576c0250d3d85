/**
 * Highlights for hand-made test passages: the spans the index would find for these words and this
 * sentence (whole words, any case), so render tests can state what they show in words.
 */
import type { Highlights } from '../../src/discord/highlight.js';
import type { Hit, Passage, TextSpan } from '../../src/types.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every whole-word occurrence of `words` in `text` (any case), in reading order. */
export function spansOf(text: string, words: readonly string[]): TextSpan[] {
  const wanted = words.map((w) => w.trim()).filter((w) => w.length > 0);
  if (wanted.length === 0) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${wanted.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  return [...text.matchAll(pattern)]
    .filter((m) => m[0].length > 0)
    .map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Where `sentence` first sits in `text` (an empty span when it is empty or absent). */
export function sentenceSpan(text: string, sentence: string): TextSpan {
  const at = sentence.length > 0 ? text.indexOf(sentence) : -1;
  return at >= 0 ? { start: at, end: at + sentence.length } : { start: 0, end: 0 };
}

/** Highlights of `words` and `sentence` in `text`. */
export function highlights(text: string, words: readonly string[], sentence = ''): Highlights {
  return { sentence: sentenceSpan(text, sentence), terms: spansOf(text, words) };
}

/** A hit on `passage` whose matched words and best sentence are these. */
export function hitOn(passage: Passage, words: readonly string[], sentence = '', score = 1): Hit {
  return {
    passage,
    score,
    matchedTerms: words,
    bestSentence: sentence,
    bestSentenceSpan: sentenceSpan(passage.text, sentence),
    matchedSpans: spansOf(passage.text, words),
  };
}

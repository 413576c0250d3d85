/**
 * Sentence spans of a passage, for picking its best sentence. The boundaries are ingestion's
 * (`sentenceRanges`), so a best sentence is always a verbatim substring of the passage text.
 */
import { sentenceRanges } from '../corpus/split.js';

/** `[start, end)` offsets of the sentences of `text`; the whole text when it has no sentence break. */
export function sentenceSpans(text: string): [number, number][] {
  const spans = sentenceRanges(text);
  return spans.length > 0 ? spans : [[0, text.length]];
}

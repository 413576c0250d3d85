/**
 * Natural-language questions built from passages: 6–12 consecutive words of a random passage,
 * wrapped in a question opener and a stop word or two, as members type them. Deterministic for a
 * seed, so every library answers exactly the same questions.
 */
import type { Corpus } from '../src/types.js';
import { mulberry32, int, pick } from './random.js';
import { core } from './corpora/words.js';

const OPENERS = [
  'what',
  'why does the',
  'how did',
  'when will',
  'who is',
  'where is the',
  'what about the',
  'is it true that',
  'tell me about',
  'how do',
  'why is',
  'what happened with the',
] as const;
const FILLERS = ['the', 'of', 'and', 'in', 'for', 'it', 'that', 'with', 'on', 'a'] as const;

export function makeQuestions(corpus: Corpus, count: number, seed = 99): string[] {
  const random = mulberry32(seed);
  const out: string[] = [];
  if (corpus.passages.length === 0) return out;
  while (out.length < count) {
    const passage = pick(random, corpus.passages);
    const words = passage.text
      .split(/\s+/u)
      .map(core)
      .filter((w) => w !== '');
    if (words.length < 6) continue;
    const length = int(random, 6, Math.min(12, words.length));
    const start = int(random, 0, words.length - length);
    const picked = words.slice(start, start + length).map((w) => w.toLowerCase());
    if (random() < 0.5) picked.splice(int(random, 0, picked.length), 0, pick(random, FILLERS));
    out.push(`${pick(random, OPENERS)} ${picked.join(' ')}?`);
  }
  return out;
}

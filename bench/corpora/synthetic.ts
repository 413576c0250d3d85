/**
 * The worst case: passages of ~60 words made from the seed's own sentences with half of their
 * content words swapped for words drawn uniformly from the seed's vocabulary. Sentence shape and
 * function words stay natural, but no content word is rare: every question word hits a large,
 * flat share of the corpus — the case where plain MiniSearch scores almost every passage.
 */
import { readFileSync } from 'node:fs';
import type { Corpus } from '../../src/types.js';
import { mulberry32, int, pick } from '../random.js';
import { assembleCorpus } from './assemble.js';
import { core, sentences, STOP_WORDS, titleCase } from './words.js';

export const SEED_FILE = new URL('../../corpus/iran-us-talks.txt', import.meta.url);

export interface SyntheticOptions {
  readonly passages: number;
  /** PRNG seed (default 7). */
  readonly seed?: number;
  /** Words per passage, roughly (default 60). */
  readonly words?: number;
  /** Share of content words replaced by a uniformly drawn vocabulary word (default 0.5). */
  readonly swap?: number;
  /** Seed text (default: corpus/iran-us-talks.txt). */
  readonly text?: string;
}

/**
 * @example
 * const corpus = syntheticCorpus({ passages: 10_000 });
 */
export function syntheticCorpus(options: SyntheticOptions): Corpus {
  const { passages, seed = 7, words = 60, swap = 0.5 } = options;
  const text = options.text ?? readFileSync(SEED_FILE, 'utf8');
  const random = mulberry32(seed);
  // Tokens are split once; `swappable` marks content words (the only ones ever replaced).
  const templates = sentences(text.replace(/\r?\n+/g, ' ')).map((s) =>
    s.split(/\s+/u).map((token) => {
      const c = core(token);
      return { token, core: c, swappable: c !== '' && !STOP_WORDS.has(c.toLowerCase()), upper: c !== c.toLowerCase() };
    }),
  );
  const vocabulary = [...new Set(text.toLowerCase().split(/\s+/u).map(core))].filter(
    (w) => w.length > 2 && !STOP_WORDS.has(w) && /^\p{L}[\p{L}'’-]*$/u.test(w),
  );

  const nextText = (): string => {
    const out: string[] = [];
    const target = int(random, words - 8, words + 8);
    while (out.length < target) {
      for (const t of pick(random, templates)) {
        if (!t.swappable || random() >= swap) {
          out.push(t.token);
          continue;
        }
        let word = pick(random, vocabulary);
        if (t.upper) word = word.charAt(0).toUpperCase() + word.slice(1);
        out.push(t.token.replace(t.core, word));
      }
    }
    // Seed sentences run long; cut at the target so passages stay ~`words` long.
    out.length = target;
    return `${out.join(' ').replace(/[,;:]$/u, '')}.`;
  };

  return assembleCorpus({
    passages,
    passagesPerDocument: 100,
    sectionSize: [2, 8],
    nextText,
    documentTitle: (n) => `Brief ${n + 1}: ${titleCase([pick(random, vocabulary), pick(random, vocabulary)])}`,
    heading: () => titleCase(Array.from({ length: int(random, 2, 5) }, () => pick(random, vocabulary))),
    random,
    idPrefix: 'synthetic',
  });
}

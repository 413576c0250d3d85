/**
 * The development corpora of the eval: `eval/corpora/<name>/` holds `docs/` (the corpus folder, read
 * as `CORPUS_DIR` would be, with its own `synonyms.json` if it has one) and `questions.json` (the
 * format of `eval/dev.json`). The seed (`corpus/` with `eval/dev.json`) counts as one more corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../src/corpus/load.js';
import { corpusSynonyms, type SynonymTable } from '../src/search/synonyms.js';
import type { Corpus } from '../src/types.js';
import { parseQuestions, type EvalQuestion } from './metrics.js';

/** One corpus of the eval, loaded. */
export interface EvalCorpus {
  readonly name: string;
  /** The corpus folder (its `CORPUS_DIR`). */
  readonly dir: string;
  readonly questionsFile: string;
  readonly corpus: Corpus;
  readonly questions: readonly EvalQuestion[];
  /** Its own `synonyms.json` (empty when it has none). */
  readonly synonyms: SynonymTable;
  /** Problems met loading it (skipped files, a malformed synonyms.json). */
  readonly problems: readonly string[];
}

/** The seed corpus and its questions, as an eval corpus named `seed`. */
export const SEED = { name: 'seed', dir: 'corpus', questionsFile: 'eval/dev.json' } as const;

/** Loads one corpus folder with its question file. */
export async function loadEvalCorpus(name: string, dir: string, questionsFile: string): Promise<EvalCorpus> {
  const questions = parseQuestions(JSON.parse(readFileSync(questionsFile, 'utf8')));
  const corpus = await loadCorpus(dir);
  const problems = corpus.problems.map((p) => `${p.severity}: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  const { table, problem } = corpusSynonyms(dir);
  if (problem !== undefined) problems.push(`warning: ${problem}`);
  return { name, dir, questionsFile, corpus, questions, synonyms: table, problems };
}

/** The corpora under `root` (each subfolder with `docs/` and `questions.json`), by name, and the seed first unless left out. */
export async function loadEvalCorpora(
  root: string,
  options: { seed?: boolean; only?: readonly string[] } = {},
): Promise<EvalCorpus[]> {
  const names = readdirSync(root, { withFileTypes: true })
    .filter(
      (e) =>
        e.isDirectory() && existsSync(join(root, e.name, 'docs')) && existsSync(join(root, e.name, 'questions.json')),
    )
    .map((e) => e.name)
    .sort();
  const wanted = (name: string) => options.only === undefined || options.only.includes(name);
  const corpora: EvalCorpus[] = [];
  if (options.seed !== false && wanted(SEED.name))
    corpora.push(await loadEvalCorpus(SEED.name, SEED.dir, SEED.questionsFile));
  for (const name of names.filter(wanted)) {
    corpora.push(await loadEvalCorpus(name, join(root, name, 'docs'), join(root, name, 'questions.json')));
  }
  return corpora;
}

/**
 * `npm run --silent ask -- [options] [question]`: ask the corpus from a terminal or a script.
 *
 *   ask "why is Rome the venue for the talks?"   readable top passages
 *   ask --json --limit 5 "question"             exactly one JSON object on stdout
 *   ask --batch < questions.txt                 one JSON object per input line, in order
 *   ask                                         interactive prompt (stdin is a terminal) until Ctrl-D
 *
 * In `--json` and `--batch` modes nothing but JSON reaches stdout; warnings go to stderr.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { config as loadEnv } from 'dotenv';
import { loadCorpus } from '../corpus/load.js';
import { ParleyIndex } from '../search/index.js';
import { corpusSynonyms } from '../search/synonyms.js';
import type { Answer } from '../types.js';
import { endQuietlyWhenReaderCloses } from './stdout.js';

const USAGE = `usage: npm run --silent ask -- [--json] [--batch] [--limit N] [question]
  --limit N   passages to show, 1-10 (default 3)
  --json      print exactly one JSON object
  --batch     read one question per line from stdin, print one JSON object per line
With no question and a terminal on stdin, opens a prompt (Ctrl-D to quit).
CORPUS_DIR chooses the corpus folder (default: corpus).`;

const LIMIT_MIN = 1;
const LIMIT_MAX = 10;

/** The JSON shape scripts and the held-out evaluation read (one line per question). */
export type AskJson =
  | {
      kind: 'answer';
      /** False for a hedged answer: the passages may not answer the question exactly. */
      confident: boolean;
      results: { id: string; document: string; headingPath: string[]; text: string; score: number; bestSentence: string; page?: number }[];
    }
  | { kind: 'no-match'; suggestions: string[] };

export function toJson(answer: Answer): AskJson {
  if (answer.kind === 'no-match') return { kind: 'no-match', suggestions: [...answer.suggestions] };
  return {
    kind: 'answer',
    confident: answer.confident,
    results: answer.results.map((hit) => ({
      id: hit.passage.id,
      document: hit.passage.document,
      headingPath: [...hit.passage.headingPath],
      text: hit.passage.text,
      score: hit.score,
      bestSentence: hit.bestSentence,
      ...(hit.passage.page !== undefined ? { page: hit.passage.page } : {}),
    })),
  };
}

/** Readable rendering for a terminal. */
export function toText(answer: Answer): string {
  if (answer.kind === 'no-match') {
    const why =
      answer.reason === 'empty'
        ? 'Please type a question.'
        : answer.reason === 'no-terms'
          ? 'That question has no words to search for; try naming what you want to know about.'
          : 'Nothing in the corpus answers that.';
    const hint = answer.suggestions.length > 0 ? `\nDid you mean: ${answer.suggestions.join(' · ')}` : '';
    return `${why}${hint}\n`;
  }
  const hedge = answer.confident ? '' : 'These passages may not answer this exactly.\n\n';
  return (
    hedge +
    answer.results
      .map((hit, i) => {
        const heading = hit.passage.headingPath.join(' › ');
        return `${i + 1}. ${heading}  (score ${hit.score.toFixed(2)})\n   » ${hit.bestSentence}\n\n${indent(hit.passage.text)}\n`;
      })
      .join('\n') + '\n'
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}

function parseLimit(raw: string | undefined): number | string {
  if (raw === undefined) return 3;
  if (!/^\d+$/.test(raw.trim())) return `--limit must be a whole number from ${LIMIT_MIN} to ${LIMIT_MAX}, got "${raw}"`;
  const n = Number(raw);
  if (n < LIMIT_MIN || n > LIMIT_MAX) return `--limit must be from ${LIMIT_MIN} to ${LIMIT_MAX}, got ${n}`;
  return n;
}

async function buildIndex(): Promise<ParleyIndex> {
  const dir = process.env.CORPUS_DIR || 'corpus';
  const corpus = await loadCorpus(dir);
  for (const problem of corpus.problems) {
    process.stderr.write(`${problem.severity}: ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}\n`);
  }
  if (corpus.passages.length === 0) process.stderr.write(`warning: no passages found in ${dir}; every question will get no-match\n`);
  const synonyms = corpusSynonyms(dir);
  if (synonyms.problem !== undefined) process.stderr.write(`warning: ${synonyms.problem}; using no synonyms\n`);
  return ParleyIndex.build(corpus, { synonyms: synonyms.table });
}

async function main(argv: string[]): Promise<number> {
  // dotenv 17 announces itself on stdout unless told to be quiet, which would break --json.
  loadEnv({ quiet: true });
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        batch: { type: 'boolean' },
        limit: { type: 'string', short: 'n' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`ask: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const limit = parseLimit(values.limit);
  if (typeof limit === 'string') {
    process.stderr.write(`ask: ${limit}\n${USAGE}\n`);
    return 2;
  }
  const question = positionals.join(' ');

  if (values.batch) {
    if (positionals.length > 0) process.stderr.write('ask: --batch reads questions from stdin; the arguments are ignored\n');
    const index = await buildIndex();
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      process.stdout.write(`${JSON.stringify(toJson(index.ask(line, { limit })))}\n`);
    }
    return 0;
  }

  if (positionals.length === 0 && process.stdin.isTTY && !values.json) {
    const index = await buildIndex();
    const prompt = createInterface({ input: process.stdin, output: process.stdout, prompt: 'ask> ' });
    process.stdout.write(`${index.corpus.passages.length} passages loaded. Ask a question (Ctrl-D to quit).\n`);
    prompt.prompt();
    for await (const line of prompt) {
      if (line.trim().length > 0) process.stdout.write(toText(index.ask(line, { limit })));
      prompt.prompt();
    }
    process.stdout.write('\n');
    return 0;
  }

  const index = await buildIndex();
  const answer = index.ask(question, { limit });
  process.stdout.write(values.json ? `${JSON.stringify(toJson(answer))}\n` : toText(answer));
  return 0;
}

endQuietlyWhenReaderCloses();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ask: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);

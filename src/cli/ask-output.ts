/**
 * What `npm run ask` prints: the `--json` / `--batch` line scripts and the held-out evaluation
 * read, and the readable form for a terminal.
 */
import type { Answer } from '../types.js';

/** The JSON shape scripts and the held-out evaluation read (one line per question). */
export type AskJson =
  | {
      kind: 'answer';
      /** False for a hedged answer: the passages may not answer the question exactly. */
      confident: boolean;
      results: {
        id: string;
        document: string;
        headingPath: string[];
        text: string;
        score: number;
        bestSentence: string;
        page?: number;
      }[];
    }
  | { kind: 'no-match'; suggestions: string[] };

/**
 * An answer as the object of its `--json` line.
 *
 * @example
 * process.stdout.write(`${JSON.stringify(toJson(index.ask('why Rome?')))}\n`);
 */
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
      .join('\n') +
    '\n'
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}

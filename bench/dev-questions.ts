/** The question set's dev questions, read at run time (they never live in src/ or corpus/). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The dev questions (eval/dev.json, else the shared copy); empty when neither exists. */
export function devQuestions(): string[] {
  const candidates = [
    new URL('../eval/dev.json', import.meta.url),
    new URL('../../shared/qa/dev.json', import.meta.url),
  ].map((u) => fileURLToPath(u));
  candidates.push('/work/shared/qa/dev.json');
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const items = JSON.parse(readFileSync(file, 'utf8')) as { question?: unknown }[];
    return items.map((i) => i.question).filter((q): q is string => typeof q === 'string');
  }
  return [];
}

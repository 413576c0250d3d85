/**
 * Answer-type cues: a question that asks "what year", "how many", "who" or "which cities" is
 * answered by a sentence holding a year, a figure, a person's name or a place name. This scores how
 * well a sentence offers the kind of thing asked for, from its tokens alone.
 */
import type { Token } from './analyzer.js';
import { mineAliases } from './synonyms.js';
import type { AnswerType } from './query.js';
import type { WordNet } from './wordnet.js';

const NUMBER_WORDS = new Set([
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty',
  'hundred', 'thousand', 'million', 'billion', 'dozen', 'dozens', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth',
  'seventh', 'eighth', 'ninth', 'tenth', 'percent', 'half',
]);
const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

function isYear(token: Token): boolean {
  if (!/^\d{4}$/.test(token.norm)) return false;
  const year = Number(token.norm);
  return year >= 1800 && year <= 2100;
}

/**
 * How strongly a sentence offers what the question asks for, from 0 (nothing of that kind) to 1.
 * Words of the question itself do not count: "Who is Majid Farahani?" is not answered by his name.
 */
export function answerTypeStrength(
  tokens: readonly Token[],
  type: AnswerType,
  questionWords: ReadonlySet<string>,
  wordNet: WordNet | null,
  text = '',
): number {
  if (type === null) return 0;
  // "What does JCPOA stand for?" is answered where the text spells an acronym out.
  if (type === 'definition') return mineAliases(text).length > 0 ? 1 : 0;
  let found = 0;
  if (type === 'year') {
    for (const t of tokens) if (isYear(t) && !questionWords.has(t.norm)) found++;
    return Math.min(1, found);
  }
  if (type === 'number') {
    for (const t of tokens) {
      if (questionWords.has(t.norm)) continue;
      if ((t.numeric && !isYear(t)) || NUMBER_WORDS.has(t.norm)) found++;
    }
    return Math.min(1, found);
  }
  if (type === 'place') {
    const places = new Set<string>();
    tokens.forEach((t, i) => {
      if (i === 0 || !t.capitalized || questionWords.has(t.norm)) return;
      if (wordNet?.lookup(t.norm)?.place) places.add(t.norm);
    });
    return Math.min(1, places.size / 2);
  }
  // person: two or more capitalized words in a row, one of them no English word or a person's name;
  // a place name ends the run ("US President Donald Trump" → "President Donald Trump").
  const isPlace = (t: Token) => {
    const entry = wordNet?.lookup(t.norm);
    return entry?.place === true && entry.person !== true;
  };
  let run: Token[] = [];
  const flush = () => {
    if (run.length >= 2 && !run.every((t) => questionWords.has(t.norm))) {
      const named = run.some((t) => {
        if (MONTHS.has(t.norm)) return false;
        const entry = wordNet?.lookup(t.norm);
        return entry === null || entry?.person === true;
      });
      if (named) found++;
    }
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const previous = tokens[i - 1];
    const adjacent = previous === undefined || t.start - previous.end <= 1;
    const nameLike = t.capitalized && !t.numeric && !isPlace(t);
    if (!nameLike || !adjacent) flush();
    if (nameLike) run.push(t);
  }
  flush();
  return Math.min(1, found);
}

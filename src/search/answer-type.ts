/**
 * Answer-type cues: a question that asks "what year", "how many", "who" or "which cities" is
 * answered by a sentence holding a year, a figure, a person's name or a place name. What a sentence
 * holds is worked out once per sentence ({@link sentenceEntities}); how well it fits a question is a
 * cheap comparison ({@link answerTypeStrength}).
 */
import type { Token } from './analyzer.js';
import type { AnswerType } from './query.js';
import { mineAliases } from './synonyms.js';
import type { WordNet } from './wordnet.js';

/**
 * Figures written as words. "One" is left out: it is a pronoun or an article far more often than a
 * count ("one of the following ways", "no one"), and "a week" or "one week" still counts as a measure.
 */
const NUMBER_WORDS = new Set([
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
  'hundred',
  'thousand',
  'million',
  'billion',
  'dozen',
  'dozens',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'percent',
  'half',
]);
const MONTHS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]);
/** Words that answer "when" besides a year and a (capitalized) month: a weekday, a time of day or year. */
const WHEN_WORDS = new Set([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'daily',
  'weekly',
  'monthly',
  'yearly',
  'annually',
  'midnight',
  'noon',
  'spring',
  'summer',
  'autumn',
  'winter',
]);

/** The kinds of answer a sentence can offer, as normalized words. */
export interface SentenceEntities {
  /** Years, and the other words that say when (months, weekdays, seasons). */
  readonly years: readonly string[];
  readonly numbers: readonly string[];
  readonly places: readonly string[];
  /** Each name is the normalized words of a run of capitalized words ("president donald trump"). */
  readonly persons: readonly (readonly string[])[];
  /** The sentence spells an acronym out ("International Atomic Energy Agency (IAEA)"). */
  readonly definesAlias: boolean;
  /** Figures with a unit of time or length ("30 minutes", "a week", "500 characters"), as their units. */
  readonly measures: readonly string[];
}

/** Units of time: what a "when" is answered in besides a date ("within 6 hours"). */
const TIME_UNIT_WORDS = [
  'second',
  'sec',
  'minute',
  'min',
  'hour',
  'hr',
  'day',
  'week',
  'fortnight',
  'month',
  'year',
  'decade',
  'ms',
];
/** Units of length and size: a "how long" answer may be counted in these too ("500 characters"). */
const SIZE_UNIT_WORDS = [
  'character',
  'char',
  'letter',
  'word',
  'line',
  'byte',
  'kb',
  'mb',
  'gb',
  'tb',
  'kib',
  'mib',
  'gib',
  'pixel',
  'px',
];
const withPlurals = (units: readonly string[]): Set<string> => new Set(units.flatMap((unit) => [unit, `${unit}s`]));
const TIME_UNITS = withPlurals(TIME_UNIT_WORDS);
/** Units of time and length: what a "how long" answer is counted in. */
const UNITS = withPlurals([...TIME_UNIT_WORDS, ...SIZE_UNIT_WORDS]);
/** Words that count one of a unit ("a week", "an hour", "per day"). */
const ONE = new Set(['a', 'an', 'one', 'per', 'each', 'every']);

function isYear(token: Token): boolean {
  if (!/^\d{4}$/.test(token.norm)) return false;
  const year = Number(token.norm);
  return year >= 1800 && year <= 2100;
}

/** The number of a list item ("3. Teams may…", "2) Read the rules"): it orders the items, it counts nothing. */
function isItemNumber(token: Token, text: string): boolean {
  if (!/^\d{1,3}$/.test(token.norm) || !/^[.)](\s|$)/.test(text.slice(token.end, token.end + 2))) return false;
  let i = token.start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n';
}

/** What a sentence offers as years, figures, places, names and definitions. */
export function sentenceEntities(tokens: readonly Token[], text: string, wordNet: WordNet | null): SentenceEntities {
  const years: string[] = [];
  const numbers: string[] = [];
  const places: string[] = [];
  const persons: string[][] = [];
  const isPlace = (t: Token) => {
    const entry = wordNet?.lookup(t.norm);
    return entry?.place === true && !entry.person;
  };
  // A person: two or more capitalized words in a row, one of them no English word or a person's
  // name; a place name ends the run ("US President Donald Trump" → "President Donald Trump").
  let run: Token[] = [];
  const flush = () => {
    if (run.length >= 2) {
      const named = run.some((t) => {
        if (MONTHS.has(t.norm)) return false;
        const entry = wordNet?.lookup(t.norm);
        return entry === null || entry?.person === true;
      });
      if (named) persons.push(run.map((t) => t.norm));
    }
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (isYear(t) || WHEN_WORDS.has(t.norm) || (t.capitalized && MONTHS.has(t.norm))) years.push(t.norm);
    else if ((t.numeric && !isItemNumber(t, text)) || NUMBER_WORDS.has(t.norm)) numbers.push(t.norm);
    const place = t.capitalized && !t.numeric && isPlace(t);
    if (place && i > 0) places.push(t.norm);
    const previous = tokens[i - 1];
    const adjacent = previous === undefined || t.start - previous.end <= 1;
    const nameLike = t.capitalized && !t.numeric && !place;
    if (!nameLike || !adjacent) flush();
    if (nameLike) run.push(t);
  }
  flush();
  const measures: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const unit = (tokens[i] as Token).norm;
    if (!UNITS.has(unit)) continue;
    const before = tokens[i - 1] as Token;
    const counted = before.numeric || NUMBER_WORDS.has(before.norm) || ONE.has(before.norm);
    // "30-minute", "24h" are one token with the figure: their digits count with any unit after.
    if (counted || /^\d/.test(before.norm)) measures.push(unit);
  }
  return { years, numbers, places, persons, definesAlias: mineAliases(text).length > 0, measures };
}

/**
 * How strongly a sentence offers what the question asks for, from 0 (nothing of that kind) to 1.
 * Words of the question itself do not count: "Who is Jane Doe?" is not answered by her name.
 */
export function answerTypeStrength(
  entities: SentenceEntities,
  type: AnswerType,
  questionWords: ReadonlySet<string>,
): number {
  // Loops rather than filter/Set: this runs per candidate sentence of every typed question.
  switch (type) {
    case null:
      return 0;
    case 'definition':
      return entities.definesAlias ? 1 : 0;
    case 'year':
      return hasFresh(entities.years, questionWords) ? 1 : 0;
    case 'number':
      return hasFresh(entities.numbers, questionWords) ? 1 : 0;
    case 'time':
      return hasFresh(entities.years, questionWords) || entities.measures.some((unit) => TIME_UNITS.has(unit)) ? 1 : 0;
    case 'measure':
      return entities.measures.length > 0 ? 1 : 0;
    case 'place': {
      // Two distinct places the question does not name count fully, one counts half.
      let first: string | undefined;
      for (const place of entities.places) {
        if (questionWords.has(place)) continue;
        if (first === undefined) first = place;
        else if (place !== first) return 1;
      }
      return first === undefined ? 0 : 0.5;
    }
    case 'person':
      return entities.persons.some((name) => !name.every((w) => questionWords.has(w))) ? 1 : 0;
  }
}

/** Some word of `words` is not one of the question's own. */
function hasFresh(words: readonly string[], questionWords: ReadonlySet<string>): boolean {
  for (let i = 0; i < words.length; i++) if (!questionWords.has(words[i] as string)) return true;
  return false;
}

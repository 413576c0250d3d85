/**
 * Question → query plan: the groups of terms to look for (one group per question word or phrase,
 * each with its alternatives: the word itself, spelling corrections, synonyms, WordNet relatives),
 * what kind of answer the question wants, and the words the corpus cannot account for.
 */
import { STOP_WORDS, analyze, baseForm, editDistance, stem, termOf, tokenize, type Token } from './analyzer.js';
import type { SurfaceSpelling } from './spelling.js';
import { expandShorthand } from './shorthand.js';
import { spellingVariants } from './spelling-variants.js';
import type { PhraseDictionary } from './synonyms.js';
import type { WordNet } from './wordnet.js';

/** What the plan needs to know about the indexed corpus. */
export interface Vocabulary {
  /** Passages whose text contains the term (0 when absent). */
  documentFrequency(term: string): number;
  /** Corpus terms within `maxEdits` of `term`, with their distance. */
  fuzzy(term: string, maxEdits: number): ReadonlyMap<string, number>;
  /** Corpus terms starting with `prefix`. */
  withPrefix(prefix: string, limit: number): readonly string[];
}

export type AlternativeKind = 'exact' | 'corrected' | 'prefix' | 'synonym' | 'shorthand' | 'wordnet';

/** One way a question word may appear in a passage: all of `terms`. */
export interface Alternative {
  readonly terms: readonly string[];
  readonly weight: number;
  readonly kind: AlternativeKind;
}

/** One word or phrase of the question and the ways it may be found. */
export interface Group {
  /** The question's own words. */
  readonly label: string;
  readonly alternatives: readonly Alternative[];
  /** The question words are a number (year, figure). */
  readonly numeric: boolean;
  /**
   * The word looks like a name in context: capitalized in mid-sentence (not an acronym the corpus
   * spells out, not shorthand, not a quantity with its unit), or a name-only word in WordNet. A
   * missing name means the question is about something the corpus lacks.
   */
  readonly name: boolean;
  /** No alternative occurs in the corpus. */
  readonly unmatched: boolean;
  /** Only WordNet relatives occur in the corpus, not the word itself or a correction of it. */
  readonly widenedOnly: boolean;
  /**
   * How much the word says about a topic, from general English: 1 for names and rare words, less
   * for common many-sense words ("keep", "stand"). A small corpus's IDF cannot tell them apart.
   */
  readonly specificity: number;
  /**
   * How much the word carries the question, for judging what share of it the corpus lacks: 1 for
   * names, figures and words English lacks (jargon, rare words), the specificity for common words.
   */
  readonly content: number;
}

/**
 * The answer a question asks for, from its wording. `year` is a date asked for by name ("what
 * year"); `time` is what "when does…" asks, answered by a date or by a time relative to an event
 * ("within 6 hours of the announcement", "72 hours after").
 */
export type AnswerType = 'year' | 'time' | 'number' | 'measure' | 'person' | 'place' | 'definition' | null;

/** Which part of a document a question refers to. */
export type StructureCue = 'first' | 'last' | null;

export interface QueryPlan {
  readonly groups: readonly Group[];
  readonly answerType: AnswerType;
  readonly structure: StructureCue;
  /** Normalized words of the question (what the question names is not its answer). */
  readonly questionWords: ReadonlySet<string>;
  /** "Did you mean" words: corrections of misspelled question words. */
  readonly corrections: ReadonlyMap<string, string>;
}

/** Tuning of the plan (subset of the index options and weights). */
export interface PlanSettings {
  readonly wordNet: WordNet | null;
  /** Weight of a WordNet relative of a word the corpus lacks. */
  readonly wordNetWeight: number;
  /** Weight of a WordNet relative of a word the corpus has. */
  readonly wordNetBesideWeight: number;
  readonly synonymWeight: number;
  readonly shorthandWeight: number;
  /** Acronyms the corpus spells out without using them ("CoC" → "code of conduct"), lower case → phrases. */
  readonly initialisms: ReadonlyMap<string, readonly string[]>;
  readonly fuzzyMinLength: number;
  readonly maxFuzzy: number;
  readonly prefixMinLength: number;
  readonly maxExpansions: number;
  /** Strength of the general-English commonness discount (0: none). */
  readonly specificity: number;
  /** Corpus words as written, for misspellings that stemming hides (none: corrections on stems only). */
  readonly spelling?: SurfaceSpelling;
}

const DEFINITION_CUES = [
  ['stand', 'for'],
  ['stands', 'for'],
  ['short', 'for'],
  ['acronym'],
  ['abbreviation'],
  ['full', 'name'],
  ['spelled', 'out'],
];
/** Words of a definition question that say it is one ("stand for"), not what it is about. */
const DEFINITION_WORDS = new Set([
  'stand',
  'stands',
  'short',
  'acronym',
  'abbreviation',
  'full',
  'name',
  'spelled',
  'spell',
  'mean',
  'means',
]);
/**
 * Words that name the kind of answer rather than the subject ("which cities", "what year"): the
 * answer sentence names a city, it rarely says "city". They keep a fraction of their weight.
 */
const DATE_WORDS: ReadonlySet<string> = new Set(['year', 'years', 'date', 'dates', 'time']);
const TYPE_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  place: new Set([
    'city',
    'cities',
    'place',
    'places',
    'country',
    'countries',
    'location',
    'locations',
    'venue',
    'venues',
  ]),
  person: new Set(['person', 'people', 'name', 'names', 'individual', 'individuals']),
  year: DATE_WORDS,
  time: DATE_WORDS,
  number: new Set(['number', 'numbers', 'percentage', 'percent', 'figure', 'amount']),
  measure: new Set(['long', 'time', 'length']),
};
const TYPE_WORD_WEIGHT = 0.3;
const YEAR_CUES = [
  ['what', 'year'],
  ['which', 'year'],
  ['in', 'what', 'year'],
  ['what', 'date'],
  ['which', 'date'],
];
const NUMBER_CUES = [
  ['how', 'many'],
  ['how', 'much'],
  ['what', 'level'],
  ['what', 'percentage'],
  ['what', 'percent'],
  ['which', 'round'],
  ['what', 'number'],
  ['what', 'figure'],
  ['what', 'amount'],
  ['how', 'old'],
  ['how', 'big'],
  ['how', 'large'],
  ['how', 'often'],
  // A version is a number ("which Node versions", "what version added…").
  ['which', 'version'],
  ['which', 'versions'],
  ['what', 'version'],
  ['what', 'versions'],
  ...limitCues(),
];

/**
 * "max team size", "minimum age": a limit word before a measure asks for a figure; alone it may be
 * part of a name ("maximum pressure").
 */
function limitCues(): string[][] {
  const limits = ['max', 'maximum', 'min', 'minimum'];
  const measures = [
    'size',
    'length',
    'number',
    'age',
    'amount',
    'count',
    'price',
    'cost',
    'duration',
    'height',
    'weight',
    'width',
    'speed',
    'limit',
  ];
  return limits.flatMap((limit) => measures.map((measure) => [limit, measure]));
}
/** "How long" asks for a figure with its unit: a duration ("30 minutes", "a week") or a length ("500 characters"). */
const MEASURE_CUES = [['how', 'long']];
const PERSON_CUES = [
  ['who'],
  ['whom'],
  ['whose'],
  ['which', 'journalists'],
  ['which', 'officials'],
  ['which', 'official'],
  ['what', 'name'],
  ['name', 'of'],
];
const PLACE_CUES = [
  ['where'],
  ['which', 'cities'],
  ['which', 'city'],
  ['which', 'country'],
  ['which', 'countries'],
  ['what', 'city'],
  ['what', 'country'],
  ['which', 'places'],
];
const STRUCTURE_DETERMINERS = new Set(['the', 'its', 'this', 'article', 'articles', 'piece', 'text']);
const FIRST_CUES = new Set(['opening', 'introduction', 'intro', 'beginning', 'start', 'outset', 'first section']);
const LAST_CUES = new Set(['conclusion', 'closing', 'ending', 'end', 'final section', 'last section', 'concluding']);
/** Words about the document itself rather than its subject. */
const META_WORDS = new Set([
  'article',
  'author',
  'writer',
  'text',
  'document',
  'passage',
  'section',
  'according',
  'say',
  'says',
  'said',
  'mention',
  'mentions',
  'mentioned',
  'describe',
  'describes',
  'name',
  'names',
  'named',
  'summarize',
  'summarise',
  'summary',
  'overview',
  'gist',
]);

/** The cue's words appear in order, with at most two other words between them ("what enrichment level"). */
function hasCue(norms: readonly string[], cues: readonly (readonly string[])[]): boolean {
  return cues.some((cue) =>
    norms.some((word, i) => {
      if (word !== cue[0]) return false;
      let at = i;
      for (const next of cue.slice(1)) {
        const found = norms.slice(at + 1, at + 4).indexOf(next);
        if (found === -1) return false;
        at += found + 1;
      }
      return true;
    }),
  );
}

/** Verbs that follow a question's "when" ("when does it start"); a subject there makes "when" a conjunction. */
const AUXILIARIES = new Set([
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'will',
  'would',
  'can',
  'could',
  'should',
  'shall',
  'has',
  'have',
  'had',
  'may',
  'might',
  'must',
]);

/**
 * "When" asks for a time only when it opens the question and a verb follows ("when does the jam
 * start"); "when I reply, why…" sets a condition, and "what does it mean when…" asks for a meaning.
 */
function asksWhen(norms: readonly string[]): boolean {
  return norms[0] === 'whens' || (norms[0] === 'when' && AUXILIARIES.has(norms[1] ?? ''));
}

/** What a question asks for, judged from its first words and cue phrases. */
export function answerTypeOf(norms: readonly string[]): AnswerType {
  if (hasCue(norms, DEFINITION_CUES)) return 'definition';
  if (hasCue(norms, YEAR_CUES)) return 'year';
  if (asksWhen(norms)) return 'time';
  if (hasCue(norms, MEASURE_CUES)) return 'measure';
  if (hasCue(norms, NUMBER_CUES)) return 'number';
  if (hasCue(norms, PERSON_CUES)) return 'person';
  if (hasCue(norms, PLACE_CUES)) return 'place';
  return null;
}

/**
 * Builds the plan of a question.
 */
export function planQuery(
  question: string,
  vocabulary: Vocabulary,
  phrases: PhraseDictionary,
  settings: PlanSettings,
): QueryPlan {
  const tokens = tokenize(question);
  const norms = tokens.map((t) => t.norm);
  const groups: Group[] = [];
  const corrections = new Map<string, string>();
  const seen = new Set<string>();
  let structure: StructureCue = null;
  // "the conclusion", "its opening": a cue word after a determiner, so "end up negotiating" is no cue.
  for (const [i, token] of tokens.entries()) {
    if (!STRUCTURE_DETERMINERS.has(tokens[i - 1]?.norm ?? '')) continue;
    if (FIRST_CUES.has(token.norm)) structure = 'first';
    else if (LAST_CUES.has(token.norm)) structure = 'last';
  }

  const answerType = answerTypeOf(norms);
  const names = nameContext(question, tokens, (norm) => {
    const entry = settings.wordNet?.lookup(norm);
    return entry !== null && entry !== undefined && !entry.properOnly;
  });
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (answerType === 'definition' && DEFINITION_WORDS.has(token.norm)) continue;
    const phrase = phrases.match(norms, i);
    if (phrase !== null && (phrase.length > 1 || token.term !== null)) {
      const own = tokens.slice(i, i + phrase.length).flatMap((t) => (t.term === null ? [] : [t.term]));
      const label = norms.slice(i, i + phrase.length).join(' ');
      const alternatives: Alternative[] = [];
      if (own.length > 0) alternatives.push({ terms: own, weight: 1, kind: 'exact' });
      for (const alternative of phrase.alternatives) {
        alternatives.push({ terms: alternative.terms, weight: settings.synonymWeight, kind: 'synonym' });
      }
      // A multi-word phrase keeps its single words too, at a lower weight, so "nuclear deal" still meets "deal".
      if (phrase.length > 1) {
        for (const term of own) alternatives.push({ terms: [term], weight: 0.5, kind: 'exact' });
      }
      const name = tokens.slice(i, i + phrase.length).some((t, j) => isName(t, names(t, i + j), settings));
      pushGroup(groups, seen, label, present(alternatives, vocabulary), token, name, 1, 1);
      i += phrase.length - 1;
      continue;
    }
    const shorthand = expandShorthand(token.norm);
    if (shorthand === '') continue;
    if (shorthand !== undefined) {
      // Chat shorthand: the word itself where the corpus uses it, and what it stands for.
      const alternatives: Alternative[] = [];
      if (token.term !== null) alternatives.push({ terms: [token.term], weight: 1, kind: 'exact' });
      const expanded = analyze(shorthand);
      if (expanded.length > 0)
        alternatives.push({ terms: expanded, weight: settings.shorthandWeight, kind: 'shorthand' });
      const kept = present(alternatives, vocabulary);
      pushGroup(groups, seen, token.norm, kept, token, false, specificityOf(token, settings), kept.length > 0 ? 1 : 0);
      continue;
    }
    if (token.term === null || META_WORDS.has(token.norm)) continue;
    // A lone letter ("w/", "u") says nothing a member would search for, unless it is part of a
    // hyphenated name ("Ctrl-O", "plan-B").
    if (token.norm.length === 1 && !token.numeric && !joined(question, tokens, i)) continue;
    if (
      structure !== null &&
      STRUCTURE_DETERMINERS.has(tokens[i - 1]?.norm ?? '') &&
      (FIRST_CUES.has(token.norm) || LAST_CUES.has(token.norm))
    )
      continue;
    const quantity = QUANTITY.exec(token.norm);
    if (quantity !== null && vocabulary.documentFrequency(token.term) === 0) {
      // "5kg": a figure with its unit written together; the corpus may write "5 kg" or only the unit.
      const [, figure = '', unit = ''] = quantity;
      const alternatives = present(
        [
          { terms: [figure, stem(unit)], weight: 1, kind: 'exact' },
          { terms: [figure], weight: 0.7, kind: 'exact' },
          { terms: [stem(unit)], weight: 0.5, kind: 'exact' },
        ],
        vocabulary,
      );
      pushGroup(groups, seen, token.norm, alternatives, { ...token, numeric: false }, false, 1, 1);
      continue;
    }
    let alternatives = expandWord(token, i, tokens, vocabulary, settings, corrections);
    if (alternatives === 'stop') continue;
    if (answerType !== null && TYPE_WORDS[answerType]?.has(token.norm)) {
      // A literal, not a spread: alternatives keep one hidden class for the ranking code.
      alternatives = alternatives.map((a) => ({ terms: a.terms, weight: a.weight * TYPE_WORD_WEIGHT, kind: a.kind }));
    }
    const name = isName(token, names(token, i), settings) && !alternatives.some((a) => a.kind === 'synonym');
    const specificity = specificityOf(token, settings);
    pushGroup(
      groups,
      seen,
      token.norm,
      alternatives,
      token,
      name,
      specificity,
      contentOf(token, specificity, settings),
    );
  }
  return { groups, answerType, structure, corrections, questionWords: new Set(norms) };
}

/**
 * A noun's other number where English forms it irregularly and stemming keeps the two apart:
 * "-f"/"-fe" ↔ "-ves" ("dwarf"/"dwarves", "knife"/"knives") and "-man" ↔ "-men". Candidates only:
 * the caller keeps one the corpus has.
 */
export function otherNumber(word: string): string[] {
  if (word.length < 4) return [];
  if (word.endsWith('ves')) return [`${word.slice(0, -3)}f`, `${word.slice(0, -3)}fe`];
  if (word.endsWith('fe')) return [`${word.slice(0, -2)}ves`];
  if (word.endsWith('f') && !word.endsWith('ff')) return [`${word.slice(0, -1)}ves`];
  if (word.endsWith('men')) return [`${word.slice(0, -3)}man`];
  if (word.endsWith('man')) return [`${word.slice(0, -3)}men`];
  return [];
}

/** A figure with a unit written together: "5kg", "10min", "2.5gb". */
const QUANTITY = /^(\d+(?:\.\d+)?)([a-z]{1,5})$/;

function pushGroup(
  groups: Group[],
  seen: Set<string>,
  label: string,
  alternatives: Alternative[],
  token: Token,
  name: boolean,
  specificity: number,
  content: number,
): void {
  const key =
    alternatives
      .map((a) => a.terms.join('+'))
      .sort()
      .join('|') || `?${label}`;
  if (seen.has(key)) return;
  seen.add(key);
  const unmatched = !alternatives.some((a) => a.terms.every((t) => t.length > 0));
  const widenedOnly = alternatives.length > 0 && alternatives.every((a) => a.kind === 'wordnet');
  groups.push({
    label,
    alternatives,
    numeric: token.numeric,
    name,
    unmatched: unmatched || alternatives.length === 0,
    widenedOnly,
    specificity,
    content,
  });
}

function specificityOf(token: Token, settings: PlanSettings): number {
  if (token.numeric || settings.specificity === 0) return 1;
  // WordNet lists base forms only: "told" is looked up as "tell", not read as a word English lacks.
  const senses = settings.wordNet?.lookup(baseForm(token.norm))?.senseCount ?? 0;
  return 1 / (1 + settings.specificity * Math.log1p(senses));
}

/**
 * How much a word carries the question: figures and words English lacks (names, jargon) fully,
 * common words as much as their specificity says, and a word of many senses at least a third.
 */
function contentOf(token: Token, specificity: number, settings: PlanSettings): number {
  if (token.numeric) return 1;
  const entry = settings.wordNet?.lookup(baseForm(token.norm));
  if (entry === null || entry === undefined) return 1;
  return Math.max(specificity, 1 / 3);
}

/** Keeps the alternatives whose every term occurs in the corpus. */
function present(alternatives: readonly Alternative[], vocabulary: Vocabulary): Alternative[] {
  const kept: Alternative[] = [];
  for (const alternative of alternatives) {
    if (!alternative.terms.every((t) => vocabulary.documentFrequency(t) > 0)) continue;
    if (kept.some((k) => k.terms.join(' ') === alternative.terms.join(' '))) continue;
    kept.push(alternative);
  }
  return kept;
}

/**
 * Which tokens are in a position where a capital says "name": not the first word of the question
 * or of a sentence in it, and not in a question typed in Title Case or capitals throughout, where
 * case says nothing. All-capital words (acronyms) count wherever they stand.
 */
function nameContext(
  question: string,
  tokens: readonly Token[],
  commonWord: (norm: string) => boolean,
): (token: Token, at: number) => boolean {
  const words = tokens.filter((t) => !t.numeric);
  const capitalized = words.slice(1).filter((t) => t.capitalized).length;
  const shouting =
    words.length > 1 &&
    words.every((t) => question.slice(t.start, t.end).toUpperCase() === question.slice(t.start, t.end));
  const titleCase = words.length > 3 && capitalized * 2 > words.length - 1;
  return (token, at) => {
    if (token.numeric || !token.capitalized || shouting) return false;
    const surface = question.slice(token.start, token.end);
    // An acronym is a name unless English has it as a common word ("CPU", "URL").
    if (surface.length >= 2 && surface.toUpperCase() === surface) return !commonWord(token.norm);
    if (titleCase || at === 0) return false;
    const before = question.slice((tokens[at - 1] as Token).end, token.start);
    return !/[.!?:;"“(]/.test(before);
  };
}

/**
 * A word that names something where case says so ({@link nameContext}), or that WordNet knows only
 * as a name. A lower-case word English lacks may be a typo ("happend") or jargon as well as a name,
 * so it is not one; it still counts among the question's missing words.
 */
function isName(token: Token, capitalInContext: boolean, settings: PlanSettings): boolean {
  if (token.numeric) return false;
  if (capitalInContext) return true;
  return settings.wordNet?.lookup(token.norm)?.properOnly === true;
}

function expandWord(
  token: Token,
  at: number,
  tokens: readonly Token[],
  vocabulary: Vocabulary,
  settings: PlanSettings,
  corrections: Map<string, string>,
): Alternative[] | 'stop' {
  const term = token.term as string;
  const alternatives: Alternative[] = [];
  const known = vocabulary.documentFrequency(term) > 0;
  const spelledOut = known ? undefined : settings.initialisms.get(token.norm);
  const inflected =
    known || spelledOut !== undefined
      ? undefined
      : [...otherNumber(token.norm), ...spellingVariants(token.norm)].find(
          (w) => vocabulary.documentFrequency(stem(w)) > 0,
        );
  const open =
    known || spelledOut !== undefined || inflected !== undefined || token.numeric
      ? null
      : openForm(token.norm, vocabulary);
  if (known) alternatives.push({ terms: [term], weight: 1, kind: 'exact' });
  else if (inflected !== undefined) {
    // The same word in its other number or spelling, which stemming does not join ("dwarf" / "dwarves", "armor" / "armour").
    alternatives.push({ terms: [stem(inflected)], weight: 1, kind: 'exact' });
  } else if (open !== null) {
    // The same compound written open ("spellcasting" / "spell casting", "username" / "user name").
    alternatives.push({ terms: open, weight: 1, kind: 'exact' });
  } else if (spelledOut !== undefined) {
    // An acronym the corpus never uses but spells out ("CoC" → "Code of Conduct").
    for (const phrase of spelledOut)
      alternatives.push({ terms: analyze(phrase), weight: settings.synonymWeight, kind: 'synonym' });
  }
  // Only words English does not have are typos: "sessions" is a real word the corpus lacks, not a misspelled "tension".
  else if (
    !token.numeric &&
    token.norm.length >= settings.fuzzyMinLength &&
    settings.wordNet?.lookup(token.norm) == null
  ) {
    // A misspelled stop word ("betwen") is dropped like the stop word it is.
    for (const stop of STOP_WORDS) {
      if (Math.abs(stop.length - token.norm.length) <= 1 && stop.length >= 4 && editDistance(stop, token.norm, 1) <= 1)
        return 'stop';
    }
    // Corrections are measured on stems; short stems have too many neighbours ("pain" → "gain").
    const maxEdits = term.length >= 7 ? 2 : term.length >= 5 ? 1 : 0;
    // The nearest corpus words only (a swap of two letters is one edit), the more frequent first:
    // the likelier intended word. The next ones weigh half as much each, so the rarer word's higher
    // IDF does not undo the choice.
    const near = new Map(maxEdits > 0 ? vocabulary.fuzzy(term, maxEdits) : []);
    // The word as typed against the corpus's words as written, when its stem has no near one: a
    // swap can change how a word stems ("secuirty" → "secuirti", not "secur").
    const typed = [...near.values()].some((d) => d <= 1) ? 0 : token.norm.length >= 7 ? 2 : 1;
    for (const [candidate, distance] of settings.spelling?.near(token.norm, typed) ?? []) {
      const previous = near.get(candidate);
      if (previous === undefined || distance < previous) near.set(candidate, distance);
    }
    const found = [...near].filter(([candidate]) => !/\d/.test(candidate));
    const nearest = Math.min(...found.map(([, distance]) => distance));
    const candidates = found
      .filter(([, distance]) => distance === nearest)
      .sort((a, b) => vocabulary.documentFrequency(b[0]) - vocabulary.documentFrequency(a[0]) || (a[0] < b[0] ? -1 : 1))
      .slice(0, settings.maxFuzzy);
    candidates.forEach(([candidate, distance], i) => {
      alternatives.push({
        terms: [candidate],
        weight: (distance === 0 ? 1 : 0.9 - 0.1 * distance) * Math.pow(0.5, i),
        kind: 'corrected',
      });
    });
    const best = candidates[0];
    if (best !== undefined) corrections.set(token.norm, best[0]);
    if (candidates.length === 0 && token.norm.length >= settings.prefixMinLength) {
      for (const candidate of vocabulary.withPrefix(term, settings.maxExpansions)) {
        alternatives.push({ terms: [candidate], weight: 0.7, kind: 'prefix' });
      }
    }
  }
  if (settings.wordNet !== null && !token.numeric) {
    const hyphenated = hyphenatedCompound(token, at, tokens);
    const related = new Set<string>();
    for (const word of hyphenated === null ? [token.norm] : [hyphenated, token.norm]) {
      const entry = settings.wordNet.lookup(word);
      if (entry === null) continue;
      for (const w of entry.synonyms) related.add(w);
      // A derived form that shares the word's stem ("mediator" → "mediate"), not a new meaning
      // ("phone" → "call").
      for (const w of entry.derived) if (sharedPrefix(w, word) >= Math.min(4, word.length)) related.add(w);
      if (hyphenated !== null) break;
    }
    let added = 0;
    for (const word of related) {
      if (added >= settings.maxExpansions * 3) break;
      const terms = analyzedRelative(word);
      if (terms.length === 0 || terms.length > 2 || (terms.length === 1 && terms[0] === term)) continue;
      if (!terms.every((t) => vocabulary.documentFrequency(t) > 0)) continue;
      if (alternatives.some((a) => a.terms.join(' ') === terms.join(' '))) continue;
      // Widening a word the corpus already uses mostly adds noise; it weighs what wordNetBeside says.
      alternatives.push({
        terms,
        weight: known ? settings.wordNetBesideWeight : settings.wordNetWeight,
        kind: 'wordnet',
      });
      added++;
    }
  }
  return alternatives;
}

/** Shortest part of a closed compound split by {@link openForm}: shorter parts ("a", "in") split ordinary words. */
const COMPOUND_PART_MIN = 3;
/** Longest word {@link openForm} cuts: compounds are short, and each cut stems both parts. */
const COMPOUND_MAX = 24;

/**
 * The index terms of a closed compound the corpus writes open ("spellcasting" → "spell", "cast"):
 * a word the corpus lacks, cut in two where both parts are corpus words and neither is a stop word.
 * Of several cuts, the one whose rarer part is the more frequent: ordinary words rather than
 * fragments that happen to be corpus words. Null when no cut works.
 */
export function openForm(norm: string, vocabulary: Pick<Vocabulary, 'documentFrequency'>): string[] | null {
  if (norm.length > COMPOUND_MAX || !/^\p{L}+$/u.test(norm)) return null;
  let best: string[] | null = null;
  let bestFrequency = 0;
  for (let cut = COMPOUND_PART_MIN; cut <= norm.length - COMPOUND_PART_MIN; cut++) {
    const first = termOf(norm.slice(0, cut));
    const second = termOf(norm.slice(cut));
    if (first === null || second === null) continue;
    const frequency = Math.min(vocabulary.documentFrequency(first), vocabulary.documentFrequency(second));
    if (frequency > bestFrequency) {
      best = [first, second];
      bestFrequency = frequency;
    }
  }
  return best;
}

/** The token is joined to a neighbour by a hyphen or plus sign ("Ctrl-O", "C++" aside). */
function joined(question: string, tokens: readonly Token[], at: number): boolean {
  const token = tokens[at] as Token;
  const before = tokens[at - 1];
  const after = tokens[at + 1];
  const joiner = (from: number, to: number) => to - from === 1 && /[-+]/.test(question.charAt(from));
  return (
    (before !== undefined && joiner(before.end, token.start)) || (after !== undefined && joiner(token.end, after.start))
  );
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

const RELATIVE_TERMS_MAX = 20_000;
const relativeTerms = new Map<string, readonly string[]>();

/**
 * A WordNet relative's terms, memoized: a question word has dozens of relatives and the same ones
 * come back with every question that uses it, while analyzing each costs a tokenize and a stem.
 */
function analyzedRelative(word: string): readonly string[] {
  let terms = relativeTerms.get(word);
  if (terms === undefined) {
    terms = analyze(word);
    if (relativeTerms.size >= RELATIVE_TERMS_MAX) relativeTerms.clear();
    relativeTerms.set(word, terms);
  }
  return terms;
}

/** "go-between" when the token is one part of a hyphenated word in the question text. */
function hyphenatedCompound(token: Token, at: number, tokens: readonly Token[]): string | null {
  const next = tokens[at + 1];
  if (next !== undefined && next.start === token.end + 1) return `${token.norm}-${next.norm}`;
  const previous = tokens[at - 1];
  if (previous !== undefined && token.start === previous.end + 1) return `${previous.norm}-${token.norm}`;
  return null;
}

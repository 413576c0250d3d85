/**
 * Sentence scoring: the answer usually sits in one sentence, so the best candidates are re-ranked by
 * their best sentence. A passage's sentences are analyzed once and cached for the next questions
 * that meet it.
 */
import { analyze, tokenize, type Token } from './analyzer.js';
import { answerTypeStrength, sentenceEntities, type SentenceEntities } from './answer-type.js';
import type { Alternative, Group, QueryPlan } from './query.js';
import { containsAll } from './select.js';
import { sentenceSpans } from './sentences.js';
import { answerTypeScore, coordinationFactor, headingScore, questionHeadingScore } from './signals.js';
import { headingOf } from './store.js';
import type { Passage } from '../types.js';
import type { WordNet } from './wordnet.js';

/** A sentence of a passage, analyzed once and kept for the next questions that meet it. */
export interface Sentence {
  readonly span: [number, number];
  readonly text: string;
  readonly terms: ReadonlySet<string>;
  // Both start undefined (not absent), so every cached sentence keeps one shape: a property added
  // later changes the object's hidden class and made the optimized ranking code bail out mid-run.
  /** Full tokens, made when an answer type or a hit first needs them. */
  tokens: Token[] | undefined;
  /** Years, figures, places and names it holds, made when an answer type first needs them. */
  entities: SentenceEntities | undefined;
}

/** A question alternative with what ranking needs: its weight's IDF and posting lists per field. */
export interface ScoredAlternative {
  readonly alternative: Alternative;
  idf: number;
  readonly postings: (Map<number, number> | undefined)[];
  readonly headings: (Map<number, number> | undefined)[];
  readonly questions: (Map<number, number> | undefined)[];
  readonly df: number;
}

/** A question group with its alternatives found in the corpus. */
export interface ScoredGroup {
  readonly group: Group;
  readonly alternatives: ScoredAlternative[];
  readonly maxWeight: number;
  readonly df: number;
}

/** A passage's analyzed sentences and the words of what it sits under. */
export interface PassageSentences {
  readonly sentences: readonly Sentence[];
  /** Index terms of its heading path (with the document title). */
  readonly heading: ReadonlySet<string>;
  /** Index terms of the FAQ question it answers, when it has one. */
  readonly question: ReadonlySet<string> | null;
  /** Index terms of its own heading (the last of its heading path), numbering left out. */
  readonly section: ReadonlySet<string>;
}

/** How a sentence's surroundings count: words of its heading and of its FAQ question. */
export interface SentenceContext {
  /** Terms of the sentences just before and after (empty sets at the edges). */
  readonly before: ReadonlySet<string>;
  readonly after: ReadonlySet<string>;
  readonly neighbourWeight: number;
  readonly heading: ReadonlySet<string>;
  readonly headingWeight: number;
  readonly question: ReadonlySet<string> | null;
  readonly questionWeight: number;
}

const SENTENCE_CACHE_MAX = 5_000;

/** The analyzed sentences of passages, bounded: at 100k passages only the recently ranked ones are worth keeping. */
export class SentenceCache {
  private readonly cache = new Map<number, PassageSentences>();

  /** The sentences of the passage in `slot` (MiniSearch's short id for it). */
  get(slot: number, passage: Passage): PassageSentences {
    let found = this.cache.get(slot);
    if (found === undefined) {
      const text = passage.text;
      const sentences = sentenceSpans(text).map((span) => {
        const sentence = text.slice(span[0], span[1]);
        const made: Sentence = {
          span,
          text: sentence,
          terms: new Set(analyze(sentence)),
          tokens: undefined,
          entities: undefined,
        };
        return made;
      });
      const question = passage.question === undefined ? null : new Set(analyze(passage.question));
      const own = passage.headingPath.at(-1) ?? '';
      const section = new Set(analyze(own).filter((term) => !/^\d/.test(term)));
      found = { sentences, heading: new Set(analyze(headingOf(passage))), question, section };
      if (this.cache.size >= SENTENCE_CACHE_MAX) this.cache.clear();
      this.cache.set(slot, found);
    }
    return found;
  }
}

/**
 * A sentence's score for a question: the best weight it meets per group (in the sentence, else in
 * the sentence before or after it, the FAQ question or heading the passage sits under, at their
 * weights: an answer often spans two sentences and leans on its heading), plus the answer-type
 * bonus ({@link answerTypeScore}), times the coordination factor ({@link coordinationFactor}).
 * Indexed loops: this runs per candidate × sentence × alternative.
 */
export function scoreSentence(
  sentence: Sentence,
  groups: readonly ScoredGroup[],
  plan: QueryPlan,
  typeBonus: number,
  coordination: number,
  wordNet: WordNet | null,
  context: SentenceContext,
): number {
  let typeStrength = 0;
  if (plan.answerType !== null) {
    // Full tokens (case, offsets) only when the answer type needs them.
    sentence.tokens ??= tokenize(sentence.text);
    sentence.entities ??= sentenceEntities(sentence.tokens, sentence.text, wordNet);
    typeStrength = answerTypeStrength(sentence.entities, plan.answerType, plan.questionWords);
  }
  let score = 0;
  let matchedGroups = typeStrength > 0 ? 1 : 0;
  let questionWeight = 0;
  let metWeight = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as ScoredGroup;
    questionWeight += group.maxWeight;
    const alternatives = group.alternatives;
    let groupBest = 0;
    for (let a = 0; a < alternatives.length; a++) {
      const alt = alternatives[a] as ScoredAlternative;
      const terms = alt.alternative.terms;
      const base = alt.alternative.weight * alt.idf;
      // A word of the sentence counts fully; one of its FAQ question or heading counts at that signal's weight.
      let v = 0;
      if (containsAll(sentence.terms, terms)) v = base;
      else if (context.neighbourWeight > 0 && (containsAll(context.before, terms) || containsAll(context.after, terms)))
        v = base * context.neighbourWeight;
      else if (context.question !== null && containsAll(context.question, terms))
        v = questionHeadingScore(base, context.questionWeight);
      else if (containsAll(context.heading, terms)) v = headingScore(base, context.headingWeight);
      if (v > groupBest) groupBest = v;
    }
    score += groupBest;
    if (groupBest > 0) {
      matchedGroups++;
      metWeight += group.maxWeight;
    }
  }
  if (typeStrength > 0 && questionWeight > 0)
    score += answerTypeScore(typeBonus, typeStrength, metWeight / questionWeight);
  const groupCount = groups.length + (plan.answerType === null ? 0 : 1);
  return score * coordinationFactor(matchedGroups, groupCount, coordination);
}

/**
 * How much of a passage's own heading the question names: the weight of the question's groups met
 * by a heading word (WordNet relatives left out: they name another thing), and the share of the
 * heading's words met.
 */
export function namedHeading(
  section: ReadonlySet<string>,
  groups: readonly ScoredGroup[],
): { met: number; share: number } {
  if (section.size === 0) return { met: 0, share: 0 };
  const named = new Set<string>();
  let met = 0;
  for (const group of groups) {
    let hit = false;
    for (const alt of group.alternatives) {
      if (alt.alternative.kind === 'wordnet' || !containsAll(section, alt.alternative.terms)) continue;
      hit = true;
      for (const term of alt.alternative.terms) named.add(term);
    }
    if (hit) met += group.maxWeight;
  }
  return { met, share: named.size / section.size };
}

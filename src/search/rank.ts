/**
 * Ranking: the question's groups are scored over the posting lists (rarest first, within a budget),
 * the best few hundred candidates are scored on every group, and the best `depth` of them are
 * re-ranked by their best sentence. Each signal is a function of signals.ts scaled by its weight.
 */
import type { Passage } from '../types.js';
import type { IndexCore } from './core.js';
import type { QueryPlan } from './query.js';
import { topBy } from './select.js';
import {
  namedHeading,
  scoreSentence,
  type SentenceCache,
  type ScoredAlternative,
  type ScoredGroup,
} from './sentence-score.js';
import { answerTypeStrength } from './answer-type.js';
import {
  coverage,
  fragmentFactor,
  headingNamedScore,
  headingScore,
  leadFactor,
  longPassageFactor,
  questionHeadingScore,
  structureScore,
  termScore,
} from './signals.js';
import { HEADING, QUESTION, TEXT } from './store.js';
import type { RankingWeights } from './weights.js';
import type { WordNet } from './wordnet.js';

const NO_TERMS: ReadonlySet<string> = new Set();

/** A ranked passage. */
export interface Candidate {
  /** MiniSearch's short id for the passage: the index into the core's per-passage arrays. */
  slot: number;
  score: number;
  /** The best sentence's `[start, end)` in the passage text. */
  sentence: [number, number];
  sentenceScore: number;
  /** Share of the question's weight the passage accounts for ({@link coverage}). */
  coverage: number;
  /** Share of the question's content words (all of them, those the corpus lacks too) the passage holds. */
  contentCoverage: number;
  /** Some sentence holds the kind of answer asked for (always true when the question asks for none). */
  holdsAnswerType: boolean;
}

/** What ranking needs besides the index core. */
export interface RankSettings {
  readonly weights: RankingWeights;
  /** Posting-list entries scanned per question before rarer-first pruning stops adding words. */
  readonly postingBudget: number;
  readonly wordNet: WordNet | null;
  readonly sentences: SentenceCache;
}

/** The shortest of some posting lists, `undefined` when one is missing (then no passage has every word). */
function shortest(lists: readonly (Map<number, number> | undefined)[]): Map<number, number> | undefined {
  let found: Map<number, number> | undefined;
  for (const list of lists) {
    if (list === undefined) return undefined;
    if (found === undefined || list.size < found.size) found = list;
  }
  return found;
}

/** The question's groups with their alternatives' IDF and posting lists; groups the corpus lacks are left out. */
export function scoredGroups(core: IndexCore, plan: QueryPlan): ScoredGroup[] {
  const groups: ScoredGroup[] = [];
  for (const group of plan.groups) {
    const alternatives: ScoredAlternative[] = [];
    for (const alternative of group.alternatives) {
      const data = alternative.terms.map((t) => core.termData(t));
      let df = Infinity;
      let idf = 0;
      for (const term of alternative.terms) {
        df = Math.min(df, core.documentFrequency(term));
        idf += core.idf(term);
      }
      if (df === 0 || !Number.isFinite(df)) continue;
      idf *= group.specificity;
      alternatives.push({
        alternative,
        idf,
        postings: data.map((d) => d?.get(TEXT)),
        headings: data.map((d) => d?.get(HEADING)),
        questions: data.map((d) => d?.get(QUESTION)),
        df,
      });
    }
    if (alternatives.length === 0) continue;
    // A name and its equivalents are one concept, as common as its most common form: "Tehran" in a
    // question means Iran, and must not outweigh the rest because the word itself is rare.
    const equivalents = alternatives.filter((a) => a.alternative.kind === 'exact' || a.alternative.kind === 'synonym');
    if (equivalents.some((a) => a.alternative.kind === 'synonym')) {
      const conceptIdf = Math.min(...equivalents.map((a) => a.idf));
      for (const a of equivalents) a.idf = conceptIdf;
    }
    // A WordNet relative never weighs more than the question's own word.
    const ownIdf = alternatives.find((a) => a.alternative.kind === 'exact')?.idf;
    if (ownIdf !== undefined)
      for (const a of alternatives) if (a.alternative.kind === 'wordnet') a.idf = Math.min(a.idf, ownIdf);
    const maxWeight = Math.max(...alternatives.map((a) => a.alternative.weight * a.idf));
    const df = Math.min(...alternatives.map((a) => a.df));
    groups.push({ group, alternatives, maxWeight, df });
  }
  return groups;
}

/** Passages by score, best first, re-ranked by best sentence; at most `depth`. */
export function rank(
  core: IndexCore,
  plan: QueryPlan,
  groups: readonly ScoredGroup[],
  depth: number,
  settings: RankSettings,
): Candidate[] {
  if (groups.length === 0) return [];
  const w = settings.weights;
  const totalWeight = groups.reduce((sum, g) => sum + g.maxWeight, 0) || 1;
  const totalContent = plan.groups.reduce((sum, g) => sum + g.content, 0) || 1;
  const lengthNorm = core.lengthNorm;

  // Indexed loops, not for…of: these run per candidate × alternative and must not allocate.
  const textScore = (alt: ScoredAlternative, slot: number): number => {
    let tf = Infinity;
    const postings = alt.postings;
    for (let i = 0; i < postings.length; i++) {
      const f = postings[i]?.get(slot);
      if (f === undefined) return 0;
      if (f < tf) tf = f;
    }
    return termScore(alt.alternative.weight * alt.idf, tf, lengthNorm[slot] as number, w.presence);
  };
  const inField = (lists: readonly (Map<number, number> | undefined)[], slot: number): boolean => {
    if (lists.length === 0) return false;
    for (let i = 0; i < lists.length; i++) if (lists[i]?.get(slot) === undefined) return false;
    return true;
  };
  // One group's score for one passage, and (in `lastCovered`) the weight it covers tf aside: the
  // best of a text, FAQ-question or heading match over the group's alternatives.
  let lastCovered = 0;
  const groupScore = (g: ScoredGroup, slot: number): number => {
    let best = 0;
    lastCovered = 0;
    for (const alt of g.alternatives) {
      const full = alt.alternative.weight * alt.idf;
      let s = textScore(alt, slot);
      if (inField(alt.questions, slot)) s = Math.max(s, questionHeadingScore(full, w.questionHeading));
      if (s === 0 && inField(alt.headings, slot)) s = headingScore(full, w.heading);
      if (s > 0 && full > lastCovered) lastCovered = full;
      if (s > best) best = s;
    }
    return best;
  };

  // Rarest groups first; stop scanning posting lists once the budget is spent (the common words
  // are then scored only for the candidates the rare ones found). Buffers are reused across
  // questions: at 100k passages a question touches tens of thousands of passages.
  const order = [...groups].sort((a, b) => a.df - b.df);
  const { scores, groupBest, touched, groupTouched } = core;
  let touchedCount = 0;
  let spent = 0;
  const scanned = new Set<ScoredGroup>();
  const budget = settings.postingBudget;
  for (const g of order) {
    // The group's best-weighted alternatives always, the others while they are cheap: candidates
    // are only gathered here; every pooled candidate is scored on all alternatives below.
    const units = g.alternatives.filter((a, i) => i === 0 || spent + a.df <= budget / 2);
    const cost = units.reduce((sum, a) => sum + a.df, 0);
    if (scanned.size > 0 && spent + cost > budget) continue;
    scanned.add(g);
    spent += cost;
    let groupCount = 0;
    const gather = (slot: number, v: number) => {
      const previous = groupBest[slot] as number;
      if (previous === 0) groupTouched[groupCount++] = slot;
      if (v > previous) groupBest[slot] = v;
    };
    for (const alt of units) {
      const base = alt.alternative.weight * alt.idf;
      if (alt.postings.length === 1) {
        const posting = alt.postings[0];
        if (posting !== undefined) {
          const presence = w.presence;
          // forEach, not for…of: no [key, value] pair allocated per posting.
          posting.forEach((tf, slot) => {
            const v = termScore(base, tf, lengthNorm[slot] as number, presence);
            const previous = groupBest[slot] as number;
            if (previous === 0) groupTouched[groupCount++] = slot;
            if (v > previous) groupBest[slot] = v;
          });
        }
        // Every passage of a section shares its heading: a heading word common across the corpus
        // gathers no useful candidates, so only short heading lists are scanned here.
        const heading = alt.headings[0];
        if (heading !== undefined && heading.size <= budget / 4) {
          const v = headingScore(base, w.heading);
          heading.forEach((_, slot) => gather(slot, v));
        }
        const question = alt.questions[0];
        if (question !== undefined && question.size <= budget / 4) {
          const v = questionHeadingScore(base, w.questionHeading);
          question.forEach((_, slot) => gather(slot, v));
        }
        continue;
      }
      // Several words: walk the rarest one's passages, in the text and in the question and heading fields.
      const rarest = shortest(alt.postings);
      if (rarest !== undefined) {
        for (const slot of rarest.keys()) {
          const v = textScore(alt, slot);
          if (v > 0) gather(slot, v);
        }
      }
      const question = shortest(alt.questions);
      if (question !== undefined && question.size <= budget / 4) {
        const v = questionHeadingScore(base, w.questionHeading);
        for (const slot of question.keys()) if (inField(alt.questions, slot)) gather(slot, v);
      }
      const heading = shortest(alt.headings);
      if (heading !== undefined && heading.size <= budget / 4) {
        const v = headingScore(base, w.heading);
        for (const slot of heading.keys()) if (inField(alt.headings, slot)) gather(slot, v);
      }
    }
    for (let i = 0; i < groupCount; i++) {
      const slot = groupTouched[i] as number;
      if (scores[slot] === 0) touched[touchedCount++] = slot;
      scores[slot] = (scores[slot] as number) + (groupBest[slot] as number);
      groupBest[slot] = 0;
    }
  }
  // Keep the best few hundred by what was scanned, then score those on every group and alternative.
  const complete =
    scanned.size === groups.length && [...scanned].every((g) => g.alternatives.length === 1 || spent <= budget / 2);
  const pool = topBy(touched, touchedCount, scores, complete ? depth * 2 : depth * 4);
  // A question about "the opening" or "the conclusion" may share no word with it.
  // Only when the corpus has few such passages (one document): in a large corpus every document
  // has an opening, and the cue can only re-rank.
  const edge = plan.structure === 'first' ? core.firstPassages : plan.structure === 'last' ? core.lastPassages : null;
  if (edge !== null && edge.size <= depth) {
    const inPool = new Set(pool);
    for (const passageIndex of edge) {
      const slot = core.passageToSlot[passageIndex];
      if (slot !== undefined && slot >= 0 && !inPool.has(slot)) pool.push(slot);
    }
  }
  const candidates: Candidate[] = [];
  for (const slot of pool) {
    let score = 0;
    let covered = 0;
    let content = 0;
    for (const g of groups) {
      score += groupScore(g, slot);
      covered += lastCovered;
      if (lastCovered > 0) content += g.group.content;
    }
    candidates.push({
      slot,
      score,
      sentence: [0, 0],
      sentenceScore: 0,
      coverage: coverage(covered, totalWeight),
      contentCoverage: coverage(content, totalContent),
      holdsAnswerType: plan.answerType === null,
    });
  }
  for (let i = 0; i < touchedCount; i++) scores[touched[i] as number] = 0;
  candidates.sort((a, b) => b.score - a.score || a.slot - b.slot);
  const top = candidates.slice(0, depth);

  // Re-rank by the best sentence: the answer usually sits in one sentence. A sentence holding the
  // kind of thing asked for (a year, a figure, a name) counts as matching one more average word.
  const typeBonus = w.answerType * (totalWeight / groups.length);
  for (const candidate of top) {
    const passageIndex = core.slotToPassage[candidate.slot] ?? -1;
    const passage: Passage | undefined = core.corpus.passages[passageIndex];
    if (passage === undefined) continue;
    const { sentences, heading, question, section } = settings.sentences.get(candidate.slot, passage);
    let bestScore = -1;
    for (let i = 0; i < sentences.length; i++) {
      const sentence = sentences[i] as (typeof sentences)[number];
      const context = {
        before: sentences[i - 1]?.terms ?? NO_TERMS,
        after: sentences[i + 1]?.terms ?? NO_TERMS,
        neighbourWeight: w.neighbour,
        heading,
        headingWeight: w.heading,
        question,
        questionWeight: w.questionHeading,
      };
      const score = scoreSentence(sentence, groups, plan, typeBonus, w.coordination, settings.wordNet, context);
      if (score > bestScore) {
        bestScore = score;
        candidate.sentence = sentence.span;
      }
      if (
        !candidate.holdsAnswerType &&
        sentence.entities !== undefined &&
        answerTypeStrength(sentence.entities, plan.answerType, plan.questionWords) > 0
      ) {
        candidate.holdsAnswerType = true;
      }
    }
    candidate.sentenceScore = Math.max(0, bestScore);
    const pointedAt =
      (plan.structure === 'first' && core.firstPassages.has(passageIndex)) ||
      (plan.structure === 'last' && core.lastPassages.has(passageIndex));
    const length = core.textLength[candidate.slot] as number;
    // A long passage meets many question words by its size alone: its whole-passage part is
    // discounted, not its best sentence, which stands on its own.
    const whole = w.passage * candidate.score * longPassageFactor(length, core.avgTextLength, w.longPassage);
    const shape = fragmentFactor(length, w.fragment) * leadFactor(passage.index, passage.count, w.lead);
    const named = w.headingNamed === 0 ? null : namedHeading(section, groups);
    const sectionBonus = named === null ? 0 : headingNamedScore(named.met, named.share, w.headingNamed);
    candidate.score =
      (candidate.sentenceScore + whole) * shape + structureScore(pointedAt, w.structure, totalWeight) + sectionBonus;
  }
  top.sort((a, b) => b.score - a.score || a.slot - b.slot);
  return top;
}

/**
 * "Did you mean": for a question that gets no match, other questions built from corpus words — the
 * question with its misspelt words corrected, the words the corpus knows without those it lacks,
 * and MiniSearch's own suggestions on small corpora. Only suggestions that themselves get an answer
 * are offered, so a member is never sent round in a circle.
 */
import type MiniSearch from 'minisearch';
import { fold } from './analyzer.js';
import type { QueryPlan, Vocabulary } from './query.js';
import type { IndexedPassage } from './store.js';

const SUGGESTION_CACHE_MAX = 1_000;
/** MiniSearch's autoSuggest scores every passage sharing a word: worth it on small corpora only. */
const AUTO_SUGGEST_MAX_PASSAGES = 20_000;

/** What suggestions are made from. */
export interface SuggestionSources {
  readonly search: MiniSearch<IndexedPassage>;
  readonly vocabulary: Vocabulary;
  /** Stem → the corpus's most frequent word with that stem. */
  readonly surface: ReadonlyMap<string, string>;
  readonly passages: number;
  readonly fuzzyMinLength: number;
  /** Whether a suggestion gets an answer (it is asked with suggestions turned off). */
  readonly answers: (suggestion: string) => boolean;
  /** Where a failure inside MiniSearch's suggestions is reported (they are a courtesy, never an error). */
  readonly onError: (error: unknown) => void;
}

export class DidYouMean {
  private readonly cache = new Map<string, string[]>();
  /** True while a candidate is being tried: its own suggestions are not wanted (and would recurse). */
  private trying = false;

  constructor(private readonly sources: SuggestionSources) {}

  /** Suggestions for a question that got no match. */
  for(question: string, plan: QueryPlan): string[] {
    if (this.trying) return [];
    // The same unanswerable question tends to come back (a button pressed again, a retry).
    const cached = this.cache.get(question);
    if (cached !== undefined) return [...cached];
    const suggestions = this.make(question, plan).filter((s) => this.answers(s));
    if (this.cache.size >= SUGGESTION_CACHE_MAX) this.cache.clear();
    this.cache.set(question, suggestions);
    return [...suggestions];
  }

  private answers(suggestion: string): boolean {
    this.trying = true;
    try {
      return this.sources.answers(suggestion);
    } finally {
      this.trying = false;
    }
  }

  private make(question: string, plan: QueryPlan): string[] {
    const { surface, vocabulary } = this.sources;
    const suggestions: string[] = [];
    if (plan.corrections.size > 0) {
      let corrected = fold(question);
      for (const [wrong, right] of plan.corrections) corrected = corrected.replace(wrong, surface.get(right) ?? right);
      suggestions.push(corrected);
    }
    // The words the corpus knows (corrected where misspelt), without those it lacks: "pizza with
    // uranum" → "uranium". A courtesy that keeps the member on topic.
    const known = plan.groups.flatMap((group) => {
      const exact = group.alternatives.find(
        (a) => a.kind === 'exact' && a.terms.every((t) => vocabulary.documentFrequency(t) > 0),
      );
      if (exact !== undefined) return [group.label];
      const corrected = group.alternatives.find((a) => a.kind === 'corrected');
      return corrected === undefined ? [] : [corrected.terms.map((t) => surface.get(t) ?? t).join(' ')];
    });
    if (known.length > 0 && known.length < plan.groups.length) {
      const words = known.join(' ');
      if (!suggestions.includes(words)) suggestions.push(words);
    }
    if (this.sources.passages > AUTO_SUGGEST_MAX_PASSAGES) return suggestions.slice(0, 5);
    try {
      // Fuzzy only for longer words and prefix only for the last one, as at query time: MiniSearch
      // otherwise expands every short word into dozens of terms.
      const options = {
        fuzzy: (term: string) => (term.length >= this.sources.fuzzyMinLength ? 0.2 : false),
        prefix: (_term: string, i: number, terms: string[]) => i === terms.length - 1,
      };
      for (const s of this.sources.search.autoSuggest(question, options).slice(0, 5)) {
        const words = s.terms.map((t) => surface.get(t) ?? t).join(' ');
        if (words.length > 0 && !suggestions.includes(words)) suggestions.push(words);
      }
    } catch (error) {
      this.sources.onError(error);
    }
    return suggestions.slice(0, 5);
  }
}

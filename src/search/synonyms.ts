/**
 * Names that mean the same thing: the synonym/acronym table a corpus keeps in its own folder
 * (`<CORPUS_DIR>/synonyms.json`, see FORMAT.md), and the aliases a document defines itself ("the Joint Comprehensive
 * Plan of Action (JCPOA)", "the JCPOA, or Iran nuclear deal"), mined at index time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusProblem } from '../types.js';
import { tokenize } from './analyzer.js';

/** The table as stored in `synonyms.json`. */
export interface SynonymTable {
  /** Phrases naming the same thing; a question naming one also looks for the others. */
  readonly groups: readonly (readonly string[])[];
  /** Category → members; a question naming the category also looks for its members (one way). */
  readonly categories?: Readonly<Record<string, readonly string[]>>;
}

/** The name of a corpus's synonym table in its folder. */
export const SYNONYMS_FILE = 'synonyms.json';

/** Reads a synonym table; a missing or malformed file gives an empty table and a message for the caller to log. */
export function readSynonymTable(file: string): { table: SynonymTable; problem?: string } {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isSynonymTable(parsed)) {
      return {
        table: { groups: [] },
        problem: `${file}: expected {"groups": [[phrase, ...], ...], "categories"?: {name: [phrase, ...]}}`,
      };
    }
    return { table: parsed };
  } catch (error) {
    return { table: { groups: [] }, problem: `${file}: ${(error as Error).message}` };
  }
}

/**
 * The synonym table of a corpus folder (`<dir>/synonyms.json`): empty when the folder has none,
 * empty with a `problem` to report when the file is unreadable or malformed.
 *
 * @example
 * const index = ParleyIndex.build(corpus, { synonyms: corpusSynonyms('corpus').table });
 */
export function corpusSynonyms(dir: string): { table: SynonymTable; problem?: string } {
  const file = join(dir, SYNONYMS_FILE);
  if (!existsSync(file)) return { table: { groups: [] } };
  return readSynonymTable(file);
}

/** The value is a synonym table as FORMAT.md describes it. */
export function isSynonymTable(value: unknown): value is SynonymTable {
  if (typeof value !== 'object' || value === null) return false;
  const { groups, categories } = value as { groups?: unknown; categories?: unknown };
  if (!Array.isArray(groups) || !groups.every((g) => Array.isArray(g) && g.every((p) => typeof p === 'string')))
    return false;
  if (categories === undefined) return true;
  return (
    typeof categories === 'object' &&
    categories !== null &&
    Object.values(categories).every((m) => Array.isArray(m) && m.every((p) => typeof p === 'string'))
  );
}

/** One way of saying a phrase: its index terms (all must occur). */
export interface PhraseAlternative {
  readonly phrase: string;
  readonly terms: readonly string[];
}

interface Entry {
  readonly words: readonly string[];
  readonly alternatives: PhraseAlternative[];
}

/** A phrase of a question found in the dictionary. */
export interface PhraseMatch {
  /** How many words of the question it covers. */
  readonly length: number;
  /** The other ways of saying it (the phrase itself not included). */
  readonly alternatives: readonly PhraseAlternative[];
}

function words(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.norm);
}

function alternativeOf(phrase: string): PhraseAlternative | null {
  const terms = tokenize(phrase).flatMap((token) => (token.term === null ? [] : [token.term]));
  return terms.length === 0 ? null : { phrase, terms };
}

/**
 * Phrases (as normalized word sequences, stop words included) → their alternatives. Longest match wins.
 *
 * @example
 * const dictionary = new PhraseDictionary();
 * dictionary.addGroup(['UN', 'United Nations']);
 * dictionary.match(['the', 'united', 'nations'], 1)?.alternatives // [{ phrase: 'UN', terms: ['un'] }]
 */
export class PhraseDictionary {
  private readonly byFirstWord = new Map<string, Entry[]>();
  /** Every group as added, for serialization. */
  readonly groups: string[][] = [];

  /** Adds phrases that all name the same thing. */
  addGroup(phrases: readonly string[]): void {
    const unique = [...new Set(phrases.map((p) => p.trim()).filter((p) => p.length > 0))];
    if (unique.length < 2) return;
    this.groups.push(unique);
    for (const phrase of unique) {
      const others = unique
        .filter((p) => p !== phrase)
        .map(alternativeOf)
        .filter((a): a is PhraseAlternative => a !== null);
      this.add(phrase, others);
    }
  }

  /** Adds a one-way expansion: `phrase` also looks for each of `members`. */
  addCategory(phrase: string, members: readonly string[]): void {
    this.add(
      phrase,
      members.map(alternativeOf).filter((a): a is PhraseAlternative => a !== null),
    );
  }

  private add(phrase: string, alternatives: PhraseAlternative[]): void {
    const key = words(phrase);
    const first = key[0];
    if (first === undefined || alternatives.length === 0) return;
    const entries = this.byFirstWord.get(first) ?? [];
    const existing = entries.find((e) => e.words.join(' ') === key.join(' '));
    if (existing) {
      for (const alternative of alternatives) {
        if (!existing.alternatives.some((a) => a.terms.join(' ') === alternative.terms.join(' ')))
          existing.alternatives.push(alternative);
      }
    } else {
      entries.push({ words: key, alternatives: [...alternatives] });
      entries.sort((a, b) => b.words.length - a.words.length);
    }
    this.byFirstWord.set(first, entries);
  }

  /** The longest phrase starting at `words[at]`, with its alternatives. */
  match(sequence: readonly string[], at: number): PhraseMatch | null {
    const entries = this.byFirstWord.get(sequence[at] ?? '');
    if (!entries) return null;
    for (const entry of entries) {
      if (entry.words.every((word, i) => sequence[at + i] === word))
        return { length: entry.words.length, alternatives: entry.alternatives };
    }
    return null;
  }
}

/** Builds the dictionary from a table and mined aliases. */
export function phraseDictionary(table: SynonymTable, aliases: readonly (readonly string[])[]): PhraseDictionary {
  const dictionary = new PhraseDictionary();
  for (const group of table.groups) dictionary.addGroup(group);
  for (const [category, members] of Object.entries(table.categories ?? {})) dictionary.addCategory(category, members);
  for (const group of aliases) dictionary.addGroup(group);
  return dictionary;
}

const ACRONYM_IN_PARENS = /\(([A-Z][A-Za-z]?[A-Z]{1,6})\)/g;
const ACRONYM_OR =
  /\b([A-Z]{2,8}),? (?:or|also known as|known as|i\.e\.) (?:the )?([A-Za-z][\w’'-]*(?: [A-Za-z][\w’'-]*){0,4}?)(?=[,;:.)]|$)/g;
const CONNECTORS = new Set(['of', 'and', 'for', 'the', 'on', 'to', '&', 'de']);

/**
 * Aliases a text defines itself: "International Atomic Energy Agency (IAEA)" (the initials of the
 * words before the brackets spell the acronym) and "JCPOA, or Iran nuclear deal".
 *
 * @example
 * mineAliases('Inspectors of the International Atomic Energy Agency (IAEA) arrived.')
 * // [['IAEA', 'International Atomic Energy Agency']]
 */
export function mineAliases(text: string): string[][] {
  const found: string[][] = [];
  for (const match of text.matchAll(ACRONYM_IN_PARENS)) {
    const acronym = match[1] ?? '';
    const letters = acronym.replace(/[^A-Z]/g, '');
    const before = text.slice(0, match.index).trimEnd().split(/\s+/);
    // Walk back word by word, consuming acronym letters from the end; connectors are free.
    const phrase: string[] = [];
    let remaining = letters.length;
    for (let i = before.length - 1; i >= 0 && remaining > 0 && phrase.length < letters.length * 2 + 2; i--) {
      const word = (before[i] ?? '').replace(/^[^\p{L}]+|(?<![^\p{L}])[^\p{L}]+$/gu, '');
      if (word.length === 0) break;
      phrase.unshift(word);
      if (CONNECTORS.has(word.toLowerCase())) {
        // "Plan of Action (JCPOA)" spells the connector, "Council on Foreign Relations (CFR)" does not.
        if (word[0]?.toUpperCase() === letters[remaining - 1]) remaining -= 1;
        continue;
      }
      const initials = word.split('-').map((part) => part[0]?.toUpperCase() ?? '');
      const expected = letters.slice(remaining - initials.length, remaining);
      if (initials.join('') === expected) remaining -= initials.length;
      else if (word[0]?.toUpperCase() === letters[remaining - 1]) remaining -= 1;
      else break;
    }
    while (phrase.length > 0 && CONNECTORS.has((phrase[0] ?? '').toLowerCase())) phrase.shift();
    if (remaining === 0 && phrase.length >= 2) found.push([acronym, phrase.join(' ')]);
  }
  for (const match of text.matchAll(ACRONYM_OR)) {
    const acronym = match[1] ?? '';
    const alias = (match[2] ?? '').trim();
    if (alias.split(' ').length >= 2 && alias.toUpperCase() !== alias) found.push([acronym, alias]);
  }
  return found;
}

/**
 * What is wrong with a corpus folder's `synonyms.json`, as corpus problems for `validate-corpus`:
 * a file that cannot be read or has the wrong shape (served as no table: a warning), a group of
 * fewer than two phrases, a phrase with no searchable word (only stop words or symbols).
 */
export function synonymProblems(dir: string): CorpusProblem[] {
  const file = join(dir, SYNONYMS_FILE);
  if (!existsSync(file)) return [];
  const { table, problem } = readSynonymTable(file);
  if (problem !== undefined) {
    return [
      { severity: 'warning', file: SYNONYMS_FILE, message: `${problem.slice(file.length + 2)}; no synonyms are used` },
    ];
  }
  const problems: CorpusProblem[] = [];
  const searchable = (phrase: string) => tokenize(phrase).some((t) => t.term !== null);
  table.groups.forEach((group, i) => {
    if (new Set(group.map((p) => p.trim().toLowerCase())).size < 2) {
      problems.push({
        severity: 'warning',
        file: SYNONYMS_FILE,
        message: `group ${i + 1} (${JSON.stringify(group)}) needs at least two different phrases`,
      });
    }
    for (const phrase of group) {
      if (!searchable(phrase))
        problems.push({
          severity: 'warning',
          file: SYNONYMS_FILE,
          message: `group ${i + 1}: "${phrase}" has no searchable word`,
        });
    }
  });
  for (const [category, members] of Object.entries(table.categories ?? {})) {
    if (!searchable(category))
      problems.push({
        severity: 'warning',
        file: SYNONYMS_FILE,
        message: `category "${category}" has no searchable word`,
      });
    if (members.length === 0)
      problems.push({ severity: 'warning', file: SYNONYMS_FILE, message: `category "${category}" has no members` });
  }
  return problems;
}

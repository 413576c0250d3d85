/**
 * Facts about a corpus computed at build time: the word forms to show for stems, the aliases worth
 * keeping, the passages of each document's first and last sections, and a fingerprint.
 */
import type { Corpus } from '../types.js';
import { tokenize } from './analyzer.js';

/** The few most frequent expansions of each acronym: a large corpus may expand one acronym many ways. */
export function topAliases(mined: Map<string, Map<string, number>>, perAcronym = 3): string[][] {
  const aliases: string[][] = [];
  for (const [acronym, phrases] of mined) {
    const best = [...phrases].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, perAcronym);
    for (const [phrase] of best) aliases.push([acronym, phrase]);
  }
  return aliases;
}

export function countSurface(text: string, counts: Map<string, Map<string, number>>): void {
  for (const token of tokenize(text, { compounds: true })) {
    if (token.term === null) continue;
    let forms = counts.get(token.term);
    if (forms === undefined) {
      forms = new Map();
      counts.set(token.term, forms);
    }
    forms.set(token.norm, (forms.get(token.norm) ?? 0) + 1);
  }
}

export function surfaceForms(counts: Map<string, Map<string, number>>): Map<string, string> {
  const surface = new Map<string, string>();
  for (const [term, forms] of counts) {
    let best = '';
    let bestCount = -1;
    for (const [form, count] of forms) {
      if (count > bestCount || (count === bestCount && form.length < best.length)) {
        best = form;
        bestCount = count;
      }
    }
    surface.set(term, best);
  }
  return surface;
}

/** First and last sections' passages of each document (for "the opening" / "the conclusion"). */
export function edgePassages(corpus: Corpus): { first: Set<number>; last: Set<number> } {
  const position = new Map<string, number>();
  corpus.passages.forEach((p, i) => position.set(p.id, i));
  const first = new Set<number>();
  const last = new Set<number>();
  const byDocument = new Map<string, string[][]>();
  for (const section of corpus.sections) {
    const list = byDocument.get(section.documentId) ?? [];
    list.push([...section.passageIds]);
    byDocument.set(section.documentId, list);
  }
  for (const sections of byDocument.values()) {
    for (const id of sections[0] ?? []) first.add(position.get(id) ?? -1);
    for (const id of sections[sections.length - 1] ?? []) last.add(position.get(id) ?? -1);
  }
  return { first, last };
}

/** A cheap hash of the passages' ids and lengths: an index must not be loaded for another corpus. */
export function fingerprint(corpus: Corpus): string {
  let hash = 2166136261;
  for (const passage of corpus.passages) {
    const key = `${passage.id}:${passage.text.length}`;
    for (let i = 0; i < key.length; i++) {
      hash ^= key.charCodeAt(i);
      hash = Math.imul(hash, 16777619);
    }
  }
  return (hash >>> 0).toString(16);
}

const CONNECTOR_WORDS = new Set(['of', 'and', 'for', 'the', 'on', 'to', 'in', 'a', '&']);
const TITLE_RUN = /\b\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:of|and|for|the|on|to|in|a|&)\s+)*\p{Lu}[\p{L}'’-]*)+/gu;
/** Text passages read for capitalized names: enough for any corpus's own names, bounded for 100k-passage ones. */
const INITIALISM_PASSAGES = 2_000;

/**
 * Acronyms a corpus could be asked about without ever writing them: the initials of its headings
 * and of its capitalized names ("Code of Conduct" → "coc" and "cc"), each with the phrase it
 * abbreviates. A question saying "CoC" then finds the code of conduct.
 *
 * @example
 * initialisms(corpus).get('coc') // ['Code of Conduct']
 */
export function initialisms(corpus: Corpus): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (phrase: string) => {
    const words = phrase.split(/[\s/-]+/).filter((w) => /\p{L}/u.test(w));
    while (words.length > 0 && CONNECTOR_WORDS.has((words[0] ?? '').toLowerCase())) words.shift();
    while (words.length > 0 && CONNECTOR_WORDS.has((words.at(-1) ?? '').toLowerCase())) words.pop();
    if (words.length < 2 || words.length > 6) return;
    const all = words
      .map((w) => w[0] ?? '')
      .join('')
      .toLowerCase();
    const content = words
      .filter((w) => !CONNECTOR_WORDS.has(w.toLowerCase()))
      .map((w) => w[0] ?? '')
      .join('')
      .toLowerCase();
    const text = words.join(' ');
    for (const key of new Set([all, content])) {
      if (key.length < 2 || !/^\p{L}+$/u.test(key)) continue;
      const phrases = found.get(key) ?? [];
      if (phrases.length < 3 && !phrases.some((p) => p.toLowerCase() === text.toLowerCase())) phrases.push(text);
      found.set(key, phrases);
    }
  };
  const headings = new Set<string>();
  for (const section of corpus.sections) for (const heading of section.headingPath) headings.add(heading);
  for (const document of corpus.documents) headings.add(document.title);
  for (const heading of headings) add(heading.replace(/[^\p{L}\p{N}\s'’&/-]/gu, ' '));
  for (const passage of corpus.passages.slice(0, INITIALISM_PASSAGES)) {
    for (const match of passage.text.matchAll(TITLE_RUN)) add(match[0]);
  }
  return found;
}

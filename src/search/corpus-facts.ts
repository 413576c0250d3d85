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
  for (const token of tokenize(text)) {
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

/**
 * Autocomplete choices built from the corpus: section headings that match what the member typed,
 * and completions of their words from `searcher.complete()`. Always within Discord's limits
 * (`choices()` in respond.ts enforces them again). Named for autocomplete, not "suggest": in the
 * bot a suggestion is a "did you mean" offered with a no-match note (`renderNoMatch`).
 */
import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { QUESTION_MAX_LENGTH, type Corpus, type Searcher, type Section } from '../types.js';
import { sectionRef } from './custom-id.js';
import { lookup } from './lookup.js';
import { cleanText } from './query.js';
import { AUTOCOMPLETE_MAX_CHOICES, CHOICE_NAME_MAX, CHOICE_VALUE_MAX, cutPlain } from './respond.js';
import { PATH_SEPARATOR, displayPath } from './render.js';

/** What autocomplete reads of what was typed: cleaned, and no longer than a question is read. */
const typedText = (typed: string) => cleanText(typed).slice(0, QUESTION_MAX_LENGTH);

/** Cuts a choice value at a word boundary without an ellipsis (the value is what gets asked). */
export function choiceValue(text: string): string {
  const clean = cleanText(text);
  if (clean.length <= CHOICE_VALUE_MAX) return clean;
  const cut = clean.slice(0, CHOICE_VALUE_MAX);
  const space = cut.lastIndexOf(' ');
  return (space > CHOICE_VALUE_MAX / 2 ? cut.slice(0, space) : cut).trim();
}

function sectionName(section: Section, corpus: Corpus): string {
  const document = lookup(corpus).documents.get(section.documentId)?.title ?? section.documentId;
  return cleanText(displayPath(section.headingPath, document).join(PATH_SEPARATOR));
}

/** Sections whose headings match `typed` (last heading first, then anywhere in the path); top-level ones when empty. */
export function matchSections(corpus: Corpus, typed: string, limit: number): Section[] {
  const needle = typedText(typed).toLowerCase();
  if (needle.length === 0) {
    const top = corpus.sections.filter((s) => s.headingPath.length === 1);
    return (top.length > 0 ? top : corpus.sections).slice(0, limit);
  }
  const starts: Section[] = [];
  const inHeading: Section[] = [];
  const inPath: Section[] = [];
  for (const { section, last, path } of lookup(corpus).headings) {
    if (last.startsWith(needle)) starts.push(section);
    else if (inHeading.length < limit && last.includes(needle)) inHeading.push(section);
    else if (inHeading.length + inPath.length < limit && path.includes(needle)) inPath.push(section);
    if (starts.length >= limit) break;
  }
  return [...starts, ...inHeading, ...inPath].slice(0, limit);
}

/** Choices for `/ask question`: completions of the typed words, then matching section headings. */
export function questionChoices(searcher: Searcher, typed: string): APIApplicationCommandOptionChoice[] {
  const text = typedText(typed);
  const out: APIApplicationCommandOptionChoice[] = [];
  const add = (name: string, value: string) => {
    const n = cutPlain(cleanText(name), CHOICE_NAME_MAX);
    const v = choiceValue(value);
    if (n.length > 0 && v.length > 0) out.push({ name: n, value: v });
  };
  if (text.length > 0) {
    // complete() never throws on any text; were it to, the router logs it and offers no choices.
    for (const completion of searcher.complete(text, 15)) add(completion, completion);
  }
  const corpus = searcher.corpus;
  for (const section of matchSections(corpus, text, AUTOCOMPLETE_MAX_CHOICES)) {
    const heading = section.headingPath.at(-1) ?? '';
    add(`§ ${sectionName(section, corpus)}`, heading);
  }
  return dedupe(out).slice(0, AUTOCOMPLETE_MAX_CHOICES);
}

/** Choices for `/section name`: sections by heading; the value is the section's reference. */
export function sectionChoices(corpus: Corpus, typed: string): APIApplicationCommandOptionChoice[] {
  return matchSections(corpus, typed, AUTOCOMPLETE_MAX_CHOICES)
    .map((section) => ({
      name: cutPlain(sectionName(section, corpus), CHOICE_NAME_MAX),
      value: sectionRef(section.id),
    }))
    .filter((c) => c.name.length > 0);
}

function dedupe(list: APIApplicationCommandOptionChoice[]): APIApplicationCommandOptionChoice[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = String(c.value).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

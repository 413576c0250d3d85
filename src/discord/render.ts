/**
 * Answers as Discord messages: one embed per passage, titled with its heading path, the matched
 * terms in bold and the best sentence underlined, cut at sentence or word boundaries to fit every
 * Discord limit. Text from the corpus or a member is escaped before we add our own markdown, so
 * the only `**`/`__` in a description are ours and always balanced.
 */
import { ButtonStyle } from 'discord-api-types/v10';
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord-api-types/v10';
import type { Corpus, DocumentInfo, Hit, HeadingPath, Passage, Section, TextSpan } from '../types.js';
import { encodeCustomId, hash53, MAX_OFFSET, pageQueryRef, sectionRef } from './custom-id.js';
import { PAGE_SIZE } from './page-size.js';
import { escapeMarkdown, neutralizeMentions, stripInvisible, ZWJ } from './escape.js';
import {
  button,
  cutMarkdown,
  cutPlain,
  ELLIPSIS,
  EMBED_AUTHOR_NAME_MAX,
  EMBED_COLOR,
  EMBED_DESCRIPTION_MAX,
  EMBED_TITLE_MAX,
  EMBED_TOTAL_MAX,
  EMBEDS_MAX,
  row,
  safeUrl,
  type MessageData,
} from './respond.js';
import { lookup, sectionPassages } from './lookup.js';

/** Heading separator in embed titles. */
export const PATH_SEPARATOR = ' › ';
/** Shown before the question on the first embed; plain text (author names render no markdown). */
export const QUESTION_PREFIX = '🔎 ';
/** A passage longer than this is shown as a window around its best sentence (readability, not a limit). */
export const PASSAGE_DISPLAY_MAX = 1500;
/** Longest page of a section shown by `/section` or "Whole section". */
export const SECTION_PAGE_MAX = 3800;
/** Room kept for footers, titles and the author line when budgeting descriptions. */
const FOOTER_DOCUMENT_MAX = 100;

// Rendering is a pure function of immutable inputs (passage text, highlight spans, room), and a
// server renders the same passages for the same questions again and again: the results are kept
// in small bounded maps, cleared whole when full (no per-hit bookkeeping).
const TITLE_CACHE_MAX = 2_000;
const PASSAGE_CACHE_MAX = 2_000;
const ALIGNMENT_CACHE_MAX = 500;
const titleCache = new Map<string, string>();
const passageCache = new Map<string, string>();
const alignmentCache = new Map<string, Alignment>();

/** Parts joined so that no two different lists give the same key, whatever characters they hold. */
function lengthPrefixed(parts: readonly string[]): string {
  let key = '';
  for (const part of parts) key += `${part.length}:${part}`;
  return key;
}

function remember<V>(cache: Map<string, V>, key: string, value: V, max: number): void {
  if (cache.size >= max) cache.clear();
  cache.set(key, value);
}

// ---------------------------------------------------------------------------------------------
// Heading paths

/** The headings a passage sits under (the introduction's path is the document title). */
export function displayPath(path: HeadingPath, documentTitle: string): string[] {
  return path.length > 0 ? [...path] : [documentTitle];
}

/** Embed title: the full heading path joined with ` › `, escaped, cut at a word boundary only past 256. */
export function headingTitle(path: HeadingPath, documentTitle: string): string {
  const key = lengthPrefixed([documentTitle, ...path]);
  const cached = titleCache.get(key);
  if (cached !== undefined) return cached;
  const title = computeHeadingTitle(path, documentTitle);
  remember(titleCache, key, title, TITLE_CACHE_MAX);
  return title;
}

function computeHeadingTitle(path: HeadingPath, documentTitle: string): string {
  const title = displayPath(path, documentTitle)
    .map((heading) => escapeMarkdown(stripInvisible(heading).replace(/\s+/g, ' ').trim()))
    .filter((heading) => heading.length > 0)
    .join(PATH_SEPARATOR);
  return cutMarkdown(title || escapeMarkdown(stripInvisible(documentTitle)) || 'Untitled', EMBED_TITLE_MAX);
}

/** Embed title of an FAQ answer: its question (escaped, cut past 256), else the heading path. */
export function questionTitle(question: string, path: HeadingPath, documentTitle: string): string {
  const text = escapeMarkdown(stripInvisible(question).replace(/\s+/g, ' ').trim());
  return text === '' ? headingTitle(path, documentTitle) : cutMarkdown(text, EMBED_TITLE_MAX);
}

/** Plain text for fields that render no markdown (footers, author names, labels): no mentions, no invisibles. */
export function plain(text: string, max: number): string {
  return cutPlain(neutralizeMentions(stripInvisible(text).replace(/\s+/g, ' ').trim()), max);
}

// ---------------------------------------------------------------------------------------------
// Passage highlighting

type Span = TextSpan;

/**
 * What to highlight in a passage, as offsets into its plain `text`: the best sentence (underlined)
 * and the matched words (bold). The index knows where they are; rendering never looks for them.
 */
export interface Highlights {
  readonly sentence?: TextSpan | undefined;
  readonly terms: readonly TextSpan[];
}

/** A hit's highlights: the spans the index found. */
export function highlightsOf(hit: Hit): Highlights {
  return { sentence: hit.bestSentenceSpan, terms: hit.matchedSpans };
}

function highlightKey(highlights: Highlights): string {
  let key = highlights.sentence ? `${highlights.sentence.start}-${highlights.sentence.end}` : '-';
  for (const span of highlights.terms) key += `,${span.start}-${span.end}`;
  return `${key};`;
}

/**
 * Text as shown: invisible characters removed, then trimmed; with `at(offset)`, where an offset of
 * the original lands in it. Removing characters only shifts what follows, so spans found in the
 * original keep covering the same words.
 */
interface Cleaned {
  readonly text: string;
  at(offset: number): number;
}

function cleaned(text: string): Cleaned {
  const stripped = stripInvisible(text);
  const clean = stripped.trim();
  const lead = stripped.length - stripped.trimStart().length;
  const clamp = (at: number) => Math.min(clean.length, Math.max(0, at - lead));
  if (stripped.length === text.length) return { text: clean, at: (offset) => clamp(offset) };
  // Kept characters before each offset of the original (only C0/C1 controls, U+2000–U+206F, U+FEFF
  // and U+FFF9–U+FFFB can be invisible: the rest is kept without asking).
  const kept = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const maybe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x2000 && c <= 0x206f) || c === 0xfeff || (c >= 0xfff9 && c <= 0xfffb);
    kept[i + 1] = (kept[i] as number) + (maybe && stripInvisible(text[i] as string).length === 0 ? 0 : 1);
  }
  return { text: clean, at: (offset) => clamp(kept[Math.min(text.length, Math.max(0, offset))] as number) };
}

/** A span of the original text moved into cleaned text, without surrounding whitespace; `undefined` when nothing is left. */
function moved(span: Span, text: Cleaned): Span | undefined {
  let start = text.at(span.start);
  let end = text.at(span.end);
  while (start < end && /\s/u.test(text.text[start] as string)) start++;
  while (end > start && /\s/u.test(text.text[end - 1] as string)) end--;
  return end > start ? { start, end } : undefined;
}

/** Term spans moved into cleaned text, sorted, with touching ones merged (adjacent bold runs would print `****`). */
function movedTerms(terms: readonly Span[], text: Cleaned): Span[] {
  const found: Span[] = [];
  for (const term of terms) {
    const span = moved(term, text);
    if (span !== undefined) found.push(span);
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: Span[] = [];
  for (const { start, end } of found) {
    const last = spans[spans.length - 1];
    if (last && start <= last.end) spans[spans.length - 1] = { start: last.start, end: Math.max(end, last.end) };
    else spans.push({ start, end });
  }
  return spans;
}

/** The sentence to underline, in cleaned text: none when it is (nearly) the whole passage, where underlining adds noise. */
function movedSentence(sentence: Span | undefined, text: Cleaned): Span | undefined {
  const span = sentence === undefined ? undefined : moved(sentence, text);
  return span !== undefined && span.end - span.start < text.text.length * 0.9 ? span : undefined;
}

/** Wraps `inner` in `marker`, keeping surrounding whitespace outside (Discord ignores `** x**`). */
function wrap(marker: string, inner: string): string {
  // trimStart/trimEnd, not a `^(\s*)…(\s*)$` regex: that backtracks quadratically on long runs of spaces.
  const core = inner.trim();
  if (core.length === 0) return inner;
  const lead = inner.slice(0, inner.length - inner.trimStart().length);
  const trail = inner.slice(inner.trimEnd().length);
  return `${lead}${marker}${core}${marker}${trail}`;
}

/** Renders `text[start, end)` escaped, with bold terms and the underlined best sentence. */
function renderSlice(text: string, start: number, end: number, allBold: readonly Span[], sentence: Span | undefined): string {
  const cuts = new Set([start, end]);
  const bold = allBold.filter((span) => span.end > start && span.start < end);
  for (const span of bold) {
    if (span.end > start && span.start < end) {
      cuts.add(Math.max(start, span.start));
      cuts.add(Math.min(end, span.end));
    }
  }
  if (sentence) {
    cuts.add(Math.min(end, Math.max(start, sentence.start)));
    cuts.add(Math.min(end, Math.max(start, sentence.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  let out = '';
  let underlined = '';
  const inSentence = (at: number) => sentence !== undefined && at >= sentence.start && at < sentence.end;
  const isBold = (at: number) => bold.some((s) => at >= s.start && at < s.end);
  const flush = () => {
    if (underlined) out += wrap('__', underlined);
    underlined = '';
  };
  for (const [i, a] of points.entries()) {
    const b = points[i + 1];
    if (b === undefined) break;
    if (b <= a) continue;
    const escaped = escapeMarkdown(text.slice(a, b));
    const piece = isBold(a) ? wrap('**', escaped) : escaped;
    if (inSentence(a)) underlined += piece;
    else {
      flush();
      out += piece;
    }
  }
  flush();
  return out;
}

/** Positions where a sentence starts (after `.`, `!`, `?`, `…` or a line break). */
function sentenceStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/[.!?…]["'”’)\]]*\s+|\n+/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** Positions where a cut may end: before whitespace. */
function wordEnds(text: string, from: number, to: number): number[] {
  const ends: number[] = [];
  const re = /\S(?=\s|$)/g;
  re.lastIndex = from;
  for (let match = re.exec(text); match && match.index < to; match = re.exec(text)) ends.push(match.index + 1);
  return ends;
}

/**
 * A passage as an embed description: escaped, matched terms bold, best sentence underlined (the
 * {@link Highlights} are offsets into `text`), at most `max` characters. A passage that does not fit is shown as a window around its best
 * sentence, cut at sentence (or else word) boundaries, with `…` where text was left out.
 */
export function renderPassage(text: string, highlights: Highlights, max: number): string {
  const key = `${max}:${highlightKey(highlights)}${text}`;
  const cached = passageCache.get(key);
  if (cached !== undefined) return cached;
  const rendered = computePassage(text, highlights, max);
  remember(passageCache, key, rendered, PASSAGE_CACHE_MAX);
  return rendered;
}

function computePassage(text: string, highlights: Highlights, max: number): string {
  const shown = cleaned(text);
  const clean = shown.text;
  if (max <= 0) return '';
  const bold = movedTerms(highlights.terms, shown);
  const sentence = movedSentence(highlights.sentence, shown);

  const render = (start: number, end: number) =>
    `${start > 0 ? `${ELLIPSIS} ` : ''}${renderSlice(clean, start, end, bold, sentence)}${end < clean.length ? ` ${ELLIPSIS}` : ''}`;
  if (clean.length <= max) {
    const whole = render(0, clean.length);
    if (whole.length <= max) return whole;
  }

  // Grow a window of whole sentences around the best one (or from the top), alternating after
  // and before, while it fits; only a sentence too long on its own is cut at a word boundary.
  const starts = [...new Set(sentenceStarts(clean))].filter((s) => s < clean.length);
  const ends = starts.map((start, k) => {
    let end = starts[k + 1] ?? clean.length;
    while (end > start && /\s/.test(clean.charAt(end - 1))) end -= 1;
    return end;
  });
  const endOf = (k: number) => ends[k] ?? clean.length;
  const containing = (at: number) => {
    let k = 0;
    while ((starts[k + 1] ?? Infinity) <= at) k += 1;
    return k;
  };
  let first = sentence ? containing(sentence.start) : 0;
  let last = sentence ? Math.max(first, containing(Math.max(sentence.start, sentence.end - 1))) : 0;
  if (render(starts[first] ?? 0, endOf(last)).length <= max) {
    for (let grew = true, after = true; grew; after = !after) {
      grew = false;
      for (const side of after ? ['after', 'before'] : ['before', 'after']) {
        if (side === 'after' && last + 1 < starts.length && render(starts[first] ?? 0, endOf(last + 1)).length <= max) {
          last += 1;
          grew = true;
          break;
        }
        if (side === 'before' && first > 0 && render(starts[first - 1] ?? 0, endOf(last)).length <= max) {
          first -= 1;
          grew = true;
          break;
        }
      }
    }
    return render(starts[first] ?? 0, endOf(last));
  }
  // The sentence alone is too long: keep its start, cut at the last word that fits.
  const start = starts[first] ?? 0;
  // Rendering is never shorter than the raw text, so no end beyond start + max can fit.
  const wordStops = wordEnds(clean, start, Math.min(clean.length, start + max) + 1);
  const fitEnd = lastFitting(wordStops, (end) => render(start, end).length <= max);
  if (fitEnd === undefined) {
    // Not even one word fits (a giant "word"): a hard cut that keeps markdown valid.
    return cutMarkdown(escapeMarkdown(clean.slice(start, start + max)), max);
  }
  return render(start, fitEnd);
}

/**
 * The last of `stops` (ascending) for which `fits` holds, by binary search: `fits` must hold for
 * a leading run of them and fail after. Undefined when it holds for none.
 */
function lastFitting(stops: readonly number[], fits: (stop: number) => boolean): number | undefined {
  let lo = 0;
  let hi = stops.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const stop = stops[mid];
    if (stop !== undefined && fits(stop)) {
      found = stop;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Display text (Discord Markdown written by the corpus builder)

/** Ranges of display text highlighting never touches: code blocks and spans, link targets, bare URLs, escapes. */
export function protectedRanges(display: string): Span[] {
  const ranges: Span[] = [];
  const n = display.length;
  let i = 0;
  while (i < n) {
    const c = display.charAt(i);
    if (c === '\\') {
      ranges.push({ start: i, end: Math.min(n, i + 2) });
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 0;
      while (display[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const atLineStart = i === 0 || display[i - 1] === '\n';
      if (run >= 3 && atLineStart) {
        const close = display.indexOf(`\n${fence}`, i + run);
        const end = close === -1 ? n : close + 1 + run;
        ranges.push({ start: i, end });
        i = end;
        continue;
      }
      // A code span closes at the next run of exactly as many backticks.
      let from = i + run;
      let end = -1;
      while (from < n) {
        const at = display.indexOf(fence, from);
        if (at === -1) break;
        let len = 0;
        while (display[at + len] === '`') len++;
        if (len === run) {
          end = at + run;
          break;
        }
        from = at + len;
      }
      if (end === -1) {
        i += run;
        continue;
      }
      ranges.push({ start: i, end });
      i = end;
      continue;
    }
    if (c === ']' && display[i + 1] === '(') {
      const close = display.indexOf(')', i + 2);
      const end = close === -1 ? n : close + 1;
      ranges.push({ start: i, end });
      i = end;
      continue;
    }
    if ((c === 'h' && (display.startsWith('https://', i) || display.startsWith('http://', i))) || (c === 'm' && display.startsWith('mailto:', i))) {
      let end = i;
      while (end < n && !/[\s<>]/.test(display.charAt(end))) end++;
      ranges.push({ start: i, end });
      i = end;
      continue;
    }
    i++;
  }
  return ranges;
}

/** Where existing `**bold**` runs are (outside protected ranges): a matched term inside one is bold already. */
function boldRegions(display: string, guarded: (at: number) => boolean): Span[] {
  const regions: Span[] = [];
  let open = -1;
  for (let i = 0; i + 1 < display.length; i++) {
    if (display[i] === '*' && display[i + 1] === '*' && !guarded(i)) {
      if (open === -1) open = i;
      else {
        regions.push({ start: open, end: i + 2 });
        open = -1;
      }
      i++;
    }
  }
  return regions;
}

const MARKUP = new Set(['\n', '`', '*', '_', '~', '|', '[', ']', '>']);

/** Letters and digits: what plain text and display text share word for word. */
const ALIGN_WORD = /[\p{L}\p{N}]+/gu;
/** How many display words an unmatched text word may look ahead across (a link target, a code block's language). */
const ALIGN_LOOKAHEAD = 48;

/** Words of the plain text matched to the same words of the display text, in order (UTF-16 offsets). */
interface Alignment {
  readonly textStarts: readonly number[];
  readonly displayStarts: readonly number[];
  readonly lengths: readonly number[];
}

/**
 * Pairs the words of a passage's plain text with the same words of its display text: both are the
 * same content, the display with Markdown around it. Words only the display has (link targets,
 * a code block's language) are stepped over; the few a text word cannot be paired with stay
 * unpaired, and a highlight on them is left out rather than put on other words.
 */
function align(text: string, display: string, linkTargets: readonly Span[]): Alignment {
  const key = `${text.length}:${text}${display}`;
  const cached = alignmentCache.get(key);
  if (cached !== undefined) return cached;
  const inTarget = (at: number) => linkTargets.some((r) => at >= r.start && at < r.end);
  const shown = [...display.matchAll(ALIGN_WORD)].filter((m) => !inTarget(m.index));
  const textStarts: number[] = [];
  const displayStarts: number[] = [];
  const lengths: number[] = [];
  let next = 0;
  for (const word of text.matchAll(ALIGN_WORD)) {
    const limit = Math.min(shown.length, next + ALIGN_LOOKAHEAD);
    for (let k = next; k < limit; k++) {
      const candidate = shown[k];
      if (candidate?.[0] !== word[0]) continue;
      textStarts.push(word.index);
      displayStarts.push(candidate.index);
      lengths.push(word[0].length);
      next = k + 1;
      break;
    }
  }
  const alignment = { textStarts, displayStarts, lengths };
  remember(alignmentCache, key, alignment, ALIGNMENT_CACHE_MAX);
  return alignment;
}

/**
 * A span of the plain text as a span of the display text: from its first paired word to its last,
 * with the characters right after the last word that both texts share (a sentence's `.`, `?`, `”`).
 */
function toDisplay(span: Span, alignment: Alignment, text: string, display: string): Span | undefined {
  const { textStarts, displayStarts, lengths } = alignment;
  let first = -1;
  let last = -1;
  // Paired words are in order: binary search for the first that ends after the span starts.
  let lo = 0;
  let hi = textStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((textStarts[mid] as number) + (lengths[mid] as number) <= span.start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < textStarts.length && (textStarts[k] as number) < span.end; k++) {
    if (first === -1) first = k;
    last = k;
  }
  if (first === -1) return undefined;
  const startInWord = Math.max(0, span.start - (textStarts[first] as number));
  const start = (displayStarts[first] as number) + startInWord;
  let t = Math.min((textStarts[last] as number) + (lengths[last] as number), span.end);
  let end = (displayStarts[last] as number) + (t - (textStarts[last] as number));
  while (t < span.end && end < display.length && text[t] === display[end] && !MARKUP.has(display[end] as string)) {
    t++;
    end++;
  }
  return end > start ? { start, end } : undefined;
}

/**
 * The parts of a sentence span that can be underlined: runs without Markdown syntax, code, link
 * targets or line breaks, each from its first letter or digit. Underlining each run on its own
 * keeps every `__` pair inside whatever emphasis, link text or quote it sits in, so the sentence
 * stays underlined around bold words, inline code and links instead of losing its underline.
 */
function underlineRuns(display: string, sentence: Span, guarded: (at: number) => boolean): Span[] {
  const runs: Span[] = [];
  let at = sentence.start;
  while (at < sentence.end) {
    while (at < sentence.end && (MARKUP.has(display[at] as string) || guarded(at))) at++;
    let end = at;
    while (end < sentence.end && !MARKUP.has(display[end] as string) && !guarded(end)) end++;
    let start = at;
    while (start < end && !/[\p{L}\p{N}]/u.test(display[start] as string)) start++;
    let stop = end;
    while (stop > start && /\s/u.test(display[stop - 1] as string)) stop--;
    if (stop > start) runs.push({ start, end: stop });
    at = end;
  }
  return runs;
}

/** Breaks mentions outside code and URLs (they stay verbatim there: a code span never pings). */
function neutralizeOutside(text: string): string {
  const ranges = protectedRanges(text);
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += neutralizeMentions(text.slice(at, r.start)) + text.slice(r.start, r.end);
    at = r.end;
  }
  return out + neutralizeMentions(text.slice(at));
}

/**
 * Display text (Discord Markdown from the corpus) with the matched terms in bold and the best
 * sentence underlined, never inside a code span, code block or URL; at most `max` characters.
 * The {@link Highlights} are offsets into the passage's plain `text`, carried over to the display
 * by pairing the words of the two.
 * A passage too long is shown as a window of whole lines (a code block whole, or cut between
 * its lines and closed again) around the best sentence. `undefined` when even that cannot fit:
 * the caller shows the plain text instead.
 */
export function renderDisplay(display: string, text: string, highlights: Highlights, max: number): string | undefined {
  const key = `d${max}:${highlightKey(highlights)}${lengthPrefixed([text])}${display}`;
  const cached = displayCache.get(key);
  if (cached !== undefined) return cached === '' ? undefined : cached;
  const rendered = computeDisplay(display, text, highlights, max);
  remember(displayCache, key, rendered ?? '', PASSAGE_CACHE_MAX);
  return rendered;
}

const displayCache = new Map<string, string>();

function computeDisplay(display: string, text: string, highlights: Highlights, max: number): string | undefined {
  if (max <= 0) return undefined;
  const clean = neutralizeOutside(stripInvisible(display).trim());
  if (clean === '') return undefined;
  const ranges = protectedRanges(clean);
  const guard = new Uint8Array(clean.length + 1);
  for (const r of ranges) guard.fill(1, r.start, r.end);
  const guarded = (at: number): boolean => guard[at] === 1;
  const bolds = boldRegions(clean, guarded);
  const inBold = (span: Span): boolean => bolds.some((b) => span.start >= b.start && span.end <= b.end);
  const plainText = cleaned(text);
  const alignment = align(plainText.text, clean, ranges.filter((r) => clean.startsWith('](', r.start)));
  const inDisplay = (span: Span | undefined) => (span === undefined ? undefined : toDisplay(span, alignment, plainText.text, clean));
  const sentence = inDisplay(movedSentence(highlights.sentence, plainText));
  const runs = sentence === undefined ? [] : underlineRuns(clean, sentence, guarded);
  const inOneRun = (span: Span): boolean => runs.some((r) => span.start >= r.start && span.end <= r.end);
  const crossesSentence = (span: Span): boolean => sentence !== undefined && span.start < sentence.end && span.end > sentence.start && !inOneRun(span);
  const terms: Span[] = [];
  for (const term of movedTerms(highlights.terms, plainText)) {
    const span = inDisplay(term);
    if (span === undefined) continue;
    let safe = !inBold(span) && !crossesSentence(span);
    for (let at = span.start; at < span.end && safe; at++) if (guarded(at) || MARKUP.has(clean[at] as string)) safe = false;
    if (safe) terms.push(span);
  }
  // Insert the markers from the end, so earlier offsets stay valid; at one place, closing ones first.
  const inserts: Array<{ at: number; text: string; order: number }> = [];
  for (const span of terms) inserts.push({ at: span.start, text: '**', order: 1 }, { at: span.end, text: '**', order: 0 });
  for (const run of runs) inserts.push({ at: run.start, text: '__', order: 0 }, { at: run.end, text: '__', order: 1 });
  inserts.sort((a, b) => b.at - a.at || b.order - a.order);
  let out = clean;
  for (const ins of inserts) out = `${out.slice(0, ins.at)}${ins.text}${out.slice(ins.at)}`;
  if (out.length <= max) return out;
  // The window centres on the first underlined run (else the first bold word), where it is in `out`.
  const focusAt = runs[0]?.start ?? terms[0]?.start ?? 0;
  const focus = focusAt + 2 * inserts.filter((ins) => ins.at < focusAt).length;
  return windowOfLines(out, focus, max);
}

/** Lines (a fenced code block is one unit) around the line holding `focus`, as many as fit in `max`. */
function windowOfLines(text: string, focus: number, max: number): string | undefined {
  const units: Array<{ start: number; end: number; code: boolean }> = [];
  let i = 0;
  while (i < text.length) {
    const lineEnd = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    const fence = /^`{3,}/.exec(text.slice(i, Math.min(lineEnd, i + 20)))?.[0];
    if (fence) {
      const close = text.indexOf(`\n${fence}`, lineEnd);
      const end = close === -1 ? text.length : Math.min(text.length, close + 1 + fence.length);
      units.push({ start: i, end, code: true });
      i = end + 1;
      continue;
    }
    units.push({ start: i, end: lineEnd, code: false });
    i = lineEnd + 1;
  }
  const join = (a: number, b: number): string => {
    const body = text.slice(units[a]?.start ?? 0, units[b]?.end ?? text.length).trim();
    return `${a > 0 ? `${ELLIPSIS}\n` : ''}${body}${b < units.length - 1 ? `\n${ELLIPSIS}` : ''}`;
  };
  let centre = units.findIndex((u) => focus >= u.start && focus <= u.end);
  if (centre < 0) centre = 0;
  let first = centre;
  let last = centre;
  if (join(first, last).length > max) {
    const unit = units[centre];
    if (!unit?.code) return undefined;
    // A code block too long on its own: whole lines from its top, fenced again.
    const lines = text.slice(unit.start, unit.end).split('\n');
    const open = lines[0] ?? '';
    const close = lines.at(-1) ?? '';
    const kept: string[] = [];
    let size = open.length + close.length + ELLIPSIS.length + 8;
    for (const line of lines.slice(1, -1)) {
      if (size + line.length + 1 > max) break;
      kept.push(line);
      size += line.length + 1;
    }
    if (kept.length === 0) return undefined;
    const shown = `${centre > 0 ? `${ELLIPSIS}\n` : ''}${open}\n${kept.join('\n')}\n${ELLIPSIS}\n${close}`;
    return shown.length <= max ? shown : undefined;
  }
  for (let grew = true; grew; ) {
    grew = false;
    if (last + 1 < units.length && join(first, last + 1).length <= max) {
      last++;
      grew = true;
    }
    if (first > 0 && join(first - 1, last).length <= max) {
      first--;
      grew = true;
    }
  }
  return join(first, last);
}

// ---------------------------------------------------------------------------------------------
// Answers

/** `document · passage n of m · relevance 87%`. */
export function passageFooter(passage: Passage, relevance: number): string {
  const document = plain(passage.document, FOOTER_DOCUMENT_MAX);
  // Members holding a printed or PDF rulebook find the passage by its page.
  const page = passage.page !== undefined ? ` · page ${passage.page}` : '';
  return `${document}${page} · passage ${passage.index} of ${passage.count} · relevance ${relevance}%`;
}

/** Relevance relative to the best hit of the whole answer, 1–100. */
export function relevance(score: number, top: number): number {
  if (!(top > 0) || !Number.isFinite(score)) return 100;
  return Math.min(100, Math.max(1, Math.round((score / top) * 100)));
}

/** The question as shown above an answer (and read back by paging buttons when it is too long for their id). */
export function questionLine(query: string): string {
  return `${QUESTION_PREFIX}${neutralizeMentions(query)}`;
}

/** Reads the question back from {@link questionLine}; checks it against the button's hash. */
export function questionFromLine(line: string | undefined, expectedHash: string): string | undefined {
  if (!line?.startsWith(QUESTION_PREFIX)) return undefined;
  const query = line.slice(QUESTION_PREFIX.length).split(ZWJ).join('');
  return hash53(query) === expectedHash ? query : undefined;
}

export interface AnswerView {
  /** The query passed to `ask()` (already cleaned). */
  readonly query: string;
  /** The hits of this page. */
  readonly hits: readonly Hit[];
  /** Score of the best hit of the whole answer (relevance is relative to it). */
  readonly topScore: number;
  /** Rank of the first hit of this page (0-based). */
  readonly offset: number;
  /** Passages per page. */
  readonly limit: number;
  /** Ranked passages in all. */
  readonly total: number;
  /** Address the answer to this member (content mentions them; only they are pinged). */
  readonly forUserId?: string;
  /** A hedged answer (`confident: false`): shown with {@link HEDGE_NOTE}. */
  readonly hedged?: boolean;
}

/** The note on a hedged answer: the passages are on the topic but may not hold the specific fact asked for. */
export const HEDGE_NOTE = '-# These passages may not answer this exactly.';

function answerButtons(view: AnswerView): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  const query = pageQueryRef(view.query);
  const paging: APIButtonComponent[] = [];
  if (view.offset > 0) {
    const offset = Math.max(0, view.offset - view.limit);
    paging.push(button('Previous', encodeCustomId({ kind: 'page', offset, limit: view.limit, query }), { emoji: '◀️' }));
  }
  if (view.offset + view.hits.length < view.total && view.offset + view.limit <= MAX_OFFSET) {
    const offset = view.offset + view.limit;
    paging.push(
      button('More results', encodeCustomId({ kind: 'page', offset, limit: view.limit, query }), {
        emoji: '▶️',
        style: ButtonStyle.Primary,
      }),
    );
  }
  const pagingRow = row(paging);
  if (pagingRow) rows.push(pagingRow);
  const seen = new Set<string>();
  const sections: APIButtonComponent[] = [];
  for (const hit of view.hits) {
    if (seen.has(hit.passage.sectionId)) continue;
    seen.add(hit.passage.sectionId);
    const heading = displayPath(hit.passage.headingPath, hit.passage.document).at(-1) ?? hit.passage.document;
    const label = `Whole section: ${cutPlain(heading, 40)}`;
    sections.push(button(plain(label, 80), encodeCustomId({ kind: 'section-open', ref: sectionRef(hit.passage.sectionId) }), { emoji: '📖' }));
  }
  const sectionRow = row(sections);
  if (sectionRow) rows.push(sectionRow);
  return rows;
}

/**
 * An answer page as a message: `*Sources for @member:*` when addressed, then one embed per
 * passage, and the paging and "Whole section" buttons. Within every limit for any input.
 */
export function renderAnswer(view: AnswerView): MessageData {
  const hits = view.hits.slice(0, EMBEDS_MAX);
  const shells = hits.map((hit, i) => {
    const passage = hit.passage;
    const url = safeUrl(passage.source);
    const embed: APIEmbed = {
      color: EMBED_COLOR,
      // An FAQ answer is titled with the question it answers.
      title: passage.question !== undefined ? questionTitle(passage.question, passage.headingPath, passage.document) : headingTitle(passage.headingPath, passage.document),
      footer: { text: passageFooter(passage, relevance(hit.score, view.topScore)) },
      ...(url ? { url } : {}),
      ...(i === 0 ? { author: { name: plain(questionLine(view.query), EMBED_AUTHOR_NAME_MAX) } } : {}),
    };
    return embed;
  });
  const fixed = shells.reduce((sum, e) => sum + (e.title?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0), 0);
  // Share what is left of the 6000 characters evenly, so every passage gets its fair room.
  const share = hits.length > 0 ? Math.floor((EMBED_TOTAL_MAX - fixed) / hits.length) : 0;
  const perPassage = Math.max(0, Math.min(EMBED_DESCRIPTION_MAX, PASSAGE_DISPLAY_MAX, share));
  const embeds = shells.map((embed, i) => {
    const hit = hits[i];
    if (!hit) return embed;
    const passage = hit.passage;
    const highlights = highlightsOf(hit);
    const shown = passage.display !== undefined ? renderDisplay(passage.display, passage.text, highlights, perPassage) : undefined;
    return { ...embed, description: shown ?? (renderPassage(passage.text, highlights, perPassage) || ELLIPSIS) };
  });
  const content = [view.forUserId ? `*Sources for <@${view.forUserId}>:*` : '', view.hedged ? HEDGE_NOTE : ''].filter(Boolean).join('\n');
  return {
    ...(content ? { content } : {}),
    embeds,
    components: answerButtons(view),
    allowed_mentions: view.forUserId ? { parse: [], users: [view.forUserId] } : { parse: [] },
  };
}

const NO_MATCH_REASON = {
  empty: 'Your question is empty — type a few words about what you want to know.',
  'no-terms': 'Your question only has very common words or symbols — try the names, places or topics you are after.',
  'off-topic': 'Nothing in the documents talks about that.',
  'no-results': 'Nothing in the documents matches those words.',
} as const;

/** No passage answers: the reason, "did you mean" suggestions (as buttons too) and a pointer to `/sections`. */
export function renderNoMatch(query: string, reason: keyof typeof NO_MATCH_REASON, suggestions: readonly string[]): MessageData {
  // Duplicates would give two buttons the same custom id, which Discord rejects.
  const shown = [...new Set(suggestions.map((s) => stripInvisible(s).replace(/\s+/g, ' ').trim()))].filter((s) => s.length > 0).slice(0, 5);
  const lines = [
    query.length > 0 ? `I found no passage for “${escapeMarkdown(cutPlain(query, 120))}”.` : 'I found no passage to show.',
    NO_MATCH_REASON[reason],
  ];
  if (shown.length > 0) lines.push(`Did you mean: ${shown.map((s) => `**${escapeMarkdown(cutPlain(s, 80))}**`).join(', ')}?`);
  lines.push('Browse what the documents cover with `/sections`, or read one with `/section`.');
  const buttons = shown
    .filter((s) => 'text' in pageQueryRef(s))
    .slice(0, 3)
    .map((s) => button(plain(`Ask: ${s}`, 80), encodeCustomId({ kind: 'page', offset: 0, limit: PAGE_SIZE.default, query: { text: s } })));
  const suggestionRow = row(buttons);
  return { content: lines.join('\n'), components: suggestionRow ? [suggestionRow] : [], allowed_mentions: { parse: [] } };
}

// ---------------------------------------------------------------------------------------------
// Sections

/** Splits text into pages of at most `max` rendered characters, at paragraph, sentence or word boundaries. */
export function pageText(text: string, max: number, render: (slice: string) => string = escapeMarkdown): string[] {
  const pages: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (render(rest).length <= max) {
      pages.push(rest);
      break;
    }
    const ends = wordEnds(rest, 0, Math.min(rest.length, max) + 1);
    let end = lastFitting(ends, (stop) => render(rest.slice(0, stop)).length <= max) ?? Math.max(1, Math.floor(max / 2));
    const head = rest.slice(0, end);
    const paragraph = head.lastIndexOf('\n\n');
    const sentence = Math.max(...[...head.matchAll(/[.!?…]["'”’)\]]*(?=\s)/g)].map((m) => m.index + m[0].length), -1);
    if (paragraph > end * 0.5) end = paragraph;
    else if (sentence > end * 0.6) end = sentence;
    if (/[\ud800-\udbff]/.test(rest[end - 1] ?? '')) end -= 1;
    pages.push(rest.slice(0, end).trim());
    rest = rest.slice(end).trim();
  }
  return pages.filter((p) => p.length > 0);
}

/**
 * A section's passages as Discord Markdown pages of at most `max` characters: whole passages
 * per page (display text as written, plain text escaped), a passage too long for a page split
 * at paragraph, sentence or word boundaries as plain text.
 */
export function sectionPages(passages: readonly Passage[], max: number): string[] {
  const pages: string[] = [];
  let page = '';
  const push = (piece: string): void => {
    if (page !== '' && page.length + 2 + piece.length > max) {
      pages.push(page);
      page = '';
    }
    page = page === '' ? piece : `${page}\n\n${piece}`;
  };
  for (const p of passages) {
    const display = p.display !== undefined ? neutralizeOutside(stripInvisible(p.display).trim()) : undefined;
    if (display !== undefined && display !== '' && display.length <= max) {
      push(display);
      continue;
    }
    for (const part of pageText(stripInvisible(p.text).trim(), max)) push(escapeMarkdown(part));
  }
  if (page !== '') pages.push(page);
  return pages;
}

/** Subsections right under a section (for a heading whose text is all in them). */
function childSections(corpus: Corpus, section: Section): Section[] {
  const depth = section.headingPath.length;
  const siblings = lookup(corpus).sectionsByDocument.get(section.documentId) ?? [];
  return siblings.filter(
    (s) => s.headingPath.length === depth + 1 && section.headingPath.every((h, i) => s.headingPath[i] === h),
  );
}

/** One page of a section: its heading path, text (or its subsections) and Previous/Next buttons. */
export function renderSectionPage(corpus: Corpus, section: Section, page: number): MessageData {
  const passages = sectionPassages(corpus, section);
  const document = lookup(corpus).documents.get(section.documentId);
  const documentTitle = document?.title ?? passages[0]?.document ?? section.documentId;
  const pages = sectionPages(passages, SECTION_PAGE_MAX);
  const count = Math.max(1, pages.length);
  const index = Math.min(Math.max(0, page), count - 1);
  const url = safeUrl(document?.source);
  const children = pages.length === 0 ? childSections(corpus, section) : [];
  const outline = children.length > 0
    ? cutMarkdown(
        `*This heading has no text of its own. Its subsections:*\n${children
          .map((c) => `• ${escapeMarkdown(cutPlain(stripInvisible(c.headingPath.at(-1) ?? '').replace(/\s+/g, ' ').trim(), 150))}`)
          .join('\n')}`,
        SECTION_PAGE_MAX,
      )
    : '*This section has no text.*';
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title: headingTitle(section.headingPath, documentTitle),
    description: pages[index] ?? outline,
    footer: {
      text: `${plain(documentTitle, FOOTER_DOCUMENT_MAX)} · ${passages.length} passage${passages.length === 1 ? '' : 's'}${count > 1 ? ` · page ${index + 1} of ${count}` : ''}`,
    },
    ...(url ? { url } : {}),
  };
  const ref = sectionRef(section.id);
  const buttons: APIButtonComponent[] = [];
  if (index > 0) buttons.push(button('Previous', encodeCustomId({ kind: 'section-page', ref, page: index - 1 }), { emoji: '◀️' }));
  if (index + 1 < count && index + 1 <= MAX_OFFSET) {
    buttons.push(button('Next', encodeCustomId({ kind: 'section-page', ref, page: index + 1 }), { emoji: '▶️', style: ButtonStyle.Primary }));
  }
  const pagingRow = row(buttons);
  return { embeds: [embed], components: pagingRow ? [pagingRow] : [], allowed_mentions: { parse: [] } };
}

/** Table of contents: each document's headings (sub-headings indented) with passage counts. */
export function renderToc(corpus: Corpus, documents: readonly DocumentInfo[]): MessageData {
  const embeds: APIEmbed[] = [];
  let total = 0;
  let omitted = 0;
  const byDocument = lookup(corpus).sectionsByDocument;
  // More lines than this could never fit in 6000 characters; the rest are only counted.
  const LINES_MAX = 400;
  const lines = (document: DocumentInfo): string[] =>
    (byDocument.get(document.id) ?? [])
      .slice(0, LINES_MAX)
      .map((s) => {
        const depth = Math.max(0, s.headingPath.length - 1);
        const intro = s.headingPath.length <= 1 && (s.headingPath[0] ?? document.title) === document.title;
        const name = intro ? 'Introduction' : (s.headingPath.at(-1) ?? 'Untitled');
        const n = s.passageIds.length;
        // A heading whose text is all in its subsections shows as a node of the outline, without a count.
        const count = n === 0 ? '' : ` — ${n} passage${n === 1 ? '' : 's'}`;
        return `${'\u2003'.repeat(Math.min(depth, 4))}${depth > 0 ? '◦' : '•'} ${escapeMarkdown(cutPlain(stripInvisible(name).replace(/\s+/g, ' ').trim(), 150))}${count}`;
      });
  for (const document of documents) {
    if (embeds.length >= EMBEDS_MAX || total >= EMBED_TOTAL_MAX - 300) {
      omitted += byDocument.get(document.id)?.length ?? 0;
      continue;
    }
    const all = lines(document);
    omitted += Math.max(0, (byDocument.get(document.id)?.length ?? 0) - all.length);
    let title = cutMarkdown(escapeMarkdown(stripInvisible(document.title)) || document.id, EMBED_TITLE_MAX);
    let chunk: string[] = [];
    const flush = () => {
      if (chunk.length === 0) return;
      embeds.push({ color: EMBED_COLOR, title, description: chunk.join('\n') });
      total += title.length + chunk.join('\n').length;
      chunk = [];
      title = cutMarkdown(`${title} (continued)`, EMBED_TITLE_MAX);
    };
    for (const [i, line] of all.entries()) {
      const length = chunk.join('\n').length + line.length + 1;
      // Stop early enough to leave room for the note about what was left out.
      if (embeds.length >= EMBEDS_MAX || total + title.length + length > EMBED_TOTAL_MAX - 300) {
        omitted += all.length - i;
        break;
      }
      if (length > EMBED_DESCRIPTION_MAX) {
        flush();
        if (embeds.length >= EMBEDS_MAX) {
          omitted += all.length - i;
          break;
        }
      }
      chunk.push(line);
    }
    flush();
  }
  const notes: string[] = [];
  if (embeds.length === 0 && omitted === 0) notes.push('No sections to show.');
  if (omitted > 0) {
    notes.push(
      documents.length > 1
        ? `…and ${omitted} more section${omitted === 1 ? '' : 's'}. Pick one document with \`/sections document:\`, or search with \`/section\`.`
        : `…and ${omitted} more section${omitted === 1 ? '' : 's'}. Search them with \`/section\`.`,
    );
  }
  return {
    content: `**${corpus.documents.length}** document${corpus.documents.length === 1 ? '' : 's'}, **${corpus.sections.length}** sections, **${corpus.passages.length}** passages. Read one with \`/section\`, ask with \`/ask\`.${notes.length ? `\n${notes.join('\n')}` : ''}`,
    embeds,
    allowed_mentions: { parse: [] },
  };
}

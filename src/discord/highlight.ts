/**
 * A passage's text as Discord Markdown with its matched words in bold and its best sentence
 * underlined, at the offsets the index found (`Hit.bestSentenceSpan`, `Hit.matchedSpans`), and cut
 * to a window around the best sentence when it is long. Plain text is escaped piece by piece;
 * display text (Markdown written by the corpus builder) is highlighted outside code, link targets
 * and URLs only, so the only `**`/`__` added are ours and always balanced.
 */
import type { Hit, TextSpan } from '../types.js';
import { escapeMarkdown, neutralizeMentions, stripInvisible } from './escape.js';
import { cutMarkdown, ELLIPSIS } from './respond.js';
import { lengthPrefixed, remember } from './render-memo.js';

const PASSAGE_CACHE_MAX = 2_000;
const ALIGNMENT_CACHE_MAX = 500;
const passageCache = new Map<string, string>();
const alignmentCache = new Map<string, Alignment>();

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
    const maybe =
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x2000 && c <= 0x206f) ||
      c === 0xfeff ||
      (c >= 0xfff9 && c <= 0xfffb);
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
function renderSlice(
  text: string,
  start: number,
  end: number,
  allBold: readonly Span[],
  sentence: Span | undefined,
): string {
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
export function wordEnds(text: string, from: number, to: number): number[] {
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
export function lastFitting(stops: readonly number[], fits: (stop: number) => boolean): number | undefined {
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
    if (
      (c === 'h' && (display.startsWith('https://', i) || display.startsWith('http://', i))) ||
      (c === 'm' && display.startsWith('mailto:', i))
    ) {
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
export function neutralizeOutside(text: string): string {
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
  const alignment = align(
    plainText.text,
    clean,
    ranges.filter((r) => clean.startsWith('](', r.start)),
  );
  const inDisplay = (span: Span | undefined) =>
    span === undefined ? undefined : toDisplay(span, alignment, plainText.text, clean);
  const sentence = inDisplay(movedSentence(highlights.sentence, plainText));
  const runs = sentence === undefined ? [] : underlineRuns(clean, sentence, guarded);
  const inOneRun = (span: Span): boolean => runs.some((r) => span.start >= r.start && span.end <= r.end);
  const crossesSentence = (span: Span): boolean =>
    sentence !== undefined && span.start < sentence.end && span.end > sentence.start && !inOneRun(span);
  const terms: Span[] = [];
  for (const term of movedTerms(highlights.terms, plainText)) {
    const span = inDisplay(term);
    if (span === undefined) continue;
    let safe = !inBold(span) && !crossesSentence(span);
    for (let at = span.start; at < span.end && safe; at++)
      if (guarded(at) || MARKUP.has(clean[at] as string)) safe = false;
    if (safe) terms.push(span);
  }
  // Insert the markers from the end, so earlier offsets stay valid; at one place, closing ones first.
  const inserts: Array<{ at: number; text: string; order: number }> = [];
  for (const span of terms)
    inserts.push({ at: span.start, text: '**', order: 1 }, { at: span.end, text: '**', order: 0 });
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
  for (let grew = true; grew;) {
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

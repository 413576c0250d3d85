/**
 * Writing document text as Discord Markdown: the few characters Discord would misread are
 * escaped, nothing else is, so text copied from an answer is the document's own text.
 *
 * Discord's parser (simple-markdown) reads `*`, `` ` ``, `~~`, `||`, `_` at a word edge, `\`
 * before punctuation, `[text](url)` and, at the start of a line, `#`/`-#` headings, `>` quotes
 * and list markers. Mentions form from `@everyone`, `@here` and `<@…>`, `<#…>`, `</…>`; only
 * those get a zero-width joiner, never an `@` in an address or a package name.
 */

/** Zero-width joiner: breaks a mention without changing what the text reads as. */
export const MENTION_BREAK = '\u200d';

const WORDISH = /[\p{L}\p{N}]/u;

/** Characters Discord treats as punctuation for `\` escapes. */
const ESCAPABLE = /[!-/:-@[-`{-~]/u;

/**
 * Escapes inline text for Discord Markdown: only what would change how it renders. Text at the
 * start of a line is escaped by {@link escapeLineStart}, which needs to know where lines begin.
 *
 * @example
 * escapeInline('use snake_case and 2*3') // 'use snake_case and 2\\*3'
 */
export function escapeInline(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += escapeAt(text, i);
  return out;
}

/** `text[i]` as it must be written in Discord Markdown, its neighbours in view. */
export function escapeAt(text: string, i: number): string {
  const c = text.charAt(i);
  const prev = text[i - 1] ?? ' ';
  const next = text[i + 1] ?? ' ';
  switch (c) {
    case '*':
    case '`':
      return `\\${c}`;
    case '_':
      // `snake_case` is never italics; `_word_` at a word edge is.
      return WORDISH.test(prev) && WORDISH.test(next) ? c : `\\${c}`;
    case '~':
    case '|':
      return next === c || prev === c ? `\\${c}` : c;
    case '\\':
      return ESCAPABLE.test(next) || next === ' ' ? '\\\\' : c;
    case '[':
    case ']':
      // Only `](` closes a `[text](url)` link; a lone bracket is text.
      return c === ']' && next === '(' ? `\\${c}` : c;
    case '<':
      return next === '@' || next === '#' || next === '/' || next === ':' || (next === 't' && text[i + 2] === ':') ? `<${MENTION_BREAK}` : c;
    case '@':
      return isMentionWord(text, i + 1) ? `@${MENTION_BREAK}` : c;
    default:
      return c;
  }
}

/** `@everyone` / `@here`, which Discord reads as mentions even with letters after them. */
function isMentionWord(text: string, at: number): boolean {
  return text.startsWith('everyone', at) || text.startsWith('here', at);
}

/**
 * Escapes block markers that only count at the start of a line (`#`, `-#`, `>`, `-`, `*`, `+`,
 * `1.`), so a line of text beginning with one reads as text.
 */
export function escapeLineStart(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  const c = line[i];
  const next = line[i + 1] ?? '';
  if (c === '#' || c === '>') return `${line.slice(0, i)}\\${line.slice(i)}`;
  if ((c === '-' || c === '+') && (next === ' ' || next === '#')) return `${line.slice(0, i)}\\${line.slice(i)}`;
  let j = i;
  while (j < line.length && j - i < 9 && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
  if (j > i && (line[j] === '.' || line[j] === ')') && line[j + 1] === ' ') return `${line.slice(0, j)}\\${line.slice(j)}`;
  return line;
}

/** Escapes a whole text (inline characters and every line start). */
export function escapeText(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeLineStart(escapeInline(line)))
    .join('\n');
}

/** A list item's marker at the start of a line: bullet, number (`1.`, `1)`), dotted number (`1.2`). */
const LIST_MARKER = /^(\s*(?:[-*+•–]|\d{1,3}(?:\.\d{1,3})+[.)]?|\d{1,3}[.)])\s+)(?=\S)/u;

/**
 * Escapes a plain-text list for Discord Markdown: each item's own marker stays a marker (so the
 * list still reads as a list), the rest of every line is escaped as by {@link escapeText}.
 *
 * @example
 * escapeList('- use *.txt\n- or 2*3') // '- use \\*.txt\n- or 2\\*3'
 */
export function escapeList(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const marker = LIST_MARKER.exec(line)?.[1];
      return marker === undefined ? escapeLineStart(escapeInline(line)) : `${marker}${escapeInline(line.slice(marker.length))}`;
    })
    .join('\n');
}

/** A code span holding `code` verbatim: a fence longer than any backtick run inside it. */
export function codeSpan(code: string): string {
  const single = code.replace(/\n/g, ' ');
  let longest = 0;
  let run = 0;
  for (const c of single) {
    run = c === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  const pad = single.startsWith('`') || single.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${single}${pad}${fence}`;
}

/** A fenced code block with its language; the fence outgrows any fence inside the code. */
export function codeBlock(code: string, lang?: string | null): string {
  let longest = 2;
  for (const line of code.split('\n')) {
    const t = line.trimStart();
    let n = 0;
    while (t[n] === '`') n++;
    if (n > longest) longest = n;
  }
  const fence = '`'.repeat(longest + 1);
  const language = lang && /^[\w+#.-]{1,30}$/.test(lang) ? lang : '';
  return `${fence}${language}\n${code}\n${fence}`;
}

/** A URL Discord can link: http(s) or mailto, with the characters that would end the link encoded. */
export function linkTarget(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^(?:https?:\/\/|mailto:)/i.test(trimmed)) return undefined;
  return trimmed.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

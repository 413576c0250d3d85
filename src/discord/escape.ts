/**
 * Making arbitrary text safe to show in Discord: no live mentions, no markdown we did not put
 * there, no invisible control characters. `allowed_mentions: { parse: [] }` already stops pings;
 * neutralising the text as well keeps a pasted `@everyone` from even looking like a mention.
 */

/** Zero-width joiner: placed after `@` (and between `<` and `@`/`#`) so Discord never parses a mention. */
export const ZWJ = '\u200d';

// Bidi overrides/isolates would let echoed text reorder what surrounds it; other C0/C1 controls
// and zero-width characters only hide things. Newlines and tabs are kept.
const INVISIBLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** Removes control, bidi and zero-width characters (keeps `\n` and `\t`). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** `@everyone` / `@here` (Discord reads them even with letters after: `@everyoneX`): the only bare `@` mentions. */
const EVERYONE = /@(?=everyone|here)/g;
/** `<@id>`, `<@!id>`, `<@&id>`, `<#id>`, `</cmd:id>`: a `<` right before `@`, `#` or `/`. */
const ANGLE_MENTION = /<(?=[@#/])/g;

/**
 * Breaks every mention form (`@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&id>`, `<#id>`, `</cmd:id>`)
 * with a zero-width joiner, and nothing else: an `@` in an address or a package name
 * (`minisearch@7.2.0`, `@discordjs/proxy`) is left as it is, so copied text stays right.
 * Safe in places without markdown (embed author names, button labels).
 *
 * @example neutralizeMentions('hi @everyone, see pkg@1.0') // 'hi @\u200deveryone, see pkg@1.0'
 */
export function neutralizeMentions(text: string): string {
  return text.replace(EVERYONE, `@${ZWJ}`).replace(ANGLE_MENTION, `<${ZWJ}`);
}

/** Characters that open or close inline markdown anywhere in a line. */
const INLINE = /[\\*_~`|[\]()<>]/g;
/** Block markdown that only counts at the start of a line: headings, quotes, lists, subtext. */
const LINE_START = /^([ \t]*)([#>+-]|\d+(?=[.)]))/gm;

/**
 * Escapes Discord markdown so the text renders literally, and neutralises mentions.
 *
 * @example escapeMarkdown('**bold** <@1>') // '\\*\\*bold\\*\\* \\<\u200d@1\\>'
 */
export function escapeMarkdown(text: string): string {
  const escaped = text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_all, indent: string, marker: string) =>
      /^\d+$/.test(marker) ? `${indent}${marker}\\` : `${indent}\\${marker}`,
    );
  // Numbered lists: `1.` → `1\.` (the backslash goes before the dot, written by the replacer above
  // as `1\` followed by the untouched `.`).
  return neutralizeMentions(escaped);
}

/** Text a member typed, ready to echo inside markdown: invisible characters removed, escaped. */
export function escapeUserText(text: string): string {
  return escapeMarkdown(stripInvisible(text));
}
